#include "mytorch/train/run_record.hpp"

#include <algorithm>
#include <cctype>
#include <stdexcept>

#include <nlohmann/json.hpp>

namespace mytorch::train {

namespace {
using nlohmann::json;

std::string lowercase(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
  return s;
}

/// The fields of a record (a is its parsed JSON); json::exception for a missing or mistyped field.
RunRecord record_of(const json& a) {
  RunRecord r;
  RunConfig& c = r.settings;
  c.dataset = a.at("dataset").get<std::string>();
  c.data_dir = a.at("data_dir").get<std::string>();
  const auto sizes = a.at("sizes").get<std::vector<std::size_t>>();
  if (sizes.size() < 2) throw std::invalid_argument("its layer sizes " + a.at("sizes").dump() + " are too few");
  r.model.kind = lowercase(a.value("model", "mlp"));  // "MLP" in checkpoints before the registry
  r.model.inputs = sizes.front();
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
  c.batch_size = a.at("batch_size").get<std::size_t>();
  c.optimizer = a.at("optimizer").get<std::string>();
  c.options.lr = a.at("lr").get<double>();
  c.options.momentum = a.at("momentum").get<double>();
  c.options.beta1 = a.at("beta1").get<double>();
  c.options.beta2 = a.at("beta2").get<double>();
  c.options.eps = a.at("eps").get<double>();
  c.options.weight_decay = a.at("weight_decay").get<double>();
  c.lr_schedule = a.value("lr_schedule", "constant");  // checkpoints from before schedules
  r.test_fingerprint = a.value("test_fingerprint", "");  // checkpoints from before fingerprints
  return r;
}
}  // namespace

std::string record_json(const RunConfig& c, const models::ModelSpec& model, const std::string& test_fingerprint) {
  return json{{"model", model.kind},
              {"sizes", models::layer_sizes(model)},
              {"test_fingerprint", test_fingerprint},
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
              {"lr_schedule", c.lr_schedule}}
      .dump();
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
    throw std::runtime_error(path + ": does not fit: " + e.what());
  }
}

}  // namespace mytorch::train
