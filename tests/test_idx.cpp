// Tests of mytorch/data/idx.hpp: MNIST's IDX format, and every way an IDX file can be wrong.

#include "mytorch/data/idx.hpp"

#include <stdexcept>

#include "scratch.hpp"
#include "test_util.hpp"

using mytorch::data::Dataset;
using mytorch::data::IdxArray;
using mytorch::data::load_idx_dataset;
using mytorch::data::parse_idx;

namespace {
/// The bytes of an IDX file of unsigned bytes with these dimensions and elements.
std::string idx(const std::vector<std::uint32_t>& dims, const std::string& elements) {
  std::string out{'\0', '\0', '\x08', static_cast<char>(dims.size())};
  for (std::uint32_t d : dims)
    for (int shift : {24, 16, 8, 0}) out.push_back(static_cast<char>(d >> shift & 0xff));
  return out + elements;
}

const std::string two_images = idx({2, 2, 2}, std::string("\x00\xff\x80\x00\x01\x02\x03\x04", 8));
const std::string two_labels = idx({2}, std::string("\x01\x00", 2));
}  // namespace

TEST_CASE("parse_idx reads the dimensions and the elements") {
  const IdxArray a = parse_idx(two_images, "x");
  CHECK(a.dims == std::vector<std::size_t>{2, 2, 2});
  CHECK(a.bytes.size() == 8);
  CHECK(a.bytes[1] == 255);
}

TEST_CASE("load_idx_dataset scales pixels to [0, 1] and reads gzip-compressed files") {
  test::Scratch scratch("idx");
  const Dataset d = load_idx_dataset(scratch.write_gz("i.gz", two_images),
                                     scratch.write("l", two_labels), 10, "tiny");
  CHECK_TENSOR_CLOSE(d.X, test::T({{0, 1, 128 / 255.0, 0}, {1 / 255.0, 2 / 255.0, 3 / 255.0, 4 / 255.0}}),
                     1e-6);
  CHECK(d.labels == std::vector<std::size_t>{1, 0});
}

TEST_CASE("a file that is not IDX has a bad magic number") {
  CHECK_THROWS_WITH_AS(parse_idx("1,2,3\n", "x.idx"), doctest::Contains("x.idx: not an IDX file (bad magic"),
                       std::runtime_error);
  CHECK_THROWS_WITH_AS(parse_idx("", "x.idx"), doctest::Contains("x.idx: not an IDX file"),
                       std::runtime_error);
  CHECK_THROWS_WITH_AS(parse_idx(std::string("\0\0\x0d\x01", 4), "x.idx"),
                       "x.idx: IDX element type 13 is not supported (only 8 = unsigned byte)",
                       std::runtime_error);
}

TEST_CASE("a header with no dimensions or cut short is an error") {
  CHECK_THROWS_WITH_AS(parse_idx(idx({}, ""), "x"), "x: IDX header announces 0 dimensions",
                       std::runtime_error);
  CHECK_THROWS_WITH_AS(parse_idx(idx({2, 2, 2}, "").substr(0, 9), "x"),
                       "x: IDX header is cut short (3 dimensions need 16 bytes, the file has 9)",
                       std::runtime_error);
}

TEST_CASE("a truncated or overlong IDX file names both element counts") {
  CHECK_THROWS_WITH_AS(parse_idx(two_images.substr(0, two_images.size() - 3), "x"),
                       "x: the header announces (2, 2, 2) = 8 elements, the file holds 5 (the file is "
                       "truncated or damaged)",
                       std::runtime_error);
  CHECK_THROWS_AS(parse_idx(two_images + "junk", "x"), std::runtime_error);
}

TEST_CASE("hostile dimensions whose product overflows are refused before allocating") {
  // 2^32-1 cubed overflows 64 bits; 2^32 · 2^32 wraps to exactly 0, which must not match 0 bytes.
  CHECK_THROWS_WITH_AS(parse_idx(idx({0xffffffff, 0xffffffff, 0xffffffff}, ""), "x"),
                       doctest::Contains("= too many elements"), std::runtime_error);
  CHECK_THROWS_AS(parse_idx(idx({0x10000, 0x10000, 0x10000, 0x10000}, ""), "x"), std::runtime_error);
}

TEST_CASE("images and labels that do not fit together name both files") {
  const IdxArray images = parse_idx(two_images, "i"), labels = parse_idx(two_labels, "l");
  CHECK_THROWS_WITH_AS(idx_dataset(images, "i", parse_idx(idx({3}, "\1\1\1"), "l"), "l", 10, "t"),
                       "l: holds 3 labels, but i holds 2 images", std::runtime_error);
  CHECK_THROWS_WITH_AS(idx_dataset(labels, "l", images, "i", 10, "t"),
                       "l: expected images (N, rows, cols), got shape (2)", std::runtime_error);
  CHECK_THROWS_WITH_AS(idx_dataset(images, "i", images, "i2", 10, "t"),
                       "i2: expected labels (N), got shape (2, 2, 2)", std::runtime_error);
}

TEST_CASE("a label out of range names the file and the sample") {
  const IdxArray images = parse_idx(two_images, "i");
  CHECK_THROWS_WITH_AS(idx_dataset(images, "i", parse_idx(idx({2}, "\1\x0a"), "l"), "l", 10, "t"),
                       "l: label 10 of sample 1 is out of range for 10 classes", std::runtime_error);
}

TEST_CASE("image files with no samples are an error") {
  CHECK_THROWS_WITH_AS(idx_dataset(parse_idx(idx({0, 28, 28}, ""), "i"), "i",
                                   parse_idx(idx({0}, ""), "l"), "l", 10, "t"),
                       "i: no samples (shape (0, 28, 28))", std::runtime_error);
}

TEST_CASE("a truncated .gz IDX file is reported as truncated, not as a size mismatch") {
  test::Scratch scratch("idx");
  const std::string gz = test::gzip(two_images);
  CHECK_THROWS_WITH_AS(load_idx_dataset(scratch.write("i.gz", gz.substr(0, gz.size() - 5)),
                                        scratch.write("l", two_labels), 10, "t"),
                       doctest::Contains("i.gz: the gzip stream is truncated"), std::runtime_error);
}
