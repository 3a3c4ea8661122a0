#include "views.hpp"

#include <algorithm>
#include <cmath>

#include <nlohmann/json.hpp>

#include "mytorch/data/catalog.hpp"
#include "mytorch/nn/linear.hpp"
#include "mytorch/nn/softmax.hpp"

namespace mytorch::playground {

namespace {
using nlohmann::json;

/// The centres of a G×G grid over the box, row by row from the top: (G², 2).
Tensor grid_points(const Box& b, std::size_t G) {
  Tensor X({G * G, 2});
  for (std::size_t r = 0; r < G; ++r)
    for (std::size_t c = 0; c < G; ++c) {
      X(r * G + c, 0) = static_cast<real>(b.x0 + (double(c) + 0.5) / double(G) * (b.x1 - b.x0));
      X(r * G + c, 1) = static_cast<real>(b.y1 - (double(r) + 0.5) / double(G) * (b.y1 - b.y0));
    }
  return X;
}

/// 128 + 127·v/scale, rounded, as one byte (v in [−scale, scale]).
char signed_byte(double v, double scale) {
  return static_cast<char>(static_cast<unsigned char>(std::lround(128 + 127 * v / scale)));
}

/// Column j of T as bytes scaled by its largest magnitude; the scale goes to `scale`.
std::string column_bytes(const Tensor& T, std::size_t j, double& scale) {
  scale = 0;
  for (std::size_t i = 0; i < T.shape(0); ++i) scale = std::max(scale, std::abs(double(T(i, j))));
  std::string bytes(T.shape(0), '\x80');
  if (scale > 0)
    for (std::size_t i = 0; i < T.shape(0); ++i) bytes[i] = signed_byte(T(i, j), scale);
  return bytes;
}

json split_metrics(Run& run, const data::Dataset& d) {
  const train::Evaluation e = train::evaluate(run.model, run.loss, d);
  return {{"loss", number(e.loss)}, {"accuracy", number(e.accuracy)}};
}
}  // namespace

json number(double x) { return std::isfinite(x) ? json(x) : json(nullptr); }

std::string base64(const std::string& bytes) {
  static const char digits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    const std::size_t n = std::min<std::size_t>(3, bytes.size() - i);
    unsigned v = 0;
    for (std::size_t k = 0; k < 3; ++k) v = v << 8 | (k < n ? static_cast<unsigned char>(bytes[i + k]) : 0u);
    for (std::size_t k = 0; k < 4; ++k) out += k <= n ? digits[(v >> (18 - 6 * k)) & 63] : '=';
  }
  return out;
}

json data_view(const Run& run) {
  json toy = nullptr;  // a generated dataset's settings, for the page's controls
  if (data::is_toy(run.settings.dataset)) {
    const data::ToySettings t = data::parse_toy(run.settings.dataset);
    toy = {{"kind", t.kind}, {"points", t.points}, {"classes", t.classes}, {"noise", t.noise}, {"factor", t.factor}};
  }
  json x = json::array(), y = json::array(), label = json::array();
  for (const data::Dataset* d : {&run.raw.train, &run.raw.test})
    for (std::size_t i = 0; i < d->size(); ++i) {
      x.push_back(double(d->X(i, 0)));
      y.push_back(double(d->X(i, 1)));
      label.push_back(d->labels[i]);
    }
  return {{"dataset", run.settings.dataset},
          {"classes", run.raw.train.num_classes},
          {"train", run.raw.train.size()},
          {"test", run.raw.test.size()},
          {"x", x},
          {"y", y},
          {"label", label},
          {"box", {run.box.x0, run.box.x1, run.box.y0, run.box.y1}},
          {"toy", toy}};
}

json metrics_view(Run& run) {
  if (!run.diverged.empty()) return {{"train", nullptr}, {"test", nullptr}};
  return {{"train", split_metrics(run, run.data.train)}, {"test", split_metrics(run, run.data.test)}};
}

json history_view(const Run& run, std::size_t from) {
  json rows = json::array();
  for (std::size_t i = from; i < run.history.size(); ++i) {
    const EpochRecord& e = run.history[i];
    rows.push_back({e.epoch, number(e.train_loss), number(e.train_accuracy), number(e.test_loss),
                    number(e.test_accuracy)});
  }
  return {{"from", from}, {"rows", rows}};
}

json boundary_view(Run& run, std::size_t G) {
  if (!run.diverged.empty()) return nullptr;
  nn::Softmax softmax;
  const Tensor A = softmax.forward(run.layer_outputs(grid_points(run.box, G)).back());  // (G², C)
  std::string predicted(G * G, 0), confidence(G * G, 0);
  for (std::size_t i = 0; i < G * G; ++i) {
    std::size_t k = 0;
    for (std::size_t c = 1; c < A.shape(1); ++c)
      if (A(i, c) > A(i, k)) k = c;
    predicted[i] = static_cast<char>(k);
    confidence[i] = static_cast<char>(static_cast<unsigned char>(std::lround(255 * double(A(i, k)))));
  }
  return {{"grid", G}, {"class", base64(predicted)}, {"confidence", base64(confidence)}};
}

json neurons_view(Run& run, std::size_t G) {
  json layers = json::array();
  if (!run.diverged.empty()) return layers;
  const std::vector<Tensor> outputs = run.layer_outputs(grid_points(run.box, G));
  for (std::size_t i = 0; i + 1 < run.model.size(); ++i) {
    if (run.model[i + 1].name() != "Linear") continue;  // a hidden block ends where the next Linear starts
    const Tensor& A = outputs[i];  // (G², width)
    std::string maps;
    json scales = json::array();
    for (std::size_t j = 0; j < A.shape(1); ++j) {
      double scale = 0;
      maps += column_bytes(A, j, scale);
      scales.push_back(number(scale));
    }
    layers.push_back({{"width", A.shape(1)}, {"grid", G}, {"scale", scales}, {"maps", base64(maps)}});
  }
  return layers;
}

json weights_view(Run& run) {
  json layers = json::array();
  for (std::size_t i = 0; i < run.model.size(); ++i) {
    const auto* linear = dynamic_cast<const nn::Linear*>(&run.model[i]);
    if (!linear) continue;
    const Tensor& W = linear->W;  // (out, in)
    double largest = 0, sum = 0;
    for (const real w : W) {
      largest = std::max(largest, std::abs(double(w)));
      sum += std::abs(double(w));
    }
    std::string bytes(W.size(), '\x80');
    if (largest > 0 && std::isfinite(largest))
      for (std::size_t k = 0; k < W.size(); ++k) bytes[k] = signed_byte(W.data()[k], largest);
    layers.push_back({{"rows", W.shape(0)},
                      {"cols", W.shape(1)},
                      {"max_abs", number(largest)},
                      {"mean_abs", number(sum / double(W.size()))},
                      {"W", base64(bytes)}});
  }
  return layers;
}

}  // namespace mytorch::playground
