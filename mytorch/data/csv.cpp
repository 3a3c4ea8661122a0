#include "mytorch/data/csv.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <vector>

#include "mytorch/io/file.hpp"

namespace mytorch::data {

namespace {
std::runtime_error error_at(const std::string& source, std::size_t line, const std::string& what) {
  return std::runtime_error(source + ":" + std::to_string(line) + ": " + what);
}

/// field as it can be shown in one line of a message: at most 40 characters, control bytes as '?'.
std::string quoted(const std::string& field) {
  std::string shown = field.substr(0, 40);
  for (char& c : shown)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
  return field.size() > 40 ? shown + "..." : shown;
}

/// A label as written, e.g. "2.5" or "-1" (not std::to_string's "2.500000").
std::string number_str(double x) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", x);
  return text;
}

/// The numbers of one line, split at commas.
std::vector<double> parse_fields(const std::string& line, const std::string& source,
                                 std::size_t line_number) {
  std::vector<double> fields;
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = std::min(line.find(',', start), line.size());
    const std::string field = line.substr(start, comma - start);
    char* end = nullptr;
    const double value = std::strtod(field.c_str(), &end);
    const bool blank_tail = std::all_of(static_cast<const char*>(end), field.c_str() + field.size(),
                                        [](char c) { return c == ' ' || c == '\t' || c == '\r'; });
    if (end == field.c_str() || !blank_tail || !std::isfinite(value))
      throw error_at(source, line_number,
                     "field " + std::to_string(fields.size() + 1) + " '" + quoted(field) +
                         "' is not a number" +
                         (line_number == 1 ? " (a header line must start with '#')" : ""));
    fields.push_back(value);
    if (comma == line.size()) return fields;
    start = comma + 1;
  }
}
}  // namespace

Dataset parse_csv(const std::string& text, const std::string& source, std::size_t num_classes) {
  std::vector<double> values;  // the features of every row, row after row
  std::vector<std::size_t> labels;
  std::size_t columns = 0, first_line = 0, line_number = 0, start = 0;
  while (start < text.size()) {
    const std::size_t newline = std::min(text.find('\n', start), text.size());
    const std::string line = text.substr(start, newline - start);
    start = newline + 1;
    ++line_number;
    if (line.find_first_not_of(" \t\r") == std::string::npos || line[0] == '#') continue;

    const std::vector<double> fields = parse_fields(line, source, line_number);
    if (columns == 0) {
      if (fields.size() < 2)
        throw error_at(source, line_number, "needs at least one feature and a label, got 1 column");
      columns = fields.size();
      first_line = line_number;
    } else if (fields.size() != columns) {
      throw error_at(source, line_number,
                     "has " + std::to_string(fields.size()) + " columns, line " +
                         std::to_string(first_line) + " has " + std::to_string(columns));
    }
    const double label = fields.back();
    const std::size_t K = num_classes ? num_classes : max_inferred_classes;
    if (label != std::floor(label) || label < 0 || label >= static_cast<double>(K))
      throw error_at(source, line_number,
                     "label " + number_str(label) + " (last column) is not a class index in [0, " +
                         std::to_string(K) + ")");
    values.insert(values.end(), fields.begin(), fields.end() - 1);
    labels.push_back(static_cast<std::size_t>(label));
  }
  if (labels.empty())
    throw std::runtime_error(source + ": no samples (the file is empty or holds only comments)");

  Dataset d;
  d.name = source;
  d.labels = std::move(labels);
  d.num_classes = num_classes ? num_classes : *std::max_element(d.labels.begin(), d.labels.end()) + 1;
  d.X = Tensor({d.labels.size(), columns - 1});
  std::transform(values.begin(), values.end(), d.X.begin(),
                 [](double v) { return static_cast<real>(v); });
  return d;
}

Dataset load_csv(const std::string& path, std::size_t num_classes) {
  return parse_csv(io::read_file(path), path, num_classes);
}

}  // namespace mytorch::data
