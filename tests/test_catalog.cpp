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
