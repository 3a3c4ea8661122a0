// Tests of mytorch/io/npz.hpp: arrays round-trip through .npy and .npz, and a damaged, truncated
// or hostile file gives one error naming it — never a crash or a huge allocation.

#include "mytorch/io/npz.hpp"

#include <stdexcept>

#include "scratch.hpp"
#include "test_util.hpp"

using mytorch::io::Npz;
using mytorch::io::NpyArray;
using mytorch::io::parse_npy;
using mytorch::io::parse_npz;
using mytorch::io::read_npz;
using mytorch::io::npy_bytes;
using mytorch::io::to_npy;
using mytorch::real;
using mytorch::io::write_npz;
using test::T;

namespace {
Npz sample() {
  return {{"W", mytorch::io::to_npy(T({{1, 2, 3}, {4, 5, 6}}))},
          {"epoch", mytorch::io::to_npy(std::vector<std::uint64_t>{7})},
          {"architecture", mytorch::io::to_npy(std::string("{\"hidden\": [3]}"))}};
}

/// The bytes of sample() as write_npz writes them.
std::string sample_bytes() {
  test::Scratch scratch("npz");
  write_npz(scratch.path("s.npz"), sample());
  return scratch.read("s.npz");
}

/// An .npy array whose header says `header` (the data follows as given).
std::string npy_with_header(std::string header, const std::string& data) {
  header.append(63 - (10 + header.size()) % 64, ' ');
  header += '\n';
  std::string out = std::string("\x93NUMPY\x01\x00", 8);
  out.push_back(static_cast<char>(header.size() & 0xff));
  out.push_back(static_cast<char>(header.size() >> 8));
  return out + header + data;
}
}  // namespace

TEST_CASE("write_npz and read_npz round-trip tensors, counters and strings") {
  test::Scratch scratch("npz");
  write_npz(scratch.path("s.npz"), sample());
  const Npz npz = read_npz(scratch.path("s.npz"));
  REQUIRE(npz.size() == 3);
  CHECK_TENSOR_CLOSE(tensor_of(npz[0].second, "W"), T({{1, 2, 3}, {4, 5, 6}}), 0);
  CHECK(u64_of(npz[1].second, "epoch") == std::vector<std::uint64_t>{7});
  CHECK(string_of(npz[2].second, "architecture") == "{\"hidden\": [3]}");
}

TEST_CASE("a file cut short at any length is an error naming the file") {
  const std::string bytes = sample_bytes();
  for (std::size_t keep = 0; keep < bytes.size(); ++keep)
    CHECK_THROWS_WITH_AS(parse_npz(bytes.substr(0, keep), "m.npz"), doctest::Contains("m.npz"),
                         std::runtime_error);
}

TEST_CASE("any single damaged byte is detected or harmless") {
  const std::string bytes = sample_bytes();
  const Npz good = parse_npz(bytes, "m.npz");
  for (std::size_t at = 0; at < bytes.size(); ++at) {
    std::string damaged = bytes;
    damaged[at] = static_cast<char>(damaged[at] ^ 0x21);
    try {
      const Npz npz = parse_npz(damaged, "m.npz");
      // Accepted: only bytes the reader does not use (dates, versions, names) may have changed.
      REQUIRE(npz.size() == good.size());
      for (std::size_t k = 0; k < npz.size(); ++k) CHECK(npz[k].second.data == good[k].second.data);
    } catch (const std::runtime_error& e) {
      CHECK(std::string(e.what()).rfind("m.npz", 0) == 0);
    }
  }
}

TEST_CASE("a file that is not an .npz says so") {
  CHECK_THROWS_WITH_AS(parse_npz("1,2,0\n3,4,1\n", "data.csv"),
                       "data.csv: not an .npz file (no zip directory found; is it a mytorch checkpoint?)",
                       std::runtime_error);
  test::Scratch scratch("npz");
  CHECK_THROWS_WITH_AS(read_npz(scratch.path("none.npz")), doctest::Contains("none.npz: cannot open"),
                       std::runtime_error);
}

