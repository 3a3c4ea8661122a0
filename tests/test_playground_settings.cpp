// Tests of apps/playground/settings.hpp: a playground's setup as URL parameters, checked.

#include "settings.hpp"

#include "test_util.hpp"

using namespace mytorch::playground;

namespace {
/// The message parse_settings refuses params with, or "accepted".
std::string refusal(const Params& params, const Limits& limits = {}) {
  try {
    parse_settings(params, limits);
  } catch (const BadRequest& e) {
    return e.what();
  }
  return "accepted";
}
}  // namespace

TEST_CASE("no parameters is the default setup, and its URL lists every setting") {
  const Settings s = parse_settings({}, {});
  CHECK(s.dataset == "spiral");
  CHECK(s.hidden == std::vector<std::size_t>{16, 16});
  CHECK(to_query(s) ==
        "dataset=spiral&hidden=16,16&activation=tanh&batchnorm=false&dropout=0&optimizer=adam&lr=0.01&momentum=0.9"
        "&weight-decay=0.01&batch-size=32&seed=0&steps-per-second=100");
  CHECK(train_command(s) == "mytorch-train --dataset spiral --hidden 16,16 --activation tanh --optimizer adam "
                            "--lr 0.01 --batch-size 32 --seed 0 --val-split 0");
}

TEST_CASE("every setting is read under mytorch-train's flag name, and the URL gives it back") {
  const Params params = {{"dataset", "spiral:noise=0.3,classes=5,points=200"}, {"hidden", "8,4,2"},
                         {"activation", "relu"}, {"batchnorm", "true"}, {"dropout", "0.2"}, {"optimizer", "sgd"},
                         {"lr", "0.03"}, {"momentum", "0.5"}, {"weight-decay", "0.1"}, {"batch-size", "64"},
                         {"seed", "18446744073709551615"}, {"steps-per-second", "1000"}};
  const Settings s = parse_settings(params, {});
  CHECK(s.dataset == "spiral:points=200,classes=5,noise=0.3");  // shortest, in a fixed order
  CHECK(s.hidden == std::vector<std::size_t>{8, 4, 2});
  CHECK(s.activation == "relu");
  CHECK(s.batchnorm);
  CHECK(s.dropout == 0.2);
  CHECK(s.optimizer == "sgd");
  CHECK(s.lr == 0.03);
  CHECK(s.momentum == 0.5);
  CHECK(s.weight_decay == 0.1);
  CHECK(s.batch_size == 64);
  CHECK(s.seed == UINT64_MAX);
  CHECK(s.steps_per_second == 1000);
  CHECK(to_query(s) == "dataset=spiral:points=200,classes=5,noise=0.3&hidden=8,4,2&activation=relu&batchnorm=true"
                       "&dropout=0.2&optimizer=sgd&lr=0.03&momentum=0.5&weight-decay=0.1&batch-size=64"
                       "&seed=18446744073709551615&steps-per-second=1000");
  CHECK(train_command(s) == "mytorch-train --dataset spiral:points=200,classes=5,noise=0.3 --hidden 8,4,2 "
                            "--activation relu --batchnorm --dropout 0.2 --optimizer sgd --lr 0.03 --momentum 0.5 "
                            "--batch-size 64 --seed 18446744073709551615 --val-split 0");
  CHECK(parse_settings({{"hidden", ""}}, {}).hidden.empty());  // a linear classifier
  CHECK(parse_settings({{"id", "x"}}, {}, {"id"}).dataset == "spiral");
}

