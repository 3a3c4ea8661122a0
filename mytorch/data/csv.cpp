#include "mytorch/data/csv.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <vector>

#include "mytorch/detail/number.hpp"
#include "mytorch/io/file.hpp"

namespace mytorch::data {

namespace {
std::runtime_error error_at(const std::string& source, std::size_t line, const std::string& what) {
  return std::runtime_error(source + ":" + std::to_string(line) + ": " + what);
}

/// The length of the UTF-8 sequence starting at s[i] (0 if it is not one) and its code point.
std::size_t utf8_at(const std::string& s, std::size_t i, char32_t& code) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char lead = byte(i);
  const std::size_t n = lead >= 0xf0 && lead < 0xf5 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc2 ? 2 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  code = lead & (0x7f >> n);
  for (std::size_t k = 1; k < n; ++k) {
    if ((byte(i + k) & 0xc0) != 0x80) return 0;
    code = (code << 6) | (byte(i + k) & 0x3f);
  }
  return code >= (n == 2 ? 0x80u : n == 3 ? 0x800u : 0x10000u) ? n : 0;  // no overlong forms
}

/// Characters that print as nothing or as a plain space: a culprit made of them would look blank.
bool invisible(char32_t c) {
  return c == 0xa0 || c == 0xad || (c >= 0x200b && c <= 0x200f) || (c >= 0x2028 && c <= 0x202e) ||
         (c >= 0x2060 && c <= 0x2064) || c == 0xfeff;
}

/// field as it can be shown in one line of a message: at most 40 characters; control bytes,
/// invisible characters (a byte-order mark, a zero-width space, …) and bytes that are not UTF-8
/// written as \xNN escapes, so the culprit is always visible.
std::string printable(const std::string& field) {
  std::string shown;
  std::size_t i = 0, characters = 0;
  for (; i < field.size() && characters < 40; ++characters) {
    const unsigned char c = static_cast<unsigned char>(field[i]);
    char32_t code = 0;
    std::size_t n = c < 0x80 ? 1 : utf8_at(field, i, code);
    const bool visible = c < 0x80 ? c >= 0x20 && c != 0x7f : n > 0 && !invisible(code);
    if (n == 0) n = 1;
    if (visible) {
      shown.append(field, i, n);
    } else {
      for (std::size_t k = 0; k < n; ++k) {
        char escape[8];
        std::snprintf(escape, sizeof escape, "\\x%02X", static_cast<unsigned char>(field[i + k]));
        shown += escape;
      }
    }
    i += n;
  }
  return i < field.size() ? shown + "..." : shown;
}

/// The fields of one line, split at commas.
std::vector<std::string> fields_of(const std::string& line) {
  std::vector<std::string> fields;
  for (std::size_t start = 0;;) {
    const std::size_t comma = std::min(line.find(',', start), line.size());
    fields.push_back(line.substr(start, comma - start));
    if (comma == line.size()) return fields;
    start = comma + 1;
  }
}

/// True when field is one finite number (blanks around it allowed); the number in value.
bool number_in(const std::string& field, double& value) {
  char* end = nullptr;
  value = std::strtod(field.c_str(), &end);
  const bool blank_tail = std::all_of(static_cast<const char*>(end), field.c_str() + field.size(),
                                      [](char c) { return c == ' ' || c == '\t' || c == '\r'; });
  return end != field.c_str() && blank_tail && std::isfinite(value);
}

/// A first row without a single number is a header (a spreadsheet's column names), not data.
bool is_header(const std::vector<std::string>& fields) {
  double ignored = 0;
  return std::none_of(fields.begin(), fields.end(), [&](const std::string& f) { return number_in(f, ignored); });
}

/// The numbers of one line's fields; each feature (all but the last, the label) must also fit
/// `real`: a float32 build holds at most ±3.4e38.
std::vector<double> numbers_of(const std::vector<std::string>& fields, const std::string& source,
                               std::size_t line_number) {
  std::vector<double> numbers(fields.size());
  for (std::size_t k = 0; k < fields.size(); ++k) {
    const bool number = number_in(fields[k], numbers[k]);
    const bool too_large = number && k + 1 < fields.size() && !std::isfinite(static_cast<real>(numbers[k]));
    if (number && !too_large) continue;
    throw error_at(source, line_number,
                   "field " + std::to_string(k + 1) + " '" + printable(fields[k]) + "' is not a number" +
                       (too_large ? " this build can hold (float32: at most ±3.4e38)" : ""));
  }
  return numbers;
}

constexpr char byte_order_mark[] = "\xEF\xBB\xBF";  // UTF-8's, as spreadsheets write it first
}  // namespace

Dataset parse_csv(const std::string& text, const std::string& source, std::size_t num_classes,
                  std::string* header) {
  std::vector<double> values;  // the features of every row, row after row
  std::vector<std::size_t> labels;
  std::size_t columns = 0, first_line = 0, line_number = 0;
  bool had_header = false;
  std::size_t start = text.rfind(byte_order_mark, 0) == 0 ? 3 : 0;
  while (start < text.size()) {
    const std::size_t newline = std::min(text.find('\n', start), text.size());
    const std::string line = text.substr(start, newline - start);
    start = newline + 1;
    ++line_number;
    if (line.find_first_not_of(" \t\r") == std::string::npos || line[0] == '#') continue;

    const std::vector<std::string> texts = fields_of(line);
    if (columns == 0 && !had_header && is_header(texts)) {  // only the first row may be a header
      had_header = true;
      if (header) *header = printable(line.substr(0, line.find_last_not_of(" \t\r") + 1));
      continue;
    }
    const std::vector<double> fields = numbers_of(texts, source, line_number);
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
                     "label " + detail::number(label) + " (last column) is not a class index in [0, " +
                         std::to_string(K) + ")");
    values.insert(values.end(), fields.begin(), fields.end() - 1);
    labels.push_back(static_cast<std::size_t>(label));
  }
  if (labels.empty())
    throw std::runtime_error(source + ": no samples (the file is empty or holds only comments" +
                             (had_header ? " and a header row)" : ")"));

  Dataset d;
  d.name = source;
  d.labels = std::move(labels);
  d.num_classes = num_classes ? num_classes : *std::max_element(d.labels.begin(), d.labels.end()) + 1;
  d.X = Tensor({d.labels.size(), columns - 1});
  std::transform(values.begin(), values.end(), d.X.begin(),
                 [](double v) { return static_cast<real>(v); });
  return d;
}

Dataset load_csv(const std::string& path, std::size_t num_classes, std::string* header) {
  return parse_csv(io::read_file(path), path, num_classes, header);
}

}  // namespace mytorch::data
