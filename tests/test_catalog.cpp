// Tests of mytorch/data/catalog.hpp: the datasets the programs know by name.

#include "mytorch/data/catalog.hpp"

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
