// mytorch-train: trains an MLP or a CNN on a dataset and writes metrics, a checkpoint and plots.
// Everything but the flags lives in the library: mytorch/train/experiment.hpp. Exit codes: cli.hpp.
#include <csignal>
#include <cstdio>
#include <iostream>
#include <map>
#include <sstream>

#include <CLI/CLI.hpp>

#include "cli.hpp"
#include "mytorch/data/catalog.hpp"
#include "mytorch/io/file.hpp"
#include "mytorch/models/cnn.hpp"
#include "mytorch/models/mlp.hpp"
#include "mytorch/models/registry.hpp"
#include "mytorch/train/checkpoint.hpp"
#include "mytorch/train/experiment.hpp"
#include "mytorch/train/interrupt.hpp"
#include "mytorch/train/memory.hpp"
#include "mytorch/train/run_folder.hpp"
#include "mytorch/train/schedule.hpp"

using namespace mytorch;

namespace {
constexpr long widest_layer = 100000;

/// "256,128" → {256, 128}; "" → {} (no hidden layer: a linear classifier). `example` shows a good
/// value in the message.
std::vector<std::size_t> parse_widths(const std::string& text, const std::string& example = "--hidden 256,128") {
  std::vector<std::size_t> widths;
  std::stringstream in(text);
  for (std::string item; std::getline(in, item, ',');) {
    std::size_t used = 0;
    long value = -1;
    try {
      value = std::stol(item, &used);
    } catch (const std::exception&) {
    }
    if (value <= 0 || value > widest_layer || used != item.size())
      throw std::invalid_argument("'" + item + "' is not a width from 1 to " + std::to_string(widest_layer) +
                                  " (e.g. " + example + ")");
    widths.push_back(static_cast<std::size_t>(value));
  }
  if (!text.empty() && text.back() == ',') throw std::invalid_argument("'" + text + "' ends with a comma");
  return widths;
}

const char* signal_name(int signal) { return signal == SIGINT ? "Ctrl-C (SIGINT)" : "SIGTERM"; }

/// The flags that set what a resumed run keeps from its checkpoint (train::kept_on_resume).
const std::map<std::string, std::string> flag_of_setting = {
    {"model", "--model"},         {"conv", "--conv"},             {"hidden", "--hidden"},         {"activation", "--activation"},
    {"batchnorm", "--batchnorm"}, {"dropout", "--dropout"},       {"dataset", "--dataset"},
    {"seed", "--seed"},           {"val_split", "--val-split"},   {"batch_size", "--batch-size"},
    {"optimizer", "--optimizer"}, {"momentum", "--momentum"},     {"weight_decay", "--weight-decay"},
    {"lr_schedule", "--lr-schedule"}};

/// "--hidden 16,8", or for the one switch "--batchnorm" / "without --batchnorm".
std::string flag_text(const std::string& flag, const std::string& value) {
  if (flag == "--batchnorm") return value == "on" ? "--batchnorm" : "without --batchnorm";
  return flag + " " + value;
}

/// Refuses flags given with --resume that contradict the checkpoint, and a total of epochs that
/// is already reached.
void check_resume_flags(const CLI::App& app, const train::RunConfig& asked, const train::Checkpoint& saved,
                        const train::RunRecord& record) {
  const std::string& path = asked.resume;
  const auto wanted = train::kept_on_resume(asked), kept = train::kept_on_resume(record.settings);
  for (std::size_t i = 0; i < kept.size(); ++i) {
    const auto flag = flag_of_setting.find(kept[i].first);
    if (flag == flag_of_setting.end() || app.count(flag->second) == 0 || wanted[i].second == kept[i].second) continue;
    if (flag->second == "--dataset" && data::is_csv(wanted[i].second) && data::is_csv(kept[i].second))
      continue;  // a moved CSV file: the run checks it holds the same samples
    throw cli::UsageError(flag_text(flag->second, wanted[i].second) + " contradicts " + path + ", trained " +
                          (flag->second == "--batchnorm" ? "" : "with ") + flag_text(flag->second, kept[i].second) +
                          ": a resumed run keeps its settings; only --epochs, --lr, --out, --force, --save-every, "
                          "--no-plots, --data-dir, --max-memory, --threads, --quiet and --json may change");
  }
  const std::size_t done = saved.epoch;
  const std::string more = "e.g. --epochs " + std::to_string(2 * done);
  if (app.count("--epochs") > 0 && asked.epochs <= done)
    throw cli::UsageError("--epochs " + std::to_string(asked.epochs) + ": " + path + " has " + std::to_string(done) +
                          " epochs done already; --epochs is the total to reach: give more, " + more);
  const train::RunConfig& settings = record.settings;
  const std::size_t planned = settings.epochs ? settings.epochs : train::default_epochs(settings.dataset, settings.model);
  if (app.count("--epochs") == 0 && planned <= done)
    throw cli::UsageError(path + " has finished its " + std::to_string(done) +
                          " epochs; to train on, give a larger total, " + more);
}

/// Refuses options the optimizer would ignore.
void check_optimizer_flags(const CLI::App& app, const std::string& optimizer) {
  if (app.count("--momentum") > 0 && optimizer != "sgd")
    throw cli::UsageError("--momentum is SGD's: " + optimizer + " does not use it (drop it, or use --optimizer sgd)");
  if (app.count("--weight-decay") > 0 && optimizer != "adamw")
    throw cli::UsageError("--weight-decay is AdamW's decoupled decay: use it with --optimizer adamw");
}

/// The run, with flag names added to the library's advice.
train::RunResult run_with_advice(const train::RunConfig& config, const train::Checkpoint* resumed) {
  try {
    return resumed ? train::run(config, *resumed, std::cout, std::cerr) : train::run(config, std::cout, std::cerr);
  } catch (const train::Diverged& e) {
    std::string next;
    char lr[32];
    std::snprintf(lr, sizeof lr, "%g", e.smaller_lr);
    if (e.smaller_lr > 0)
      next = e.kept.empty() ? std::string("; rerun with --lr ") + lr
                            : "; continue from it with: mytorch-train --resume " + e.kept + " --lr " + lr;
    throw std::runtime_error(e.what() + next);
  } catch (const train::FolderHoldsRun& e) {
    throw std::runtime_error(std::string(e.what()) + ": choose another --out, or add --force to replace that run");
  } catch (const train::NotEnoughMemory& e) {
    throw std::runtime_error(std::string(e.what()) + "; make --hidden or --batch-size smaller" +
                             (config.max_memory ? "" : ", or set --max-memory if the machine has more to give"));
  }
}

/// One line on stderr for a run that stopped before its end, and the exit code.
int report_stop(const train::RunResult& r, int signal) {
  const std::string why = signal ? std::string("stopped by ") + signal_name(signal)
                                 : "standard output cannot be written (a closed pipe or a full disk); stopped";
  std::cerr << "mytorch-train: " << why;
  if (r.checkpoint.empty())
    std::cerr << " " << r.stopped_at << "; nothing was written\n";
  else if (r.trained)
    std::cerr << " " << r.stopped_at << "; the training is complete (" << r.checkpoint << ", " << r.out_dir
              << "/metrics.csv)\n";
  else
    std::cerr << " in " << r.stopped_at << "; saved " << r.checkpoint << "; continue with: mytorch-train --resume "
              << r.checkpoint << "\n";
  return signal ? 128 + signal : 1;
}
}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"mytorch-train: train an MLP classifier (default: the 3-class 2-D spiral)", "mytorch-train"};
  train::RunConfig config;
  std::string hidden, conv = "16,32", max_memory;
  bool json = false, quiet = false;
  app.add_option("--dataset", config.dataset,
                 "one of: " + cli::joined(data::dataset_names()) + " (any case); " + data::toy_settings_help())
      ->transform(cli::dataset_name())->capture_default_str();
  app.add_option("--data-dir", config.data_dir,
                 "folder of the dataset's files (default: data/ for digits and iris, "
                 "/usr/share/datasets/fashion-mnist for fashion-mnist)");
  app.add_option("--model", config.model, "kind of model: " + cli::joined(models::model_names()))
      ->transform(cli::one_of(models::model_names()))->capture_default_str();
  app.add_option("--conv", conv,
                 "--model cnn: channels of each conv block (Conv2d 3x3 padding 1, activation, MaxPool2d 2x2), "
                 "comma-separated")
      ->check(cli::parsed_by([](const std::string& text) { parse_widths(text, "--conv 16,32"); }, "CHANNELS"))
      ->capture_default_str();
  app.add_option("--hidden", hidden,
                 "widths of the hidden layers, comma-separated (default: 128,64 for mlp, 128 for cnn's head)")
      ->check(cli::parsed_by([](const std::string& text) { parse_widths(text); }, "WIDTHS"));
  app.add_option("--activation", config.activation,
                 "hidden activation: " + cli::joined(models::activation_names()))
      ->transform(cli::one_of(models::activation_names()))->capture_default_str();
  app.add_option("--epochs", config.epochs, "passes over the training data in all (default: 100 for the 2-D "
                                            "datasets, 60 for digits/iris/csv, 15 for fashion-mnist (10 with --model cnn); with "
                                            "--resume, the total the run was started with)")
      ->check(cli::whole_number(false));
  app.add_option("--batch-size", config.batch_size, "samples per step")
      ->check(cli::whole_number(false))->capture_default_str();
  app.add_option("--lr", config.options.lr,
                 "learning rate (default: SGD 0.1 for the 2-D datasets, 0.01 otherwise; adam/adamw 0.001); "
                 "with --resume, a new rate to fine-tune with")
      ->check(cli::positive_finite());
  app.add_option("--momentum", config.options.momentum, "SGD momentum μ (sgd only)")
      ->check(cli::finite_between(0.0, 0.999))->capture_default_str();
  app.add_option("--lr-schedule", config.lr_schedule,
                 "learning rate per epoch: constant, or cosine (from --lr down to ≈ 0 at the last epoch); "
                 "default: constant for mlp, cosine for cnn")
      ->transform(cli::one_of(train::schedule_names()));
  app.add_option("--optimizer", config.optimizer, "one of: " + cli::joined(optim::optimizer_names()))
      ->transform(cli::one_of(optim::optimizer_names()))->capture_default_str();
  app.add_option("--weight-decay", config.options.weight_decay,
                 "AdamW's decoupled weight decay: W ← W − lr·W·weight_decay each step (adamw only)")
      ->check(cli::finite_between(0.0, 1.0))->capture_default_str();
  app.add_flag("--batchnorm", config.batchnorm, "BatchNorm1d between each hidden Linear and its activation");
  app.add_option("--dropout", config.dropout, "Dropout(P) after each hidden activation, 0 <= P < 1 (0 = none)")
      ->check(cli::finite_between(0.0, 1.0))->capture_default_str();
  app.add_option("--seed", config.seed, "seed of the library's RNG (data, split, weights, batches)")
      ->check(cli::whole_number(true))->capture_default_str();
  app.add_option("--val-split", config.val_split,
                 "fraction of the training data held out for validation: of what the test split (20 %) "
                 "leaves, or of fashion-mnist's 60000 training images; 0 = no validation")
      ->check(cli::finite_between(0.0, 0.9))->capture_default_str();
  app.add_option("--out", config.out_dir,
                 "output folder (default: a new folder under runs/; with --resume, the checkpoint's folder); "
                 "a folder that holds another run is refused");
  app.add_flag("--force", config.overwrite, "use --out even if it holds another run, replacing that run's files");
  app.add_option("--save-every", config.save_every,
                 "save model.npz every N epochs (and after the last); 0 = only after the last")
      ->check(cli::whole_number(true))->capture_default_str();
  app.add_option("--max-memory", max_memory,
                 "the most memory the run may need, e.g. 500M or 4G (default: 90 % of what the machine has free); "
                 "a larger run is refused before it starts")
      ->check(cli::parsed_by([](const std::string& t) { train::parse_bytes(t); }, "SIZE"));
  cli::add_threads_option(app, config.threads);
  app.add_option("--resume", config.resume,
                 "continue from a model.npz, in its folder: the checkpoint's model, data and optimizer "
                 "settings are kept (flags that contradict them are refused); --epochs, --lr, --out, "
                 "--force, --save-every, --no-plots, --data-dir, --max-memory, --threads, --quiet and "
                 "--json may change, and --dataset csv:PATH may name a CSV file that moved");
  app.add_flag("!--no-plots", config.plots, "skip the plots (plot data, gnuplot scripts and PNGs)");
  app.add_flag("--json", json, "print one JSON object with the results as the last line");
  app.add_flag("--quiet", quiet, "print nothing while training");

  return cli::run(app, argc, argv, [&] {
    train::StopSignals signals;  // from here on Ctrl-C saves what there is; a second one quits
    std::signal(SIGPIPE, SIG_IGN);  // a closed stdout is an error to handle, not a death mid-save
    std::setvbuf(stdout, nullptr, _IOLBF, 0);  // each line written at once: a failure shows at once
    config.hidden = app.count("--hidden") ? parse_widths(hidden) : train::default_hidden(config.model);
    config.conv = parse_widths(conv, "--conv 16,32");
    if (config.resume.empty() && config.model != "cnn" && app.count("--conv"))
      throw cli::UsageError("--conv sets the conv blocks of --model cnn; the " + config.model + " model has none");
    if (config.resume.empty() && config.model == "cnn" && !data::image_shape(config.dataset))
      throw cli::UsageError("--model cnn needs images, and --dataset " + config.dataset +
                            " has none (image datasets: fashion-mnist, digits)");
    if (config.conv.empty()) throw cli::UsageError("--conv needs at least one block (e.g. --conv 16,32)");
    if (config.resume.empty() && config.model == "cnn") {
      try {
        models::CNN::features_shape(*data::image_shape(config.dataset), config.conv);
      } catch (const std::invalid_argument& e) {
        throw cli::UsageError(std::string("--conv ") + conv + ": " + e.what());
      }
    }
    if (!max_memory.empty()) config.max_memory = train::parse_bytes(max_memory);
    if (config.dropout >= 1) throw cli::UsageError("--dropout must be below 1 (1 would drop every activation)");
    std::string optimizer = config.optimizer;
    train::Checkpoint saved;  // read once: checked here, then resumed from
    if (!config.resume.empty()) {
      try {
        saved = train::load_checkpoint(config.resume);
      } catch (const io::Interrupted&) {  // a checkpoint that never comes (a FIFO): Ctrl-C ends the wait
        if (!signals.requested()) throw;
        std::cerr << "mytorch-train: stopped by " << signal_name(signals.received())
                  << " while loading the checkpoint; nothing was written\n";
        return 128 + signals.received();
      }
      const train::RunRecord record = train::read_record(saved.architecture, config.resume);
      check_resume_flags(app, config, saved, record);
      cli::require_recorded_data(record, config.resume, app.count("--dataset") > 0);
      optimizer = record.settings.optimizer;
    }
    check_optimizer_flags(app, optimizer);
    config.progress = train::Progress::detect(quiet);
    config.stop = [&] { return signals.requested() || cli::stdout_failed(); };
    const train::RunResult result = run_with_advice(config, config.resume.empty() ? nullptr : &saved);
    if (signals.requested()) {  // a write the signal cut short is no output error
      std::cout.clear();
      std::clearerr(stdout);
    }
    if (json) std::cout << train::to_json(result) << std::endl;
    if (result.interrupted) return report_stop(result, signals.received());
    cli::check_stdout();
    return 0;
  });
}
