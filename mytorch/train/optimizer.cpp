#include "mytorch/train/optimizer.hpp"

#include <stdexcept>

#include "mytorch/optim/sgd.hpp"

namespace mytorch::train {

namespace {
class SGDOptimizer : public Optimizer {
 public:
  SGDOptimizer(std::vector<nn::Parameter> params, double lr, double momentum)
      : sgd_(std::move(params), lr, momentum) {}
  void step() override { sgd_.step(); }
  std::vector<std::pair<std::string, Tensor*>> state() override {
    std::vector<std::pair<std::string, Tensor*>> named;
    for (std::size_t k = 0; k < sgd_.parameters().size(); ++k)
      named.emplace_back("velocity." + sgd_.parameters()[k].name, &sgd_.velocities()[k]);
    return named;
  }

 private:
  optim::SGD sgd_;
};
}  // namespace

std::unique_ptr<Optimizer> make_optimizer(const OptimizerConfig& config,
                                          std::vector<nn::Parameter> params) {
  if (config.name == "sgd")
    return std::make_unique<SGDOptimizer>(std::move(params), config.lr, config.momentum);
  std::string list;
  for (const auto& known : optimizer_names()) list += (list.empty() ? "" : ", ") + known;
  throw std::invalid_argument("unknown optimizer '" + config.name + "' (known: " + list + ")");
}

std::vector<std::string> optimizer_names() { return {"sgd"}; }

}  // namespace mytorch::train
