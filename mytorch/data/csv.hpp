#pragma once
/// mytorch/data/csv.hpp — a labelled dataset from a CSV file (plain or .gz).
///
/// One sample per line: D numeric features, then the class label in the last column, an integer in
/// [0, K). Lines that are empty or start with '#' are skipped (comments). What spreadsheets write
/// is read too: a UTF-8 byte-order mark at the start is skipped, and so is a first row without a
/// single number (a header of column names, e.g. "x1,x2,label"), which is handed back to the
/// caller to report. The result has X (N, D), labels (N), K = num_classes if given, else the
/// largest label + 1.
///
/// Errors (std::runtime_error) name the file and the line: a row with a different number of
/// columns than the first, a field that is not a number (NaN and Inf included, and in a float32
/// build a number beyond ±3.4e38), a label that is not an integer in [0, K) — K ≤
/// max_inferred_classes when inferred —, a file with no samples. A field is quoted in the message
/// with its control bytes, invisible characters (byte-order mark, zero-width space, no-break
/// space, …) and non-UTF-8 bytes as \xNN escapes: the culprit never looks blank.

#include <cstddef>
#include <string>

#include "mytorch/data/dataset.hpp"

namespace mytorch::data {

/// The most classes a CSV may have when num_classes is not given: a label like 1e9 is a mistake,
/// and would otherwise make one-hot targets of a billion columns.
constexpr std::size_t max_inferred_classes = 1 << 16;

/// Reads path (zlib decompresses .gz transparently). num_classes = 0: inferred from the labels.
/// A skipped header row is put in *header (as printable text), if header is given.
Dataset load_csv(const std::string& path, std::size_t num_classes = 0, std::string* header = nullptr);

/// The same from text already in memory; `source` names it in messages.
Dataset parse_csv(const std::string& text, const std::string& source, std::size_t num_classes = 0,
                  std::string* header = nullptr);

}  // namespace mytorch::data
