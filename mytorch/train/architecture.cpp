#include "mytorch/train/architecture.hpp"

#include <stdexcept>

#include <nlohmann/json.hpp>

namespace mytorch::train {

using nlohmann::json;

std::string architecture_of(const RunConfig& c, const std::vector<std::size_t>& sizes,
                            const std::string& test_fingerprint) {
  return json{{"model", "MLP"},          {"sizes", sizes},
              {"test_fingerprint", test_fingerprint},
              {"activation", c.activation}, {"batchnorm", c.batchnorm},
              {"dropout", c.dropout},     {"dataset", c.dataset},
              {"data_dir", c.data_dir},   {"seed", c.seed},
              {"val_split", c.val_split}, {"batch_size", c.batch_size},
              {"optimizer", c.optimizer}, {"lr", c.options.lr},
              {"momentum", c.options.momentum}, {"beta1", c.options.beta1},
              {"beta2", c.options.beta2}, {"eps", c.options.eps},
              {"weight_decay", c.options.weight_decay}, {"lr_schedule", c.lr_schedule}}
      .dump();
}

RunConfig resumed_config(const RunConfig& asked, const std::string& architecture, const std::string& source) {
  json a;
  try {
    a = json::parse(architecture);
  } catch (const json::exception& e) {
    throw std::runtime_error(source + ": architecture is not valid JSON: " + e.what());
  }
  RunConfig c = asked;
  try {
    c.dataset = a.at("dataset").get<std::string>();
    c.data_dir = asked.data_dir.empty() ? a.at("data_dir").get<std::string>() : asked.data_dir;
    const auto sizes = a.at("sizes").get<std::vector<std::size_t>>();
    if (sizes.size() < 2)
      throw std::runtime_error(source + ": does not fit: its layer sizes " + a.at("sizes").dump() + " are too few");
    c.hidden.assign(sizes.begin() + 1, sizes.end() - 1);
    c.activation = a.at("activation").get<std::string>();
    c.batchnorm = a.value("batchnorm", false);  // checkpoints from before batchnorm and dropout
    c.dropout = a.value("dropout", 0.0);
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
  } catch (const json::exception& e) {
    throw std::runtime_error(source + ": not a checkpoint of mytorch-train (" + e.what() + ")");
  }
  return c;
}

}  // namespace mytorch::train
