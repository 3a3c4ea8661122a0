// Tests of mytorch/data/catalog.hpp: the datasets the programs know by name.

#include "mytorch/data/catalog.hpp"

#include <cstdlib>
#include <filesystem>

#include "mytorch/data/toy.hpp"
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

TEST_CASE("a generated dataset's name carries its settings, and the plain name keeps the demo's data") {
  const ToySettings s = parse_toy("spiral:classes=5,noise=0.3,points=200");
  CHECK(s.kind == "spiral");
  CHECK(s.points == 200);
  CHECK(s.classes == 5);
  CHECK(s.noise == 0.3);
  const ToySettings plain = parse_toy("spiral");
  CHECK(plain.points == 1000);
  CHECK(plain.classes == 3);
  CHECK(plain.noise == 0.2);
  CHECK(parse_toy("circles:factor=0.25").factor == 0.25);
  CHECK(parse_toy("blobs:classes=2").classes == 2);
  CHECK(parse_toy("moons").classes == 2);
  for (const char* toy : {"spiral:points=50", "moons:noise=0.5", "xor:points=7"}) CHECK_MESSAGE(is_toy(toy), toy);
}

TEST_CASE("toy_name writes the shortest name that parse_toy reads back exactly") {
  CHECK(toy_name(parse_toy("spiral")) == "spiral");
  CHECK(toy_name(parse_toy("spiral:points=1000")) == "spiral");
  CHECK(toy_name(parse_toy("spiral:noise=0.3,classes=5,points=200")) == "spiral:points=200,classes=5,noise=0.3");
  ToySettings s = parse_toy("moons");
  s.noise = 0.1 + 0.2;  // 0.30000000000000004: every digit is needed
  CHECK(toy_name(s) == "moons:noise=0.30000000000000004");
  CHECK(parse_toy(toy_name(s)).noise == s.noise);
  s.noise = 0;
  CHECK(toy_name(s) == "moons:noise=0");
}

TEST_CASE("load_splits regenerates a toy from its name with the settings it gives") {
  mytorch::manual_seed(4);
  const Splits named = load_splits("spiral:points=40,classes=4,noise=0.05", "", 0.1);
  mytorch::manual_seed(4);
  const Splits direct = split(make_spiral(40, 4, 0.05), 0.1, 0.2);
  CHECK(named.train.num_classes == 4);
  CHECK(named.test.name == "spiral:points=40,classes=4,noise=0.05");
  CHECK(fingerprint(named.train) == fingerprint(direct.train));
  CHECK(fingerprint(named.test) == fingerprint(direct.test));
  // the plain names generate what they always did
  mytorch::manual_seed(1);
  const std::string plain = fingerprint(load_splits("spiral", "", 0.1).test);
  mytorch::manual_seed(1);
  CHECK(fingerprint(split(make_spiral(1000), 0.1, 0.2).test) == plain);
  mytorch::manual_seed(1);
  const std::string moons = fingerprint(load_splits("moons", "", 0.1).test);
  mytorch::manual_seed(1);
  CHECK(fingerprint(split(make_moons(), 0.1, 0.2).test) == moons);
  mytorch::manual_seed(1);
  CHECK(fingerprint(load_splits("moons:points=500,noise=0.1", "", 0.1).test) == moons);
}

TEST_CASE("a bad dataset name says what is wrong with it") {
  const auto message = [](const std::string& name) {
    try {
      check_dataset_name(name);
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  CHECK(message("spiral:classes=5,noise=0.3,points=200") == "accepted");
  CHECK(message("digits") == "accepted");
  CHECK(message("csv:points.csv") == "accepted");
  CHECK(message("nope").find("unknown dataset 'nope' (known: spiral,") == 0);
  CHECK(message("digits:points=3").find("unknown dataset") == 0);
  CHECK(message("csv:").find("csv: needs the file's path") == 0);
  CHECK(message("moons:classes=3") ==
        "moons:classes=3: 'classes=3' is not a setting of moons (it has: points, noise; e.g. moons:points=200)");
  CHECK(message("spiral:points=1") == "spiral:points=1: points '1' is not a whole number from 2 to 1000000");
  CHECK(message("spiral:points=2x").find("is not a whole number") != std::string::npos);
  CHECK(message("spiral:classes=1001").find("from 2 to 1000") != std::string::npos);
  CHECK(message("spiral:noise=nan") == "spiral:noise=nan: noise 'nan' is not a finite number");
  CHECK(message("spiral:noise=-1") == "spiral:noise=-1: noise must be ≥ 0");
  CHECK(message("circles:factor=1") == "circles:factor=1: factor must lie in (0, 1)");
  CHECK(message("spiral:noise=1,noise=2") == "spiral:noise=1,noise=2: noise is given twice");
  CHECK(message("spiral:").find("settings after ':' are missing") != std::string::npos);
  CHECK(message("spiral:points=20,").find("end with a comma") != std::string::npos);
  CHECK(message("spiral:points").find("points '' is not a whole number") != std::string::npos);
  CHECK_THROWS_WITH_AS(load_splits("moons:noise=x", "", 0.1), "moons:noise=x: noise 'x' is not a finite number",
                       std::invalid_argument);
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
