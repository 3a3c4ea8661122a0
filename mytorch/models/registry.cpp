#include "mytorch/models/registry.hpp"

#include "mytorch/models/cnn.hpp"

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

std::unique_ptr<nn::Sequential> build_cnn(const ModelSpec& spec) {
  if (spec.image.size() != spec.inputs)
    throw std::invalid_argument("the cnn model needs images: " + std::to_string(spec.inputs) +
                                " features per sample are not an image of " + nn::to_string(spec.image));
  return std::make_unique<CNN>(spec.image, spec.conv, spec.hidden, spec.classes, spec.block);
}

const std::vector<std::pair<std::string, Builder>>& kinds() {
  static const std::vector<std::pair<std::string, Builder>> table = {
      {"mlp", build_mlp},
      {"cnn", build_cnn},
  };
  return table;
}
}  // namespace

ModelSpec ModelSpec::mlp(const std::vector<std::size_t>& sizes, const MLPOptions& block) {
  if (sizes.size() < 2) throw std::invalid_argument("ModelSpec::mlp: sizes needs an input and an output width");
  ModelSpec spec;
  spec.inputs = sizes.front();
  spec.hidden.assign(sizes.begin() + 1, sizes.end() - 1);
  spec.classes = sizes.back();
  spec.block = block;
  return spec;
}

std::vector<std::string> model_names() {
  std::vector<std::string> names;
  for (const auto& kind : kinds()) names.push_back(kind.first);
  return names;
}

std::vector<std::size_t> layer_sizes(const ModelSpec& spec) {
  std::vector<std::size_t> sizes{spec.kind == "cnn" ? CNN::features_shape(spec.image, spec.conv).size() : spec.inputs};
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

ModelSize model_size(const ModelSpec& spec) {
  ModelSize m;
  const auto add = [&m](double parameters, double width) {
    m.parameters += parameters;
    m.widths.push_back(width);
  };
  if (spec.kind == "cnn") {
    nn::ImageShape shape = spec.image;
    for (const std::size_t channels : spec.conv) {
      add(channels * (shape.C * 9.0 + 1), static_cast<double>(channels) * shape.H * shape.W);  // Conv2d 3×3: W, b
      shape = {channels, shape.H / 2, shape.W / 2};
      add(0, static_cast<double>(shape.size()));                                                // MaxPool2d
    }
  }
  const std::vector<std::size_t> w = layer_sizes(spec);
  for (std::size_t l = 1; l < w.size(); ++l) {
    double parameters = static_cast<double>(w[l - 1]) * w[l] + w[l];                          // Linear: W, b
    if (spec.block.batchnorm && l + 1 < w.size()) parameters += 2.0 * w[l];                   // BatchNorm1d: BW, Bb
    add(parameters, static_cast<double>(w[l]));
  }
  return m;
}

std::string to_string(const ModelSpec& spec) {
  const auto list = [](const std::vector<std::size_t>& v) {
    std::string s;
    for (std::size_t x : v) s += (s.empty() ? "" : ", ") + std::to_string(x);
    return "[" + s + "]";
  };
  std::string s = spec.kind + " ";
  if (spec.kind == "cnn") s += nn::to_string(spec.image) + " conv " + list(spec.conv) + " ";
  s += list(layer_sizes(spec)) + " " + spec.block.activation;
  if (spec.block.batchnorm) s += " batchnorm";
  if (spec.block.dropout > 0) {
    char p[32];
    std::snprintf(p, sizeof p, " dropout %g", spec.block.dropout);
    s += p;
  }
  return s;
}

}  // namespace mytorch::models
