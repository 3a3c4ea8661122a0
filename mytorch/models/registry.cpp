#include "mytorch/models/registry.hpp"

#include <cstdio>
#include <functional>
#include <stdexcept>
#include <utility>

namespace mytorch::models {

namespace {
using Builder = std::function<std::unique_ptr<nn::Sequential>(const ModelSpec&)>;

std::unique_ptr<nn::Sequential> build_mlp(const ModelSpec& spec) {
  return std::make_unique<MLP>(layer_sizes(spec), spec.block);
}

const std::vector<std::pair<std::string, Builder>>& kinds() {
  static const std::vector<std::pair<std::string, Builder>> table = {
      {"mlp", build_mlp},
  };
  return table;
}
}  // namespace

std::vector<std::string> model_names() {
  std::vector<std::string> names;
  for (const auto& kind : kinds()) names.push_back(kind.first);
  return names;
}

std::vector<std::size_t> layer_sizes(const ModelSpec& spec) {
  std::vector<std::size_t> sizes{spec.inputs};
  sizes.insert(sizes.end(), spec.hidden.begin(), spec.hidden.end());
  sizes.push_back(spec.classes);
  return sizes;
}

std::unique_ptr<nn::Sequential> build_model(const ModelSpec& spec) {
  for (const auto& [name, build] : kinds())
    if (name == spec.kind) return build(spec);
  std::string known;
  for (const std::string& name : model_names()) known += (known.empty() ? "" : ", ") + name;
  throw std::invalid_argument("unknown model '" + spec.kind + "' (known: " + known + ")");
}

std::string to_string(const ModelSpec& spec) {
  std::string sizes;
  for (std::size_t width : layer_sizes(spec)) sizes += (sizes.empty() ? "" : ", ") + std::to_string(width);
  std::string s = spec.kind + " [" + sizes + "] " + spec.block.activation;
  if (spec.block.batchnorm) s += " batchnorm";
  if (spec.block.dropout > 0) {
    char p[32];
    std::snprintf(p, sizeof p, " dropout %g", spec.block.dropout);
    s += p;
  }
  return s;
}

}  // namespace mytorch::models
