// Tests of mytorch/data/csv.hpp: a well-formed file, and every malformed one gives one error naming
// the file and the line.

#include "mytorch/data/csv.hpp"

#include <stdexcept>

#include "scratch.hpp"
#include "test_util.hpp"

using mytorch::data::Dataset;
using mytorch::data::load_csv;
using mytorch::data::parse_csv;
using test::T;
namespace data = mytorch::data;

TEST_CASE("parse_csv reads features and labels, skipping comments, blank lines and CRs") {
  const Dataset d = parse_csv("# x1,x2,label\n0.5, 1.5,0\r\n\n-2,3e-1,2\n", "a.csv");
  CHECK_TENSOR_CLOSE(d.X, T({{0.5, 1.5}, {-2, 0.3}}), 1e-7);
  CHECK(d.labels == std::vector<std::size_t>{0, 2});
  CHECK(d.num_classes == 3);
  CHECK(parse_csv("1,0\n", "a.csv", 5).num_classes == 5);
}

TEST_CASE("load_csv reads a gzip-compressed file and names a missing one") {
  test::Scratch scratch("csv");
  CHECK(load_csv(scratch.write_gz("a.csv.gz", "1,2,1\n3,4,0\n")).size() == 2);
  CHECK_THROWS_WITH_AS(load_csv(scratch.path("missing.csv")),
                       doctest::Contains("missing.csv: cannot open: No such file"), std::runtime_error);
}

TEST_CASE("a ragged row names its line and both column counts") {
  CHECK_THROWS_WITH_AS(parse_csv("# header\n1,2,0\n3,4,1\n5,1\n", "a.csv"),
                       "a.csv:4: has 2 columns, line 2 has 3", std::runtime_error);
}

TEST_CASE("a field that is not a number names the line and the field") {
  CHECK_THROWS_WITH_AS(parse_csv("1,2,0\n3,abc,1\n", "a.csv"),
                       "a.csv:2: field 2 'abc' is not a number", std::runtime_error);
  CHECK_THROWS_WITH_AS(parse_csv("1,,0\n", "a.csv"), doctest::Contains("a.csv:1: field 2 '' is not a number"),
                       std::runtime_error);
  CHECK_THROWS_WITH_AS(parse_csv("1,2,0\n1,2 3,0\n", "a.csv"),
                       "a.csv:2: field 2 '2 3' is not a number", std::runtime_error);
}

TEST_CASE("a spreadsheet's first row of column names is skipped and handed back, and only the first") {
  std::string header;
  const Dataset d = parse_csv("x1,x2,label\n1,2,0\n3,4,1\n", "a.csv", 0, &header);
  CHECK(d.size() == 2);
  CHECK(header == "x1,x2,label");
  CHECK(parse_csv("# comment\n\nx1, x2 ,label\r\n1,2,0\n", "a.csv").size() == 1);  // after comments too
  CHECK_THROWS_WITH_AS(parse_csv("x1,x2,label\nx,y,z\n1,2,0\n", "a.csv"), "a.csv:2: field 1 'x' is not a number",
                       std::runtime_error);
  CHECK_THROWS_WITH_AS(parse_csv("1,2,0\nx1,x2,label\n", "a.csv"), "a.csv:2: field 1 'x1' is not a number",
                       std::runtime_error);
  CHECK_THROWS_WITH_AS(parse_csv("1,x,0\n", "a.csv"), "a.csv:1: field 2 'x' is not a number",
                       std::runtime_error);  // a row with numbers in it is data, with a typo
  CHECK_THROWS_WITH_AS(parse_csv("a,b,label\n", "a.csv"),
                       "a.csv: no samples (the file is empty or holds only comments and a header row)",
                       std::runtime_error);
}

TEST_CASE("a UTF-8 byte-order mark at the start of the file is skipped") {
  std::string header;
  CHECK(parse_csv("\xEF\xBB\xBF" "1,2,0\n3,4,1\n", "a.csv").size() == 2);
  CHECK(parse_csv("\xEF\xBB\xBF" "a,b,label\n1,2,0\n", "a.csv", 0, &header).size() == 1);
  CHECK(header == "a,b,label");
}

