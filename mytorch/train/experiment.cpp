#include "mytorch/train/experiment.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <iostream>
#include <stdexcept>

#include <sys/stat.h>

#include <nlohmann/json.hpp>

#include "mytorch/data/catalog.hpp"
#include "mytorch/data/file.hpp"
#include "mytorch/data/standardizer.hpp"
#include "mytorch/models/mlp.hpp"
#include "mytorch/nn/loss.hpp"
#include "mytorch/train/architecture.hpp"
#include "mytorch/train/checkpoint.hpp"
#include "mytorch/train/plot.hpp"
#include "mytorch/train/schedule.hpp"
#include "mytorch/train/trainer.hpp"

namespace mytorch::train {

namespace {
using nlohmann::json;
using Clock = std::chrono::steady_clock;

json parse_architecture(const std::string& text, const std::string& path) {
  try {
    return json::parse(text);
  } catch (const json::exception& e) {
    throw std::runtime_error(path + ": architecture is not valid JSON: " + e.what());
  }
}

/// Runs f, turning any error about what a checkpoint holds into one that names the file.
template <class F>
auto about_checkpoint(const std::string& path, F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (const json::exception& e) {
    throw std::runtime_error(path + ": not a checkpoint of mytorch-train (" + e.what() + ")");
  } catch (const std::invalid_argument& e) {
    throw std::runtime_error(path + ": does not fit: " + e.what());
  }
}

/// The data of a run: split (with the run's seed), standardised with training statistics.
data::Splits prepared_data(const std::string& dataset, const std::string& data_dir,
                           double val_split, data::Standardizer& standardizer, bool fit,
                           std::string& test_fingerprint) {
  data::Splits s = data::load_splits(dataset, data_dir, val_split);
  test_fingerprint = data::fingerprint(s.test);
  if (fit) standardizer.fit(s.train.X);
  standardizer.transform(s.train.X);
  if (s.val.size()) standardizer.transform(s.val.X);
  standardizer.transform(s.test.X);
  return s;
}

models::MLPOptions model_options(const RunConfig& c) { return {c.activation, c.batchnorm, c.dropout}; }

/// " batchnorm dropout 0.2": what the progress line adds to the activation's name.
std::string block_extras(const RunConfig& c) {
  char dropout[32];
  std::snprintf(dropout, sizeof dropout, " dropout %g", c.dropout);
  return std::string(c.batchnorm ? " batchnorm" : "") + (c.dropout > 0 ? dropout : "");
}

std::vector<std::size_t> layer_sizes(std::size_t D, const std::vector<std::size_t>& hidden, std::size_t K) {
  std::vector<std::size_t> sizes{D};
  sizes.insert(sizes.end(), hidden.begin(), hidden.end());
  sizes.push_back(K);
  return sizes;
}

bool is_dir(const std::string& path) {
  struct stat info {};
  return stat(path.c_str(), &info) == 0 && S_ISDIR(info.st_mode);
}

void make_dirs(const std::string& path) {
  for (std::size_t at = path.find('/', 1); ; at = path.find('/', at + 1)) {
    const std::string prefix = path.substr(0, at);
    if (!is_dir(prefix) && mkdir(prefix.c_str(), 0755) != 0 && !is_dir(prefix))
      throw std::runtime_error("cannot create output folder " + path + ": " +
                               (prefix == path ? "" : prefix + ": ") +
                               (errno == EEXIST ? "exists and is not a folder" : std::strerror(errno)));
    if (at == std::string::npos) return;
  }
}

/// Creates dir and proves it writable, so a bad --out fails before any training time is spent.
void prepare_output_dir(const std::string& dir) {
  make_dirs(dir);
  const std::string probe = dir + "/.mytorch-write-test";
  try {
    data::write_file_atomically(probe, "");
  } catch (const std::runtime_error& e) {
    throw std::runtime_error("output folder " + dir + " is not writable (" + e.what() + ")");
  }
  std::remove(probe.c_str());
}

/// runs/<dataset>-<date>-<time>, with -2, -3, … if that exists already.
std::string new_run_dir(const std::string& dataset) {
  char stamp[32];
  const std::time_t now = std::time(nullptr);
  std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", std::localtime(&now));
  const std::string name = dataset.rfind("csv:", 0) == 0 ? "csv" : dataset;
  const std::string base = "runs/" + name + "-" + stamp;
  std::string dir = base;
  for (int k = 2; is_dir(dir); ++k) dir = base + "-" + std::to_string(k);
  return dir;
}

Tensor append_row(const Tensor& history, const EpochStats& s) {
  Tensor h({history.shape(0) + 1, 6});
  std::copy(history.begin(), history.end(), h.begin());
  const double row[6] = {static_cast<double>(s.epoch), s.train_loss, s.train_accuracy,
                         s.val_loss, s.val_accuracy, s.seconds};
  for (std::size_t j = 0; j < 6; ++j) h(history.shape(0), j) = static_cast<real>(row[j]);
  return h;
}

void write_metrics_csv(const std::string& path, const Tensor& history) {
  std::string csv = "epoch,train_loss,train_accuracy,val_loss,val_accuracy,seconds\n";
  char line[200];
  for (std::size_t i = 0; i < history.shape(0); ++i) {
    std::snprintf(line, sizeof line, "%d,%.6f,%.6f,%.6f,%.6f,%.3f\n", static_cast<int>(history(i, 0)),
                  static_cast<double>(history(i, 1)), static_cast<double>(history(i, 2)),
                  static_cast<double>(history(i, 3)), static_cast<double>(history(i, 4)),
                  static_cast<double>(history(i, 5)));
    csv += line;
  }
  data::write_file_atomically(path, csv);
}

/// One line for a run that blew up: where, why, what to do, and what is kept.
std::string diverged_message(std::size_t epoch, const std::string& detail, double lr,
                             const std::string& kept) {
  char advice[160];
  std::snprintf(advice, sizeof advice, "the learning rate %g is too large: try a smaller one, e.g. --lr %g", lr,
                lr / 10);
  return "training diverged (loss or weights became NaN/Inf) in epoch " + std::to_string(epoch) + " at " +
         detail + "; " + advice + "; " +
         (kept.empty() ? "no checkpoint was saved before it" : "the last good checkpoint " + kept + " is kept");
}
}  // namespace

std::size_t default_epochs(const std::string& dataset) {
  if (dataset == "fashion-mnist") return 15;
  if (data::is_toy(dataset)) return 100;
  return 60;
}

double default_lr(const std::string& dataset, const std::string& optimizer) {
  if (optimizer != "sgd") return 1e-3;  // Adam's usual step
  return data::is_toy(dataset) ? 0.1 : 0.01;  // many standardised inputs: a smaller step
}

RunResult run(const RunConfig& asked, std::ostream& out) {
  Checkpoint resumed;
  RunConfig c = asked;
  const bool resuming = !asked.resume.empty();
  if (resuming) {
    resumed = load_checkpoint(asked.resume);
    c = resumed_config(asked, resumed.architecture, asked.resume);
  }
  if (c.epochs == 0) c.epochs = default_epochs(c.dataset);
  std::transform(c.optimizer.begin(), c.optimizer.end(), c.optimizer.begin(),
                 [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
  if (c.options.lr == 0) c.options.lr = default_lr(c.dataset, c.optimizer);
  scheduled_lr(c.lr_schedule, c.options.lr, 1, c.epochs);  // an unknown schedule fails before any work

  manual_seed(c.seed);
  data::Standardizer standardizer = resumed.standardizer;
  std::string test_fingerprint;
  const data::Splits s = prepared_data(c.dataset, c.data_dir, c.val_split, standardizer, !resuming, test_fingerprint);
  check_finite("run", ("the training split of " + c.dataset).c_str(), s.train.X);  // NaN later = divergence
  const std::vector<std::size_t> sizes = layer_sizes(s.train.features(), c.hidden, s.train.num_classes);
  models::MLP model(sizes, model_options(c));
  nn::CrossEntropyLoss loss;
  const std::unique_ptr<optim::Optimizer> optimizer =
      optim::make_optimizer(c.optimizer, model.parameters(), c.options);
  Trainer trainer(model, loss, *optimizer, s.train, c.batch_size);
  Tensor history({0, 6});
  std::size_t first_epoch = 1;
  std::string last_good;  // the newest checkpoint known to be sound
  if (resuming) {
    about_checkpoint(asked.resume, [&] {
      restore_parameters(resumed, model);
      restore_optimizer(resumed, *optimizer);
      if (!resumed.unfinished.order.empty()) trainer.resume_epoch(resumed.unfinished);
    });
    rng().set_state(resumed.rng_state);
    history = resumed.history;
    first_epoch = resumed.epoch + 1;
    last_good = asked.resume + " (epoch " + std::to_string(resumed.epoch) + ")";
  }

  RunResult r;
  r.dataset = c.dataset;
  r.epochs = c.epochs;
  r.out_dir = c.out_dir.empty() ? new_run_dir(c.dataset) : c.out_dir;
  prepare_output_dir(r.out_dir);
  r.checkpoint = r.out_dir + "/model.npz";
  const std::string architecture = architecture_of(c, sizes, test_fingerprint);
  const auto save = [&](std::size_t epochs_done, const EpochPosition& unfinished) {
    Checkpoint info;
    info.architecture = architecture;
    info.epoch = epochs_done;
    info.rng_state = rng().state();
    info.history = history;
    info.standardizer = standardizer;
    info.unfinished = unfinished;
    save_checkpoint(r.checkpoint, model, optimizer.get(), info);
    last_good = r.checkpoint + " (epoch " + std::to_string(epochs_done) + ")";
  };
  const auto stop_asked = [&] { return c.stop && c.stop(); };

  Progress progress(out, c.progress, first_epoch, c.epochs, trainer.steps_per_epoch());
  if (c.progress != Progress::Style::quiet)
    out << c.dataset << ": " << s.train.size() << " train, " << s.val.size() << " validation, "
        << s.test.size() << " test samples; model " << json(sizes).dump()
        << " " << c.activation << block_extras(c) << "; epochs " << first_epoch << ".." << c.epochs << "\n";
  std::size_t trained = 0;
  // One epoch; false when the run was asked to stop (after saving where it stands).
  const auto one_epoch = [&](std::size_t epoch) {
    const auto start = Clock::now();
    optimizer->lr = scheduled_lr(c.lr_schedule, c.options.lr, epoch, c.epochs);
    const std::size_t seen_before = trainer.epoch_finished() ? 0 : trainer.position().seen;
    const Evaluation t = trainer.train_epoch(
        [&](std::size_t step, std::size_t, double running) { progress.step(epoch, step, running); }, c.stop);
    const double train_seconds = std::chrono::duration<double>(Clock::now() - start).count();
    const EpochPosition at = trainer.position();
    trained += at.seen - seen_before;
    r.seconds += train_seconds;
    if (!parameters_finite(model)) throw Diverged("the end of step " + std::to_string(at.steps));
    if (!trainer.epoch_finished()) {
      save(epoch - 1, at);
      r.stopped_at = "epoch " + std::to_string(epoch) + ", step " + std::to_string(at.steps) + " of " +
                     std::to_string(trainer.steps_per_epoch());
      return false;
    }
    EpochStats e{epoch, t.loss, t.accuracy, NAN, NAN, 0};
    if (s.val.size()) {
      const Evaluation v = evaluate(model, loss, s.val);
      e.val_loss = v.loss;
      e.val_accuracy = v.accuracy;
    }
    e.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    progress.epoch_done(e);
    history = append_row(history, e);
    r.last = e;
    write_metrics_csv(r.out_dir + "/metrics.csv", history);
    const bool stopping = stop_asked();
    if (stopping || epoch == c.epochs || (c.save_every > 0 && epoch % c.save_every == 0)) save(epoch, {});
    if (stopping) r.stopped_at = "after epoch " + std::to_string(epoch);
    return !stopping;
  };
  for (std::size_t epoch = first_epoch; epoch <= c.epochs && !r.interrupted; ++epoch) {
    try {
      r.interrupted = !one_epoch(epoch);
    } catch (const Diverged& e) {
      throw Diverged(diverged_message(epoch, e.what(), c.options.lr, last_good));
    } catch (const NonFiniteError& e) {  // from the validation pass
      throw Diverged(diverged_message(epoch, std::string("validation: ") + e.what(), c.options.lr, last_good));
    }
  }
  r.samples_per_second = r.seconds > 0 ? static_cast<double>(trained) / r.seconds : 0;
  if (r.interrupted) {
    if (c.progress == Progress::Style::bar) out << "\n";  // end the bar's line
    r.test_loss = r.test_accuracy = NAN;
    return r;
  }
  const Evaluation test = evaluate(model, loss, s.test);
  r.test_loss = test.loss;
  r.test_accuracy = test.accuracy;
  if (c.plots) {
    const ConfusionMatrix confusion(s.test.labels, test.predicted, s.test.num_classes);
    r.plots = write_plots({r.out_dir, c.dataset, history, test.accuracy, &confusion,
                           data::class_names(c.dataset), &model, &standardizer, &s.train}, std::cerr);
  }
  if (c.progress != Progress::Style::quiet) {
    char line[160];
    std::snprintf(line, sizeof line, "test loss %.4f  accuracy %.2f%%  (%zu samples)\n", test.loss,
                  100 * test.accuracy, s.test.size());
    out << line << "outputs in " << r.out_dir << "/: metrics.csv, model.npz";
    for (const std::string& plot : r.plots) out << ", " << plot.substr(plot.rfind('/') + 1);
    out << "\n";
  }
  return r;
}

namespace {
/// NaN (no validation split) becomes null: JSON has no NaN.
json number(double x) { return std::isfinite(x) ? json(x) : json(nullptr); }
}  // namespace

std::string to_json(const RunResult& r) {
  return json{{"dataset", r.dataset},
              {"epochs", r.epochs},
              {"train_loss", number(r.last.train_loss)},
              {"train_accuracy", number(r.last.train_accuracy)},
              {"val_loss", number(r.last.val_loss)},
              {"val_accuracy", number(r.last.val_accuracy)},
              {"test_loss", number(r.test_loss)},
              {"test_accuracy", number(r.test_accuracy)},
              {"seconds", r.seconds},
              {"samples_per_second", r.samples_per_second},
              {"checkpoint", r.checkpoint},
              {"out_dir", r.out_dir},
              {"plots", r.plots},
              {"interrupted", r.interrupted}}
      .dump();
}

namespace {
/// Throws unless `test` is the test split the checkpoint's run held out: the same samples in the
/// same order (checked by fingerprint), so its accuracy is a true test accuracy.
void check_same_test_split(const json& a, const data::Dataset& test, const std::string& name,
                           const std::string& path) {
  const std::string trained_on = a.at("dataset").get<std::string>();
  if (!a.contains("test_fingerprint")) {
    if (name == trained_on) return;  // a checkpoint from before fingerprints: its own dataset only
    throw std::runtime_error(path + " has no test_fingerprint, so only its own dataset '" + trained_on +
                             "' can be evaluated (retrain to evaluate on '" + name + "')");
  }
  if (data::fingerprint(test) != a.at("test_fingerprint").get<std::string>())
    throw std::runtime_error("the test split of '" + name + "' (" + std::to_string(test.size()) +
                             " samples) is not the one " + path + " was trained with (dataset '" +
                             trained_on + "', seed " + a.at("seed").dump() +
                             "): its accuracy would not be a held-out test accuracy; evaluate on '" +
                             trained_on + "' with the data it was trained on");
}
}  // namespace

EvalResult evaluate_checkpoint(const std::string& path, const std::string& dataset,
                               const std::string& data_dir) {
  const Checkpoint saved = load_checkpoint(path);
  const json a = parse_architecture(saved.architecture, path);
  const RunConfig trained = resumed_config({}, saved.architecture, path);  // checks a's settings and types
  const std::string trained_on = a.at("dataset").get<std::string>();
  const std::string name = dataset.empty() ? trained_on : dataset;
  if (!saved.standardizer.fitted()) throw std::runtime_error(path + ": has no input_mean/input_std");
  manual_seed(a.at("seed").get<std::uint64_t>());  // the split the model was trained with
  data::Splits s = data::load_splits(
      name, data_dir.empty() && name == trained_on ? a.at("data_dir").get<std::string>() : data_dir,
      a.at("val_split").get<double>());
  const auto sizes = a.at("sizes").get<std::vector<std::size_t>>();
  if (s.test.features() != sizes.front() || s.test.num_classes > sizes.back())
    throw std::runtime_error(path + " takes " + std::to_string(sizes.front()) + " features and " +
                             std::to_string(sizes.back()) + " classes (trained on '" + trained_on + "'), but '" +
                             name + "' has " + std::to_string(s.test.features()) + " features and " +
                             std::to_string(s.test.num_classes) + " classes");
  check_same_test_split(a, s.test, name, path);
  saved.standardizer.transform(s.test.X);  // the training split's statistics
  models::MLP model = about_checkpoint(path, [&] { return models::MLP(sizes, model_options(trained)); });
  restore_parameters(saved, model);
  nn::CrossEntropyLoss loss;
  const Evaluation e = evaluate(model, loss, s.test);
  return {name, e.loss, e.accuracy, ConfusionMatrix(s.test.labels, e.predicted, s.test.num_classes)};
}

std::string to_json(const EvalResult& r) {
  json precision = json::array(), recall = json::array(), matrix = json::array();
  for (std::size_t k = 0; k < r.confusion.classes(); ++k) {
    precision.push_back(r.confusion.precision(k));
    recall.push_back(r.confusion.recall(k));
    json row = json::array();
    for (std::size_t p = 0; p < r.confusion.classes(); ++p) row.push_back(r.confusion.count(k, p));
    matrix.push_back(row);
  }
  return json{{"dataset", r.dataset},     {"test_loss", r.test_loss},
              {"test_accuracy", r.test_accuracy}, {"precision", precision},
              {"recall", recall},          {"confusion_matrix", matrix}}
      .dump();
}

}  // namespace mytorch::train
