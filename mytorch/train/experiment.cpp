#include "mytorch/train/experiment.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <memory>
#include <new>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "mytorch/data/catalog.hpp"
#include "mytorch/data/standardizer.hpp"
#include "mytorch/detail/text.hpp"
#include "mytorch/io/file.hpp"
#include "mytorch/linalg.hpp"
#include "mytorch/models/registry.hpp"
#include "mytorch/nn/loss.hpp"
#include "mytorch/nn/summary.hpp"
#include "mytorch/train/checkpoint.hpp"
#include "mytorch/train/memory.hpp"
#include "mytorch/train/plot.hpp"
#include "mytorch/train/run_folder.hpp"
#include "mytorch/train/run_record.hpp"
#include "mytorch/train/schedule.hpp"
#include "mytorch/train/trainer.hpp"

namespace mytorch::train {

namespace {
using nlohmann::json;
namespace fs = std::filesystem;

/// Runs f, turning an error about what a checkpoint holds into one that names the file.
template <class F>
auto about_checkpoint(const std::string& path, F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (const std::invalid_argument& e) {
    throw std::runtime_error(path + ": does not fit: " + e.what());
  }
}

using data::is_csv;

/// A path that means the same from any folder: a checkpoint records where its data was.
std::string absolute(const std::string& path) {
  return path.empty() ? path : fs::absolute(path).lexically_normal().string();
}

/// "csv:a.csv" → "csv:/home/…/a.csv"; other names unchanged.
std::string absolute_dataset(const std::string& dataset) {
  return is_csv(dataset) ? "csv:" + absolute(dataset.substr(4)) : dataset;
}

using detail::lowercase;

/// The settings a run uses: those asked for or, resuming, the checkpoint's but for those a resume
/// may change (run_config.hpp), with every default filled in. An unknown optimizer or schedule
/// fails here, before any work.
RunConfig settings_of(const RunConfig& asked, const RunRecord* resumed) {
  RunConfig c = asked;
  if (resumed) {
    c = resumed->settings;
    if (is_csv(asked.dataset) && is_csv(c.dataset)) c.dataset = asked.dataset;  // the file moved
    if (!asked.data_dir.empty()) c.data_dir = asked.data_dir;
    c.epochs = asked.epochs ? asked.epochs : resumed->settings.epochs;
    if (asked.options.lr != 0) c.options.lr = asked.options.lr;  // fine-tuning
    c.out_dir = asked.out_dir.empty() ? fs::path(asked.resume).parent_path().string() : asked.out_dir;
    if (c.out_dir.empty()) c.out_dir = ".";
    c.overwrite = asked.overwrite;
    c.resume = asked.resume;
    c.plots = asked.plots;
    c.save_every = asked.save_every;
    c.max_memory = asked.max_memory;
    c.threads = asked.threads;
    c.stop = asked.stop;
    c.progress = asked.progress;
  }
  c.dataset = absolute_dataset(c.dataset);
  c.data_dir = absolute(c.data_dir);
  if (c.epochs == 0) c.epochs = default_epochs(c.dataset, c.model);
  if (c.lr_schedule.empty()) c.lr_schedule = default_schedule(c.model);
  c.optimizer = lowercase(c.optimizer);
  if (c.options.lr == 0) c.options.lr = default_lr(c.dataset, c.optimizer);
  scheduled_lr(c.lr_schedule, c.options.lr, 1, c.epochs);
  return c;
}

/// Refuses a resume that cannot continue the checkpoint's run.
void check_resumable(const RunRecord& record, const Checkpoint& saved, const RunConfig& c) {
  if (c.epochs <= saved.epoch)
    throw std::invalid_argument(c.resume + ": " + std::to_string(saved.epoch) +
                                " epochs are done already; to train on, ask for more than " +
                                std::to_string(saved.epoch) + " epochs in all");
  if (record.val_split_of_all && record.settings.val_split > 0)
    throw std::runtime_error(c.resume + " was saved by an older mytorch, whose validation split counted from all "
                             "samples: it can be evaluated, but resumed it would train on other samples");
}

/// Fingerprints of the training and validation splits (before standardisation): the data a
/// resumed run must find again.
std::string train_fingerprint(const data::Splits& s) { return data::fingerprint(s.train) + data::fingerprint(s.val); }

/// The data of a run: split (with the run's seed), standardised with training statistics.
data::Splits prepared_data(const RunConfig& c, data::Standardizer& standardizer, bool fit,
                           std::string& test_fingerprint, std::string& training_fingerprint) {
  data::Splits s = data::load_splits(c.dataset, c.data_dir, c.val_split);
  test_fingerprint = data::fingerprint(s.test);
  training_fingerprint = train_fingerprint(s);
  if (fit) standardizer.fit(s.train.X);
  const auto standardise = [&](data::Dataset& d, const char* split) {
    try {
      standardizer.transform(d.X);
    } catch (const std::invalid_argument& e) {
      throw std::runtime_error(std::string("the ") + split + " split of " + c.dataset + ": " + e.what());
    }
  };
  standardise(s.train, "training");
  if (s.val.size()) standardise(s.val, "validation");
  standardise(s.test, "test");
  return s;
}

/// The model a run trains; a cnn takes the dataset's image geometry (throws std::invalid_argument for
/// a dataset without one).
models::ModelSpec model_spec(const RunConfig& c, std::size_t inputs, std::size_t classes) {
  models::ModelSpec spec;
  spec.kind = c.model;
  spec.inputs = inputs;
  spec.hidden = c.hidden;
  spec.classes = classes;
  spec.block = {c.activation, c.batchnorm, c.dropout};
  if (c.model == "cnn") {
    const auto image = data::image_shape(c.dataset);
    if (!image)
      throw std::invalid_argument("the cnn model needs images, and " + c.dataset +
                                  " has none (image datasets: fashion-mnist, digits)");
    spec.conv = c.conv;
    spec.image = *image;
  }
  return spec;
}

/// The model printout (nn/summary.hpp); a cnn's input rows are images.
std::string model_summary(nn::Module& model, const models::ModelSpec& spec) {
  return spec.kind == "cnn" ? nn::summary(model, spec.image) : nn::summary(model, spec.inputs);
}

/// runs/<dataset>-<date>-<time>, with -2, -3, … if that exists already.
std::string new_run_dir(const std::string& dataset) {
  char stamp[32];
  const std::time_t now = std::time(nullptr);
  std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", std::localtime(&now));
  const std::string name = is_csv(dataset) ? "csv" : dataset;
  const std::string base = "runs/" + name + "-" + stamp;
  std::string dir = base;
  for (int k = 2; std::filesystem::is_directory(dir); ++k) dir = base + "-" + std::to_string(k);
  return dir;
}

std::string text_of(double x, const char* format = "%g") {
  char text[48];
  std::snprintf(text, sizeof text, format, x);
  return text;
}

/// A run that blew up: where (e: "in epoch 3 at step 5 of 10: …"), why, what to do, and what is
/// kept. A rate that will work: a tenth and a hundredth of lr, but never above the dataset's
/// default (lr = 1e308 gets the default, not 1e307). With no update made yet, the starting
/// weights overflowed: then no learning rate is to blame.
Diverged diverged(const Diverged& e, const RunConfig& c, std::size_t updates, const std::string& kept,
                  const std::string& kept_epoch) {
  std::string message = std::string("training diverged (loss or weights became NaN/Inf) ") + e.what() + "; ";
  const double usual = default_lr(c.dataset, c.optimizer);
  double smaller = 0;
  if (updates == 0) {
    message += "no update was made yet, so the starting model already overflows on this data: not the learning "
               "rate but the data (features of extreme size?) or the layer sizes are to blame";
  } else {
    const double lr = c.options.lr;
    smaller = lr / 10 <= usual ? lr / 10 : usual;
    message += "the learning rate " + text_of(lr) + " is too large: try " + text_of(smaller) +
               (smaller == usual && lr / 10 > usual ? " (the usual one)" : "") + " or " + text_of(smaller / 10);
  }
  message += "; " + (kept.empty() ? std::string("no checkpoint was saved before it")
                                  : "the last good checkpoint " + kept + " (epoch " + kept_epoch + ") is kept");
  Diverged d(message);
  d.kept = kept;
  d.smaller_lr = smaller;
  return d;
}

void print_test_results(std::ostream& out, const Evaluation& test, std::size_t samples, const RunResult& r) {
  char line[160];
  std::snprintf(line, sizeof line, "test loss %.4f  accuracy %.2f%%  (%zu samples)\n", test.loss,
                100 * test.accuracy, samples);
  out << line << "outputs in " << r.out_dir << "/: metrics.csv, model.npz";
  for (const std::string& plot : r.plots) out << ", " << plot.substr(plot.rfind('/') + 1);
  out << "\n";
}

/// What a run stopped before training returns: nothing written.
RunResult stopped_early(const RunConfig& c, const char* where) {
  RunResult r;
  r.dataset = c.dataset;
  r.epochs = c.epochs;
  r.threads = c.threads;
  r.interrupted = true;
  r.stopped_at = where;
  r.test_loss = r.test_accuracy = NAN;
  return r;
}

/// The memory limit of a run: the one asked for (max_memory ≠ 0), or 90 % of what the machine has free now (the
/// estimate leaves out code, libraries and small buffers, and other programs need room too).
std::uint64_t memory_limit(std::uint64_t max_memory) {
  return max_memory ? max_memory : available_memory() / 10 * 9;
}

/// The run's whole work once its settings are known (run() adds what to do when memory runs out).
RunResult run_with(RunConfig c, const Checkpoint* resumed, const RunRecord* record, std::ostream& out,
                   std::ostream& warnings, const char*& doing) {
  const bool resuming = resumed != nullptr;

  // 2. the BLAS threads (from here on, c.threads is the number in use: what the record says), then
  // memory, before loading a dataset whose size is known
  c.threads = use_threads(c.threads, warnings);
  const std::uint64_t limit = memory_limit(c.max_memory);
  if (const auto shape = data::known_shape(c.dataset))
    check_memory(estimate_memory(model_spec(c, shape->features, shape->classes), c.optimizer, c.batch_size,
                                 shape->samples),
                 limit, c.max_memory > 0);

  // 3. the data
  doing = "loading the data";
  manual_seed(c.seed);
  data::Standardizer standardizer = resuming ? resumed->standardizer : data::Standardizer{};
  std::string test_fingerprint, training_fingerprint;
  data::Splits s;
  try {
    s = prepared_data(c, standardizer, !resuming, test_fingerprint, training_fingerprint);
  } catch (const io::Interrupted&) {
    if (c.stop && c.stop()) return stopped_early(c, "while loading the data");
    throw;
  }
  if (c.stop && c.stop()) return stopped_early(c, "while loading the data");
  if (resuming && !record->train_fingerprint.empty() &&
      (training_fingerprint != record->train_fingerprint || test_fingerprint != record->test_fingerprint))
    throw std::runtime_error(c.dataset + " does not hold the samples " + c.resume +
                             " was trained on (their fingerprints differ): resume with the data the run began with");
  for (const std::string& note : s.notes) warnings << "warning: " << note << "\n";
  check_finite("run", ("the training split of " + c.dataset).c_str(), s.train.X);  // NaN later = divergence
  const std::size_t samples = s.train.size() + s.val.size() + s.test.size();
  const models::ModelSpec spec = model_spec(c, s.train.features(), s.train.num_classes);
  const MemoryEstimate memory = estimate_memory(spec, c.optimizer, c.batch_size, samples);
  check_memory(memory, limit, c.max_memory > 0);

  // 4. model, optimizer, trainer; where a resumed run stood
  doing = "building the model";
  const std::unique_ptr<nn::Sequential> model = models::build_model(spec);
  nn::CrossEntropyLoss loss;
  const std::unique_ptr<optim::Optimizer> optimizer = optim::make_optimizer(c.optimizer, model->parameters(), c.options);
  Trainer trainer(*model, loss, *optimizer, s.train, c.batch_size);
  std::size_t first_epoch = 1;
  std::string last_good, last_good_epoch;  // the newest checkpoint known to be sound, and its epoch
  if (resuming) {
    about_checkpoint(c.resume, [&] {
      restore_parameters(*resumed, *model);
      restore_optimizer(*resumed, *optimizer);
      if (!resumed->unfinished.order.empty()) trainer.resume_epoch(resumed->unfinished);
      trainer.set_history(history_of(resumed->history));
    });
    optimizer->lr = c.options.lr;
    rng().set_state(resumed->rng_state);
    first_epoch = resumed->epoch + 1;
    last_good = c.resume;
    last_good_epoch = std::to_string(resumed->epoch);
  }

  // 5. the output folder, before any training
  RunResult r;
  r.dataset = c.dataset;
  r.epochs = c.epochs;
  r.threads = c.threads;
  r.parameters = memory.parameters;
  r.memory_needed = memory.total();
  r.out_dir = c.out_dir.empty() ? new_run_dir(c.dataset) : c.out_dir;
  const RunFolder folder(r.out_dir, {c.overwrite, c.resume});
  r.checkpoint = r.out_dir + "/model.npz";
  const std::string record_text = record_json(c, spec, test_fingerprint, training_fingerprint);
  const auto save = [&](std::size_t epochs_done, const EpochPosition& unfinished) {
    Checkpoint info;
    info.architecture = record_text;
    info.epoch = epochs_done;
    info.rng_state = rng().state();
    info.history = history_table(trainer.history());
    info.standardizer = standardizer;
    info.unfinished = unfinished;
    save_checkpoint(r.checkpoint, *model, optimizer.get(), info);
    last_good = r.checkpoint;
    last_good_epoch = std::to_string(epochs_done);
  };

  // 6. the epochs, and what each of them leaves behind
  doing = "training";
  Progress progress(out, c.progress, first_epoch, c.epochs, trainer.steps_per_epoch());
  if (c.progress != Progress::Style::quiet)
    out << c.dataset << ": " << s.train.size() << " train, " << s.val.size() << " validation, "
        << s.test.size() << " test samples; model " << models::to_string(spec) << "; epochs " << first_epoch
        << ".." << c.epochs << "\n"
        << model_summary(*model, spec) << "model: " << text_of(memory.parameters, "%.0f")
        << " parameters, about " << format_bytes(memory.total()) << " of memory needed; "
        << (c.threads ? std::to_string(c.threads) : "an unknown number of") << " BLAS thread"
        << (c.threads == 1 ? "" : "s") << "\n";
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
    throw diverged(e, c, optimizer->steps, last_good, last_good_epoch);
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

  // 7. the test split and the plots
  doing = "evaluating the test split";
  r.trained = true;
  const Evaluation test = evaluate(*model, loss, s.test);
  r.test_loss = test.loss;
  r.test_accuracy = test.accuracy;
  doing = "drawing the plots";
  const auto stopped = [&] { return c.stop && c.stop(); };
  if (c.plots && !stopped()) {
    const ConfusionMatrix confusion(s.test.labels, test.predicted, s.test.num_classes);
    PlotInputs plots;
    plots.dir = r.out_dir;
    plots.dataset = c.dataset;
    plots.history = trainer.history();
    plots.test_accuracy = test.accuracy;
    plots.confusion = &confusion;
    plots.class_names = data::class_names(c.dataset);
    plots.model = model.get();
    plots.standardizer = &standardizer;
    plots.train = &s.train;
    plots.test = &s.test;
    plots.stop = c.stop;
    r.plots = write_plots(plots, warnings);
  }
  if (c.plots && stopped()) {
    r.interrupted = true;
    r.stopped_at = "while drawing the plots";
  }
  if (c.progress != Progress::Style::quiet) print_test_results(out, test, s.test.size(), r);
  return r;
}
}  // namespace

std::size_t default_epochs(const std::string& dataset, const std::string& model) {
  if (dataset == "fashion-mnist") return model == "cnn" ? 10 : 15;
  if (data::is_toy(dataset)) return 100;
  return 60;
}

std::string default_schedule(const std::string& model) { return model == "cnn" ? "cosine" : "constant"; }

double default_lr(const std::string& dataset, const std::string& optimizer) {
  if (optimizer != "sgd") return 1e-3;  // Adam's usual step
  return data::is_toy(dataset) ? 0.1 : 0.01;  // many standardised inputs: a smaller step
}

std::size_t use_threads(std::size_t threads, std::ostream& warnings) {
  if (threads > 0 && !set_blas_threads(threads))
    warnings << "warning: " << threads << " threads asked for, but the BLAS mytorch is linked with cannot be "
             << "told how many to use (only OpenBLAS can): it uses its own number\n";
  return blas_threads();
}

RunResult run(const RunConfig& config, std::ostream& out) { return run(config, out, out); }

RunResult run(const RunConfig& asked, std::ostream& out, std::ostream& warnings) {
  if (!asked.resume.empty()) {
    Checkpoint resumed;
    try {
      resumed = load_checkpoint(asked.resume);
    } catch (const io::Interrupted&) {
      if (asked.stop && asked.stop()) return stopped_early(asked, "while loading the checkpoint");
      throw;
    } catch (const std::bad_alloc&) {
      throw NotEnoughMemory("out of memory while reading the checkpoint: the machine could not give what the run needs");
    }
    return run(asked, resumed, out, warnings);
  }
  const char* doing = "starting the run";
  try {
    return run_with(settings_of(asked, nullptr), nullptr, nullptr, out, warnings, doing);
  } catch (const std::bad_alloc&) {
    throw NotEnoughMemory(std::string("out of memory while ") + doing + ": the machine could not give what the run needs");
  }
}

RunResult run(const RunConfig& asked, const Checkpoint& resumed, std::ostream& out, std::ostream& warnings) {
  const char* doing = "starting the run";
  try {
    // 1. settings: the checkpoint's, but for those a resume may change
    const RunRecord record = read_record(resumed.architecture, asked.resume);
    const RunConfig c = settings_of(asked, &record);
    check_resumable(record, resumed, c);
    return run_with(c, &resumed, &record, out, warnings, doing);
  } catch (const std::bad_alloc&) {
    throw NotEnoughMemory(std::string("out of memory while ") + doing + ": the machine could not give what the run needs");
  }
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
              {"threads", r.threads},
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
  return evaluate_checkpoint(load_checkpoint(path), path, dataset, data_dir);
}

EvalResult evaluate_checkpoint(const Checkpoint& saved, const std::string& path, const std::string& dataset,
                               const std::string& data_dir) {
  const RunRecord record = read_record(saved.architecture, path);
  const RunConfig& trained = record.settings;
  const std::string name = dataset.empty() ? trained.dataset : absolute_dataset(dataset);
  if (!saved.standardizer.fitted()) throw std::runtime_error(path + ": has no input_mean/input_std");
  MemoryEstimate model_only = estimate_memory(record.model, "sgd", 1, 0);  // no training: no gradients
  model_only.gradient_bytes = model_only.optimizer_bytes = 0;
  check_memory(model_only, memory_limit(0), false);
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
  try {
    saved.standardizer.transform(s.test.X);  // the training split's statistics
  } catch (const std::invalid_argument& e) {
    throw std::runtime_error("the test split of " + name + ": " + e.what());
  }
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
