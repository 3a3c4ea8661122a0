#include "mytorch/nn/module.hpp"

namespace mytorch::nn {

std::vector<Parameter> Module::parameters() { return {}; }

void Module::train(bool mode) { training_ = mode; }

}  // namespace mytorch::nn
