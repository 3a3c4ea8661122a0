#pragma once
/// mytorch/data/idx.hpp — the IDX format of MNIST and Fashion-MNIST (plain or .gz).
///
/// An IDX file is a header and the bytes of one array:
///   bytes 0–1   zero
///   byte  2     element type (0x08 = unsigned byte, the only one MNIST uses and the only one read)
///   byte  3     number of dimensions d
///   then d big-endian 32-bit sizes, then the elements in row-major order.
/// Images: (N, rows, cols) bytes 0–255; labels: (N) bytes.
///
/// load_idx_dataset turns an image file and a label file into X (N, rows·cols) with pixels scaled to
/// [0, 1] and labels (N).

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "mytorch/data/dataset.hpp"

namespace mytorch::data {

struct IdxArray {
  std::vector<std::size_t> dims;    // e.g. {60000, 28, 28}
  std::vector<std::uint8_t> bytes;  // product(dims) elements, row-major
};

/// Parses IDX content already in memory; `source` names it in messages. Throws std::runtime_error
/// for a bad magic number, an element type other than unsigned byte, zero dimensions, or sizes
/// whose product does not match the data actually present (checked before anything is allocated,
/// with overflow checks, so a hostile header cannot ask for terabytes).
IdxArray parse_idx(const std::string& content, const std::string& source);

/// Reads and parses one IDX file (zlib decompresses .gz transparently).
IdxArray read_idx(const std::string& path);

/// X (N, rows·cols) in [0, 1] and labels from an image file and a label file of the same N.
/// Errors name the file: images that are not (N, rows, cols), labels that are not (N) or whose N
/// differs from the images', a label ≥ num_classes, no samples.
Dataset load_idx_dataset(const std::string& images_path, const std::string& labels_path,
                         std::size_t num_classes, const std::string& name);

/// The same from arrays already parsed; the paths name them in messages.
Dataset idx_dataset(const IdxArray& images, const std::string& images_path, const IdxArray& labels,
                    const std::string& labels_path, std::size_t num_classes, const std::string& name);

}  // namespace mytorch::data
