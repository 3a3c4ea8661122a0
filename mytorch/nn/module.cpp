#include "mytorch/nn/module.hpp"

#include "mytorch/detail/heap.hpp"

namespace mytorch::nn {

Module::Module() { detail::keep_freed_memory(); }

std::vector<Parameter> Module::parameters() { return {}; }

void Module::backward_parameters(const Tensor& grad) { backward(grad); }

std::vector<Buffer> Module::buffers() { return {}; }

void Module::train(bool mode) { training_ = mode; }

}  // namespace mytorch::nn
