// Tests of mytorch/train/run_config.hpp: what a resumed run keeps, as text for messages.

#include "mytorch/train/run_config.hpp"

#include <string>

#include "test_util.hpp"

using namespace mytorch::train;

TEST_CASE("the settings a resume keeps are listed by name with their values as text") {
  RunConfig c;
  c.hidden = {16, 8};
  c.batchnorm = true;
  c.dropout = 0.25;
  c.options.momentum = 0.5;
  c.lr_schedule = "cosine";
  c.seed = 7;
  const auto kept = kept_on_resume(c);
  const auto value = [&](const std::string& name) {
    for (const auto& [setting, text] : kept)
      if (setting == name) return text;
    return std::string("(missing)");
  };
  CHECK(value("hidden") == "16,8");
  CHECK(value("batchnorm") == "on");
  CHECK(value("dropout") == "0.25");
  CHECK(value("momentum") == "0.5");
  CHECK(value("lr_schedule") == "cosine");
  CHECK(value("seed") == "7");
  CHECK(value("dataset") == "spiral");
  // what a resume may change is not among them
  for (const char* free : {"epochs", "lr", "out_dir", "data_dir", "plots", "save_every", "max_memory", "threads"})
    CHECK_MESSAGE(value(free) == "(missing)", free);
}