TEST_CASE("a bad setting is refused with a message that names it and says why") {
  CHECK(refusal({{"lr", "0.1"}}) == "accepted");
  CHECK(refusal({{"nope", "1"}}).find("unknown setting 'nope' (known: dataset, hidden,") == 0);
  CHECK(refusal({{"lr", "0.1"}, {"lr", "0.2"}}) == "lr: given 2 times");
  CHECK(refusal({{"lr", "0"}}) == "lr: '0' is not in (0, 10]");
  CHECK(refusal({{"lr", "abc"}}) == "lr: 'abc' is not a finite number");
  CHECK(refusal({{"lr", "nan"}}) == "lr: 'nan' is not a finite number");
  CHECK(refusal({{"lr", "1e400"}}) == "lr: '1e400' is not a finite number");
  CHECK(refusal({{"lr", "0.1x"}}) == "lr: '0.1x' is not a finite number");
  CHECK(refusal({{"momentum", "1"}}) == "momentum: '1' is not in [0, 0.999]");
  CHECK(refusal({{"dropout", "0.95"}}) == "dropout: '0.95' is not in [0, 0.9]");
  CHECK(refusal({{"batch-size", "0"}}) == "batch-size: '0' is not a whole number from 1 to 1024");
  CHECK(refusal({{"batch-size", "-3"}}) == "batch-size: '-3' is not a whole number from 1 to 1024");
  CHECK(refusal({{"seed", "99999999999999999999"}}).find("seed: '99999999999999999999' is not a whole number") == 0);
  CHECK(refusal({{"steps-per-second", "5001"}}) == "steps-per-second: '5001' is not a whole number from 1 to 5000");
  CHECK(refusal({{"batchnorm", "yes"}}) == "batchnorm: 'yes' is not true or false");
  CHECK(refusal({{"activation", "Tanh"}}).find("activation: 'Tanh' is not one of identity, sigmoid, tanh") == 0);
  CHECK(refusal({{"optimizer", "rmsprop"}}) == "optimizer: 'rmsprop' is not one of sgd, adam, adamw");
  CHECK(refusal({{"hidden", "16,"}}) == "hidden: '16,' ends with a comma");
  CHECK(refusal({{"hidden", "16,0"}}) == "hidden: '0' is not a whole number from 1 to 128");
  CHECK(refusal({{"hidden", "16,x"}}) == "hidden: 'x' is not a whole number from 1 to 128");
  CHECK(refusal({{"dataset", "digits"}}).find("dataset: 'digits' is not one the playground draws") == 0);
  CHECK(refusal({{"dataset", "moons:classes=3"}}).find("dataset: moons:classes=3: 'classes=3' is not a setting") == 0);
}

TEST_CASE("the limits bound the network, the data and the speed") {
  CHECK(refusal({{"hidden", "64,64,64,64,64,64"}}) == "accepted");  // the 6 × 64, and more
  CHECK(refusal({{"hidden", "128,128,128,128,128,128,128,128"}}) == "accepted");
  CHECK(refusal({{"hidden", "1,1,1,1,1,1,1,1,1"}}) == "hidden: '1,1,1,1,1,1,1,1,1' has 9 layers, at most 8 are allowed");
  CHECK(refusal({{"hidden", "129"}}) == "hidden: '129' is not a whole number from 1 to 128");
  CHECK(refusal({{"dataset", "spiral:classes=11"}}) == "dataset: 'spiral:classes=11' has 11 classes, at most 10 are allowed");
  CHECK(refusal({{"dataset", "blobs:points=2001,classes=5"}}) ==
        "dataset: 'blobs:points=2001,classes=5' has 10005 points, at most 10000 are allowed");
  Limits small;
  small.max_layers = 2;
  small.max_width = 8;
  CHECK(refusal({{"hidden", "8,8"}}, small) == "accepted");
  CHECK(refusal({{"hidden", "16"}}, small) == "hidden: '16' is not a whole number from 1 to 8");
}

TEST_CASE("an uploaded file is named csv:NAME, with a plain file name only") {
  CHECK(csv_dataset("points.csv") == "csv:points.csv");
  CHECK(parse_settings({{"dataset", "csv:my-data_1.csv.gz"}}, {}).dataset == "csv:my-data_1.csv.gz");
  for (const char* name : {"", "../etc/passwd", "a/b.csv", ".hidden", "a b.csv", "x%00.csv"}) {
    INFO(name);
    CHECK_THROWS_WITH_AS(csv_dataset(name), doctest::Contains("is not csv:NAME with a plain file name"), BadRequest);
  }
  CHECK_THROWS_AS(csv_dataset(std::string(101, 'a')), BadRequest);
}

TEST_CASE("a checkpoint's settings come back as the playground's, unless it cannot show the model") {
  Settings s = parse_settings({{"dataset", "moons:noise=0.3"}, {"hidden", "8"}, {"optimizer", "adamw"}}, {});
  const mytorch::train::RunConfig c = run_config(s);
  CHECK(c.val_split == 0);
  CHECK(c.hidden == std::vector<std::size_t>{8});
  CHECK(to_query(settings_of(c, {})) == to_query(s));
  mytorch::train::RunConfig with_validation = c;
  with_validation.val_split = 0.1;
  CHECK_THROWS_WITH_AS(settings_of(with_validation, {}), doctest::Contains("train it with --val-split 0"), BadRequest);
  mytorch::train::RunConfig digits = c;
  digits.dataset = "digits";
  CHECK_THROWS_WITH_AS(settings_of(digits, {}), doctest::Contains("is not one the playground draws"), BadRequest);
  mytorch::train::RunConfig wide = c;
  wide.hidden = {256};
  CHECK_THROWS_WITH_AS(settings_of(wide, {}), "hidden: '256' is not a whole number from 1 to 128", BadRequest);
}
