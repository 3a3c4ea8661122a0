// mytorch-training-step: a complete training program in a page, the README's "A training step, in
// full". It learns the 3-class spiral with an MLP, full-batch SGD, prints the loss as it falls and
// the final training accuracy, and exits 1 if the loss did not fall. The README shows the part
// between the [training-step] markers (tests/readme_snippet.cmake keeps the two identical).
//
//   build/bin/mytorch-training-step
// [training-step]
#include <cstdio>

#include "mytorch/mytorch.hpp"

using namespace mytorch;

int main() {
  manual_seed(0);  // the same weights and data on every run
  const data::Dataset spiral = data::make_spiral(/*points_per_class=*/100, /*classes=*/3);
  const Tensor& X = spiral.X;                                           // (300, 2)
  const Tensor Y = data::one_hot(spiral.labels, spiral.num_classes);    // (300, 3) one-hot

  models::MLP model({2, 64, 64, 3}, "relu");  // Linear, ReLU, Linear, ReLU, Linear
  std::printf("%s", nn::summary(model, 2).c_str());  // one line per layer: output shape, parameters
  nn::CrossEntropyLoss loss;
  optim::SGD sgd(model.parameters(), /*lr=*/0.1, /*momentum=*/0.9);

  double first_L = 0, L = 0;
  for (int step = 1; step <= 400; ++step) {
    L = loss.forward(model.forward(X), Y);  // logits (300, 3), then the mean cross-entropy
    model.backward(loss.backward());        // writes every dLdW, dLdb
    sgd.step();                             // v ← μ·v + dLdW, W ← W − lr·v
    if (step == 1) first_L = L;
    if (step == 1 || step % 50 == 0) std::printf("step %3d  loss %.4f\n", step, L);
  }

  const auto predicted = data::argmax_rows(model.forward(X));  // the class with the largest logit
  std::printf("training accuracy %.4f\n", data::accuracy(predicted, spiral.labels));
  return L < first_L ? 0 : 1;  // the loss must have fallen
}
// [/training-step]
