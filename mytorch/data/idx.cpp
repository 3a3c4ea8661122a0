#include "mytorch/data/idx.hpp"

#include <stdexcept>

#include "mytorch/data/file.hpp"

namespace mytorch::data {

IdxArray parse_idx(const std::string& content, const std::string& source) {
  const auto byte = [&](std::size_t k) { return static_cast<std::uint8_t>(content[k]); };
  if (content.size() < 4 || byte(0) != 0 || byte(1) != 0)
    throw std::runtime_error(source + ": not an IDX file (bad magic number)");
  if (byte(2) != 0x08)
    throw std::runtime_error(source + ": IDX element type " + std::to_string(byte(2)) +
                             " is not supported (only 8 = unsigned byte)");
  const std::size_t d = byte(3), header = 4 + 4 * d;
  if (d == 0 || content.size() < header)
    throw std::runtime_error(source + ": IDX header is cut short");
  IdxArray array;
  std::size_t count = 1;
  for (std::size_t k = 0; k < d; ++k) {
    const std::size_t at = 4 + 4 * k;
    array.dims.push_back(std::size_t{byte(at)} << 24 | std::size_t{byte(at + 1)} << 16 |
                         std::size_t{byte(at + 2)} << 8 | std::size_t{byte(at + 3)});
    count *= array.dims.back();
  }
  if (content.size() - header != count)
    throw std::runtime_error(source + ": the header announces " + std::to_string(count) +
                             " elements, the file holds " + std::to_string(content.size() - header));
  array.bytes.assign(content.begin() + static_cast<std::ptrdiff_t>(header), content.end());
  return array;
}

IdxArray read_idx(const std::string& path) { return parse_idx(read_file(path), path); }

Dataset load_idx_dataset(const std::string& images_path, const std::string& labels_path,
                         std::size_t num_classes, const std::string& name) {
  const IdxArray images = read_idx(images_path), labels = read_idx(labels_path);
  if (images.dims.size() != 3)
    throw std::runtime_error(images_path + ": expected images (N, rows, cols), got " +
                             std::to_string(images.dims.size()) + " dimensions");
  if (labels.dims.size() != 1 || labels.dims[0] != images.dims[0])
    throw std::runtime_error(labels_path + ": expected " + std::to_string(images.dims[0]) +
                             " labels to match " + images_path);
  Dataset d;
  d.name = name;
  d.num_classes = num_classes;
  const std::size_t N = images.dims[0], D = images.dims[1] * images.dims[2];
  d.X = Tensor({N, D});
  for (std::size_t k = 0; k < N * D; ++k) d.X.data()[k] = static_cast<real>(images.bytes[k] / 255.0);
  d.labels.assign(labels.bytes.begin(), labels.bytes.end());
  for (std::size_t i = 0; i < N; ++i)
    if (d.labels[i] >= num_classes)
      throw std::runtime_error(labels_path + ": label " + std::to_string(d.labels[i]) + " of sample " +
                               std::to_string(i) + " is out of range for " +
                               std::to_string(num_classes) + " classes");
  return d;
}

}  // namespace mytorch::data
