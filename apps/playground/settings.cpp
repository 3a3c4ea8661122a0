#include "settings.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <sstream>

#include "mytorch/data/catalog.hpp"
#include "mytorch/linalg.hpp"
#include "mytorch/models/mlp.hpp"
#include "mytorch/optim/optimizer.hpp"

namespace mytorch::playground {

namespace {
/// x with the fewest digits that read back as exactly x (0.01, not 0.01000000000000000021).
std::string shortest(double x) {
  char text[32];  // std::to_chars without a format: the shortest text that reads back as x
  return std::string(text, std::to_chars(text, text + sizeof text, x).ptr);
}

std::string widths(const std::vector<std::size_t>& hidden) {
  std::string s;
  for (std::size_t w : hidden) s += (s.empty() ? "" : ",") + std::to_string(w);
  return s;
}

BadRequest bad(const std::string& name, const std::string& value, const std::string& why) {
  return BadRequest(name + ": '" + value + "' " + why);
}

/// x, unless it lies outside [lo, hi] (or (lo, hi] when lo_open).
double in_range(const std::string& name, double x, double lo, double hi, bool lo_open = false) {
  if (!(x >= lo && x <= hi) || (lo_open && x == lo))
    throw bad(name, shortest(x), "is not in " + std::string(lo_open ? "(" : "[") + shortest(lo) + ", " + shortest(hi) + "]");
  return x;
}

double number_in(const std::string& name, const std::string& text, double lo, double hi, bool lo_open = false) {
  char* end = nullptr;
  const double x = text.empty() ? NAN : std::strtod(text.c_str(), &end);
  if (!std::isfinite(x) || end != text.c_str() + text.size()) throw bad(name, text, "is not a finite number");
  return in_range(name, x, lo, hi, lo_open);
}

/// n, unless it lies outside [lo, hi].
std::uint64_t whole_in_range(const std::string& name, std::uint64_t n, std::uint64_t lo, std::uint64_t hi) {
  if (n < lo || n > hi)
    throw bad(name, std::to_string(n), "is not a whole number from " + std::to_string(lo) + " to " + std::to_string(hi));
  return n;
}


std::vector<std::size_t> parse_hidden(const std::string& text, const Limits& limits) {
  std::vector<std::size_t> hidden;
  if (text.empty()) return hidden;
  std::stringstream in(text);
  for (std::string item; std::getline(in, item, ',');)
    hidden.push_back(whole_in("hidden", item, 1, limits.max_width));
  if (text.back() == ',') throw bad("hidden", text, "ends with a comma");
  return hidden;  // check() counts the layers
}

/// The dataset's name, shortest; throws BadRequest unless the playground can show it.
std::string checked_dataset(const std::string& name, const Limits& limits) {
  if (data::is_csv(name)) return csv_dataset(name.substr(4));
  if (!data::is_toy(name))
    throw bad("dataset", name, "is not one the playground draws (spiral, moons, circles, xor, blobs, with "
                               "settings such as spiral:classes=5,noise=0.3, or an uploaded csv:NAME)");
  data::ToySettings toy;
  try {
    toy = data::parse_toy(name);
  } catch (const std::invalid_argument& e) {
    throw BadRequest(std::string("dataset: ") + e.what());
  }
  if (toy.classes > limits.max_classes)
    throw bad("dataset", name, "has " + std::to_string(toy.classes) + " classes, at most " +
                                   std::to_string(limits.max_classes) + " are allowed");
  if (toy.points * toy.classes > limits.max_points)
    throw bad("dataset", name, "has " + std::to_string(toy.points * toy.classes) + " points, at most " +
                                   std::to_string(limits.max_points) + " are allowed");
  return data::toy_name(toy);
}

void check_member(const std::string& name, const std::string& value, const std::vector<std::string>& known) {
  if (std::count(known.begin(), known.end(), value) == 0) throw bad(name, value, "is not one of " + joined(known));
}

/// Throws BadRequest unless s is within limits (what a parsed URL or a loaded model must satisfy).
void check(Settings& s, const Limits& limits) {
  s.dataset = checked_dataset(s.dataset, limits);
  if (s.hidden.size() > limits.max_layers)
    throw bad("hidden", widths(s.hidden), "has " + std::to_string(s.hidden.size()) + " layers, at most " +
                                              std::to_string(limits.max_layers) + " are allowed");
  for (std::size_t w : s.hidden) whole_in_range("hidden", w, 1, limits.max_width);
  check_member("activation", s.activation, models::activation_names());
  check_member("optimizer", s.optimizer, optim::optimizer_names());
  in_range("dropout", s.dropout, 0, 0.9);
  in_range("lr", s.lr, 0, 10, true);
  in_range("momentum", s.momentum, 0, 0.999);
  in_range("weight-decay", s.weight_decay, 0, 1);
  whole_in_range("batch-size", s.batch_size, 1, limits.max_batch_size);
  whole_in_range("steps-per-second", s.steps_per_second, 1, limits.max_steps_per_second);
}
}  // namespace

std::string joined(const std::vector<std::string>& names) {
  std::string s;
  for (const auto& n : names) s += (s.empty() ? "" : ", ") + n;
  return s;
}

std::uint64_t whole_in(const std::string& name, const std::string& text, std::uint64_t lo, std::uint64_t hi,
                       std::size_t max_digits, bool quote_text) {
  const bool digits =
      !text.empty() && text.size() <= max_digits && text.find_first_not_of("0123456789") == std::string::npos;
  try {
    if (digits) {
      const std::uint64_t n = std::stoull(text);
      if (!quote_text) return whole_in_range(name, n, lo, hi);
      if (n >= lo && n <= hi) return n;
    }
  } catch (const std::out_of_range&) {  // above 2^64 − 1
  }
  throw bad(name, text, "is not a whole number from " + std::to_string(lo) + " to " + std::to_string(hi));
}

std::string csv_dataset(const std::string& file_name) {
  const bool plain = !file_name.empty() && file_name.size() <= 100 && file_name[0] != '.' &&
                     file_name.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") ==
                         std::string::npos;
  if (!plain)
    throw bad("dataset", "csv:" + file_name,
              "is not csv:NAME with a plain file name (letters, digits, '.', '_', '-'; at most 100)");
  return "csv:" + file_name;
}

std::vector<std::string> setting_names() {
  return {"dataset", "hidden", "activation", "batchnorm", "dropout", "optimizer", "lr", "momentum",
          "weight-decay", "batch-size", "seed", "steps-per-second"};
}

Settings parse_settings(const Params& params, const Limits& limits, const std::vector<std::string>& also_allowed) {
  Settings s;
  const std::vector<std::string> names = setting_names();
  for (const auto& [name, value] : params) {
    if (std::count(also_allowed.begin(), also_allowed.end(), name) > 0) continue;
    if (std::count(names.begin(), names.end(), name) == 0)
      throw BadRequest("unknown setting '" + name + "' (known: " + joined(names) + ")");
    if (params.count(name) > 1) throw BadRequest(name + ": given " + std::to_string(params.count(name)) + " times");
    if (name == "dataset") s.dataset = value;
    else if (name == "hidden") s.hidden = parse_hidden(value, limits);
    else if (name == "activation") s.activation = value;
    else if (name == "batchnorm") {
      if (value != "true" && value != "false") throw bad(name, value, "is not true or false");
      s.batchnorm = value == "true";
    } else if (name == "dropout") s.dropout = number_in(name, value, 0, 0.9);
    else if (name == "optimizer") s.optimizer = value;
    else if (name == "lr") s.lr = number_in(name, value, 0, 10, true);
    else if (name == "momentum") s.momentum = number_in(name, value, 0, 0.999);
    else if (name == "weight-decay") s.weight_decay = number_in(name, value, 0, 1);
    else if (name == "batch-size") s.batch_size = whole_in(name, value, 1, limits.max_batch_size);
    else if (name == "seed") s.seed = whole_in(name, value, 0, UINT64_MAX);
    else s.steps_per_second = whole_in(name, value, 1, limits.max_steps_per_second);
  }
  check(s, limits);
  return s;
}

std::string to_query(const Settings& s) {
  const std::pair<std::string, std::string> fields[] = {
      {"dataset", s.dataset},
      {"hidden", widths(s.hidden)},
      {"activation", s.activation},
      {"batchnorm", s.batchnorm ? "true" : "false"},
      {"dropout", shortest(s.dropout)},
      {"optimizer", s.optimizer},
      {"lr", shortest(s.lr)},
      {"momentum", shortest(s.momentum)},
      {"weight-decay", shortest(s.weight_decay)},
      {"batch-size", std::to_string(s.batch_size)},
      {"seed", std::to_string(s.seed)},
      {"steps-per-second", std::to_string(s.steps_per_second)}};
  std::string query;
  for (const auto& [name, value] : fields) {
    query += (query.empty() ? "" : "&") + name + "=";
    for (const unsigned char c : value) {  // readable: ':', ',' and '=' stay as they are
      if (std::isalnum(c) || std::string("-._~:,=").find(static_cast<char>(c)) != std::string::npos) {
        query += static_cast<char>(c);
      } else {
        char hex[4];
        std::snprintf(hex, sizeof hex, "%%%02X", c);
        query += hex;
      }
    }
  }
  return query;
}

std::string train_command(const Settings& s) {
  const bool csv = data::is_csv(s.dataset);
  std::string command = "mytorch-train --dataset " + (csv ? "csv:PATH/" + s.dataset.substr(4) : s.dataset) +
                        " --hidden " + (s.hidden.empty() ? "''" : widths(s.hidden)) + " --activation " +
                        s.activation + (s.batchnorm ? " --batchnorm" : "");
  if (s.dropout > 0) command += " --dropout " + shortest(s.dropout);
  command += " --optimizer " + s.optimizer + " --lr " + shortest(s.lr);
  if (s.optimizer == "sgd") command += " --momentum " + shortest(s.momentum);
  if (s.optimizer == "adamw") command += " --weight-decay " + shortest(s.weight_decay);
  return command + " --batch-size " + std::to_string(s.batch_size) + " --seed " + std::to_string(s.seed) +
         " --val-split 0";
}

train::RunConfig run_config(const Settings& s) {
  train::RunConfig c;
  c.dataset = s.dataset;
  c.hidden = s.hidden;
  c.activation = s.activation;
  c.batchnorm = s.batchnorm;
  c.dropout = s.dropout;
  c.batch_size = s.batch_size;
  c.optimizer = s.optimizer;
  c.options.lr = s.lr;
  c.options.momentum = s.momentum;
  c.options.weight_decay = s.weight_decay;
  c.seed = s.seed;
  c.lr_schedule = "constant";  // the page's rate, every epoch
  c.threads = blas_threads();  // set once for every session (main.cpp)
  c.val_split = 0;  // train and test only, as the page shows them
  return c;
}

Settings settings_of(const train::RunConfig& c, const Limits& limits) {
  if (c.val_split != 0)
    throw BadRequest("the model was trained with a validation split (--val-split " + shortest(c.val_split) +
                     "); the playground splits into train and test only: train it with --val-split 0");
  Settings s;
  s.dataset = c.dataset;
  s.hidden = c.hidden;
  s.activation = c.activation;
  s.batchnorm = c.batchnorm;
  s.dropout = c.dropout;
  s.optimizer = c.optimizer;
  s.lr = c.options.lr;
  s.momentum = c.options.momentum;
  s.weight_decay = c.options.weight_decay;
  s.batch_size = c.batch_size;
  s.seed = c.seed;
  check(s, limits);
  return s;
}

}  // namespace mytorch::playground