TEST_CASE("invisible characters are shown as \\x escapes, so the culprit never looks blank") {
  // a zero-width space after the number, a no-break space, a byte-order mark inside the file
  CHECK_THROWS_WITH_AS(parse_csv("1,2\xE2\x80\x8B,0\n", "a.csv"),
                       "a.csv:1: field 2 '2\\xE2\\x80\\x8B' is not a number", std::runtime_error);
  CHECK_THROWS_WITH_AS(parse_csv("1,\xC2\xA0" "2,0\n", "a.csv"),
                       "a.csv:1: field 2 '\\xC2\\xA0" "2' is not a number", std::runtime_error);
  CHECK_THROWS_WITH_AS(parse_csv("1,2,0\n\xEF\xBB\xBF" "3,4,0\n", "a.csv"),
                       "a.csv:2: field 1 '\\xEF\\xBB\\xBF" "3' is not a number", std::runtime_error);
  // visible letters of any script stay as they are; a byte that is not UTF-8 is escaped
  CHECK_THROWS_WITH_AS(parse_csv("1,größe,0\n", "a.csv"), "a.csv:1: field 2 'größe' is not a number",
                       std::runtime_error);
  CHECK_THROWS_WITH_AS(parse_csv("1,\xFF,0\n", "a.csv"), "a.csv:1: field 2 '\\xFF' is not a number",
                       std::runtime_error);
}

TEST_CASE("a number beyond the range of real is refused in a float32 build, with its line") {
#ifdef MYTORCH_FLOAT32
  CHECK_THROWS_WITH_AS(parse_csv("1,1e39,0\n", "a.csv"),
                       "a.csv:1: field 2 '1e39' is not a number this build can hold (float32: at most ±3.4e38)",
                       std::runtime_error);
#else
  CHECK(parse_csv("1,1e300,0\n", "a.csv").X(0, 1) == 1e300);
#endif
}

TEST_CASE("NaN and Inf fields are rejected with their line") {
  CHECK_THROWS_WITH_AS(parse_csv("1,2,0\nnan,2,0\n", "a.csv"), "a.csv:2: field 1 'nan' is not a number",
                       std::runtime_error);
  CHECK_THROWS_WITH_AS(parse_csv("1,-inf,0\n", "a.csv"), doctest::Contains("a.csv:1: field 2 '-inf'"),
                       std::runtime_error);
  CHECK_THROWS_WITH_AS(parse_csv("1,1e999,0\n", "a.csv"), doctest::Contains("a.csv:1: field 2 '1e999'"),
                       std::runtime_error);
}

TEST_CASE("an empty file or one with only comments has no samples") {
  CHECK_THROWS_WITH_AS(parse_csv("", "a.csv"),
                       "a.csv: no samples (the file is empty or holds only comments)", std::runtime_error);
  CHECK_THROWS_WITH_AS(parse_csv("# only a header\n\n  \n", "a.csv"), doctest::Contains("no samples"),
                       std::runtime_error);
}

TEST_CASE("a row with one column has no features") {
  CHECK_THROWS_WITH_AS(parse_csv("1\n", "a.csv"),
                       "a.csv:1: needs at least one feature and a label, got 1 column", std::runtime_error);
}

TEST_CASE("a label out of range or not an integer names its line") {
  CHECK_THROWS_WITH_AS(parse_csv("1,2,0\n3,4,3\n", "iris.csv", 3),
                       "iris.csv:2: label 3 (last column) is not a class index in [0, 3)",
                       std::runtime_error);
  CHECK_THROWS_WITH_AS(parse_csv("1,2,-1\n", "a.csv"), doctest::Contains("a.csv:1: label -1 "),
                       std::runtime_error);
  CHECK_THROWS_WITH_AS(parse_csv("1,2,0\n1,2,0\n1,2,1.5\n", "a.csv"),
                       doctest::Contains("a.csv:3: label 1.5 "), std::runtime_error);
}

TEST_CASE("an inferred class count is capped, so a stray huge label cannot ask for a huge one-hot") {
  CHECK_THROWS_WITH_AS(parse_csv("1,2,1e300\n", "a.csv"),
                       "a.csv:1: label 1e+300 (last column) is not a class index in [0, 65536)",
                       std::runtime_error);
  CHECK(parse_csv("1,2,65535\n", "a.csv").num_classes == 65536);
}

TEST_CASE("control bytes are escaped and long fields shortened in messages") {
  const std::string field = std::string("\x01\x02", 2) + std::string(100, 'z');
  CHECK_THROWS_WITH_AS(parse_csv("1,2,0\n1," + field + ",0\n", "a.csv"),
                       ("a.csv:2: field 2 '\\x01\\x02" + std::string(38, 'z') + "...' is not a number").c_str(),
                       std::runtime_error);
}

TEST_CASE("the shipped digits and iris files load with their documented sizes") {
  const data::Dataset digits = data::load_csv(std::string(MYTORCH_SOURCE_DIR) + "/data/digits.csv", 10);
  CHECK(digits.X.shape(0) == 1797);
  CHECK(digits.features() == 64);
  const data::Dataset iris = data::load_csv(std::string(MYTORCH_SOURCE_DIR) + "/data/iris.csv", 3);
  CHECK(iris.X.shape(0) == 150);
  CHECK(iris.features() == 4);
}
