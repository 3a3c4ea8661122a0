#include "mytorch/train/experiment.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <memory>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "mytorch/data/catalog.hpp"
#include "mytorch/data/standardizer.hpp"
#include "mytorch/io/file.hpp"
#include "mytorch/models/registry.hpp"
#include "mytorch/nn/loss.hpp"
#include "mytorch/nn/summary.hpp"
#include "mytorch/train/checkpoint.hpp"
#include "mytorch/train/plot.hpp"
#include "mytorch/train/run_record.hpp"
#include "mytorch/train/schedule.hpp"
#include "mytorch/train/trainer.hpp"

namespace mytorch::train {

namespace {
using nlohmann::json;

/// Runs f, turning an error about what a checkpoint holds into one that names the file.
template <class F>
auto about_checkpoint(const std::string& path, F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (const std::invalid_argument& e) {
    throw std::runtime_error(path + ": does not fit: " + e.what());
  }
}

/// The settings a run uses: those asked for or, resuming, the checkpoint's (all but the epochs,
/// the data folder if one is given, and what the run writes), with every default filled in. An
/// unknown optimizer or schedule fails here, before any work.
RunConfig settings_of(const RunConfig& asked, const RunRecord* resumed) {
  RunConfig c = asked;
  if (resumed) {
    c = resumed->settings;
    c.data_dir = asked.data_dir.empty() ? resumed->settings.data_dir : asked.data_dir;
    c.epochs = asked.epochs;
    c.out_dir = asked.out_dir;
    c.resume = asked.resume;
    c.plots = asked.plots;
    c.save_every = asked.save_every;
    c.stop = asked.stop;
    c.progress = asked.progress;
  }
  if (c.epochs == 0) c.epochs = default_epochs(c.dataset);
  std::transform(c.optimizer.begin(), c.optimizer.end(), c.optimizer.begin(),
                 [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
  if (c.options.lr == 0) c.options.lr = default_lr(c.dataset, c.optimizer);
  scheduled_lr(c.lr_schedule, c.options.lr, 1, c.epochs);
  return c;
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

models::ModelSpec model_spec(const RunConfig& c, std::size_t inputs, std::size_t classes) {
  return {c.model, inputs, c.hidden, classes, {c.activation, c.batchnorm, c.dropout}};
}

/// runs/<dataset>-<date>-<time>, with -2, -3, … if that exists already.
std::string new_run_dir(const std::string& dataset) {
  char stamp[32];
  const std::time_t now = std::time(nullptr);
  std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", std::localtime(&now));
  const std::string name = dataset.rfind("csv:", 0) == 0 ? "csv" : dataset;
  const std::string base = "runs/" + name + "-" + stamp;
  std::string dir = base;
  for (int k = 2; std::filesystem::is_directory(dir); ++k) dir = base + "-" + std::to_string(k);
  return dir;
}

/// One line for a run that blew up: where (detail: "in epoch 3 at step 5 of 10: …"), why, what to
/// do, and what is kept.
std::string diverged_message(const std::string& detail, double lr, const std::string& kept) {
  char advice[160];
  std::snprintf(advice, sizeof advice, "the learning rate %g is too large: try a smaller one, e.g. %g", lr,
                lr / 10);
  return "training diverged (loss or weights became NaN/Inf) " + detail + "; " + advice + "; " +
         (kept.empty() ? "no checkpoint was saved before it" : "the last good checkpoint " + kept + " is kept");
}

void print_test_results(std::ostream& out, const Evaluation& test, std::size_t samples, const RunResult& r) {
  char line[160];
  std::snprintf(line, sizeof line, "test loss %.4f  accuracy %.2f%%  (%zu samples)\n", test.loss,
                100 * test.accuracy, samples);
  out << line << "outputs in " << r.out_dir << "/: metrics.csv, model.npz";
  for (const std::string& plot : r.plots) out << ", " << plot.substr(plot.rfind('/') + 1);
  out << "\n";
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

RunResult run(const RunConfig& config, std::ostream& out) { return run(config, out, out); }

RunResult run(const RunConfig& asked, std::ostream& out, std::ostream& warnings) {
  // 1. settings and data
  const bool resuming = !asked.resume.empty();
  Checkpoint resumed;
  RunRecord record;
  if (resuming) {
    resumed = load_checkpoint(asked.resume);
    record = read_record(resumed.architecture, asked.resume);
  }
  const RunConfig c = settings_of(asked, resuming ? &record : nullptr);
  manual_seed(c.seed);
  data::Standardizer standardizer = resumed.standardizer;
  std::string test_fingerprint;
  const data::Splits s = prepared_data(c.dataset, c.data_dir, c.val_split, standardizer, !resuming, test_fingerprint);
  check_finite("run", ("the training split of " + c.dataset).c_str(), s.train.X);  // NaN later = divergence

  // 2. model, optimizer, trainer; where a resumed run stood
  const models::ModelSpec spec = model_spec(c, s.train.features(), s.train.num_classes);
  const std::unique_ptr<nn::Sequential> model = models::build_model(spec);
  nn::CrossEntropyLoss loss;
  const std::unique_ptr<optim::Optimizer> optimizer = optim::make_optimizer(c.optimizer, model->parameters(), c.options);
  Trainer trainer(*model, loss, *optimizer, s.train, c.batch_size);
  std::size_t first_epoch = 1;
  std::string last_good;  // the newest checkpoint known to be sound
  if (resuming) {
    about_checkpoint(asked.resume, [&] {
      restore_parameters(resumed, *model);
      restore_optimizer(resumed, *optimizer);
      if (!resumed.unfinished.order.empty()) trainer.resume_epoch(resumed.unfinished);
      trainer.set_history(history_of(resumed.history));
    });
    rng().set_state(resumed.rng_state);
    first_epoch = resumed.epoch + 1;
    last_good = asked.resume + " (epoch " + std::to_string(resumed.epoch) + ")";
  }

  // 3. the output folder, before any training
  RunResult r;
  r.dataset = c.dataset;
  r.epochs = c.epochs;
  r.out_dir = c.out_dir.empty() ? new_run_dir(c.dataset) : c.out_dir;
  io::prepare_output_folder(r.out_dir);
  r.checkpoint = r.out_dir + "/model.npz";
  const std::string record_text = record_json(c, spec, test_fingerprint);
  const auto save = [&](std::size_t epochs_done, const EpochPosition& unfinished) {
    Checkpoint info;
    info.architecture = record_text;
    info.epoch = epochs_done;
    info.rng_state = rng().state();
    info.history = history_table(trainer.history());
    info.standardizer = standardizer;
    info.unfinished = unfinished;
    save_checkpoint(r.checkpoint, *model, optimizer.get(), info);
    last_good = r.checkpoint + " (epoch " + std::to_string(epochs_done) + ")";
  };

  // 4. the epochs, and what each of them leaves behind
  Progress progress(out, c.progress, first_epoch, c.epochs, trainer.steps_per_epoch());
  if (c.progress != Progress::Style::quiet)
    out << c.dataset << ": " << s.train.size() << " train, " << s.val.size() << " validation, "
        << s.test.size() << " test samples; model " << models::to_string(spec) << "; epochs " << first_epoch
        << ".." << c.epochs << "\n"
        << nn::summary(*model, spec.inputs);
  TrainerEvents events;
  events.on_step = [&](const StepReport& step) { progress.step(step.epoch, step.step, step.running_loss); };
  events.on_epoch_end = [&](const EpochStats& e, bool last) {
    progress.epoch_done(e);
    r.last = e;
    io::write_file_atomically(r.out_dir + "/metrics.csv", metrics_csv(trainer.history()));
    if (last || (c.save_every > 0 && e.epoch % c.save_every == 0)) save(e.epoch, {});
  };
  events.on_stop = [&](std::size_t epoch, const EpochPosition& at) { save(epoch - 1, at); };
  events.should_stop = c.stop;
  FitPlan plan{first_epoch, c.epochs, &s.val,
               [&c](std::size_t epoch) { return scheduled_lr(c.lr_schedule, c.options.lr, epoch, c.epochs); }};
  FitResult fit;
  try {
    fit = trainer.fit(plan, events);
  } catch (const Diverged& e) {
    throw Diverged(diverged_message(e.what(), c.options.lr, last_good));
  }
  r.interrupted = fit.stopped;
  r.stopped_at = fit.stopped_at;
  r.seconds = fit.seconds;
  r.samples_per_second = fit.seconds > 0 ? static_cast<double>(fit.samples) / fit.seconds : 0;
  if (r.interrupted) {
    if (c.progress == Progress::Style::bar) out << "\n";  // end the bar's line
    r.test_loss = r.test_accuracy = NAN;
    return r;
  }

  // 5. the test split and the plots
  const Evaluation test = evaluate(*model, loss, s.test);
  r.test_loss = test.loss;
  r.test_accuracy = test.accuracy;
  if (c.plots) {
    const ConfusionMatrix confusion(s.test.labels, test.predicted, s.test.num_classes);
    r.plots = write_plots({r.out_dir, c.dataset, trainer.history(), test.accuracy, &confusion,
                           data::class_names(c.dataset), model.get(), &standardizer, &s.train}, warnings);
  }
  if (c.progress != Progress::Style::quiet) print_test_results(out, test, s.test.size(), r);
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
void check_same_test_split(const RunRecord& record, const data::Dataset& test, const std::string& name,
                           const std::string& path) {
  const std::string& trained_on = record.settings.dataset;
  if (record.test_fingerprint.empty()) {
    if (name == trained_on) return;  // a checkpoint from before fingerprints: its own dataset only
    throw std::runtime_error(path + " has no test_fingerprint, so only its own dataset '" + trained_on +
                             "' can be evaluated (retrain to evaluate on '" + name + "')");
  }
  if (data::fingerprint(test) != record.test_fingerprint)
    throw std::runtime_error("the test split of '" + name + "' (" + std::to_string(test.size()) +
                             " samples) is not the one " + path + " was trained with (dataset '" +
                             trained_on + "', seed " + std::to_string(record.settings.seed) +
                             "): its accuracy would not be a held-out test accuracy; evaluate on '" +
                             trained_on + "' with the data it was trained on");
}
}  // namespace

EvalResult evaluate_checkpoint(const std::string& path, const std::string& dataset,
                               const std::string& data_dir) {
  const Checkpoint saved = load_checkpoint(path);
  const RunRecord record = read_record(saved.architecture, path);
  const RunConfig& trained = record.settings;
  const std::string name = dataset.empty() ? trained.dataset : dataset;
  if (!saved.standardizer.fitted()) throw std::runtime_error(path + ": has no input_mean/input_std");
  manual_seed(trained.seed);  // the split the model was trained with
  data::Splits s = data::load_splits(name, data_dir.empty() && name == trained.dataset ? trained.data_dir : data_dir,
                                     trained.val_split);
  const models::ModelSpec& spec = record.model;
  if (s.test.features() != spec.inputs || s.test.num_classes > spec.classes)
    throw std::runtime_error(path + " takes " + std::to_string(spec.inputs) + " features and " +
                             std::to_string(spec.classes) + " classes (trained on '" + trained.dataset + "'), but '" +
                             name + "' has " + std::to_string(s.test.features()) + " features and " +
                             std::to_string(s.test.num_classes) + " classes");
  check_same_test_split(record, s.test, name, path);
  saved.standardizer.transform(s.test.X);  // the training split's statistics
  const std::unique_ptr<nn::Sequential> model = about_checkpoint(path, [&] { return models::build_model(spec); });
  restore_parameters(saved, *model);
  nn::CrossEntropyLoss loss;
  const Evaluation e = evaluate(*model, loss, s.test);
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
