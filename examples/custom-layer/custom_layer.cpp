// custom_layer: a layer written outside mytorch (scale.hpp), checked with mytorch's gradcheck, then
// trained inside a Sequential on the two-moons toy data. Exits 1 if either step fails.
#include <cstdio>

#include "mytorch/mytorch.hpp"
#include "mytorch/testing/gradcheck.hpp"
#include "scale.hpp"

using namespace mytorch;

namespace {
bool gradient_is_right() {
  Scale layer(4);
  layer.s = {{0.5, -1.0, 2.0, 1.5}};
  Tensor X({3, 4});
  for (std::size_t k = 0; k < X.size(); ++k) X.data()[k] = static_cast<real>(0.1 * k - 0.5);
  const testing::GradcheckResult r = testing::gradcheck(layer, X);
  std::printf("%s", r.report.c_str());
  return r.ok;
}

double train_accuracy() {
  manual_seed(0);
  const data::Dataset moons = data::make_moons(200, 0.1);
  const Tensor Y = data::one_hot(moons.labels, moons.num_classes);
  nn::Sequential model;
  model.add<nn::Linear>(2, 32);
  model.add<Scale>(32);
  model.add<nn::Tanh>();
  model.add<nn::Linear>(32, moons.num_classes);
  std::printf("%s", nn::summary(model, 2).c_str());
  nn::CrossEntropyLoss loss;
  optim::Adam adam(model.parameters(), 0.02);
  for (int epoch = 1; epoch <= 300; ++epoch) {  // full batch: the data set is small
    const double L = loss.forward(model.forward(moons.X), Y);
    model.backward(loss.backward());
    adam.step();
    if (epoch % 100 == 0) std::printf("epoch %d  loss %.4f\n", epoch, L);
  }
  return data::accuracy(data::argmax_rows(model.forward(moons.X)), moons.labels);
}
}  // namespace

int main() {
  if (!gradient_is_right()) {
    std::printf("FAIL: Scale's backward disagrees with the finite differences\n");
    return 1;
  }
  const double accuracy = train_accuracy();
  std::printf("two moons, Linear-Scale-Tanh-Linear with Adam: training accuracy %.1f%%\n",
              100 * accuracy);
  if (accuracy < 0.95) {
    std::printf("FAIL: expected at least 95%%\n");
    return 1;
  }
  return 0;
}
