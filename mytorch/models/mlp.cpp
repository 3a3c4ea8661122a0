#include "mytorch/models/mlp.hpp"

#include <functional>
#include <stdexcept>
#include <utility>

#include "mytorch/detail/text.hpp"
#include "mytorch/nn/activation.hpp"
#include "mytorch/nn/batchnorm.hpp"
#include "mytorch/nn/dropout.hpp"
#include "mytorch/nn/extra_activation.hpp"
#include "mytorch/nn/linear.hpp"
#include "mytorch/nn/softmax.hpp"

namespace mytorch::models {

namespace {
/// Linear(sizes[0], sizes[1]), ReLU, Linear(sizes[1], sizes[2]), ReLU, … (the homework's pattern).
void add_linear_relu_stack(nn::Sequential& model, const std::vector<std::size_t>& sizes) {
  for (std::size_t k = 0; k + 1 < sizes.size(); ++k) {
    model.add<nn::Linear>(sizes[k], sizes[k + 1]);
    model.add<nn::ReLU>();
  }
}

using Maker = std::function<std::unique_ptr<nn::Module>()>;

const std::vector<std::pair<std::string, Maker>>& activations() {
  static const std::vector<std::pair<std::string, Maker>> table = {
      {"identity", [] { return std::make_unique<nn::Identity>(); }},
      {"sigmoid", [] { return std::make_unique<nn::Sigmoid>(); }},
      {"tanh", [] { return std::make_unique<nn::Tanh>(); }},
      {"relu", [] { return std::make_unique<nn::ReLU>(); }},
      {"gelu", [] { return std::make_unique<nn::GELU>(); }},
      {"softmax", [] { return std::make_unique<nn::Softmax>(); }},
      {"leaky_relu", [] { return std::make_unique<nn::LeakyReLU>(); }},
      {"elu", [] { return std::make_unique<nn::ELU>(); }},
      {"softplus", [] { return std::make_unique<nn::Softplus>(); }},
      {"swish", [] { return std::make_unique<nn::Swish>(); }},
  };
  return table;
}
}  // namespace

MLP0::MLP0() { add_linear_relu_stack(*this, {2, 3}); }
MLP1::MLP1() { add_linear_relu_stack(*this, {2, 3, 2}); }
MLP4::MLP4() { add_linear_relu_stack(*this, {2, 4, 8, 8, 4, 2}); }

MLP::MLP(const std::vector<std::size_t>& sizes, const std::string& activation)
    : MLP(sizes, MLPOptions{activation, false, 0}) {}

MLP::MLP(const std::vector<std::size_t>& sizes, const MLPOptions& options) { add_mlp_layers(*this, sizes, options); }

void check_mlp_options(const MLPOptions& options) {
  make_activation(options.activation);  // an unknown name throws
  nn::Dropout{options.dropout};         // so does a p outside [0, 1)
}

void add_mlp_layers(nn::Sequential& model, const std::vector<std::size_t>& sizes, const MLPOptions& options) {
  if (sizes.size() < 2)
    throw std::invalid_argument("MLP: sizes needs at least an input and an output width, got " +
                                std::to_string(sizes.size()) + " entries");
  check_mlp_options(options);
  for (std::size_t k = 0; k + 1 < sizes.size(); ++k) {
    model.add<nn::Linear>(sizes[k], sizes[k + 1]);
    if (k + 2 == sizes.size()) break;  // the output Linear gives the logits
    if (options.batchnorm) model.add<nn::BatchNorm1d>(sizes[k + 1]);
    model.append(make_activation(options.activation));
    if (options.dropout > 0) model.add<nn::Dropout>(options.dropout);
  }
}

std::unique_ptr<nn::Module> make_activation(const std::string& name) {
  const std::string key = detail::lowercase(name);
  for (const auto& [known, make] : activations())
    if (known == key) return make();
  std::string list;
  for (const auto& known : activation_names()) list += (list.empty() ? "" : ", ") + known;
  throw std::invalid_argument("unknown activation '" + name + "' (known: " + list + ")");
}

std::vector<std::string> activation_names() {
  std::vector<std::string> names;
  for (const auto& entry : activations()) names.push_back(entry.first);
  return names;
}

}  // namespace mytorch::models
