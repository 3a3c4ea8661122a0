// Tests of mytorch/train/plot.hpp: the data files hold the right numbers, the scripts find them, and
// a missing or failing gnuplot costs a warning, never the run.

#include "mytorch/train/plot.hpp"

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "mytorch/nn/activation.hpp"
#include "mytorch/nn/conv.hpp"
#include "mytorch/nn/flatten.hpp"
#include "mytorch/nn/linear.hpp"
#include "mytorch/nn/pool.hpp"
#include "mytorch/nn/sequential.hpp"
#include "mytorch/train/experiment.hpp"
#include "test_util.hpp"

using namespace mytorch;
using namespace mytorch::train;
namespace fs = std::filesystem;

namespace {
std::string fresh_dir(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("mytorch_test_plot_" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir.string();
}

std::string read(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

/// Sets PATH for the lifetime of the object (to hide or fake gnuplot), then puts it back.
class PathOverride {
 public:
  explicit PathOverride(const std::string& path) : saved_(std::getenv("PATH") ? std::getenv("PATH") : "") {
    setenv("PATH", path.c_str(), 1);
  }
  ~PathOverride() { setenv("PATH", saved_.c_str(), 1); }

 private:
  std::string saved_;
};

/// A folder whose only program is a `gnuplot` that fails with exit status 3.
std::string failing_gnuplot_dir() {
  const std::string dir = fresh_dir("fake_bin");
  std::ofstream(dir + "/gnuplot") << "#!/bin/sh\nexit 3\n";
  fs::permissions(dir + "/gnuplot", fs::perms::owner_all);
  return dir;
}

/// A folder whose only program is a `gnuplot` that never finishes.
std::string hung_gnuplot_dir() {
  const std::string dir = fresh_dir("hung_bin");
  std::ofstream(dir + "/gnuplot") << "#!/bin/sh\nexec /bin/sleep 100\n";
  fs::permissions(dir + "/gnuplot", fs::perms::owner_all);
  return dir;
}

std::size_t count_lines(const std::string& s) {
  std::size_t n = 0;
  for (char ch : s) n += ch == '\n';
  return n;
}

const ConfusionMatrix two_class_confusion({0, 0, 0, 1}, {0, 0, 1, 1}, 2);  // M = [[2, 1], [0, 1]]

PlotInputs curves_only(const std::string& dir) {
  PlotInputs in;
  in.dir = dir;
  in.dataset = "toy";
  in.history = {{1, 0.75, 0.5, 0.8, 0.25, 1.5}, {2, 0.25, 0.875, 0.5, 0.75, 1.25}};
  in.test_accuracy = 0.8;
  return in;
}
}  // namespace

TEST_CASE("the curves file holds each epoch's training and validation loss and accuracy") {
  const PlotInputs in = curves_only(fresh_dir("curves"));
  const std::vector<std::string> scripts = write_plot_files(in);
  REQUIRE(scripts.size() == 2);
  CHECK(scripts[0] == in.dir + "/loss.gp");
  CHECK(scripts[1] == in.dir + "/accuracy.gp");
  CHECK(read(in.dir + "/curves.dat") ==
        "# epoch train_loss train_accuracy val_loss val_accuracy\n"
        "1 0.75 0.5 0.8 0.25\n"
        "2 0.25 0.875 0.5 0.75\n");
  const std::string accuracy = read(scripts[1]);
  CHECK(accuracy.find("d.'curves.dat' using 1:($3*100)") != std::string::npos);
  CHECK(accuracy.find("title 'validation'") != std::string::npos);
  CHECK(accuracy.find("test (final model): 80.00 %") != std::string::npos);
  CHECK(accuracy.find("set output d.'accuracy.png'") != std::string::npos);
  CHECK(accuracy.find("set xrange [0.5:2.5]") != std::string::npos);
  CHECK(read(scripts[0]).find("Loss per epoch - toy") != std::string::npos);
}

TEST_CASE("without a validation split the curves show training only") {
  PlotInputs in = curves_only(fresh_dir("no_val"));
  in.history = {{1, 0.75, 0.5, NAN, NAN, 1.5}};
  write_plot_files(in);
  CHECK(read(in.dir + "/curves.dat").find("1 0.75 0.5 NaN NaN") != std::string::npos);
  CHECK(read(in.dir + "/loss.gp").find("validation") == std::string::npos);
}

TEST_CASE("the confusion file lists every cell with its count and its share of the true class") {
  PlotInputs in = curves_only(fresh_dir("confusion"));
  in.confusion = &two_class_confusion;
  const std::vector<std::string> scripts = write_plot_files(in);
  REQUIRE(scripts.size() == 3);
  CHECK(scripts[2] == in.dir + "/confusion.gp");
  CHECK(read(in.dir + "/confusion.dat") ==
        "# true_class predicted_class count fraction_of_true_class\n"
        "0 0 2 0.666667\n0 1 1 0.333333\n\n"
        "1 0 0 0\n1 1 1 1\n\n");
  CHECK(read(scripts[2]).find("(accuracy 75.00 %)") != std::string::npos);
  CHECK(read(scripts[2]).find("set xtics 0, 1, 1 out") != std::string::npos);

  in.class_names = {"cat", "dog's"};
  write_plot_files(in);
  CHECK(read(scripts[2]).find("set ytics ('cat' 0, 'dog''s' 1) out") != std::string::npos);
}

TEST_CASE("the decision boundary shows the model's classes on a grid in the data's own units") {
  // Standardised z1 = (x1 − 1) / 2; the model's logits are (0, z1), so it predicts class 1 iff x1 > 1.
  nn::Linear model(2, 2);
  model.W = test::T({{0, 0}, {1, 0}});
  model.b = test::T({{0}, {0}});
  data::Standardizer standardizer;
  standardizer.mean = test::T({{1, 0}});
  standardizer.std = test::T({{2, 1}});
  data::Dataset train;
  train.X = test::T({{-1, -2}, {1, 2}});  // raw points (−1, −2) and (3, 2)
  train.labels = {0, 1};
  train.num_classes = 2;
  PlotInputs in = curves_only(fresh_dir("boundary"));
  in.model = &model;
  in.standardizer = &standardizer;
  in.train = &train;
  const std::vector<std::string> scripts = write_plot_files(in);
  REQUIRE(scripts.size() == 3);
  CHECK(scripts[2] == in.dir + "/boundary.gp");
  CHECK(read(in.dir + "/boundary_points.dat") == "# x1 x2 class\n-1 -2 0\n3 2 1\n");

  std::stringstream grid(read(in.dir + "/boundary_grid.dat"));
  std::size_t rows = 0, blank = 0, wrong = 0;
  double x1_min = 1e9, x1_max = -1e9;
  for (std::string line; std::getline(grid, line);) {
    if (line.empty()) ++blank;
    if (line.empty() || line[0] == '#') continue;
    double x1 = 0, x2 = 0;
    std::size_t k = 0;
    std::istringstream(line) >> x1 >> x2 >> k;
    wrong += k != (x1 > 1 ? 1u : 0u);
    x1_min = std::min(x1_min, x1);
    x1_max = std::max(x1_max, x1);
    ++rows;
  }
  CHECK(rows == 200 * 200);
  CHECK(blank == 200);
  CHECK(wrong == 0);
  CHECK(x1_min == doctest::Approx(-1.4));  // the points' range with a 10 % margin
  CHECK(x1_max == doctest::Approx(3.4));
  CHECK(model.is_training());  // put back in training mode
}

TEST_CASE("data with more than two features gets no decision boundary") {
  nn::Linear model(3, 2);
  data::Standardizer standardizer;
  data::Dataset train;
  train.X = test::T({{1, 2, 3}, {3, 2, 1}});
  train.labels = {0, 1};
  train.num_classes = 2;
  standardizer.fit(train.X);
  PlotInputs in = curves_only(fresh_dir("three_features"));
  in.model = &model;
  in.standardizer = &standardizer;
  in.train = &train;
  CHECK(write_plot_files(in).size() == 2);
  CHECK_FALSE(fs::exists(in.dir + "/boundary.gp"));
}

TEST_CASE("a model whose first layer is a Conv2d gets its filters and a test sample's feature maps") {
  // Conv2d(1→2, 2×2) on 3×3 images: kernel 0 is [1 0; 0 −1] (b = 0), kernel 1 is all 0.5 (b = −1);
  // then ReLU, MaxPool2d 2×2, Flatten, Linear. The first conv block is Conv2d → ReLU.
  nn::Sequential model;
  auto& conv = model.add<nn::Conv2d>(nn::ImageShape{1, 3, 3}, 2, 2);
  model.add<nn::ReLU>();
  model.add<nn::MaxPool2d>(conv.out_shape(), 2, 2);
  model.add<nn::Flatten>();
  model.add<nn::Linear>(2, 2);
  conv.W = test::T({{1, 0, 0, -1}, {0.5, 0.5, 0.5, 0.5}});
  conv.b = test::T({{0}, {-1}});
  // Test sample 0 as the model sees it, A = [1 2 0; 0 1 3; 2 1 0]; in the data's units 2·A + 1.
  data::Standardizer standardizer;
  standardizer.mean = test::T({{1, 1, 1, 1, 1, 1, 1, 1, 1}});
  standardizer.std = test::T({{2, 2, 2, 2, 2, 2, 2, 2, 2}});
  data::Dataset test_split;
  test_split.X = test::T({{1, 2, 0, 0, 1, 3, 2, 1, 0}, {9, 9, 9, 9, 9, 9, 9, 9, 9}});
  test_split.labels = {1, 0};
  test_split.num_classes = 2;
  PlotInputs in = curves_only(fresh_dir("conv"));
  in.class_names = {"zero", "one"};
  in.model = &model;
  in.standardizer = &standardizer;
  in.test = &test_split;
  const std::vector<std::string> scripts = write_plot_files(in);
  REQUIRE(scripts.size() == 4);
  CHECK(scripts[2] == in.dir + "/filters.gp");
  CHECK(scripts[3] == in.dir + "/feature_maps.gp");

  // Two 2×2 tiles side by side with a gap of 1: tile 1 starts at x = 3. A blank line after each row
  // of a tile, two after the tile.
  CHECK(read(in.dir + "/filters.dat") ==
        "# Conv2d(1→2, 2×2) 1×3×3 → 2×2×2: one block per kernel W[out_channel, in_channel]\n"
        "# out_channel in_channel i j x y weight\n"
        "0 0 0 0 0 0 1\n0 0 0 1 1 0 0\n\n0 0 1 0 0 1 0\n0 0 1 1 1 1 -1\n\n\n"
        "1 0 0 0 3 0 0.5\n1 0 0 1 4 0 0.5\n\n1 0 1 0 3 1 0.5\n1 0 1 1 4 1 0.5\n\n\n");
  const std::string filters = read(scripts[2]);
  CHECK(filters.find("set cbrange [-1:1]") != std::string::npos);  // symmetric: the largest |W| is 1
  CHECK(filters.find("set label '1' at 3.5, -1 center") != std::string::npos);
  CHECK(filters.find("plot for [t = 0:1] d.'filters.dat' index t using 5:6:7 with image") != std::string::npos);
  CHECK(filters.find("First-layer filters - toy after epoch 2") != std::string::npos);

  // Channel 0: Z[h, w] = A[h, w] − A[h + 1, w + 1] = [0 −1; −1 1], after ReLU [0 0; 0 1].
  // Channel 1: 0.5 · (the window's sum) − 1 = [1 2; 1 1.5]. The pooling is not part of the block.
  CHECK(read(in.dir + "/feature_maps.dat") ==
        "# test sample 0 after Conv2d → ReLU: one block per channel\n"
        "# channel i j x y value\n"
        "0 0 0 0 0 0\n0 0 1 1 0 0\n\n0 1 0 0 1 0\n0 1 1 1 1 1\n\n\n"
        "1 0 0 3 0 1\n1 0 1 4 0 2\n\n1 1 0 3 1 1\n1 1 1 4 1 1.5\n\n\n");
  CHECK(read(in.dir + "/feature_maps_input.dat") ==
        "# test sample 0, in the data's own units: one block per channel\n"
        "# channel i j x y value\n"
        "0 0 0 0 0 3\n0 0 1 1 0 5\n0 0 2 2 0 1\n\n"
        "0 1 0 0 1 1\n0 1 1 1 1 3\n0 1 2 2 1 7\n\n"
        "0 2 0 0 2 5\n0 2 1 1 2 3\n0 2 2 2 2 1\n\n\n");
  const std::string maps = read(scripts[3]);
  CHECK(maps.find("Feature maps of test sample 0 (one) after Conv2d → ReLU - toy") != std::string::npos);
  CHECK(maps.find("set cbrange [0:2]") != std::string::npos);  // non-negative maps: 0 to the largest
  CHECK(maps.find("set label 'the input' at 1, -1 center") != std::string::npos);
  CHECK(maps.find("d.'feature_maps.dat' index t using 4:5:6 with image") != std::string::npos);
  CHECK(model.is_training());  // put back in training mode
}

TEST_CASE("the filters of several input channels are a row of tiles per output channel, and signed maps a symmetric scale") {
  // Conv2d(2→3, 1×1) straight into Flatten: the block is the Conv2d alone, its maps can be negative.
  nn::Sequential model;
  auto& conv = model.add<nn::Conv2d>(nn::ImageShape{2, 2, 2}, 3, 1);
  model.add<nn::Flatten>();
  model.add<nn::Linear>(12, 2);
  conv.W = test::T({{1, 0}, {0, -1}, {0.25, 0.75}});  // W[o, c]
  conv.b = test::T({{0}, {0}, {0}});
  data::Dataset test_split;
  test_split.X = test::T({{1, 2, 3, 4, -1, -2, -3, -4}});
  test_split.labels = {0};
  test_split.num_classes = 2;
  PlotInputs in = curves_only(fresh_dir("conv_channels"));
  in.model = &model;
  in.test = &test_split;  // no standardizer: the input is shown as the model sees it
  REQUIRE(write_plot_files(in).size() == 4);
  // Tile o·2 + c at column c, row o; 1×1 tiles with a gap of 1.
  CHECK(read(in.dir + "/filters.dat").find("0 0 0 0 0 0 1\n\n\n0 1 0 0 2 0 0\n\n\n1 0 0 0 0 2 0\n\n\n"
                                            "1 1 0 0 2 2 -1\n\n\n2 0 0 0 0 4 0.25\n\n\n2 1 0 0 2 4 0.75\n") !=
        std::string::npos);
  const std::string filters = read(in.dir + "/filters.gp");
  CHECK(filters.find("set label '2,1' at 2, 3 center") != std::string::npos);
  CHECK(filters.find("using 5:6:(0.5):(0.5):7 with boxxyerror") != std::string::npos);  // 1×1: not `with image`
  // Channels 0 and 1 are [1 2; 3 4]; channel 2 is 0.25 · [1 2; 3 4] + 0.75 · [−1 −2; −3 −4], its
  // last entry −2 in tile 2, which starts the second row of tiles (x = 0, y = 3).
  const std::string maps = read(in.dir + "/feature_maps.dat");
  CHECK(maps.find("# test sample 0 after Conv2d: one block per channel\n") == 0);
  CHECK(maps.find("\n1 1 1 4 1 4\n") != std::string::npos);
  CHECK(maps.find("\n2 1 1 1 4 -2\n") != std::string::npos);
  CHECK(read(in.dir + "/feature_maps_input.dat").find("as the model sees it") != std::string::npos);
  const std::string script = read(in.dir + "/feature_maps.gp");
  CHECK(script.find("set cbrange [-4:4]") != std::string::npos);  // signed: symmetric around 0
  CHECK(script.find("set label 'input 1' at 3.5, -1 center") != std::string::npos);
  CHECK(script.find("set title '(standardised)'") != std::string::npos);
}

TEST_CASE("without a test split a conv model gets its filters only, and other models neither") {
  nn::Sequential model;
  model.add<nn::Conv2d>(nn::ImageShape{1, 2, 2}, 1, 1);
  PlotInputs in = curves_only(fresh_dir("conv_no_test"));
  in.model = &model;
  CHECK(write_plot_files(in).back() == in.dir + "/filters.gp");
  CHECK_FALSE(fs::exists(in.dir + "/feature_maps.gp"));
  nn::Sequential mlp;
  mlp.add<nn::Linear>(4, 2);
  in.dir = fresh_dir("mlp_no_conv");
  in.model = &mlp;
  CHECK(write_plot_files(in).size() == 2);
}

TEST_CASE("without gnuplot the data and scripts are written and one line says how to draw them") {
  PlotInputs in = curves_only(fresh_dir("no_gnuplot"));
  in.confusion = &two_class_confusion;
  std::ostringstream warnings;
  std::vector<std::string> written;
  {
    const PathOverride no_gnuplot(fresh_dir("empty_bin"));
    CHECK(find_gnuplot().empty());
    written = write_plots(in, warnings);
  }
  CHECK(written == std::vector<std::string>{in.dir + "/loss.gp", in.dir + "/accuracy.gp", in.dir + "/confusion.gp"});
  CHECK(count_lines(warnings.str()) == 1);
  CHECK(warnings.str().find("apt-get install gnuplot-nox, then gnuplot " + in.dir + "/*.gp") != std::string::npos);
  CHECK(fs::exists(in.dir + "/confusion.dat"));
  CHECK_FALSE(fs::exists(in.dir + "/loss.png"));
}

TEST_CASE("a failing gnuplot is reported per plot and the run keeps its checkpoint and metrics") {
  const PathOverride broken(failing_gnuplot_dir());
  std::ostringstream warnings;
  PlotInputs in = curves_only(fresh_dir("failing"));
  CHECK(write_plots(in, warnings).empty());
  CHECK(count_lines(warnings.str()) == 2);
  CHECK(warnings.str().find("gnuplot failed on " + in.dir + "/loss.gp (exit status 3)") != std::string::npos);
  CHECK(fs::exists(in.dir + "/curves.dat"));

  RunConfig c;
  c.dataset = "xor";
  c.hidden = {4};
  c.epochs = 1;
  c.progress = Progress::Style::quiet;
  c.out_dir = fresh_dir("failing_run");
  std::ostringstream out;
  const RunResult r = run(c, out);
  CHECK(r.plots.empty());
  CHECK(fs::exists(r.checkpoint));
  CHECK(fs::exists(c.out_dir + "/metrics.csv"));
  CHECK(fs::exists(c.out_dir + "/boundary_grid.dat"));
}

TEST_CASE("an unwritable folder costs the plots, with a warning, not an exception") {
  PlotInputs in = curves_only("/nonexistent/mytorch_plots");
  std::ostringstream warnings;
  CHECK(write_plots(in, warnings).empty());
  CHECK(warnings.str().find("plots: not written") != std::string::npos);
}

TEST_CASE("a gnuplot that hangs is killed after its deadline, with a warning per plot") {
  const PathOverride hung(hung_gnuplot_dir());
  PlotInputs in = curves_only(fresh_dir("hung"));
  in.seconds_per_plot = 0.2;
  std::ostringstream warnings;
  const auto start = std::chrono::steady_clock::now();
  CHECK(write_plots(in, warnings).empty());
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(3));
  CHECK(count_lines(warnings.str()) == 2);
  CHECK(warnings.str().find("plots: gnuplot took longer than 0.2 s on " + in.dir + "/loss.gp and was stopped") !=
        std::string::npos);
}

TEST_CASE("a stop request kills the gnuplot running at once and draws no other plot") {
  const PathOverride hung(hung_gnuplot_dir());
  PlotInputs in = curves_only(fresh_dir("stopped"));
  const auto start = std::chrono::steady_clock::now();
  in.stop = [&] { return std::chrono::steady_clock::now() - start > std::chrono::milliseconds(100); };
  std::ostringstream warnings;
  CHECK(write_plots(in, warnings).empty());
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(3));  // not the 30 s deadline
  CHECK(warnings.str() == "plots: stopped while gnuplot drew " + in.dir + "/loss.gp; draw them later with: gnuplot " +
                              in.dir + "/*.gp\n");
}

TEST_CASE("plot_file_names lists every file the plots write") {
  PlotInputs in = curves_only(fresh_dir("names"));
  in.confusion = &two_class_confusion;
  const PathOverride no_gnuplot(fresh_dir("empty_bin_names"));
  std::ostringstream warnings;
  write_plots(in, warnings);
  const std::vector<std::string> names = plot_file_names();
  for (const auto& e : fs::directory_iterator(in.dir))
    CHECK_MESSAGE(std::find(names.begin(), names.end(), e.path().filename().string()) != names.end(), e.path());
}
