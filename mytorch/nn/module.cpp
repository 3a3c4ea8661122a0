#include "mytorch/nn/module.hpp"

namespace mytorch::nn {

std::vector<Parameter> Module::parameters() { return {}; }

void Module::backward_parameters(const Tensor& grad) { backward(grad); }

std::vector<Buffer> Module::buffers() { return {}; }

void Module::train(bool mode) { training_ = mode; }

}  // namespace mytorch::nn
