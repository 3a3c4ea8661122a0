#include "cli.hpp"

#include <algorithm>
#include <cmath>
#include <iostream>

#include "mytorch/data/catalog.hpp"

namespace mytorch::cli {

namespace {
/// Messages end up on one line even if a library message had a line break.
std::string one_line(std::string message) {
  std::replace(message.begin(), message.end(), '\n', ' ');
  return message;
}

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
}  // namespace

int run(CLI::App& app, int argc, char** argv, const std::function<int()>& body) {
  const std::string name = app.get_name();
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);  // --help
    std::cerr << name << ": usage error: " << one_line(e.what()) << " (see " << name << " --help)\n";
    return 2;
  }
  try {
    return body();
  } catch (const UsageError& e) {
    std::cerr << name << ": usage error: " << one_line(e.what()) << " (see " << name << " --help)\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << name << ": error: " << one_line(e.what()) << "\n";
  } catch (...) {
    std::cerr << name << ": error: an unexpected exception\n";
  }
  return 1;
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

CLI::Validator whole_number(bool zero_allowed) {
  return CLI::Validator(
      [zero_allowed](std::string& text) -> std::string {
        const bool digits = !text.empty() && text.find_first_not_of("0123456789") == std::string::npos;
        std::size_t value = 0;
        try {
          if (digits) value = std::stoull(text);
        } catch (const std::out_of_range&) {
          return "'" + text + "' is too large";
        }
        if (!digits || (value == 0 && !zero_allowed))
          return "'" + text + "' is not a " + (zero_allowed ? "whole number (0, 1, 2, …)" : "positive whole number");
        return "";
      },
      zero_allowed ? "N ≥ 0" : "N > 0");
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
        try {
          data::check_dataset_name(name);
          return "";
        } catch (const std::invalid_argument& e) {
          return e.what();
        }
      },
      "DATASET");
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

}  // namespace mytorch::cli
