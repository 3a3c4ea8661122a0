// Tests of mytorch/train/run_config.hpp: what a resumed run keeps, as text for messages; the default threads.

#include "mytorch/train/run_config.hpp"

#include <cstdlib>
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

TEST_CASE("the default threads are OPENBLAS_NUM_THREADS when it holds a count, else the measured choice") {
  const char* before = std::getenv("OPENBLAS_NUM_THREADS");
  const std::string saved = before ? before : "";
  ::setenv("OPENBLAS_NUM_THREADS", "3", 1);
  CHECK(default_threads() == 3);
  ::unsetenv("OPENBLAS_NUM_THREADS");
  const std::size_t chosen = default_threads();
  CHECK(chosen == 1);
  for (const char* not_a_count : {"", "0", "two", "2x", "-1", "99999"}) {
    ::setenv("OPENBLAS_NUM_THREADS", not_a_count, 1);
    CHECK_MESSAGE(default_threads() == chosen, not_a_count);
  }
  if (before)
    ::setenv("OPENBLAS_NUM_THREADS", saved.c_str(), 1);
  else
    ::unsetenv("OPENBLAS_NUM_THREADS");
}
