#include "mytorch/nn/summary.hpp"

#include <algorithm>
#include <array>
#include <stdexcept>
#include <utility>
#include <vector>

#include "mytorch/nn/flatten.hpp"
#include "mytorch/nn/linear.hpp"
#include "mytorch/nn/sequential.hpp"
#include "mytorch/random.hpp"

namespace mytorch::nn {

namespace {
/// The layers a summary lists: a Sequential's, or the model itself.
std::vector<Module*> layers_of(Module& model) {
  auto* sequential = dynamic_cast<Sequential*>(&model);
  if (!sequential) return {&model};
  std::vector<Module*> layers;
  for (std::size_t i = 0; i < sequential->size(); ++i) layers.push_back(&(*sequential)[i]);
  return layers;
}

/// Puts the modes of the model and its layers and the library's RNG back as they were when it was
/// made, also when a forward throws.
class Restore {
 public:
  Restore(Module& model, const std::vector<Module*>& layers)
      : model_(model), layers_(layers), model_mode_(model.is_training()), rng_state_(rng().state()) {
    for (const Module* layer : layers) layer_modes_.push_back(layer->is_training());
  }
  ~Restore() {
    model_.train(model_mode_);  // a Sequential passes it on to every layer; then each its own
    for (std::size_t i = 0; i < layers_.size(); ++i) layers_[i]->train(layer_modes_[i]);
    rng().set_state(rng_state_);
  }
  Restore(const Restore&) = delete;
  Restore& operator=(const Restore&) = delete;

 private:
  Module& model_;
  const std::vector<Module*>& layers_;
  bool model_mode_;
  std::vector<bool> layer_modes_;
  Rng::State rng_state_;
};

using Row = std::array<std::string, 5>;  // #, layer, output, parameters, count

/// "W (128, 2), b (128, 1)" and their number of entries.
std::pair<std::string, std::size_t> parameters_of(Module& layer) {
  std::string shapes;
  std::size_t count = 0;
  for (const Parameter& p : layer.parameters()) {
    shapes += (shapes.empty() ? "" : ", ") + p.name + " " + shape_str(*p.value);
    count += p.value->size();
  }
  return {shapes, count};
}

/// The characters s takes on a terminal: its UTF-8 code points ("1→16", "3×3" have multi-byte ones).
std::size_t columns_of(const std::string& s) {
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](char ch) { return (static_cast<unsigned char>(ch) & 0xC0) != 0x80; }));
}

/// The rows as columns padded to their widest entry; the count column is right-aligned.
std::string table(const std::vector<Row>& rows) {
  constexpr std::size_t columns = std::tuple_size<Row>::value;
  std::array<std::size_t, columns> width{};
  for (const Row& row : rows)
    for (std::size_t c = 0; c < columns; ++c) width[c] = std::max(width[c], columns_of(row[c]));
  std::string text;
  for (const Row& row : rows) {
    std::string line;
    for (std::size_t c = 0; c + 1 < columns; ++c)
      line += row[c] + std::string(width[c] - columns_of(row[c]) + 2, ' ');  // two spaces between columns
    line += std::string(width.back() - columns_of(row.back()), ' ') + row.back();
    line.erase(line.find_last_not_of(' ') + 1);
    text += line + "\n";
  }
  return text;
}

/// The output column: "(N, 16×28×28)" for rows that hold images, "(N, 128)" for plain features.
std::string output(const std::string& geometry) { return "(N, " + geometry + ")"; }

/// The table for a model whose input rows have `in_features` entries laid out as `geometry`.
std::string summary_of(Module& model, std::size_t in_features, std::string geometry) {
  const std::vector<Module*> layers = layers_of(model);
  std::vector<Row> rows = {{"#", "layer", "output", "parameters", "count"},
                           {"", "input", output(geometry), "", ""}};
  std::size_t total = 0;
  {
    const Restore restore(model, layers);
    model.eval();
    Tensor A = xt::zeros<real>({std::size_t{1}, in_features});  // one zero sample
    for (std::size_t i = 0; i < layers.size(); ++i) {
      const std::size_t width_before = A.shape(1);
      try {
        A = layers[i]->forward(A);
      } catch (const std::invalid_argument& e) {
        throw std::invalid_argument("summary: layer " + std::to_string(i) + " " + layers[i]->describe() +
                                    ": " + e.what());
      }
      geometry = geometry_after(*layers[i], geometry, width_before, A.shape(1));
      const auto [shapes, count] = parameters_of(*layers[i]);
      rows.push_back({std::to_string(i), layers[i]->describe(), output(geometry), shapes, std::to_string(count)});
      total += count;
    }
  }
  rows.push_back({"", "total", "", "", std::to_string(total)});
  return table(rows);
}
}  // namespace

std::string geometry_after(const Module& layer, const std::string& before, std::size_t width_before,
                           std::size_t width) {
  if (const std::string own = layer.output_geometry(); !own.empty()) return own;
  const bool ends_images = dynamic_cast<const Flatten*>(&layer) || dynamic_cast<const Linear*>(&layer);
  if (width == width_before && !ends_images) return before;
  return std::to_string(width);
}

std::string summary(Module& model, std::size_t in_features) {
  return summary_of(model, in_features, std::to_string(in_features));
}

std::string summary(Module& model, ImageShape in) { return summary_of(model, in.size(), to_string(in)); }

}  // namespace mytorch::nn
