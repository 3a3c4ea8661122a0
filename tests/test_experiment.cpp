// Tests of mytorch/train/experiment.hpp: whole runs are repeatable, resume continues exactly (also
// from a run stopped inside an epoch), a saved model evaluates to the accuracy the run reported, and
// divergence, unwritable output folders and bad checkpoints end in clear errors.

#include "mytorch/train/experiment.hpp"

#include <chrono>
#include <cmath>
#include <filesystem>
#include <functional>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "mytorch/linalg.hpp"
#include "mytorch/models/mlp.hpp"
#include "mytorch/train/checkpoint.hpp"
#include "mytorch/train/memory.hpp"
#include "mytorch/train/run_folder.hpp"
#include "mytorch/train/run_record.hpp"
#include "scratch.hpp"
#include "test_util.hpp"

using namespace mytorch;
using namespace mytorch::train;
using namespace mytorch::io;

namespace {
RunConfig small_run(const std::string& name, std::size_t epochs) {
  RunConfig c;
  c.dataset = "moons";
  c.hidden = {16};
  c.epochs = epochs;
  c.seed = 3;
  c.plots = false;
  c.progress = Progress::Style::quiet;
  c.out_dir = (std::filesystem::temp_directory_path() / ("mytorch_test_" + name)).string();
  std::filesystem::remove_all(c.out_dir);
  return c;
}

std::string read(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

/// metrics.csv without the seconds column (timings differ run to run).
std::string metrics_without_time(const std::string& dir) {
  std::stringstream in(read(dir + "/metrics.csv")), out;
  for (std::string line; std::getline(in, line);) out << line.substr(0, line.rfind(',')) << "\n";
  return out.str();
}
}  // namespace

TEST_CASE("the same seed and settings give identical metrics, run after run") {
  std::ostringstream quiet;
  const RunResult a = run(small_run("det_a", 3), quiet);
  const RunResult b = run(small_run("det_b", 3), quiet);
  CHECK(a.test_loss == b.test_loss);
  CHECK(a.last.train_loss == b.last.train_loss);
  CHECK(metrics_without_time(a.out_dir) == metrics_without_time(b.out_dir));
  RunConfig other = small_run("det_c", 3);
  other.seed = 4;
  CHECK(run(other, quiet).test_loss != a.test_loss);
}

TEST_CASE("a run resumed from its checkpoint ends exactly where an uninterrupted run ends") {
  std::ostringstream quiet;
  const RunResult whole = run(small_run("whole", 4), quiet);
  const RunResult half = run(small_run("half", 2), quiet);
  RunConfig rest = small_run("rest", 4);
  rest.resume = half.checkpoint;
  rest.seed = 12345;  // ignored: the checkpoint's settings win
  const RunResult resumed = run(rest, quiet);
  CHECK(resumed.test_loss == whole.test_loss);
  CHECK(resumed.last.val_loss == whole.last.val_loss);
  CHECK(metrics_without_time(resumed.out_dir) == metrics_without_time(whole.out_dir));
}

TEST_CASE("a checkpoint read once by the caller is resumed and evaluated without reading the file again") {
  std::ostringstream quiet;
  const RunResult whole = run(small_run("read_once_whole", 4), quiet);
  const RunResult half = run(small_run("read_once_half", 2), quiet);
  const Checkpoint saved = load_checkpoint(half.checkpoint);
  std::filesystem::remove(half.checkpoint);  // what a FIFO is after one read: nothing more to read
  const EvalResult e = evaluate_checkpoint(saved, half.checkpoint, "", "");
  CHECK(e.test_accuracy == doctest::Approx(half.test_accuracy));
  RunConfig rest = small_run("read_once_rest", 4);
  rest.resume = half.checkpoint;
  const RunResult resumed = run(rest, saved, quiet, quiet);
  CHECK(resumed.test_loss == whole.test_loss);
  CHECK(metrics_without_time(resumed.out_dir) == metrics_without_time(whole.out_dir));
}

TEST_CASE("a saved model evaluates to the test accuracy its run reported") {
  std::ostringstream quiet;
  const RunResult r = run(small_run("eval", 3), quiet);
  const EvalResult e = evaluate_checkpoint(r.checkpoint, "", "");
  CHECK(e.dataset == "moons");
  CHECK(e.test_accuracy == doctest::Approx(r.test_accuracy));
  CHECK(e.test_loss == doctest::Approx(r.test_loss));
  CHECK(e.confusion.accuracy() == doctest::Approx(r.test_accuracy));
  const auto j = nlohmann::json::parse(to_json(e));
  CHECK(j.at("confusion_matrix").size() == 2);
}

TEST_CASE("the JSON summary has every field the programs promise") {
  std::ostringstream quiet;
  const auto j = nlohmann::json::parse(to_json(run(small_run("json", 1), quiet)));
  for (const char* key : {"dataset", "epochs", "train_loss", "train_accuracy", "test_loss", "test_accuracy",
                          "seconds", "samples_per_second", "threads", "checkpoint"})
    CHECK_MESSAGE(j.contains(key), key);
  CHECK(j.at("epochs") == 1);
}

TEST_CASE("bad settings fail with a message naming them") {
  std::ostringstream quiet;
  RunConfig c = small_run("bad", 1);
  c.dataset = "nope";
  CHECK_THROWS_WITH_AS(run(c, quiet), doctest::Contains("unknown dataset 'nope'"), std::invalid_argument);
  c = small_run("bad", 1);
  c.optimizer = "rmsprop";
  CHECK_THROWS_WITH_AS(run(c, quiet), doctest::Contains("rmsprop"), std::invalid_argument);
  c = small_run("bad", 1);
  c.dataset = "fashion-mnist";
  c.data_dir = "/nonexistent";
  CHECK_THROWS_WITH_AS(run(c, quiet), doctest::Contains("dataset-fashion-mnist"), std::runtime_error);
}

TEST_CASE("a cosine-schedule run differs from a constant-rate one and a resumed run keeps its schedule") {
  std::ostringstream quiet;
  RunConfig cosine = small_run("cosine", 2);
  cosine.lr_schedule = "cosine";
  const RunResult first = run(cosine, quiet);
  CHECK(first.test_loss != run(small_run("constant", 2), quiet).test_loss);
  RunConfig rest = small_run("cosine_rest", 3);
  rest.resume = first.checkpoint;
  rest.lr_schedule = "constant";  // ignored: the checkpoint's settings win
  const RunResult resumed = run(rest, quiet);
  const auto architecture = nlohmann::json::parse(load_checkpoint(resumed.checkpoint).architecture);
  CHECK(architecture.at("lr_schedule") == "cosine");
}

TEST_CASE("a run that names no schedule gets its model's: constant for an mlp, cosine for a cnn") {
  std::ostringstream quiet;
  const auto schedule_of = [](const RunResult& r) {
    return nlohmann::json::parse(load_checkpoint(r.checkpoint).architecture).at("lr_schedule");
  };
  CHECK(schedule_of(run(small_run("schedule_mlp", 1), quiet)) == "constant");
  RunConfig cnn = small_run("schedule_cnn", 1);
  cnn.dataset = "digits";
  cnn.model = "cnn";
  cnn.conv = {2};
  cnn.hidden = {8};
  CHECK(schedule_of(run(cnn, quiet)) == "cosine");
}

TEST_CASE("evaluating on another dataset fails unless it yields the run's own test split") {
  std::ostringstream quiet;
  const RunResult r = run(small_run("eval_other", 1), quiet);  // moons: 2 features, 2 classes
  // xor also has 2 features and 2 classes, but not the samples the run held out.
  CHECK_THROWS_WITH_AS(evaluate_checkpoint(r.checkpoint, "xor", ""),
                       doctest::Contains("the test split of 'xor' (200 samples) is not the one"), std::runtime_error);
  CHECK_THROWS_WITH_AS(evaluate_checkpoint(r.checkpoint, "iris", ""),
                       doctest::Contains("takes 2 features and 2 classes (trained on 'moons'), but 'iris' has 4 "
                                         "features and 3 classes"),
                       std::runtime_error);
}

TEST_CASE("a model trained on a CSV file evaluates on an identical copy and refuses an altered one") {
  const std::string dir = small_run("eval_csv", 1).out_dir;
  std::filesystem::create_directories(dir);
  const auto rows = [](double shift) {
    std::string text;
    for (int i = 0; i < 40; ++i)
      text += std::to_string(i % 7 - 3 + shift) + "," + std::to_string(i % 5) + "," + std::to_string(i % 2) + "\n";
    return text;
  };
  std::ofstream(dir + "/a.csv") << rows(0);
  std::ofstream(dir + "/copy.csv") << rows(0);
  std::ofstream(dir + "/altered.csv") << rows(0.5);  // every sample moved: the test split differs
  RunConfig c = small_run("eval_csv_run", 1);
  c.dataset = "csv:" + dir + "/a.csv";
  std::ostringstream quiet;
  const RunResult r = run(c, quiet);
  const EvalResult copy = evaluate_checkpoint(r.checkpoint, "csv:" + dir + "/copy.csv", "");
  CHECK(copy.test_accuracy == doctest::Approx(r.test_accuracy));
  CHECK(copy.test_loss == doctest::Approx(r.test_loss));
  CHECK_THROWS_WITH_AS(evaluate_checkpoint(r.checkpoint, "csv:" + dir + "/altered.csv", ""),
                       doctest::Contains("is not the one"), std::runtime_error);
}

TEST_CASE("a run stopped inside an epoch saves where it stands and resumes to the uninterrupted result") {
  std::ostringstream quiet;
  const RunResult whole = run(small_run("stop_whole", 3), quiet);
  RunConfig first = small_run("stop_first", 3);
  std::size_t asked = 0;
  first.stop = [&] { return ++asked > 40; };  // inside epoch 2 (about 23 steps per epoch)
  const RunResult stopped = run(first, quiet);
  CHECK(stopped.interrupted);
  CHECK(stopped.stopped_at.find("epoch 2, step") == 0);
  CHECK(std::isnan(stopped.test_loss));
  const Checkpoint saved = load_checkpoint(stopped.checkpoint);
  CHECK(saved.epoch == 1);
  CHECK(saved.unfinished.steps > 0);

  RunConfig rest = small_run("stop_rest", 3);
  rest.resume = stopped.checkpoint;
  const RunResult resumed = run(rest, quiet);
  CHECK_FALSE(resumed.interrupted);
  CHECK(resumed.test_loss == whole.test_loss);
  CHECK(metrics_without_time(resumed.out_dir) == metrics_without_time(whole.out_dir));
  CHECK(load_checkpoint(resumed.checkpoint).unfinished.order.empty());
}

TEST_CASE("model.npz is saved every save_every epochs and after the last, or only after the last with 0") {
  for (const std::size_t every : {std::size_t{2}, std::size_t{0}}) {
    std::ostringstream quiet;
    RunConfig c = small_run("save_every", 5);
    c.save_every = every;
    std::vector<std::size_t> saved_epochs;  // the checkpoint's epoch each time a step starts
    const std::string path = c.out_dir + "/model.npz";
    c.stop = [&] {
      if (std::filesystem::exists(path)) {
        const std::size_t e = load_checkpoint(path).epoch;
        if (saved_epochs.empty() || saved_epochs.back() != e) saved_epochs.push_back(e);
      }
      return false;
    };
    run(c, quiet);
    CHECK(saved_epochs == (every == 2 ? std::vector<std::size_t>{2, 4} : std::vector<std::size_t>{}));
    CHECK(load_checkpoint(path).epoch == 5);
  }
}

TEST_CASE("a diverging run stops with advice and keeps the checkpoint of its last good epoch") {
  std::ostringstream quiet;
  RunConfig c = small_run("diverge", 30);
  c.options.lr = 1000;  // blows up in epoch 3 (in float64)
  std::string message;
  try {
    run(c, quiet);
  } catch (const Diverged& e) {
    message = e.what();
  }
  INFO(message);
  CHECK(message.find("the learning rate 1000 is too large: try 0.1 (the usual one) or 0.01;") != std::string::npos);
#ifdef MYTORCH_FLOAT32
  // float32 overflows already in epoch 1: no good epoch exists, and the message must say so.
  CHECK(message.find("in epoch 1 ") != std::string::npos);
  CHECK(message.find("no checkpoint was saved before it") != std::string::npos);
  return;
#endif
  CHECK(message.find("the last good checkpoint " + c.out_dir + "/model.npz (epoch ") != std::string::npos);
  const Checkpoint kept = load_checkpoint(c.out_dir + "/model.npz");
  CHECK(kept.epoch >= 1);
  CHECK(message.find("diverged (loss or weights became NaN/Inf) in epoch " + std::to_string(kept.epoch + 1)) !=
        std::string::npos);
  models::MLP model({2, 16, 2});
  restore_parameters(kept, model);
  CHECK(parameters_finite(model));
}

TEST_CASE("an output folder that cannot be written is refused before training, naming it") {
  std::ostringstream quiet;
  RunConfig c = small_run("unwritable", 1);
  std::filesystem::create_directories(c.out_dir);
  const std::string file = c.out_dir + "/a-file";
  std::ofstream(file) << "x";
  c.out_dir = file;
  CHECK_THROWS_WITH_AS(run(c, quiet), doctest::Contains((file + ": exists and is not a folder").c_str()), std::runtime_error);
  c.out_dir = file + "/below";
  CHECK_THROWS_WITH_AS(run(c, quiet), doctest::Contains("a-file"), std::runtime_error);
  c.out_dir = "/proc/mytorch-test";
  CHECK_THROWS_WITH_AS(run(c, quiet), doctest::Contains("cannot create output folder /proc/mytorch-test"),
                       std::runtime_error);
}

TEST_CASE("a checkpoint that is damaged, foreign or of another model is refused, naming the file") {
  std::ostringstream quiet;
  const RunResult good = run(small_run("bad_checkpoints", 1), quiet);
  const std::string dir = good.out_dir;
  const std::string bytes = read(good.checkpoint);
  std::ofstream(dir + "/truncated.npz", std::ios::binary) << bytes.substr(0, bytes.size() / 2);
  std::ofstream(dir + "/text.npz") << "not a checkpoint\n";
  write_npz(dir + "/foreign.npz", {{"x", to_npy(test::T({{1}}))}});
  models::MLP other({2, 3, 2});
  Checkpoint info;
  info.architecture = "{\"sizes\": [2, 3, 2]}";
  info.history = Tensor({0, 6});
  save_checkpoint(dir + "/no_settings.npz", other, nullptr, info);
  info = load_checkpoint(good.checkpoint);  // its settings say 2→16→2
  save_checkpoint(dir + "/mismatched.npz", other, nullptr, info);
  const std::pair<const char*, const char*> cases[] = {{"truncated.npz", ""},
                                                       {"text.npz", ""},
                                                       {"foreign.npz", "not a mytorch checkpoint"},
                                                       {"no_settings.npz", "not a checkpoint of mytorch-train"},
                                                       {"mismatched.npz", "another architecture"},
                                                       {"missing.npz", ""}};
  for (const auto& [name, why] : cases) {
    const std::string path = dir + "/" + name;
    INFO(path);
    RunConfig c = small_run("bad_checkpoint_resume", 2);
    c.resume = path;
    CHECK_THROWS_WITH(run(c, quiet), doctest::Contains(path.c_str()));
    CHECK_THROWS_WITH(run(c, quiet), doctest::Contains(why));
    CHECK_THROWS_WITH(evaluate_checkpoint(path, "", ""), doctest::Contains(path.c_str()));
    CHECK_THROWS_WITH(evaluate_checkpoint(path, "", ""), doctest::Contains(why));
    CHECK_FALSE(std::filesystem::exists(c.out_dir));
  }
  CHECK_THROWS_WITH(evaluate_checkpoint(good.checkpoint, "digits", ""),
                    doctest::Contains((good.checkpoint + " takes 2 features").c_str()));
}

namespace {
/// What run() throws, as text ("" if it returns).
std::string error_of(const RunConfig& c, std::ostream& out) {
  try {
    run(c, out);
  } catch (const std::exception& e) {
    return e.what();
  }
  return "";
}

/// A CSV of two noisy classes, n rows; shift moves every sample.
std::string two_classes(int n, double shift = 0) {
  std::string text;
  for (int i = 0; i < n; ++i)
    text += std::to_string(i % 7 - 3 + shift) + "," + std::to_string(i % 5) + "," + std::to_string(i % 2) + "\n";
  return text;
}
}  // namespace

TEST_CASE("a resumed run continues in its checkpoint's folder and goes on to the total it was started with") {
  std::ostringstream quiet;
  const RunResult whole = run(small_run("in_place_whole", 4), quiet);
  RunConfig first = small_run("in_place", 4);
  std::size_t asked = 0;
  first.stop = [&] { return ++asked > 30; };  // inside epoch 2
  const RunResult stopped = run(first, quiet);
  REQUIRE(stopped.interrupted);
  RunConfig rest;
  rest.resume = stopped.checkpoint;  // no out_dir, no epochs
  rest.progress = Progress::Style::quiet;
  rest.plots = false;
  const RunResult resumed = run(rest, quiet);
  CHECK(resumed.out_dir == first.out_dir);
  CHECK(resumed.epochs == 4);
  CHECK(resumed.test_loss == whole.test_loss);
  CHECK(metrics_without_time(first.out_dir) == metrics_without_time(whole.out_dir));
}

TEST_CASE("resuming to as many epochs as are done, or fewer, is refused, saying how many are done") {
  std::ostringstream quiet;
  const RunResult done = run(small_run("epochs_done", 3), quiet);
  RunConfig again = small_run("epochs_done_again", 3);
  again.resume = done.checkpoint;
  CHECK(error_of(again, quiet) ==
        done.checkpoint + ": 3 epochs are done already; to train on, ask for more than 3 epochs in all");
  again.epochs = 0;  // the total recorded: 3, done
  CHECK(error_of(again, quiet).find("3 epochs are done already") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(again.out_dir));
}

TEST_CASE("a resume with another learning rate fine-tunes, and the checkpoint records the new rate") {
  std::ostringstream quiet;
  const RunResult first = run(small_run("fine_tune_first", 2), quiet);
  RunConfig rest = small_run("fine_tune", 3);
  rest.resume = first.checkpoint;
  rest.options.lr = 0.001;
  const RunResult tuned = run(rest, quiet);
  const auto record = nlohmann::json::parse(load_checkpoint(tuned.checkpoint).architecture);
  CHECK(record.at("lr") == 0.001);
  RunConfig same = small_run("fine_tune_same", 3);
  same.resume = first.checkpoint;
  CHECK(run(same, quiet).test_loss != tuned.test_loss);
}

TEST_CASE("a run uses the BLAS threads asked for and records them, and a resume may use others") {
  std::ostringstream quiet;
  const std::size_t before = blas_threads();
  const bool settable = set_blas_threads(1);  // false: not OpenBLAS, whose count then reads 0
  RunConfig first = small_run("threads_first", 2);
  first.threads = 2;
  const RunResult r = run(first, quiet);
  CHECK(r.threads == (settable ? 2 : 0));
  CHECK(blas_threads() == r.threads);  // for the rest of the process
  CHECK(nlohmann::json::parse(load_checkpoint(r.checkpoint).architecture).at("threads") == r.threads);
  RunConfig rest = small_run("threads_rest", 4);
  rest.resume = r.checkpoint;
  rest.threads = 1;  // not refused: a matter of the machine
  const RunResult resumed = run(rest, quiet);
  CHECK(resumed.threads == (settable ? 1 : 0));
  CHECK(read_record(load_checkpoint(resumed.checkpoint).architecture, "m.npz").settings.threads == resumed.threads);
  // products this small run on one thread whatever the count: the numbers of an uninterrupted run
  CHECK(metrics_without_time(resumed.out_dir) == metrics_without_time(run(small_run("threads_whole", 4), quiet).out_dir));
  set_blas_threads(2);  // as if OpenBLAS had started with 2 (one per core, or OPENBLAS_NUM_THREADS=2)
  CHECK(run(small_run("threads_default", 1), quiet).threads == (settable ? 2 : 0));  // 0 leaves it
  if (before > 0) set_blas_threads(before);
}

TEST_CASE("an output folder that holds another run is refused, unless it is to be replaced") {
  std::ostringstream quiet;
  const RunResult first = run(small_run("holds_run", 1), quiet);
  std::ofstream(first.out_dir + "/accuracy.png") << "an old plot";
  RunConfig second = small_run("other", 1);
  second.out_dir = first.out_dir;
  CHECK_THROWS_WITH_AS(run(second, quiet), ("output folder " + first.out_dir + " holds a run already (model.npz, metrics.csv)").c_str(),
                       FolderHoldsRun);
  second.overwrite = true;
  second.seed = 9;
  const RunResult replaced = run(second, quiet);
  CHECK(replaced.test_loss != first.test_loss);
  CHECK_FALSE(std::filesystem::exists(first.out_dir + "/accuracy.png"));  // no old plot beside the new model
}

TEST_CASE("a run that fails before its first save leaves no output folder behind") {
  std::ostringstream quiet;
  RunConfig c = small_run("no_save", 3);
  const std::string parent = c.out_dir;
  c.out_dir = parent + "/below/run";
  c.options.lr = 1e30;  // diverges at the second step
  const std::string message = error_of(c, quiet);
  CHECK(message.find("in epoch 1 ") != std::string::npos);
  CHECK(message.find("no checkpoint was saved before it") != std::string::npos);
  CHECK(message.find("try 0.1 (the usual one) or 0.01") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(parent));
  c.options.lr = 1e308;  // advice never a tenth of an absurd rate
  CHECK(error_of(c, quiet).find("try 0.1 (the usual one) or 0.01") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(parent));
}

TEST_CASE("a CSV run records the file's absolute path, and resumes and evaluates once the file moved") {
  test::Scratch scratch("experiment_csv");
  const std::string before = scratch.write("a.csv", two_classes(60));
  const auto cwd = std::filesystem::current_path();
  std::filesystem::current_path(scratch.dir());
  RunConfig c = small_run("csv_moved", 3);
  c.dataset = "csv:a.csv";  // relative, as typed
  std::size_t asked = 0;
  c.stop = [&] { return ++asked > 6; };
  std::ostringstream quiet;
  const RunResult stopped = run(c, quiet);
  std::filesystem::current_path(cwd);  // evaluated from elsewhere, the path still leads to the file
  const auto record = nlohmann::json::parse(load_checkpoint(stopped.checkpoint).architecture);
  CHECK(record.at("dataset") == "csv:" + before);
  CHECK(evaluate_checkpoint(stopped.checkpoint, "", "").dataset == "csv:" + before);

  std::filesystem::create_directories(scratch.path("moved"));
  std::filesystem::rename(before, scratch.path("moved/a.csv"));
  CHECK_THROWS_WITH(evaluate_checkpoint(stopped.checkpoint, "", ""), doctest::Contains(before.c_str()));
  CHECK(evaluate_checkpoint(stopped.checkpoint, "csv:" + scratch.path("moved/a.csv"), "").test_accuracy >= 0);
  RunConfig rest;
  rest.resume = stopped.checkpoint;
  rest.dataset = "csv:" + scratch.path("moved/a.csv");
  rest.progress = Progress::Style::quiet;
  rest.plots = false;
  const RunResult resumed = run(rest, quiet);
  CHECK(resumed.trained);
  CHECK(nlohmann::json::parse(load_checkpoint(resumed.checkpoint).architecture).at("dataset") == rest.dataset);

  scratch.write("changed.csv", two_classes(60, 0.5));  // other samples under the same shape
  RunConfig wrong = rest;
  wrong.resume = resumed.checkpoint;
  wrong.epochs = 4;
  wrong.dataset = "csv:" + scratch.path("changed.csv");
  CHECK(error_of(wrong, quiet).find("does not hold the samples " + resumed.checkpoint + " was trained on") !=
        std::string::npos);
}

TEST_CASE("a run larger than its memory limit is refused before anything is loaded or written") {
  std::ostringstream quiet;
  RunConfig c = small_run("too_large", 1);
  c.hidden = {100000, 100000};
  const auto start = std::chrono::steady_clock::now();
  CHECK_THROWS_WITH_AS(run(c, quiet), doctest::Contains("the run needs about "), NotEnoughMemory);
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(1));
  c.hidden = {16};
  c.max_memory = 100 << 10;  // the run needs about 380 KiB
  CHECK_THROWS_WITH_AS(run(c, quiet), doctest::Contains("more than the limit of 100 KiB"), NotEnoughMemory);
  CHECK_FALSE(std::filesystem::exists(c.out_dir));
}

