#include "mytorch/nn/module.hpp"

#include <cstdlib>
#include <memory>
#include <typeinfo>

#include <cxxabi.h>

#include "mytorch/detail/heap.hpp"

namespace mytorch::nn {

Module::Module() { detail::keep_freed_memory(); }

std::vector<Parameter> Module::parameters() { return {}; }

void Module::backward_parameters(const Tensor& grad) { backward(grad); }

std::vector<Buffer> Module::buffers() { return {}; }

void Module::train(bool mode) { training_ = mode; }

namespace {
/// "mytorch::nn::Scale" for the mangled name typeid gives ("N7mytorch2nn5ScaleE"); the mangled name
/// itself where the ABI cannot demangle it.
std::string demangled(const char* mangled) {
  int status = 0;
  const std::unique_ptr<char, void (*)(void*)> name(abi::__cxa_demangle(mangled, nullptr, nullptr, &status),
                                                    std::free);
  return status == 0 && name ? std::string(name.get()) : std::string(mangled);
}
}  // namespace

std::string Module::name() const {
  const std::string full = demangled(typeid(*this).name());
  // The namespaces (and, for a class local to a function, the function) end at the last "::" outside
  // brackets: Outer<ns::X> keeps its argument whole, "(anonymous namespace)::Scale" is "Scale".
  std::size_t start = 0;
  int depth = 0;
  for (std::size_t k = 0; k < full.size(); ++k) {
    const char c = full[k];
    if (c == '<' || c == '(') ++depth;
    if (c == '>' || c == ')') --depth;
    if (depth == 0 && full.compare(k, 2, "::") == 0) start = k + 2;
  }
  return full.substr(start);
}

std::string Module::describe() const { return name(); }

std::string Module::output_geometry() const { return ""; }

}  // namespace mytorch::nn
