// mytorch-train: trains an MLP on a toy dataset and prints loss and accuracy per epoch.
#include <chrono>
#include <cstdio>
#include <numeric>

#include <CLI/CLI.hpp>
#include <xtensor/xview.hpp>

#include "mytorch/mytorch.hpp"

using namespace mytorch;

int main(int argc, char** argv) {
  CLI::App app{"mytorch-train: train an MLP on the 3-class 2-D spiral"};
  std::size_t epochs = 200, batch_size = 32, hidden = 64;
  double lr = 0.1, momentum = 0.9;
  std::uint64_t seed = 0;
  std::string activation = "relu";
  app.add_option("--epochs", epochs, "passes over the training data")->check(CLI::PositiveNumber);
  app.add_option("--batch-size", batch_size, "samples per step")->check(CLI::PositiveNumber);
  app.add_option("--hidden", hidden, "width of the two hidden layers")->check(CLI::PositiveNumber);
  app.add_option("--lr", lr, "learning rate")->check(CLI::PositiveNumber);
  app.add_option("--momentum", momentum, "SGD momentum")->check(CLI::Range(0.0, 0.999));
  app.add_option("--activation", activation, "hidden activation");
  app.add_option("--seed", seed, "seed of the library's RNG");
  CLI11_PARSE(app, argc, argv);

  manual_seed(seed);
  const data::Dataset train = data::make_spiral(300, 3);
  const Tensor Y = data::one_hot(train.labels, train.num_classes);
  models::MLP model({2, hidden, hidden, train.num_classes}, activation);
  nn::CrossEntropyLoss loss;
  optim::SGD sgd(model.parameters(), lr, momentum);

  std::vector<std::size_t> order(train.size());
  std::iota(order.begin(), order.end(), 0);
  for (std::size_t epoch = 1; epoch <= epochs; ++epoch) {
    const auto start = std::chrono::steady_clock::now();
    for (std::size_t i = order.size() - 1; i > 0; --i) std::swap(order[i], order[rng().below(i + 1)]);
    for (std::size_t first = 0; first < order.size(); first += batch_size) {
      const std::size_t n = std::min(batch_size, order.size() - first);
      Tensor Xb({n, train.features()}), Yb({n, train.num_classes});
      for (std::size_t r = 0; r < n; ++r) {
        xt::row(Xb, r) = xt::row(train.X, order[first + r]);
        xt::row(Yb, r) = xt::row(Y, order[first + r]);
      }
      loss.forward(model.forward(Xb), Yb);
      model.backward(loss.backward());
      sgd.step();
    }
    const Tensor logits = model.forward(train.X);
    const double L = loss.forward(logits, Y);
    const double acc = data::accuracy(data::argmax_rows(logits), train.labels);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (epoch % 10 == 0 || epoch == 1 || epoch == epochs)
      std::printf("epoch %4zu  loss %.4f  accuracy %.2f%%  %.3fs\n", epoch, L, 100 * acc, seconds);
  }
  return 0;
}