TEST_CASE("a run prints its parameter count and the memory it needs, and the data's warnings") {
  test::Scratch scratch("experiment_notes");
  RunConfig c = small_run("notes", 1);
  c.dataset = "csv:" + scratch.write("h.csv", "x,y,label\n" + two_classes(40));
  c.progress = Progress::Style::lines;
  std::ostringstream out, warnings;
  run(c, out, warnings);
  CHECK(out.str().find("\nmodel: 82 parameters, about ") != std::string::npos);  // 2·16 + 16 + 16·2 + 2
  if (blas_threads() > 0) CHECK(out.str().find(" of memory needed; " + std::to_string(blas_threads()) + " BLAS thread") != std::string::npos);
  CHECK(warnings.str() == "warning: " + c.dataset + ": skipped the header row x,y,label\n");
}

TEST_CASE("stopped while loading, a run returns having written nothing") {
  std::ostringstream quiet;
  RunConfig c = small_run("stop_loading", 2);
  c.stop = [] { return true; };
  const RunResult r = run(c, quiet);
  CHECK(r.interrupted);
  CHECK(r.stopped_at == "while loading the data");
  CHECK(r.checkpoint.empty());
  CHECK_FALSE(std::filesystem::exists(c.out_dir));
}

TEST_CASE("a run without a validation split saves a checkpoint that evaluates and resumes") {
  std::ostringstream quiet;
  RunConfig c = small_run("no_val", 1);
  c.val_split = 0;
  const RunResult r = run(c, quiet);
  CHECK(evaluate_checkpoint(r.checkpoint, "", "").test_accuracy == doctest::Approx(r.test_accuracy));
  RunConfig rest = small_run("no_val_rest", 2);
  rest.resume = r.checkpoint;
  CHECK(run(rest, quiet).trained);
}

