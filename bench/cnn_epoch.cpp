// mytorch-cnn-epoch: trains the convolution homework's CNN on Fashion-MNIST, the network of
// bench/torch_cnn.py, and prints one JSON line like it: seconds per epoch (wall clock and CPU time),
// the median step, the test accuracy.
//   Conv2d(1→16, 3×3, padding 1) → ReLU → MaxPool2d(2, 2) → Conv2d(16→32, 3×3, padding 1) → ReLU →
//   MaxPool2d(2, 2) → Flatten → Linear(1568→128) → ReLU → Linear(128→10); cross-entropy, SGD lr 0.01
//   momentum 0.9, batch 64, inputs standardised with the training statistics.
//
//   OPENBLAS_NUM_THREADS=1 build/bin/mytorch-cnn-epoch [epochs] [steps]   (steps > 0: stop early)
// A stand-in until the training demo builds CNNs (mytorch-train); bench/torch_cnn.py is the other side.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <vector>

#include "mytorch/data/batcher.hpp"
#include "mytorch/data/catalog.hpp"
#include "mytorch/data/standardizer.hpp"
#include "mytorch/mytorch.hpp"

using namespace mytorch;

namespace {
double wall_seconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}
double cpu_seconds() { return static_cast<double>(std::clock()) / CLOCKS_PER_SEC; }

nn::Sequential cnn() {
  nn::Sequential model;
  auto& conv1 = model.add<nn::Conv2d>(nn::ImageShape{1, 28, 28}, 16, 3, 1, 1);
  model.add<nn::ReLU>();
  auto& pool1 = model.add<nn::MaxPool2d>(conv1.out_shape(), 2, 2);
  auto& conv2 = model.add<nn::Conv2d>(pool1.out_shape(), 32, 3, 1, 1);
  model.add<nn::ReLU>();
  auto& pool2 = model.add<nn::MaxPool2d>(conv2.out_shape(), 2, 2);
  model.add<nn::Flatten>();
  model.add<nn::Linear>(pool2.out_shape().size(), 128);
  model.add<nn::ReLU>();
  model.add<nn::Linear>(128, 10);
  return model;
}

/// The fraction of rows of X whose largest logit is the label.
double accuracy(nn::Sequential& model, const data::Dataset& test) {
  model.eval();
  data::Batcher batches(test, 1000, false);
  std::size_t right = 0;
  for (batches.start_epoch(); batches.next();) {
    const Tensor Z = model.forward(batches.X());
    for (std::size_t i = 0; i < Z.shape(0); ++i) {
      const real* row = Z.data() + i * Z.shape(1);
      right += static_cast<std::size_t>(std::max_element(row, row + Z.shape(1)) - row) == batches.labels()[i];
    }
  }
  model.train();
  return static_cast<double>(right) / static_cast<double>(test.size());
}
}  // namespace

int main(int argc, char** argv) {
  const int epochs = argc > 1 ? std::atoi(argv[1]) : 1;
  const int max_steps = argc > 2 ? std::atoi(argv[2]) : 0;
  manual_seed(0);
  data::Splits splits = data::load_splits("fashion-mnist", "", 0.0);
  data::Standardizer standardizer;
  standardizer.fit(splits.train.X);
  standardizer.transform(splits.train.X);
  standardizer.transform(splits.test.X);

  nn::Sequential model = cnn();
  nn::CrossEntropyLoss loss;
  optim::SGD sgd(model.parameters(), 0.01, 0.9);
  data::Batcher batches(splits.train, 64);
  std::vector<double> epoch_wall, epoch_cpu, steps;
  for (int e = 0; e < epochs; ++e) {
    const double wall = wall_seconds(), cpu = cpu_seconds();
    int step = 0;
    for (batches.start_epoch(); batches.next() && (max_steps == 0 || step < max_steps); ++step) {
      const double start = wall_seconds();
      loss.forward(model.forward(batches.X()), batches.Y());
      model.backward_parameters(loss.backward());  // as the trainer: no dL/dX for the data
      sgd.step();
      steps.push_back(wall_seconds() - start);
    }
    epoch_wall.push_back(wall_seconds() - wall);
    epoch_cpu.push_back(cpu_seconds() - cpu);
  }
  std::nth_element(steps.begin(), steps.begin() + steps.size() / 2, steps.end());
  std::printf("{\"epoch_seconds\": [");
  for (std::size_t e = 0; e < epoch_wall.size(); ++e) std::printf("%s%.3f", e ? ", " : "", epoch_wall[e]);
  std::printf("], \"epoch_cpu_seconds\": [");
  for (std::size_t e = 0; e < epoch_cpu.size(); ++e) std::printf("%s%.3f", e ? ", " : "", epoch_cpu[e]);
  std::printf("], \"step_seconds\": %.5f, \"steps\": %zu", steps[steps.size() / 2], steps.size());
  if (max_steps == 0) std::printf(", \"test_accuracy\": %.4f", accuracy(model, splits.test));
  std::printf(", \"dtype\": \"%s\"}\n", sizeof(real) == 4 ? "float32" : "float64");
  return 0;
}
