// Tests of mytorch/data/catalog.hpp: the datasets the programs know by name.

#include "mytorch/data/catalog.hpp"

#include <cstdlib>
#include <filesystem>

#include "scratch.hpp"
#include "test_util.hpp"

using namespace mytorch::data;

TEST_CASE("fashion-mnist and iris name their classes in label order, the others are numbered") {
  const std::vector<std::string> fashion = class_names("fashion-mnist");
  REQUIRE(fashion.size() == 10);
  CHECK(fashion[0] == "T-shirt/top");
  CHECK(fashion[6] == "shirt");
  CHECK(fashion[9] == "ankle boot");
  CHECK(class_names("iris") == std::vector<std::string>{"setosa", "versicolor", "virginica"});
  CHECK(class_names("digits").empty());
  CHECK(class_names("spiral").empty());
}

TEST_CASE("only the generated 2-D datasets count as toys") {
  for (const char* toy : {"spiral", "moons", "circles", "xor", "blobs"}) CHECK_MESSAGE(is_toy(toy), toy);
  CHECK_FALSE(is_toy("digits"));
  CHECK_FALSE(is_toy("csv:spiral"));
}

TEST_CASE("the shipped datasets are found beside the program's bin/ folder, or where MYTORCH_DATA_DIR says") {
  // This test program runs from the build tree's bin/, which has share/mytorch/data beside it.
  const std::filesystem::path beside = std::filesystem::path(MYTORCH_BIN_DIR).parent_path() / "share/mytorch/data";
  CHECK(std::filesystem::equivalent(shipped_data_dir(), beside));
  CHECK(default_data_dir("iris") == shipped_data_dir());
  CHECK(default_data_dir("spiral").empty());

  test::Scratch scratch("catalog");
  scratch.write("iris.csv", "1,2,3,4,0\n2,3,4,5,1\n3,4,5,6,0\n4,5,6,7,1\n5,6,7,8,0\n6,7,8,9,1\n");
  ::setenv("MYTORCH_DATA_DIR", scratch.dir().c_str(), 1);
  const std::string chosen = shipped_data_dir();
  mytorch::manual_seed(0);
  const Splits s = load_splits("iris", "", 0);
  ::unsetenv("MYTORCH_DATA_DIR");
  CHECK(chosen == scratch.dir().string());
  CHECK(s.train.size() + s.test.size() == 6);
}

TEST_CASE("the shape known before loading is the shape loaded") {
  for (const char* name : {"spiral", "moons", "circles", "xor", "blobs", "digits", "iris"}) {
    INFO(name);
    const auto shape = known_shape(name);
    REQUIRE(shape.has_value());
    mytorch::manual_seed(0);
    const Splits s = load_splits(name, "", 0.1);
    CHECK(s.train.size() + s.val.size() + s.test.size() == shape->samples);
    CHECK(s.train.features() == shape->features);
    CHECK(s.train.num_classes == shape->classes);
  }
  CHECK(known_shape("fashion-mnist")->samples == 70000);
  CHECK_FALSE(known_shape("csv:a.csv").has_value());
}

TEST_CASE("a CSV's skipped header row and labels without samples come back as notes") {
  test::Scratch scratch("catalog");
  std::string rows = "\xEF\xBB\xBF" "x1,x2,label\n";
  for (int i = 0; i < 10; ++i) rows += std::to_string(i) + "," + std::to_string(i % 3) + "," + std::to_string(1 + i % 2) + "\n";
  const std::string name = "csv:" + scratch.write("a.csv", rows);
  mytorch::manual_seed(0);
  const Splits s = load_splits(name, "", 0.1);
  CHECK(s.notes == std::vector<std::string>{
                       name + ": skipped the header row x1,x2,label",
                       name + ": labels 0 … 2 make 3 classes, but no sample has label 0 (labels should start at "
                              "0): that class's output will never be trained"});
}

TEST_CASE("data of one class or too few samples to split is refused, naming the dataset") {
  test::Scratch scratch("catalog");
  const std::string one = "csv:" + scratch.write("one.csv", "1,2,0\n3,4,0\n5,6,0\n");
  CHECK_THROWS_WITH_AS(load_splits(one, "", 0.1), (one + " has only one class (label 0): nothing to classify").c_str(),
                       std::invalid_argument);
  const std::string two = "csv:" + scratch.write("two.csv", "1,2,0\n3,4,1\n");
  CHECK_THROWS_WITH_AS(load_splits(two, "", 0.1), doctest::Contains((two + ": 2 samples are too few").c_str()),
                       std::invalid_argument);
}