namespace {
/// good's checkpoint with its record changed by edit, saved as name in dir.
std::string edited_checkpoint(const std::string& good, const std::string& name,
                              const std::function<void(nlohmann::json&, Checkpoint&)>& edit) {
  Checkpoint c = load_checkpoint(good);
  nlohmann::json record = nlohmann::json::parse(c.architecture);
  edit(record, c);
  c.architecture = record.dump();
  const models::ModelSpec spec = read_record(load_checkpoint(good).architecture, good).model;
  const auto model = models::build_model(spec);
  restore_parameters(load_checkpoint(good), *model);
  const std::string path = std::filesystem::path(good).parent_path() / name;
  save_checkpoint(path, *model, nullptr, c);
  return path;
}
}  // namespace

TEST_CASE("hand-edited checkpoint fields are refused by resume and evaluation, naming the file") {
  std::ostringstream quiet;
  const RunResult good = run(small_run("edited", 1), quiet);
  const std::string zero_batch =
      edited_checkpoint(good.checkpoint, "batch0.npz", [](nlohmann::json& r, Checkpoint&) { r["batch_size"] = 0; });
  const std::string negative_lr =
      edited_checkpoint(good.checkpoint, "lr.npz", [](nlohmann::json& r, Checkpoint&) { r["lr"] = -0.1; });
  const std::string far_epoch =
      edited_checkpoint(good.checkpoint, "epoch.npz", [](nlohmann::json&, Checkpoint& c) { c.epoch = ~std::size_t{0}; });
  for (const std::string& path : {zero_batch, negative_lr, far_epoch}) {
    INFO(path);
    RunConfig c = small_run("edited_resume", 5);
    c.resume = path;
    CHECK_THROWS_WITH(run(c, quiet), doctest::Contains((path + ": ").c_str()));
    CHECK_THROWS_WITH(evaluate_checkpoint(path, "", ""), doctest::Contains((path + ": ").c_str()));
  }
}

TEST_CASE("a checkpoint from before validation counted from the training data evaluates but does not resume") {
  std::ostringstream quiet;
  const RunResult good = run(small_run("legacy_split", 1), quiet);
  const std::string old = edited_checkpoint(good.checkpoint, "old.npz", [](nlohmann::json& r, Checkpoint&) {
    r.erase("val_split_of");
    r.erase("train_fingerprint");
  });
  CHECK(evaluate_checkpoint(old, "", "").test_accuracy == doctest::Approx(good.test_accuracy));
  RunConfig c = small_run("legacy_split_resume", 2);
  c.resume = old;
  CHECK(error_of(c, quiet).find("it can be evaluated, but resumed it would train on other samples") != std::string::npos);
}
