// libFuzzer target: the IDX reader (MNIST's format), gzip-compressed or not.
// Input: two bytes k, then an image file of k bytes, then a label file (the rest). Every input must
// end in a Dataset or a std::runtime_error naming the file; anything else (a crash, a sanitizer
// report, another exception type, a huge allocation) is a bug.

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>

#include "mytorch/io/file.hpp"
#include "mytorch/data/idx.hpp"

using namespace mytorch::data;
using mytorch::io::decompress;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  const std::string input(reinterpret_cast<const char*>(data) + 2, size - 2);
  const std::size_t k = std::min<std::size_t>(std::size_t{data[0]} << 8 | data[1], input.size());
  // A small limit keeps decompression bombs from spending the fuzzer's time.
  constexpr std::size_t limit = 1 << 22;
  try {
    const IdxArray images = parse_idx(decompress(input.substr(0, k), "images", limit), "images");
    const IdxArray labels = parse_idx(decompress(input.substr(k), "labels", limit), "labels");
    idx_dataset(images, "images", labels, "labels", 10, "fuzz");
  } catch (const std::runtime_error&) {
  }
  return 0;
}
