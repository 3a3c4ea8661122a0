// libFuzzer target: the CSV reader, gzip-compressed or not, with the class count inferred and given.
// Every input must end in a Dataset or a std::runtime_error naming the line; anything else is a bug.

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>

#include "mytorch/data/csv.hpp"
#include "mytorch/io/file.hpp"

using namespace mytorch::data;
using mytorch::io::decompress;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  try {
    const std::string text = decompress(input, "fuzz.csv", 1 << 22);
    try {
      parse_csv(text, "fuzz.csv");
    } catch (const std::runtime_error&) {
    }
    parse_csv(text, "fuzz.csv", 3);
  } catch (const std::runtime_error&) {
  }
  return 0;
}
