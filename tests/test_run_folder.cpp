// Tests of mytorch/train/run_folder.hpp: a run's folder is made, locked, kept from overwriting
// another run, and left behind only if something was written into it.

#include "mytorch/train/run_folder.hpp"

#include <filesystem>

#include "scratch.hpp"
#include "test_util.hpp"

using namespace mytorch::train;
namespace fs = std::filesystem;

TEST_CASE("a run folder is created with its parents, and removed again if nothing was written into it") {
  test::Scratch scratch("run_folder");
  const std::string dir = scratch.path("runs/a");
  {
    const RunFolder folder(dir, {});
    CHECK(fs::is_directory(dir));
    CHECK(fs::exists(dir + "/.lock"));
  }
  CHECK_FALSE(fs::exists(scratch.path("runs")));  // both folders it made, empty: gone
  {
    const RunFolder folder(dir, {});
    scratch.write("runs/a/metrics.csv", "epoch\n");
  }
  CHECK(fs::exists(dir + "/metrics.csv"));  // a folder with a run's output stays
  CHECK_FALSE(fs::exists(dir + "/.lock"));
}

TEST_CASE("a folder that holds a run is refused unless it is overwritten or the run is continued") {
  test::Scratch scratch("run_folder");
  const std::string dir = scratch.dir().string();
  scratch.write("model.npz", "old model");
  scratch.write("loss.png", "old plot");
  scratch.write("notes.txt", "the user's own file");
  CHECK_THROWS_WITH_AS(RunFolder(dir, {}), ("output folder " + dir + " holds a run already (model.npz)").c_str(),
                       FolderHoldsRun);
  CHECK(fs::exists(dir + "/model.npz"));
  { const RunFolder continued(dir, {false, scratch.path("model.npz")}); }  // resuming that very run
  CHECK(scratch.read("model.npz") == "old model");
  scratch.write("other.npz", "another checkpoint");
  CHECK_THROWS_AS(RunFolder(dir, {false, scratch.path("other.npz")}), FolderHoldsRun);
  { const RunFolder replaced(dir, {true, ""}); }
  CHECK_FALSE(fs::exists(dir + "/model.npz"));  // the old run's outputs are gone: no stale plot beside a new model
  CHECK_FALSE(fs::exists(dir + "/loss.png"));
  CHECK(fs::exists(dir + "/notes.txt"));  // what is not a run's output stays
}

TEST_CASE("a second run on the same folder stops at once, naming the first one's pid") {
  test::Scratch scratch("run_folder");
  const std::string dir = scratch.path("run");
  const RunFolder first(dir, {});
  CHECK_THROWS_WITH_AS(RunFolder(dir, {}),
                       ("run folder " + dir + " is in use by another training run (pid " + std::to_string(::getpid()) +
                        ")").c_str(),
                       mytorch::io::FolderInUse);
  CHECK(fs::is_directory(dir));  // the refused second run removed nothing of the first's
}

TEST_CASE("the names of a run's outputs cover the checkpoint, the metrics and every plot file") {
  const std::vector<std::string> names = run_output_names();
  for (const char* name : {"model.npz", "metrics.csv", "loss.png", "boundary_grid.dat", "confusion.gp"})
    CHECK_MESSAGE(std::find(names.begin(), names.end(), name) != names.end(), name);
}
