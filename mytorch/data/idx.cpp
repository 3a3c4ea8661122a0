#include "mytorch/data/idx.hpp"

#include <stdexcept>

#include "mytorch/io/file.hpp"

namespace mytorch::data {

namespace {
std::runtime_error failure(const std::string& source, const std::string& what) {
  return std::runtime_error(source + ": " + what);
}

std::string dims_str(const std::vector<std::size_t>& dims) {
  std::string s = "(";
  for (std::size_t k = 0; k < dims.size(); ++k) s += (k ? ", " : "") + std::to_string(dims[k]);
  return s + ")";
}
}  // namespace

IdxArray parse_idx(const std::string& content, const std::string& source) {
  const auto byte = [&](std::size_t k) { return static_cast<std::uint8_t>(content[k]); };
  if (content.size() < 4 || byte(0) != 0 || byte(1) != 0)
    throw failure(source, "not an IDX file (bad magic number; expected 00 00 08 <dimensions>)");
  if (byte(2) != 0x08)
    throw failure(source, "IDX element type " + std::to_string(byte(2)) +
                              " is not supported (only 8 = unsigned byte)");
  const std::size_t d = byte(3), header = 4 + 4 * d;
  if (d == 0) throw failure(source, "IDX header announces 0 dimensions");
  if (content.size() < header)
    throw failure(source, "IDX header is cut short (" + std::to_string(d) + " dimensions need " +
                              std::to_string(header) + " bytes, the file has " +
                              std::to_string(content.size()) + ")");
  IdxArray array;
  std::size_t count = 1;
  bool overflow = false;
  for (std::size_t k = 0; k < d; ++k) {
    const std::size_t at = 4 + 4 * k;
    array.dims.push_back(std::size_t{byte(at)} << 24 | std::size_t{byte(at + 1)} << 16 |
                         std::size_t{byte(at + 2)} << 8 | std::size_t{byte(at + 3)});
    overflow = overflow || __builtin_mul_overflow(count, array.dims.back(), &count);
  }
  const std::size_t held = content.size() - header;
  if (overflow || count != held)
    throw failure(source, "the header announces " + dims_str(array.dims) + " = " +
                              (overflow ? std::string("too many") : std::to_string(count)) +
                              " elements, the file holds " + std::to_string(held) +
                              " (the file is truncated or damaged)");
  array.bytes.assign(content.begin() + static_cast<std::ptrdiff_t>(header), content.end());
  return array;
}

IdxArray read_idx(const std::string& path) { return parse_idx(io::read_file(path), path); }

Dataset idx_dataset(const IdxArray& images, const std::string& images_path, const IdxArray& labels,
                    const std::string& labels_path, std::size_t num_classes, const std::string& name) {
  if (images.dims.size() != 3)
    throw failure(images_path, "expected images (N, rows, cols), got shape " + dims_str(images.dims));
  const std::size_t N = images.dims[0], D = images.dims[1] * images.dims[2];
  if (labels.dims.size() != 1)
    throw failure(labels_path, "expected labels (N), got shape " + dims_str(labels.dims));
  if (labels.dims[0] != N)
    throw failure(labels_path, "holds " + std::to_string(labels.dims[0]) + " labels, but " +
                                   images_path + " holds " + std::to_string(N) + " images");
  if (N == 0 || D == 0) throw failure(images_path, "no samples (shape " + dims_str(images.dims) + ")");
  for (std::size_t i = 0; i < N; ++i)
    if (labels.bytes[i] >= num_classes)
      throw failure(labels_path, "label " + std::to_string(labels.bytes[i]) + " of sample " +
                                     std::to_string(i) + " is out of range for " +
                                     std::to_string(num_classes) + " classes");
  Dataset d;
  d.name = name;
  d.num_classes = num_classes;
  d.X = Tensor({N, D});
  for (std::size_t k = 0; k < N * D; ++k) d.X.data()[k] = static_cast<real>(images.bytes[k] / 255.0);
  d.labels.assign(labels.bytes.begin(), labels.bytes.end());
  return d;
}

Dataset load_idx_dataset(const std::string& images_path, const std::string& labels_path,
                         std::size_t num_classes, const std::string& name) {
  return idx_dataset(read_idx(images_path), images_path, read_idx(labels_path), labels_path,
                     num_classes, name);
}

}  // namespace mytorch::data
