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

#include "mytorch/io/file.hpp"

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
          "confusion.png", "boundary_grid.dat", "boundary_points.dat", "boundary.gp", "boundary.png"};
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
