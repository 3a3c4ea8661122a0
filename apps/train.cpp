// mytorch-train: trains an MLP on a dataset and writes metrics, a checkpoint and plots.
// Everything but the flags lives in the library: mytorch/train/experiment.hpp. Exit codes: cli.hpp.
#include <csignal>
#include <iostream>
#include <sstream>

#include <CLI/CLI.hpp>

#include "cli.hpp"
#include "mytorch/data/catalog.hpp"
#include "mytorch/models/mlp.hpp"
#include "mytorch/models/registry.hpp"
#include "mytorch/train/experiment.hpp"
#include "mytorch/train/interrupt.hpp"

using namespace mytorch;

namespace {
constexpr long widest_layer = 100000;

/// "256,128" → {256, 128}; "" → {} (no hidden layer: a linear classifier).
std::vector<std::size_t> parse_widths(const std::string& text) {
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
                                  " (e.g. --hidden 256,128)");
    widths.push_back(static_cast<std::size_t>(value));
  }
  if (!text.empty() && text.back() == ',') throw std::invalid_argument("'" + text + "' ends with a comma");
  return widths;
}

const char* signal_name(int signal) { return signal == SIGINT ? "Ctrl-C (SIGINT)" : "SIGTERM"; }
}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"mytorch-train: train an MLP classifier (default: the 3-class 2-D spiral)", "mytorch-train"};
  train::RunConfig config;
  std::string hidden = "128,64";
  bool json = false, quiet = false;
  app.add_option("--dataset", config.dataset,
                 "one of: " + cli::joined(data::dataset_names()) + "; " + data::toy_settings_help())
      ->check(cli::dataset_name())->capture_default_str();
  app.add_option("--data-dir", config.data_dir,
                 "folder of the dataset's files (default: data/ for digits and iris, "
                 "/usr/share/datasets/fashion-mnist for fashion-mnist)");
  app.add_option("--model", config.model, "kind of model: " + cli::joined(models::model_names()))
      ->check(CLI::IsMember(models::model_names(), CLI::ignore_case))->capture_default_str();
  app.add_option("--hidden", hidden, "widths of the hidden layers, comma-separated")
      ->check(cli::parsed_by(parse_widths, "WIDTHS"))->capture_default_str();
  app.add_option("--activation", config.activation,
                 "hidden activation: " + cli::joined(models::activation_names()))
      ->check(CLI::IsMember(models::activation_names()))->capture_default_str();
  app.add_option("--epochs", config.epochs, "passes over the training data (default: 100 for the 2-D "
                                            "datasets, 60 for digits/iris/csv, 15 for fashion-mnist)")
      ->check(cli::whole_number(false));
  app.add_option("--batch-size", config.batch_size, "samples per step")
      ->check(cli::whole_number(false))->capture_default_str();
  app.add_option("--lr", config.options.lr,
                 "learning rate (default: SGD 0.1 for the 2-D datasets, 0.01 otherwise; adam/adamw 0.001)")
      ->check(cli::positive_finite());
  app.add_option("--momentum", config.options.momentum, "SGD momentum μ")
      ->check(cli::finite_between(0.0, 0.999))->capture_default_str();
  app.add_option("--lr-schedule", config.lr_schedule,
                 "learning rate per epoch: constant, or cosine (from --lr down to ≈ 0 at the last epoch)")
      ->capture_default_str();
  app.add_option("--optimizer", config.optimizer, "one of: " + cli::joined(optim::optimizer_names()))
      ->check(CLI::IsMember(optim::optimizer_names(), CLI::ignore_case))->capture_default_str();
  const CLI::Option* weight_decay =
      app.add_option("--weight-decay", config.options.weight_decay,
                     "AdamW's decoupled weight decay: W ← W − lr·W·weight_decay each step (adamw only)")
          ->check(cli::finite_between(0.0, 1.0))->capture_default_str();
  app.add_flag("--batchnorm", config.batchnorm, "BatchNorm1d between each hidden Linear and its activation");
  app.add_option("--dropout", config.dropout, "Dropout(P) after each hidden activation, 0 <= P < 1 (0 = none)")
      ->check(cli::finite_between(0.0, 1.0))->capture_default_str();
  app.add_option("--seed", config.seed, "seed of the library's RNG (data, split, weights, batches)")
      ->check(cli::whole_number(true))->capture_default_str();
  app.add_option("--val-split", config.val_split, "fraction of the training data held out for validation")
      ->check(cli::finite_between(0.0, 0.9))->capture_default_str();
  app.add_option("--out", config.out_dir, "output folder (default: a new folder under runs/)");
  app.add_option("--save-every", config.save_every,
                 "save model.npz every N epochs (and after the last); 0 = only after the last")
      ->check(cli::whole_number(true))->capture_default_str();
  app.add_option("--resume", config.resume,
                 "continue from a model.npz: its model, data and optimizer settings are used, "
                 "--epochs is the total to reach");
  app.add_flag("!--no-plots", config.plots, "skip the plots (plot data, gnuplot scripts and PNGs)");
  app.add_flag("--json", json, "print one JSON object with the results as the last line");
  app.add_flag("--quiet", quiet, "print nothing while training");

  return cli::run(app, argc, argv, [&] {
    config.hidden = parse_widths(hidden);
    if (config.dropout >= 1) throw cli::UsageError("--dropout must be below 1 (1 would drop every activation)");
    if (weight_decay->count() > 0 && config.resume.empty() && CLI::detail::to_lower(config.optimizer) != "adamw")
      throw cli::UsageError("--weight-decay is AdamW's decoupled decay: use it with --optimizer adamw");
    config.progress = train::Progress::detect(quiet);
    train::StopSignals signals;
    config.stop = [&] { return signals.requested(); };
    const train::RunResult result = train::run(config, std::cout, std::cerr);
    if (json) std::cout << train::to_json(result) << std::endl;
    if (!result.interrupted) return 0;
    std::cerr << "mytorch-train: stopped by " << signal_name(signals.received()) << " in " << result.stopped_at
              << "; saved " << result.checkpoint << "; continue with: mytorch-train --resume "
              << result.checkpoint << " --out " << result.out_dir << " --epochs " << result.epochs << "\n";
    return 128 + signals.received();
  });
}