TEST_CASE("npy headers with hostile or malformed shapes are refused before allocating") {
  CHECK_THROWS_WITH_AS(
      parse_npy(npy_with_header("{'descr': '<f8', 'fortran_order': False, 'shape': (4294967296, "
                                "4294967296, 4294967296), }",
                                ""),
                "x"),
      "x: array size overflows", std::runtime_error);
  CHECK_THROWS_WITH_AS(parse_npy(npy_with_header("{'descr': '<f8', 'fortran_order': False, 'shape': "
                                                 "(1000000, 1000000), }",
                                                 "12345678"),
                                 "x"),
                       "x: holds 8 data bytes, its shape (1000000, 1000000) needs 8000000000000",
                       std::runtime_error);
  CHECK_THROWS_WITH_AS(
      parse_npy(npy_with_header("{'descr': '<f8', 'fortran_order': False, 'shape': (-1,), }", ""), "x"),
      "x: npy header has a malformed number", std::runtime_error);
  CHECK_THROWS_WITH_AS(
      parse_npy(npy_with_header("{'descr': '<i8', 'fortran_order': False, 'shape': (), }", ""), "x"),
      doctest::Contains("x: element type '<i8' is not supported"), std::runtime_error);
  CHECK_THROWS_WITH_AS(
      parse_npy(npy_with_header("{'descr': '<f8', 'fortran_order': True, 'shape': (1,), }", "12345678"), "x"),
      "x: Fortran-ordered arrays are not supported", std::runtime_error);
  CHECK_THROWS_WITH_AS(parse_npy(npy_with_header("{'descr': <f8, 'shape': (1,), }", "12345678"), "x"),
                       "x: npy header has a malformed 'descr'", std::runtime_error);
  CHECK_THROWS_WITH_AS(parse_npy(std::string("\x93NUMPY\x07\x00\x00\x00", 10), "x"),
                       "x: unknown .npy version 7", std::runtime_error);
}

TEST_CASE("a zip directory that lists one entry many times cannot multiply memory") {
  // One stored entry, and an end record claiming 60000 directory entries that all point at it.
  const std::string one = sample_bytes();
  const std::size_t end = one.rfind(std::string("PK\x05\x06", 4));
  std::string directory = one.substr(one.find(std::string("PK\x01\x02", 4)));
  directory = directory.substr(0, directory.find(std::string("PK\x01\x02", 4), 4));  // entry "W"
  std::string hostile = one.substr(0, end - 0);
  const std::size_t directory_offset = hostile.size();
  for (int k = 0; k < 200; ++k) hostile += directory;
  std::string record = one.substr(end);
  record[10] = record[8] = static_cast<char>(200);
  record[11] = record[9] = 0;
  for (int k = 0; k < 4; ++k) record[16 + k] = static_cast<char>(directory_offset >> (8 * k) & 0xff);
  CHECK_THROWS_WITH_AS(parse_npz(hostile + record, "h.npz"), doctest::Contains("h.npz: W.npy is cut short"),
                       std::runtime_error);
}

TEST_CASE("tensor_of and u64_of reject arrays whose data does not fit their shape") {
  const NpyArray short_tensor{"<f8", {2, 2}, std::string(24, '\0')};
  CHECK_THROWS_WITH_AS(tensor_of(short_tensor, "W"), "W: holds 24 data bytes, its shape (2, 2) needs 32",
                       std::runtime_error);
  const NpyArray short_u64{"<u8", {3}, std::string(8, '\0')};
  CHECK_THROWS_AS(u64_of(short_u64, "epoch"), std::runtime_error);
  CHECK_THROWS_WITH_AS(tensor_of(NpyArray{"<u8", {3}, std::string(24, '\0')}, "W"),
                       "W: expected a 1-D or 2-D float array, got <u8 (3,)", std::runtime_error);
}

TEST_CASE("an .npy header is a padded Python dict and the data follows at a multiple of 64") {
  const std::string bytes = npy_bytes(to_npy(T({{1, 2, 3}, {4, 5, 6}})));
  CHECK(bytes.compare(0, 8, std::string("\x93NUMPY\x01\x00", 8)) == 0);
  const std::size_t header_length = static_cast<unsigned char>(bytes[8]) + 256u * static_cast<unsigned char>(bytes[9]);
  CHECK((10 + header_length) % 64 == 0);
  const std::string header = bytes.substr(10, header_length);
  CHECK(header.find("'fortran_order': False, 'shape': (2, 3), }") != std::string::npos);
  CHECK(header.back() == '\n');
  CHECK(bytes.size() == 10 + header_length + 6 * sizeof(real));
  CHECK(npy_bytes(to_npy(std::vector<std::uint64_t>{7})).find("'shape': (1,)") != std::string::npos);
}
