// Tests of mytorch/data/dataset.hpp: one-hot targets, predicted classes and accuracy.

#include "mytorch/data/dataset.hpp"

#include <stdexcept>
#include <vector>

#include "test_util.hpp"

using mytorch::data::accuracy;
using mytorch::data::argmax_rows;
using mytorch::data::one_hot;
using test::T;
namespace data = mytorch::data;

TEST_CASE("one_hot puts a single 1 in each row at the label") {
  CHECK_TENSOR_CLOSE(one_hot({2, 0, 1, 2}, 3), T({{0, 0, 1}, {1, 0, 0}, {0, 1, 0}, {0, 0, 1}}), 0);
  CHECK_TENSOR_CLOSE(one_hot({0}, 1), T({{1}}), 0);
  CHECK(mytorch::shape_str(one_hot({}, 4)) == "(0, 4)");
  CHECK_THROWS_WITH_AS(one_hot({0, 3}, 3), "one_hot: label 3 of sample 1 is out of range for 3 classes",
                       std::invalid_argument);
}

TEST_CASE("argmax_rows picks each row's largest entry, the first one on a tie") {
  CHECK(argmax_rows(T({{0.1, 0.7, 0.2}, {5, -1, 4}, {-3, -2, -1}, {2, 2, 1}})) ==
        std::vector<std::size_t>{1, 0, 2, 0});
  CHECK(argmax_rows(T({{42}})) == std::vector<std::size_t>{0});
}

TEST_CASE("accuracy is the fraction of right predictions") {
  CHECK(accuracy({1, 0, 2, 2}, {1, 0, 2, 0}) == 0.75);
  CHECK(accuracy({1}, {1}) == 1.0);
  CHECK(accuracy({}, {}) == 0.0);
  CHECK_THROWS_WITH_AS(accuracy({1, 2}, {1, 2, 3}), "accuracy: 2 predictions for 3 labels",
                       std::invalid_argument);
}

TEST_CASE("a dataset reports its size and feature count") {
  mytorch::data::Dataset d;
  d.X = T({{1, 2, 3}, {4, 5, 6}});
  d.labels = {0, 1};
  d.num_classes = 2;
  CHECK(d.size() == 2);
  CHECK(d.features() == 3);
}

TEST_CASE("a dataset's fingerprint changes with any sample, label or row order, and only then") {
  mytorch::data::Dataset d;
  d.X = test::T({{1, 2}, {3, 4}});
  d.labels = {0, 1};
  d.num_classes = 2;
  const std::string f = mytorch::data::fingerprint(d);
  CHECK(f.size() == 16);
  CHECK(mytorch::data::fingerprint(d) == f);
  mytorch::data::Dataset other = d;
  other.X(1, 1) = 4.5;
  CHECK(mytorch::data::fingerprint(other) != f);
  other = d;
  other.labels = {1, 1};
  CHECK(mytorch::data::fingerprint(other) != f);
  other = d;
  other.X = test::T({{3, 4}, {1, 2}});
  other.labels = {1, 0};
  CHECK(mytorch::data::fingerprint(other) != f);
  other = d;
  other.num_classes = 3;
  CHECK(mytorch::data::fingerprint(other) != f);
}

TEST_CASE("class_counts counts each class, empty ones included") {
  data::Dataset d;
  d.labels = {0, 2, 2, 3};
  d.num_classes = 5;
  CHECK(data::class_counts(d) == std::vector<std::size_t>{1, 0, 2, 1, 0});
}

TEST_CASE("data of one class is refused: there is nothing to classify") {
  data::Dataset d;
  d.name = "csv:a.csv";
  d.labels = {1, 1, 1};
  d.num_classes = 2;
  CHECK_THROWS_WITH_AS(data::check_classes(d), "csv:a.csv has only one class (label 1): nothing to classify",
                       std::invalid_argument);
  d.num_classes = 1;
  d.labels = {0, 0};
  CHECK_THROWS_WITH_AS(data::check_classes(d), doctest::Contains("only one class (label 0)"), std::invalid_argument);
}

TEST_CASE("labels with gaps or starting at 1 give a warning naming the missing ones") {
  data::Dataset d;
  d.name = "csv:a.csv";
  d.labels = {0, 1, 2};
  d.num_classes = 3;
  CHECK(data::check_classes(d).empty());
  d.labels = {1, 2, 3};
  d.num_classes = 4;
  CHECK(data::check_classes(d) == "csv:a.csv: labels 0 … 3 make 4 classes, but no sample has label 0 (labels should "
                                  "start at 0): that class's output will never be trained");
  d.labels = {0, 3, 6};
  d.num_classes = 7;
  CHECK(data::check_classes(d) == "csv:a.csv: labels 0 … 6 make 7 classes, but no sample has label 1, 2, 4, 5: those "
                                  "classes' outputs will never be trained");
  d.labels = {0, 65535};
  d.num_classes = 65536;
  CHECK(data::check_classes(d).find("no sample has label 1, 2, 3, 4, 5, …, 65534 (65534 in all)") != std::string::npos);
}
