#include "mytorch/train/run_config.hpp"

#include "mytorch/detail/number.hpp"

namespace mytorch::train {

using detail::number;

std::vector<std::pair<std::string, std::string>> kept_on_resume(const RunConfig& c) {
  const auto list = [](const std::vector<std::size_t>& widths) {
    std::string text;
    for (const std::size_t width : widths) text += (text.empty() ? "" : ",") + std::to_string(width);
    return text;
  };
  const optim::OptimizerOptions& o = c.options;
  std::vector<std::pair<std::string, std::string>> kept = {{"model", c.model},
                                                           {"hidden", list(c.hidden)},
                                                           {"activation", c.activation},
                                                           {"batchnorm", c.batchnorm ? "on" : "off"},
                                                           {"dropout", number(c.dropout)},
                                                           {"dataset", c.dataset},
                                                           {"seed", std::to_string(c.seed)},
                                                           {"val_split", number(c.val_split)},
                                                           {"batch_size", std::to_string(c.batch_size)},
                                                           {"optimizer", c.optimizer},
                                                           {"momentum", number(o.momentum)},
                                                           {"beta1", number(o.beta1)},
                                                           {"beta2", number(o.beta2)},
                                                           {"eps", number(o.eps)},
                                                           {"weight_decay", number(o.weight_decay)},
                                                           {"lr_schedule", c.lr_schedule}};
  if (c.model == "cnn") kept.insert(kept.begin() + 1, {"conv", list(c.conv)});
  return kept;
}

std::vector<std::size_t> default_hidden(const std::string& model) {
  if (model == "cnn") return {128};
  return {128, 64};
}

}  // namespace mytorch::train
