#include "cli.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <new>

#include <nlohmann/json.hpp>

#include "mytorch/data/catalog.hpp"
#include "mytorch/io/file.hpp"
#include "mytorch/linalg.hpp"

#include <poll.h>
#include <unistd.h>

namespace mytorch::cli {

namespace {
/// Messages end up on one line even if a library message had a line break.
std::string one_line(std::string message) {
  std::replace(message.begin(), message.end(), '\n', ' ');
  return message;
}

std::string lowercase(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

}  // namespace

double entry(const std::string& text) {
  std::size_t used = 0;
  double value = NAN;
  try {
    value = std::stod(text, &used);
  } catch (const std::exception&) {
  }
  if (!std::isfinite(value) || text.find_first_not_of(" \t", used) != std::string::npos)
    throw std::invalid_argument("'" + text + "' is not a finite number");
  return value;
}

namespace {
/// The number in text, or an explanation of why it is not one.
std::string as_number(const std::string& text, double& value) {
  std::size_t used = 0;
  try {
    value = std::stod(text, &used);
  } catch (const std::out_of_range&) {
    return "'" + text + "' is not a finite number";
  } catch (const std::exception&) {
    return "'" + text + "' is not a number";
  }
  if (used != text.size()) return "'" + text + "' is not a number";
  if (!std::isfinite(value)) return "'" + text + "' is not a finite number";
  return "";
}

/// The one line of an error, on stderr and, with --json, as the last line of stdout.
int report(const std::string& name, bool json, const std::string& kind, const std::string& message, int code) {
  const std::string text = one_line(message);
  std::cerr << name << ": " << kind << ": " << text
            << (kind == "usage error" ? " (see " + name + " --help)" : std::string()) << "\n";
  if (json) {
    std::cout.clear();
    std::cout << nlohmann::json{{"error", text}}.dump() << std::endl;
  }
  return code;
}
}  // namespace

int run(CLI::App& app, int argc, char** argv, const std::function<int()>& body) {
  const std::string name = app.get_name();
  const bool json = std::any_of(argv + 1, argv + argc, [](const char* a) { return std::strcmp(a, "--json") == 0; });
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);  // --help
    return report(name, json, "usage error", e.what(), 2);
  }
  try {
    return body();
  } catch (const UsageError& e) {
    return report(name, json, "usage error", e.what(), 2);
  } catch (const std::bad_alloc&) {
    return report(name, json, "error", "out of memory: the run needs more than the machine could give; make the "
                                       "layers, the batches or the data smaller", 1);
  } catch (const std::exception& e) {
    return report(name, json, "error", e.what(), 1);
  } catch (...) {
    return report(name, json, "error", "an unexpected exception", 1);
  }
}

CLI::Validator positive_finite() {
  return CLI::Validator(
      [](std::string& text) {
        double value = 0;
        std::string why = as_number(text, value);
        return !why.empty() ? why : value > 0 ? "" : "'" + text + "' is not positive";
      },
      "POSITIVE");
}

CLI::Validator whole_number(bool zero_allowed, std::size_t max) {
  return CLI::Validator(
      [zero_allowed, max](std::string& text) -> std::string {
        const bool digits = !text.empty() && text.find_first_not_of("0123456789") == std::string::npos;
        std::size_t value = 0;
        try {
          if (digits) value = std::stoull(text);
        } catch (const std::out_of_range&) {
          return "'" + text + "' is too large";
        }
        if (!digits || (value == 0 && !zero_allowed))
          return "'" + text + "' is not a " + (zero_allowed ? "whole number (0, 1, 2, …)" : "positive whole number");
        if (value > max) return "'" + text + "' is more than " + std::to_string(max);
        return "";
      },
      std::string(zero_allowed ? "N ≥ 0" : "N > 0") +
          (max == std::numeric_limits<std::size_t>::max() ? "" : ", ≤ " + std::to_string(max)));
}

CLI::Validator finite_between(double lo, double hi) {
  return CLI::Validator(
      [lo, hi](std::string& text) {
        double value = 0;
        std::string why = as_number(text, value);
        if (why.empty() && (value < lo || value > hi))
          why = "'" + text + "' is not in [" + CLI::detail::to_string(lo) + ", " + CLI::detail::to_string(hi) + "]";
        return why;
      },
      "in [" + CLI::detail::to_string(lo) + ", " + CLI::detail::to_string(hi) + "]");
}

CLI::Validator dataset_name() {
  return CLI::Validator(
      [](std::string& name) -> std::string {
        // The name in lower case ("Spiral", "FASHION-MNIST"), but a CSV file's path keeps its case.
        name = lowercase(name.substr(0, 4)) == "csv:" ? "csv:" + name.substr(4) : lowercase(name);
        try {
          data::check_dataset_name(name);
          return "";
        } catch (const std::invalid_argument& e) {
          return e.what();
        }
      },
      "DATASET");
}

CLI::Validator one_of(const std::vector<std::string>& names) {
  return CLI::Validator(
      [names](std::string& text) -> std::string {
        if (std::count(names.begin(), names.end(), lowercase(text)) == 0)
          return "'" + text + "' is not one of " + joined(names);
        text = lowercase(text);
        return "";
      },
      "{" + joined(names) + "}");
}

void add_threads_option(CLI::App& app, std::size_t& threads) {
  app.add_option("--threads", threads,
                 "threads the matrix products run on (OpenBLAS); 0 = OpenBLAS's own: $OPENBLAS_NUM_THREADS "
                 "or $OMP_NUM_THREADS when set, else one per core")
      ->check(whole_number(true, max_blas_threads))
      ->capture_default_str();
}

CLI::Validator parsed_by(const std::function<void(const std::string&)>& parse, const std::string& what) {
  return CLI::Validator(
      [parse](std::string& text) -> std::string {
        try {
          parse(text);
          return "";
        } catch (const std::invalid_argument& e) {
          return e.what();
        }
      },
      what);
}

std::string joined(const std::vector<std::string>& names) {
  std::string s;
  for (const auto& n : names) s += (s.empty() ? "" : ", ") + n;
  return s;
}

void require_recorded_data(const train::RunRecord& record, const std::string& checkpoint, bool dataset_given) {
  const std::string& dataset = record.settings.dataset;
  if (dataset_given || !data::is_csv(dataset)) return;
  const std::string why = io::why_not_a_file(dataset.substr(4));
  if (!why.empty())
    throw std::runtime_error(checkpoint + " was trained on " + dataset.substr(4) + ", which " +
                             (why == "not found" ? "is no longer there" : why == "is a folder" ? why : "cannot be read (" + why + ")") +
                             ": if the file moved, name its new place with --dataset csv:PATH");
}

bool stdout_failed() { return !std::cout || std::ferror(stdout) != 0; }

void check_stdout() {
  std::cout.flush();
  if (!stdout_failed()) return;
  pollfd out{STDOUT_FILENO, POLLOUT, 0};
  const bool closed = ::poll(&out, 1, 0) == 1 && (out.revents & POLLERR) != 0;
  std::cout.clear();
  std::clearerr(stdout);
  throw std::runtime_error(std::string("cannot write to standard output (") +
                           (closed ? "its reader closed the pipe" : "a full disk or a closed pipe") +
                           "): what was printed there is lost");
}

}  // namespace mytorch::cli
