#include "mytorch/train/run_record.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "mytorch/detail/text.hpp"
#include "mytorch/linalg.hpp"
#include "mytorch/train/schedule.hpp"

namespace mytorch::train {

namespace {
using nlohmann::json;

constexpr std::size_t max_width = 1000000000;  // no layer or batch of a real run is wider

using detail::lowercase;

/// The whole number a[key], which must be written as one (not -1, not 2.5).
std::size_t whole(const json& a, const char* key) {
  const json& value = a.at(key);
  if (!value.is_number_unsigned()) throw std::invalid_argument(std::string(key) + " " + value.dump() + " is not a whole number");
  return value.get<std::size_t>();
}

/// Refuses a value no run can have written (a hand-edited or damaged record).
void require(bool ok, const char* key, double value, const char* rule) {
  if (ok) return;
  char text[64];
  std::snprintf(text, sizeof text, "%g", value);
  throw std::invalid_argument(std::string(key) + " " + text + " " + rule);
}

void require_name(const std::string& name, const char* key, const std::vector<std::string>& known) {
  if (std::find(known.begin(), known.end(), lowercase(name)) == known.end())
    throw std::invalid_argument(std::string(key) + " '" + name + "' is not one of " + json(known).dump());
}

/// Every setting within what a run can have.
void check_settings(const RunRecord& r) {
  const RunConfig& c = r.settings;
  const optim::OptimizerOptions& o = c.options;
  for (const std::size_t channels : r.model.conv)
    require(channels >= 1 && channels <= max_width, "conv channels", static_cast<double>(channels), "is not in [1, 1e9]");
  for (const std::size_t width : models::layer_sizes(r.model))
    require(width >= 1 && width <= max_width, "layer size", static_cast<double>(width), "is not in [1, 1e9]");
  require(c.batch_size >= 1 && c.batch_size <= max_width, "batch_size", static_cast<double>(c.batch_size),
          "is not in [1, 1e9]");
  require(std::isfinite(o.lr) && o.lr > 0, "lr", o.lr, "is not a finite number above 0");
  require(o.momentum >= 0 && o.momentum < 1, "momentum", o.momentum, "is not in [0, 1)");
  require(o.beta1 >= 0 && o.beta1 < 1, "beta1", o.beta1, "is not in [0, 1)");
  require(o.beta2 >= 0 && o.beta2 < 1, "beta2", o.beta2, "is not in [0, 1)");
  require(std::isfinite(o.eps) && o.eps > 0, "eps", o.eps, "is not a finite number above 0");
  require(o.weight_decay >= 0 && o.weight_decay <= 1, "weight_decay", o.weight_decay, "is not in [0, 1]");
  require(c.dropout >= 0 && c.dropout < 1, "dropout", c.dropout, "is not in [0, 1)");
  require(c.val_split >= 0 && c.val_split < 1, "val_split", c.val_split, "is not in [0, 1)");
  static const std::string threads_rule = "is not in [0, " + std::to_string(max_blas_threads) + "]";
  require(c.threads <= max_blas_threads, "threads", static_cast<double>(c.threads), threads_rule.c_str());
  require_name(r.model.kind, "model", models::model_names());
  require_name(c.activation, "activation", models::activation_names());
  require_name(c.optimizer, "optimizer", optim::optimizer_names());
  require_name(c.lr_schedule, "lr_schedule", schedule_names());
}

/// The fields of a record (a is its parsed JSON); json::exception for a missing or mistyped field.
RunRecord record_of(const json& a) {
  RunRecord r;
  RunConfig& c = r.settings;
  c.dataset = a.at("dataset").get<std::string>();
  c.data_dir = a.at("data_dir").get<std::string>();
  std::vector<std::size_t> sizes;
  for (const json& size : a.at("sizes")) {
    if (!size.is_number_unsigned()) throw std::invalid_argument("its layer size " + size.dump() + " is not a whole number");
    sizes.push_back(size.get<std::size_t>());
  }
  if (sizes.size() < 2) throw std::invalid_argument("its layer sizes " + a.at("sizes").dump() + " are too few");
  r.model.kind = lowercase(a.value("model", "mlp"));  // "MLP" in checkpoints before the registry
  r.model.inputs = sizes.front();
  if (r.model.kind == "cnn") {  // sizes are then the MLP head's; the input is the image
    r.model.conv = a.at("conv").get<std::vector<std::size_t>>();
    const auto image = a.at("image").get<std::vector<std::size_t>>();
    if (image.size() != 3) throw std::invalid_argument("its image " + a.at("image").dump() + " is not [C, H, W]");
    r.model.image = {image[0], image[1], image[2]};
    r.model.inputs = r.model.image.size();
    c.conv = r.model.conv;
  }
  r.model.hidden.assign(sizes.begin() + 1, sizes.end() - 1);
  r.model.classes = sizes.back();
  r.model.block.activation = a.at("activation").get<std::string>();
  r.model.block.batchnorm = a.value("batchnorm", false);  // checkpoints from before batchnorm and dropout
  r.model.block.dropout = a.value("dropout", 0.0);
  c.model = r.model.kind;
  c.hidden = r.model.hidden;
  c.activation = r.model.block.activation;
  c.batchnorm = r.model.block.batchnorm;
  c.dropout = r.model.block.dropout;
  c.seed = a.at("seed").get<std::uint64_t>();
  c.val_split = a.at("val_split").get<double>();
  c.batch_size = whole(a, "batch_size");
  c.optimizer = a.at("optimizer").get<std::string>();
  c.options.lr = a.at("lr").get<double>();
  c.options.momentum = a.at("momentum").get<double>();
  c.options.beta1 = a.at("beta1").get<double>();
  c.options.beta2 = a.at("beta2").get<double>();
  c.options.eps = a.at("eps").get<double>();
  c.options.weight_decay = a.at("weight_decay").get<double>();
  c.lr_schedule = a.value("lr_schedule", "constant");  // checkpoints from before schedules
  c.epochs = a.contains("epochs") ? whole(a, "epochs") : 0;  // checkpoints from before: not recorded
  c.threads = a.contains("threads") ? whole(a, "threads") : 0;  // likewise; 0 = unknown
  r.test_fingerprint = a.value("test_fingerprint", "");  // checkpoints from before fingerprints
  r.train_fingerprint = a.value("train_fingerprint", "");
  r.val_split_of_all = a.value("val_split_of", "all") != "training";  // see run_record.hpp
  check_settings(r);
  return r;
}
}  // namespace

std::string record_json(const RunConfig& c, const models::ModelSpec& model, const std::string& test_fingerprint,
                        const std::string& train_fingerprint) {
  json record{{"model", model.kind},
              {"sizes", models::layer_sizes(model)},
              {"test_fingerprint", test_fingerprint},
              {"train_fingerprint", train_fingerprint},
              {"val_split_of", "training"},
              {"epochs", c.epochs},
              {"threads", c.threads},
              {"activation", model.block.activation},
              {"batchnorm", model.block.batchnorm},
              {"dropout", model.block.dropout},
              {"dataset", c.dataset},
              {"data_dir", c.data_dir},
              {"seed", c.seed},
              {"val_split", c.val_split},
              {"batch_size", c.batch_size},
              {"optimizer", c.optimizer},
              {"lr", c.options.lr},
              {"momentum", c.options.momentum},
              {"beta1", c.options.beta1},
              {"beta2", c.options.beta2},
              {"eps", c.options.eps},
              {"weight_decay", c.options.weight_decay},
              {"lr_schedule", c.lr_schedule}};
  if (model.kind == "cnn") {
    record["conv"] = model.conv;
    record["image"] = {model.image.C, model.image.H, model.image.W};
  }
  return record.dump();
}

RunRecord read_record(const std::string& text, const std::string& path) {
  json a;
  try {
    a = json::parse(text);
  } catch (const json::exception& e) {
    throw std::runtime_error(path + ": architecture is not valid JSON: " + e.what());
  }
  try {
    return record_of(a);
  } catch (const json::exception& e) {
    throw std::runtime_error(path + ": not a checkpoint of mytorch-train (" + e.what() + ")");
  } catch (const std::invalid_argument& e) {
    throw std::runtime_error(path + ": damaged or edited: " + e.what());
  }
}

}  // namespace mytorch::train
