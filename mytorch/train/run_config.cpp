#include "mytorch/train/run_config.hpp"

#include <cstdio>

namespace mytorch::train {

namespace {
std::string number(double x) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", x);
  return text;
}
}  // namespace

std::vector<std::pair<std::string, std::string>> kept_on_resume(const RunConfig& c) {
  std::string hidden;
  for (const std::size_t width : c.hidden) hidden += (hidden.empty() ? "" : ",") + std::to_string(width);
  const optim::OptimizerOptions& o = c.options;
  return {{"model", c.model},
          {"hidden", hidden},
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
}

}  // namespace mytorch::train
