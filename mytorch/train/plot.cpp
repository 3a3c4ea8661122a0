#include "mytorch/train/plot.hpp"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <spawn.h>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>

#include <xtensor/xmath.hpp>
#include <xtensor/xview.hpp>

#include "mytorch/io/file.hpp"
#include "mytorch/nn/conv.hpp"
#include "mytorch/nn/sequential.hpp"
#include "mytorch/nn/summary.hpp"

extern char** environ;

namespace mytorch::train {

namespace {
constexpr std::size_t grid_size = 200;  // boundary grid points per axis

// Tableau 10: strong colours for points and lines, their light partners for the regions.
const char* const strong[] = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
                              "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};
const char* const light[] = {"#aec7e8", "#ffbb78", "#98df8a", "#ff9896", "#c5b0d5",
                             "#c49c94", "#f7b6d2", "#c7c7c7", "#dbdb8d", "#9edae5"};

std::string number(double x) {
  if (!std::isfinite(x)) return "NaN";
  char text[32];
  std::snprintf(text, sizeof text, "%.6g", x);
  return text;
}

/// A gnuplot single-quoted string: '' stands for a quote inside.
std::string quoted(const std::string& s) {
  std::string q = "'";
  for (char ch : s) q += ch == '\'' ? std::string("''") : std::string(1, ch);
  return q + "'";
}

/// A gnuplot double-quoted string, in which "\n" breaks the line.
std::string double_quoted(const std::string& s) {
  std::string q = "\"";
  for (char ch : s) {
    if (ch == '\n') {
      q += "\\n";
      continue;
    }
    if (ch == '"' || ch == '\\') q += '\\';
    q += ch;
  }
  return q + "\"";
}

/// The start of every script: the folder the script lies in (from ARG0, so the data files are found
/// from anywhere), the PNG terminal, the output file and the title.
std::string script_head(const std::string& png, const std::string& title, const char* size) {
  return "# Written by mytorch-train. Draw with: gnuplot " + png.substr(0, png.size() - 4) + ".gp\n"
         "d = ''\n"
         "do for [i = 1:strlen(ARG0)] { if (ARG0[i:i] eq '/') { d = ARG0[1:i] } }\n"
         "if (strstrt(GPVAL_TERMINALS, 'pngcairo') > 0) {\n"
         "  set terminal pngcairo size " + size + " noenhanced font 'Sans,11'\n"
         "} else {\n"
         "  set terminal png size " + size + " noenhanced\n"
         "}\n"
         "set encoding utf8\n"
         "set output d." + quoted(png) + "\n"
         "set title " + quoted(title) + " font ',13'\n";
}

/// `name` written atomically in dir; returns its path.
std::string write(const std::string& dir, const std::string& name, const std::string& text) {
  const std::string path = dir + "/" + name;
  io::write_file_atomically(path, text);
  return path;
}

bool any_validation(const History& history) {
  return std::any_of(history.begin(), history.end(), [](const EpochStats& e) { return std::isfinite(e.val_loss); });
}

/// One curve per split: `plot` clauses for columns train_column and val_column of curves.dat.
std::string curves(const char* using_train, const char* using_val, bool with_val) {
  std::string s = "plot d.'curves.dat' using " + std::string(using_train) +
                  " with linespoints lw 2 pt 7 ps 0.5 lc rgb '#1f77b4' title 'training'";
  if (with_val)
    s += ", \\\n     '' using " + std::string(using_val) +
         " with linespoints lw 2 pt 5 ps 0.5 lc rgb '#ff7f0e' title 'validation'";
  return s;
}

std::vector<std::string> write_curves(const PlotInputs& in) {
  const History& h = in.history;
  std::string dat = "# epoch train_loss train_accuracy val_loss val_accuracy\n";
  for (const EpochStats& e : h)
    dat += std::to_string(e.epoch) + " " + number(e.train_loss) + " " + number(e.train_accuracy) + " " +
           number(e.val_loss) + " " + number(e.val_accuracy) + "\n";
  write(in.dir, "curves.dat", dat);
  const bool with_val = any_validation(h);
  const std::string x_end = h.empty() ? "*" : std::to_string(h.back().epoch) + ".5";
  const std::string axes = "set xlabel 'epoch'\nset grid\nset key top right box opaque\n"
                           "set xrange [0.5:" + x_end + "]\nset mxtics\n";
  const std::string loss = script_head("loss.png", "Loss per epoch - " + in.dataset, "800,500") + axes +
                           "set ylabel 'mean cross-entropy loss (log scale)'\nset logscale y\n" +
                           curves("1:2", "1:4", with_val) + "\n";
  char test_line[200];
  std::snprintf(test_line, sizeof test_line,
                ", \\\n     %.4f with lines dt 2 lw 2 lc rgb '#2ca02c' title 'test (final model): %.2f %%'\n",
                100 * in.test_accuracy, 100 * in.test_accuracy);
  const std::string accuracy =
      script_head("accuracy.png", "Accuracy per epoch - " + in.dataset, "800,500") + axes +
      "set key bottom right box opaque\nset ylabel 'accuracy (%)'\nset yrange [*:100]\n" +
      curves("1:($3*100)", "1:($5*100)", with_val) + test_line;
  return {write(in.dir, "loss.gp", loss), write(in.dir, "accuracy.gp", accuracy)};
}

/// The class axes: numbered, or named (the predicted-class names slanted so long ones fit).
std::string tics(const std::vector<std::string>& names, std::size_t K) {
  if (names.size() != K) {
    const std::string last = std::to_string(K - 1);
    return "set xtics 0, 1, " + last + " out nomirror\nset ytics 0, 1, " + last + " out nomirror\n";
  }
  std::string list = "(";
  for (std::size_t k = 0; k < K; ++k) list += (k ? ", " : "") + quoted(names[k]) + " " + std::to_string(k);
  list += ")";
  return "set xtics " + list + " out nomirror rotate by 30 right\nset ytics " + list + " out nomirror\n";
}

std::string write_confusion(const PlotInputs& in) {
  const ConfusionMatrix& M = *in.confusion;
  const std::size_t K = M.classes();
  std::string dat = "# true_class predicted_class count fraction_of_true_class\n";
  for (std::size_t t = 0; t < K; ++t) {
    std::size_t row = 0;
    for (std::size_t p = 0; p < K; ++p) row += M.count(t, p);
    for (std::size_t p = 0; p < K; ++p)
      dat += std::to_string(t) + " " + std::to_string(p) + " " + std::to_string(M.count(t, p)) + " " +
             number(row ? static_cast<double>(M.count(t, p)) / static_cast<double>(row) : 0.0) + "\n";
    dat += "\n";
  }
  write(in.dir, "confusion.dat", dat);
  char title[200];
  std::snprintf(title, sizeof title, "Confusion matrix, test split - %s (accuracy %.2f %%)",
                in.dataset.c_str(), 100 * M.accuracy());
  const std::string last = std::to_string(K - 1);
  const std::string font = K > 10 ? "',8'" : "',12'";
  const std::string script =
      script_head("confusion.png", title, "760,680") +
      "set xlabel 'predicted class'\nset ylabel 'true class'\n"
      "set xrange [-0.5:" + last + ".5]\nset yrange [" + last + ".5:-0.5]\n" +
      tics(in.class_names, K) +
      "set size square\nset cbrange [0:1]\nset cblabel 'fraction of the true class'\n"
      "set palette defined (0 '#ffffff', 0.5 '#6baed6', 1 '#08306b')\n"
      "plot d.'confusion.dat' using 2:1:4 with image notitle, \\\n"
      "     '' using 2:1:(sprintf('%d', $3)):($4 > 0.45 ? 0xffffff : 0x000000) with labels font " + font +
      " tc rgb variable notitle\n";
  return write(in.dir, "confusion.gp", script);
}

/// X (N, 2) back in the data's own units: X_ij · std_j + mean_j.
Tensor unstandardised(const Tensor& X, const data::Standardizer& s) {
  Tensor raw = X;
  for (std::size_t i = 0; i < raw.shape(0); ++i)
    for (std::size_t j = 0; j < raw.shape(1); ++j) raw(i, j) = raw(i, j) * s.std(0, j) + s.mean(0, j);
  return raw;
}

std::string write_boundary(const PlotInputs& in) {
  const Tensor points = unstandardised(in.train->X, *in.standardizer);  // (N, 2)
  const std::size_t K = in.train->num_classes;
  double lo[2], hi[2];
  for (std::size_t j = 0; j < 2; ++j) {
    lo[j] = hi[j] = static_cast<double>(points(0, j));
    for (std::size_t i = 0; i < points.shape(0); ++i) {
      lo[j] = std::min(lo[j], static_cast<double>(points(i, j)));
      hi[j] = std::max(hi[j], static_cast<double>(points(i, j)));
    }
    const double margin = 0.1 * (hi[j] - lo[j]) + 1e-9;
    lo[j] -= margin;
    hi[j] += margin;
  }
  Tensor grid({grid_size * grid_size, 2});  // row g = a·G + b is (x1_a, x2_b)
  for (std::size_t a = 0; a < grid_size; ++a)
    for (std::size_t b = 0; b < grid_size; ++b) {
      grid(a * grid_size + b, 0) = static_cast<real>(lo[0] + (hi[0] - lo[0]) * a / (grid_size - 1));
      grid(a * grid_size + b, 1) = static_cast<real>(lo[1] + (hi[1] - lo[1]) * b / (grid_size - 1));
    }
  Tensor Z = grid;
  in.standardizer->transform(Z);
  const bool was_training = in.model->is_training();
  in.model->eval();
  const std::vector<std::size_t> predicted = data::argmax_rows(in.model->forward(Z));
  in.model->train(was_training);

  std::string dat = "# x1 x2 predicted_class\n";
  for (std::size_t g = 0; g < predicted.size(); ++g) {
    dat += number(grid(g, 0)) + " " + number(grid(g, 1)) + " " + std::to_string(predicted[g]) + "\n";
    if ((g + 1) % grid_size == 0) dat += "\n";
  }
  write(in.dir, "boundary_grid.dat", dat);
  std::string pts = "# x1 x2 class\n";
  for (std::size_t i = 0; i < points.shape(0); ++i)
    pts += number(points(i, 0)) + " " + number(points(i, 1)) + " " + std::to_string(in.train->labels[i]) + "\n";
  write(in.dir, "boundary_points.dat", pts);

  // Class k's region is the palette band [k, k + 1): one flat light colour per class.
  std::string palette = "set palette defined (", colours = "array colour[" + std::to_string(K) + "] = [";
  for (std::size_t k = 0; k < K; ++k) {
    const std::string c = quoted(light[k % 10]);
    palette += (k ? ", " : "") + std::to_string(k) + " " + c + ", " + std::to_string(k + 1) + " " + c;
    colours += (k ? ", " : "") + quoted(strong[k % 10]);
  }
  const std::string script =
      script_head("boundary.png", "Decision boundary - " + in.dataset + " (training points)", "800,680") +
      "set xlabel 'x1'\nset ylabel 'x2'\n"
      "set xrange [" + number(lo[0]) + ":" + number(hi[0]) + "]\nset yrange [" + number(lo[1]) + ":" +
      number(hi[1]) + "]\nset size ratio -1\nunset colorbox\nset cbrange [0:" + std::to_string(K) + "]\n" +
      palette + ")\n" + colours + "]\n"
      "set key outside right top box opaque\n"
      "plot d.'boundary_grid.dat' using 1:2:($3 + 0.5) with image notitle, \\\n"
      "     for [k = 0:" + std::to_string(K - 1) + "] d.'boundary_points.dat' using 1:($3 == k ? $2 : NaN) "
      "with points pt 7 ps 0.6 lc rgb colour[k + 1] title sprintf('class %d', k)\n";
  return write(in.dir, "boundary.gp", script);
}

/// `count` images of H × W as tiles on a grid, `cols` to a row, `gap` blank pixels between them (room
/// for a caption above each): pixel (i, j) of tile t sits at x = (t mod cols)·(W + gap) + j,
/// y = ⌊t / cols⌋·(H + gap) + i, and y grows downwards as an image's rows do.
struct Tiles {
  std::size_t count, cols, H, W, gap;
  std::size_t rows() const { return (count + cols - 1) / cols; }
  std::size_t x(std::size_t t, std::size_t j) const { return t % cols * (W + gap) + j; }
  std::size_t y(std::size_t t, std::size_t i) const { return t / cols * (H + gap) + i; }
};

/// `cols` columns, or about a square of tiles (⌈√count⌉ columns) when cols is 0.
Tiles tiles_of(std::size_t count, std::size_t H, std::size_t W, std::size_t cols = 0) {
  if (cols == 0) cols = static_cast<std::size_t>(std::ceil(std::sqrt(static_cast<double>(count))));
  return {count, cols, H, W, (std::max(H, W) + 3) / 4};
}

/// One data block per tile: tile t's H·W values start at values + t·H·W, row by row; a line is
/// keys[t], i, j, x, y, value. A blank line ends each row of pixels, another each tile (gnuplot's
/// `index t` then picks tile t).
std::string tile_data(const Tiles& g, const std::vector<std::string>& keys, const real* values) {
  std::string dat;
  for (std::size_t t = 0; t < g.count; ++t) {
    for (std::size_t i = 0; i < g.H; ++i) {
      for (std::size_t j = 0; j < g.W; ++j)
        dat += keys[t] + " " + std::to_string(i) + " " + std::to_string(j) + " " + std::to_string(g.x(t, j)) + " " +
               std::to_string(g.y(t, i)) + " " + number(values[(t * g.H + i) * g.W + j]) + "\n";
      dat += "\n";
    }
    dat += "\n";
  }
  return dat;
}

/// The script lines that draw the tiles of `file` (x, y and value in columns x_column, +1, +2) as
/// images with square pixels and no axes, each with its caption centred above it.
std::string tiles_plot(const Tiles& g, const std::string& file, std::size_t x_column,
                       const std::vector<std::string>& captions) {
  const double right = static_cast<double>(g.cols * (g.W + g.gap) - g.gap) - 0.5;
  const double bottom = static_cast<double>(g.rows() * (g.H + g.gap) - g.gap) - 0.5;
  const double top = -0.5 - static_cast<double>(g.gap);  // room for the first row's captions
  std::string s = "set size ratio -1\nunset xtics\nunset ytics\nunset border\nunset label\n"
                  "set xrange [-0.5:" + number(right) + "]\nset yrange [" + number(bottom) + ":" + number(top) + "]\n";
  for (std::size_t t = 0; t < g.count; ++t)
    s += "set label " + quoted(captions[t]) + " at " + number(static_cast<double>(g.x(t, 0)) + (g.W - 1) / 2.0) + ", " +
         number(static_cast<double>(g.y(t, 0)) - 0.5 - g.gap / 2.0) + " center font ',9'\n";
  const std::string x = std::to_string(x_column), y = std::to_string(x_column + 1), v = std::to_string(x_column + 2);
  // gnuplot's `with image` needs 2 × 2 pixels at least; a tile 1 pixel wide or high (a 1×1 kernel) is
  // drawn pixel by pixel as boxes (which would show seams on larger tiles).
  const std::string how = g.H >= 2 && g.W >= 2
                              ? x + ":" + y + ":" + v + " with image"
                              : x + ":" + y + ":(0.5):(0.5):" + v + " with boxxyerror fs solid 1.0 noborder fc palette";
  return s + "plot for [t = 0:" + std::to_string(g.count - 1) + "] d." + quoted(file) + " index t using " + how +
         " notitle\n";
}

/// The largest |v| of n values, or 1 if all are 0: a colour scale symmetric around 0.
double largest_magnitude(const real* v, std::size_t n) {
  double m = 0;
  for (std::size_t k = 0; k < n; ++k) m = std::max(m, std::abs(static_cast<double>(v[k])));
  return m > 0 ? m : 1;
}

/// Weights and signed values: blue below 0, white at 0, red above; cbrange [−m, m].
std::string diverging_scale(double m, const char* label) {
  return "set palette defined (-1 '#2166ac', 0 '#f7f7f7', 1 '#b2182b')\nset cbrange [" + number(-m) + ":" + number(m) +
         "]\nset cblabel '" + label + "'\nset colorbox\n";
}

/// The first layer of the model when it is a Conv2d and the model a Sequential, else nullptr.
nn::Conv2d* first_conv(nn::Module* model) {
  auto* sequential = dynamic_cast<nn::Sequential*>(model);
  if (!sequential || sequential->size() == 0) return nullptr;
  return dynamic_cast<nn::Conv2d*>(&(*sequential)[0]);
}

std::string after_epochs(const History& h) {
  return h.empty() ? "" : " after epoch " + std::to_string(h.back().epoch);
}

std::string write_filters(const PlotInputs& in, const nn::Conv2d& conv) {
  const std::size_t C_in = conv.in_shape().C, C_out = conv.out_channels(), K = conv.kernel_size();
  // Tile o·C_in + c is the kernel W[o, c] (W's row o holds C_in kernels of K·K, one after another);
  // with several input channels each output channel is a row of tiles.
  const Tiles g = tiles_of(C_out * C_in, K, K, C_in > 1 ? C_in : 0);
  std::vector<std::string> keys, captions;
  for (std::size_t o = 0; o < C_out; ++o)
    for (std::size_t c = 0; c < C_in; ++c) {
      keys.push_back(std::to_string(o) + " " + std::to_string(c));
      captions.push_back(C_in > 1 ? std::to_string(o) + "," + std::to_string(c) : std::to_string(o));
    }
  write(in.dir, "filters.dat",
        "# " + conv.describe() + ": one block per kernel W[out_channel, in_channel]\n"
        "# out_channel in_channel i j x y weight\n" + tile_data(g, keys, conv.W.data()));
  const std::string explained = C_in > 1 ? "tile o,c: the kernel of output channel o on input channel c"
                                         : "tile o: the kernel of output channel o";
  const std::string script =
      script_head("filters.png", "First-layer filters - " + in.dataset + after_epochs(in.history), "720,640") +
      diverging_scale(largest_magnitude(conv.W.data(), conv.W.size()), "weight") +
      "set xlabel " + double_quoted(conv.describe() + "\n" + explained) + "\n" + tiles_plot(g, "filters.dat", 5, captions);
  return write(in.dir, "filters.gp", script);
}

/// Sample 0 of X after the first conv block: the Conv2d at layer 0 and the layers after it that keep
/// its output's images as they are (the activation, a BatchNorm2d; not the pooling, nor Flatten: the
/// rule of nn::summary's output column), in evaluation mode. `names` gets their names, "Conv2d → ReLU".
Tensor first_block(nn::Sequential& model, const Tensor& X, std::string& names) {
  const bool was_training = model.is_training();
  model.eval();
  Tensor A = xt::view(X, xt::range(0, 1), xt::all());  // (1, C·H·W)
  A = model[0].forward(A);
  names = model[0].name();
  const std::string maps = model[0].output_geometry();
  for (std::size_t k = 1; k < model.size(); ++k) {
    Tensor next = model[k].forward(A);
    if (nn::geometry_after(model[k], maps, A.shape(1), next.shape(1)) != maps) break;
    A = std::move(next);
    names += " → " + model[k].name();
  }
  model.train(was_training);
  return A;
}

/// "the input" above its one channel, "input c" above each of several.
std::vector<std::string> input_captions(std::size_t C) {
  if (C == 1) return {"the input"};
  std::vector<std::string> captions;
  for (std::size_t c = 0; c < C; ++c) captions.push_back("input " + std::to_string(c));
  return captions;
}

std::string write_feature_maps(const PlotInputs& in, nn::Sequential& model, const nn::Conv2d& conv) {
  const nn::ImageShape a = conv.in_shape(), z = conv.out_shape();
  std::string names;
  const Tensor maps = first_block(model, in.test->X, names);  // (1, C_out·H_out·W_out)
  Tensor sample = xt::view(in.test->X, xt::range(0, 1), xt::all());
  if (in.standardizer) sample = unstandardised(sample, *in.standardizer);
  const auto channels = [](std::size_t C) {
    std::vector<std::string> keys;
    for (std::size_t c = 0; c < C; ++c) keys.push_back(std::to_string(c));
    return keys;
  };
  const Tiles input = tiles_of(a.C, a.H, a.W), output = tiles_of(z.C, z.H, z.W);
  write(in.dir, "feature_maps_input.dat",
        std::string("# test sample 0, ") + (in.standardizer ? "in the data's own units" : "as the model sees it") +
            ": one block per channel\n# channel i j x y value\n" + tile_data(input, channels(a.C), sample.data()));
  write(in.dir, "feature_maps.dat",
        "# test sample 0 after " + names + ": one block per channel\n# channel i j x y value\n" +
            tile_data(output, channels(z.C), maps.data()));

  const std::size_t label = in.test->labels.empty() ? 0 : in.test->labels[0];
  const std::string class_name =
      label < in.class_names.size() ? in.class_names[label] : "class " + std::to_string(label);
  // Non-negative maps (after ReLU) run from black through purple and orange to pale yellow (magma);
  // signed ones get the diverging scale of the filters.
  const double lowest = static_cast<double>(xt::amin(maps)()), m = largest_magnitude(maps.data(), maps.size());
  const std::string maps_scale =
      lowest >= 0 ? "set palette defined (0 '#000004', 0.25 '#51127c', 0.5 '#b73779', 0.75 '#fc8961', 1 '#fcfdbf')\n"
                    "set cbrange [0:" + number(m) + "]\nset cblabel 'activation'\nset colorbox\n"
                  : diverging_scale(m, "activation");
  const std::string script =
      script_head("feature_maps.png", "", "1100,600") +
      "set multiplot title " + quoted("Feature maps of test sample 0 (" + class_name + ") after " + names + " - " +
                                      in.dataset + after_epochs(in.history)) + " font ',13'\n"
      "set origin 0.02, 0.1\nset size 0.28, 0.8\n"
      "set title '" + (in.standardizer ? "" : "(standardised)") + "'\n"
      "set palette gray\nset cbrange [*:*]\nunset colorbox\n" +
      tiles_plot(input, "feature_maps_input.dat", 4, input_captions(a.C)) +
      "set origin 0.3, 0\nset size 0.7, 0.92\n"
      "set title " + quoted(std::to_string(z.C) + " channels of " + std::to_string(z.H) + "×" + std::to_string(z.W) +
                            ", one tile each") + "\n" + maps_scale +
      tiles_plot(output, "feature_maps.dat", 4, channels(z.C)) + "unset multiplot\n";
  return write(in.dir, "feature_maps.gp", script);
}

/// How a gnuplot run ended: its exit status, or why it has none.
struct Outcome {
  enum { exited, failed, timed_out, stopped } how;
  int status;  // of an exited gnuplot
};

/// Sends SIGTERM, then SIGKILL if it is still there a moment later, and reaps it.
void end_process(pid_t pid) {
  ::kill(pid, SIGTERM);
  for (int i = 0; i < 50; ++i) {
    if (::waitpid(pid, nullptr, WNOHANG) == pid) return;
    ::usleep(10000);
  }
  ::kill(pid, SIGKILL);
  while (::waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {
  }
}

/// Runs `gnuplot script`, waiting at most `seconds` and while stop() is false.
Outcome run_gnuplot(const std::string& gnuplot, const std::string& script, double seconds,
                    const std::function<bool()>& stop) {
  std::vector<char*> argv{const_cast<char*>(gnuplot.c_str()), const_cast<char*>(script.c_str()), nullptr};
  pid_t pid = 0;
  if (posix_spawn(&pid, gnuplot.c_str(), nullptr, nullptr, argv.data(), environ) != 0) return {Outcome::failed, -1};
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  for (;;) {
    int status = 0;
    const pid_t done = ::waitpid(pid, &status, WNOHANG);
    if (done == pid) return WIFEXITED(status) ? Outcome{Outcome::exited, WEXITSTATUS(status)} : Outcome{Outcome::failed, -1};
    if (done < 0 && errno != EINTR) return {Outcome::failed, -1};
    const bool stopping = stop && stop();
    if (stopping || std::chrono::steady_clock::now() > deadline) {
      end_process(pid);
      return {stopping ? Outcome::stopped : Outcome::timed_out, -1};
    }
    ::usleep(10000);  // a signal cuts the sleep short
  }
}

bool is_png(const std::string& path) {
  try {
    return io::read_file(path).compare(0, 8, "\x89PNG\r\n\x1a\n") == 0;
  } catch (const std::exception&) {
    return false;
  }
}
}  // namespace

std::vector<std::string> write_plot_files(const PlotInputs& in) {
  std::vector<std::string> scripts = write_curves(in);
  if (in.confusion) scripts.push_back(write_confusion(in));
  if (in.model && in.standardizer && in.train && in.train->features() == 2 && in.train->size() > 0)
    scripts.push_back(write_boundary(in));
  if (nn::Conv2d* conv = first_conv(in.model)) {
    scripts.push_back(write_filters(in, *conv));
    if (in.test && in.test->size() > 0)
      scripts.push_back(write_feature_maps(in, dynamic_cast<nn::Sequential&>(*in.model), *conv));
  }
  return scripts;
}

std::string find_gnuplot() {
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path ? path : "");
  for (std::string dir; std::getline(dirs, dir, ':');) {
    const std::string candidate = (dir.empty() ? "." : dir) + "/gnuplot";
    if (access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return "";
}

std::vector<std::string> plot_file_names() {
  return {"curves.dat", "loss.gp", "loss.png", "accuracy.gp", "accuracy.png", "confusion.dat", "confusion.gp",
          "confusion.png", "boundary_grid.dat", "boundary_points.dat", "boundary.gp", "boundary.png",
          "filters.dat", "filters.gp", "filters.png", "feature_maps_input.dat", "feature_maps.dat",
          "feature_maps.gp", "feature_maps.png"};
}

std::vector<std::string> render(const std::vector<std::string>& scripts, const std::string& dir,
                                std::ostream& warnings, double seconds_per_plot, const std::function<bool()>& stop) {
  const std::string gnuplot = find_gnuplot();
  if (gnuplot.empty()) {
    warnings << "plots: gnuplot not found; the plot data and scripts are in " << dir
             << "/. To draw them: apt-get install gnuplot-nox, then gnuplot " << dir << "/*.gp\n";
    return {};
  }
  std::vector<std::string> pngs;
  for (const std::string& script : scripts) {
    const std::string png = script.substr(0, script.size() - 3) + ".png";
    const Outcome o = run_gnuplot(gnuplot, script, seconds_per_plot, stop);
    if (o.how == Outcome::exited && o.status == 0 && is_png(png)) {
      pngs.push_back(png);
    } else if (o.how == Outcome::stopped) {
      warnings << "plots: stopped while gnuplot drew " << script << "; draw them later with: gnuplot " << dir
               << "/*.gp\n";
      break;
    } else if (o.how == Outcome::timed_out) {
      warnings << "plots: gnuplot took longer than " << seconds_per_plot << " s on " << script
               << " and was stopped; the run's other outputs are complete\n";
    } else {
      warnings << "plots: gnuplot failed on " << script << " (exit status " << o.status
               << "); the run's other outputs are complete\n";
    }
  }
  return pngs;
}

std::vector<std::string> write_plots(const PlotInputs& in, std::ostream& warnings) {
  std::vector<std::string> scripts;
  try {
    scripts = write_plot_files(in);
  } catch (const std::exception& e) {
    warnings << "plots: not written (" << e.what() << "); the run's other outputs are complete\n";
    return {};
  }
  std::vector<std::string> pngs = render(scripts, in.dir, warnings, in.seconds_per_plot, in.stop);
  return pngs.empty() && find_gnuplot().empty() ? scripts : pngs;
}

}  // namespace mytorch::train
