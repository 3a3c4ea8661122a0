#pragma once
/// mytorch/train/experiment.hpp — a whole training run and the evaluation of a saved model: what
/// mytorch-train and mytorch-eval do, as library calls (the programs only parse flags).
///
/// run(config):
///   1. seed the library RNG; load the dataset and split it (data/catalog.hpp)
///   2. fit the standardisation on the training split, apply it to all three splits
///   3. build MLP(D, hidden…, K) and the optimizer; with `resume`, restore parameters, optimizer
///      state, RNG state and history from the checkpoint, and continue after its epoch
///   4. per epoch: set the learning rate (schedule.hpp), train, evaluate on the validation split, print, append to metrics.csv, save
///      model.npz (atomically: an interrupted run can be resumed from its last epoch)
///   5. evaluate on the test split; write the plots (plot.hpp)
/// Same config (and seed) → the same numbers, run after run.

#include <cstddef>
#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "mytorch/train/metrics.hpp"
#include "mytorch/optim/optimizer.hpp"
#include "mytorch/train/progress.hpp"

namespace mytorch::train {

/// Our runs' defaults: SGD with momentum 0.9; the learning rate left to default_lr.
inline optim::OptimizerOptions training_defaults() {
  optim::OptimizerOptions o;
  o.lr = 0;
  o.momentum = 0.9;
  return o;
}

struct RunConfig {
  std::string dataset = "spiral";
  std::string data_dir;                     // "" = the dataset's default folder
  std::vector<std::size_t> hidden = {128, 64};
  std::string activation = "relu";
  std::size_t epochs = 0;                   // 0 = default_epochs(dataset)
  std::size_t batch_size = 32;
  std::string optimizer = "sgd";            // optim::optimizer_names()
  optim::OptimizerOptions options = training_defaults();  // lr 0 = default_lr(dataset)
  std::string lr_schedule = "constant";     // schedule_names(): the lr of each epoch
  std::uint64_t seed = 0;
  double val_split = 0.1;
  std::string out_dir;                      // "" = a new folder under runs/
  std::string resume;                       // a checkpoint to continue from
  bool plots = true;                        // write and draw the plots (plot.hpp)
  Progress::Style progress = Progress::Style::lines;
};

/// Epochs and learning rate that reach the documented accuracy on each dataset with the default
/// settings (datasets with many inputs need a smaller step than the 2-D toys).
std::size_t default_epochs(const std::string& dataset);
double default_lr(const std::string& dataset, const std::string& optimizer);

struct RunResult {
  std::string dataset, out_dir, checkpoint;
  std::size_t epochs = 0;
  EpochStats last;                       // the final epoch
  double test_loss = 0, test_accuracy = 0;
  double seconds = 0;                    // training time of this invocation (epochs run here)
  double samples_per_second = 0;         // training samples per second of training time
  std::vector<std::string> plots;        // files written (PNG or, without gnuplot, data files)
};

/// Runs the training; `out` gets the progress and the summary (not the JSON).
RunResult run(const RunConfig& config, std::ostream& out);

/// The result as one line of JSON.
std::string to_json(const RunResult& result);

struct EvalResult {
  std::string dataset;
  double test_loss = 0, test_accuracy = 0;
  ConfusionMatrix confusion;
};

/// Rebuilds the model saved at checkpoint_path and evaluates it on the test split of `dataset`
/// ("" = the dataset it was trained on), split with the seed and fractions it was trained with and
/// standardised with the training split's statistics saved in the checkpoint. Throws
/// std::runtime_error if `dataset` has other features or classes than the model, or if its test
/// split is not the one the run held out (the checkpoint's test_fingerprint): any other data would
/// not give a test accuracy.
EvalResult evaluate_checkpoint(const std::string& checkpoint_path, const std::string& dataset,
                               const std::string& data_dir);

std::string to_json(const EvalResult& result);

}  // namespace mytorch::train
