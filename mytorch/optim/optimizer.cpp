#include "mytorch/optim/optimizer.hpp"

#include <cmath>
#include <stdexcept>

#include "mytorch/detail/text.hpp"
#include "mytorch/optim/adam.hpp"
#include "mytorch/optim/sgd.hpp"

namespace mytorch::optim {

void check_hyperparameter(const char* where, const char* name, double value, bool ok) {
  if (!std::isfinite(value) || !ok)
    throw std::invalid_argument(std::string(where) + ": " + name + " = " + std::to_string(value) +
                                " is out of range");
}

void check_parameter_shapes(const char* where, const std::vector<nn::Parameter>& params,
                            const std::vector<Tensor>& state) {
  for (std::size_t k = 0; k < params.size(); ++k) {
    const nn::Parameter& p = params[k];
    const std::string value = "parameter '" + p.name + "'";
    const std::string grad = "gradient of '" + p.name + "'";
    check_same_shape(where, value.c_str(), *p.value, "its optimizer state", state[k]);
    check_same_shape(where, grad.c_str(), *p.grad, value.c_str(), *p.value);
  }
}

Optimizer::Optimizer(const char* where, std::vector<nn::Parameter> params, double lr_)
    : lr(lr_), params_(std::move(params)) {
  check_hyperparameter(where, "lr", lr, lr > 0);
  for (const nn::Parameter& p : params_)
    if (p.value == nullptr || p.grad == nullptr)
      throw std::invalid_argument(std::string(where) + ": parameter '" + p.name +
                                  "' has a null tensor");
}

std::vector<Tensor> Optimizer::zeros_like_parameters() const {
  std::vector<Tensor> zeros;
  for (const nn::Parameter& p : params_) zeros.push_back(xt::zeros_like(*p.value));
  return zeros;
}

std::vector<StateTensor> Optimizer::named(const std::string& prefix,
                                          std::vector<Tensor>& tensors) const {
  std::vector<StateTensor> out;
  for (std::size_t k = 0; k < params_.size(); ++k)
    out.push_back({prefix + "." + params_[k].name, &tensors[k]});
  return out;
}

std::vector<std::string> optimizer_names() { return {"sgd", "adam", "adamw"}; }

std::unique_ptr<Optimizer> make_optimizer(const std::string& name, std::vector<nn::Parameter> params,
                                          const OptimizerOptions& o) {
  const std::string key = detail::lowercase(name);
  if (key == "sgd") return std::make_unique<SGD>(std::move(params), o.lr, o.momentum);
  if (key == "adam")
    return std::make_unique<Adam>(std::move(params), o.lr, o.beta1, o.beta2, o.eps);
  if (key == "adamw")
    return std::make_unique<AdamW>(std::move(params), o.lr, o.beta1, o.beta2, o.eps,
                                   o.weight_decay);
  throw std::invalid_argument("unknown optimizer '" + name + "' (known: sgd, adam, adamw)");
}

}  // namespace mytorch::optim
