#include "mytorch/train/memory.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>

#include <sys/resource.h>

namespace mytorch::train {

namespace {
constexpr double eval_batch = 1000;  // evaluate()'s batch size (trainer.hpp)
constexpr double label_bytes = sizeof(std::size_t);

/// The number after `key` in a "key: value kB" file such as /proc/meminfo, in bytes; -1 if absent.
double kilobytes_field(const std::string& path, const std::string& key) {
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);)
    if (line.rfind(key, 0) == 0) return 1024 * std::atof(line.c_str() + key.size());
  return -1;
}

/// The one number in a file such as memory.max; -1 if absent or not a number ("max").
double number_file(const std::string& path) {
  std::ifstream in(path);
  std::string text;
  if (!(in >> text) || text.find_first_not_of("0123456789") != std::string::npos) return -1;
  return std::atof(text.c_str());
}

/// What a cgroup still allows: limit − usage, -1 without a limit.
double cgroup_room() {
  const double v2 = number_file("/sys/fs/cgroup/memory.max");
  if (v2 >= 0) return v2 - std::max(0.0, number_file("/sys/fs/cgroup/memory.current"));
  const double v1 = number_file("/sys/fs/cgroup/memory/memory.limit_in_bytes");
  if (v1 >= 0 && v1 < 1e18) return v1 - std::max(0.0, number_file("/sys/fs/cgroup/memory/memory.usage_in_bytes"));
  return -1;
}

/// What `ulimit -v` still allows: the limit less the address space mapped already; -1 without one.
double address_space_room() {
  rlimit limit{};
  if (getrlimit(RLIMIT_AS, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY) return -1;
  return static_cast<double>(limit.rlim_cur) - std::max(0.0, kilobytes_field("/proc/self/status", "VmSize:"));
}
}  // namespace

double MemoryEstimate::total() const {
  return parameter_bytes + gradient_bytes + optimizer_bytes + activation_bytes + data_bytes + confusion_bytes;
}

std::string MemoryEstimate::breakdown() const {
  return "parameters " + format_bytes(parameter_bytes) + ", gradients " + format_bytes(gradient_bytes) +
         ", optimizer state " + format_bytes(optimizer_bytes) + ", activations " + format_bytes(activation_bytes) +
         ", data " + format_bytes(data_bytes) + ", confusion matrix " + format_bytes(confusion_bytes);
}

MemoryEstimate estimate_memory(const models::ModelSpec& spec, const std::string& optimizer, std::size_t batch_size,
                               std::size_t samples) {
  const models::ModelSize size = models::model_size(spec);
  const double r = sizeof(real);
  const double P = size.parameters;
  double widths = spec.inputs;
  for (const double width : size.widths) widths += width;
  MemoryEstimate e;
  e.parameters = P;
  e.parameter_bytes = e.gradient_bytes = P * r;
  e.optimizer_bytes = (optimizer == "sgd" ? 1 : 2) * P * r;
  e.activation_bytes = std::max(4.0 * batch_size, 2 * eval_batch) * widths * r;
  e.data_bytes = 2.0 * samples * (spec.inputs * r + label_bytes);
  e.confusion_bytes = static_cast<double>(spec.classes) * spec.classes * label_bytes;
  return e;
}

std::uint64_t available_memory() {
  double room = kilobytes_field("/proc/meminfo", "MemAvailable:");
  for (const double other : {cgroup_room(), address_space_room()})
    if (other >= 0 && (room < 0 || other < room)) room = other;
  return room > 0 ? static_cast<std::uint64_t>(room) : 0;
}

void check_memory(const MemoryEstimate& e, std::uint64_t limit, bool limit_given) {
  if (limit == 0 || e.total() <= static_cast<double>(limit)) return;
  throw NotEnoughMemory("the run needs about " + format_bytes(e.total()) + " (" + e.breakdown() + "), more than " +
                        (limit_given ? "the limit of " + format_bytes(static_cast<double>(limit))
                                     : "the " + format_bytes(static_cast<double>(limit)) + " available"));
}

std::uint64_t parse_bytes(const std::string& text) {
  const auto refuse = [&] {
    return std::invalid_argument("'" + text + "' is not a size in bytes (e.g. 500M, 4G, 1.5GiB)");
  };
  std::size_t used = 0;
  double value = 0;
  try {
    value = std::stod(text, &used);
  } catch (const std::exception&) {
    throw refuse();
  }
  std::string unit = text.substr(used);
  std::transform(unit.begin(), unit.end(), unit.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  const std::string units = "KMGT";
  double scale = 1;
  if (!unit.empty() && units.find(unit[0]) != std::string::npos) {
    scale = std::pow(1024.0, static_cast<double>(units.find(unit[0]) + 1));
    unit = unit.substr(1);
    if (unit == "IB" || unit == "B") unit.clear();
  } else if (unit == "B") {
    unit.clear();
  }
  const double bytes = value * scale;
  if (!unit.empty() || !(bytes >= 1) || bytes > 1.8e19 || text.find_first_of("xXpP") != std::string::npos ||
      !std::isdigit(static_cast<unsigned char>(text[0])))
    throw refuse();
  return static_cast<std::uint64_t>(bytes);
}

std::string format_bytes(double bytes) {
  const char* const units[] = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
  if (bytes < 1024) return std::to_string(static_cast<long long>(bytes)) + " bytes";
  int u = -1;
  while (bytes >= 1024 && u < 5) {
    bytes /= 1024;
    ++u;
  }
  char text[48];
  std::snprintf(text, sizeof text, bytes < 10 ? "%.1f %s" : "%.0f %s", bytes, units[u]);
  return text;
}

}  // namespace mytorch::train
