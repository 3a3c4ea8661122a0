#pragma once
/// mytorch/train/experiment.hpp — a whole training run and the evaluation of a saved model: what
/// mytorch-train and mytorch-eval do, as library calls (the programs only parse flags).
///
/// run(config) puts the library's rooms together:
///   1. seed the library RNG; load the dataset and split it (data/catalog.hpp); fit the
///      standardisation on the training split, apply it to all three splits
///   2. build the model from its spec (models/registry.hpp) and the optimizer; with `resume`,
///      restore parameters, optimizer state, RNG state and history from the checkpoint
///      (checkpoint.hpp, run_record.hpp), and continue after its epoch
///   3. create the output folder and prove it writable — before any training time is spent; print
///      the data's sizes and the model's summary (nn/summary.hpp)
///   4. Trainer::fit (trainer.hpp) runs the epochs; its events print the progress (progress.hpp),
///      rewrite metrics.csv (history.hpp) and save model.npz every save_every epochs and after the
///      last (both atomically: a kill at any moment leaves the previous version or the new one)
///   5. evaluate on the test split; write the plots (plot.hpp)
/// Same config (and seed) → the same numbers, run after run.
///
/// When things go wrong:
///   - a NaN or Inf in the loss, the activations or the weights (too large a learning rate) throws
///     Diverged with advice; model.npz keeps the last good epoch (a NaN model is never saved)
///   - config.stop (e.g. Ctrl-C, see interrupt.hpp) is asked before each step: when it says stop, the
///     run saves model.npz where it stands — inside an epoch if need be — and returns with
///     `interrupted` set; resume from that file gives the numbers of an uninterrupted run
///   - a checkpoint that is damaged, not a checkpoint, or does not fit the data: an error naming it

#include <cstddef>
#include <cstdint>
#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "mytorch/train/history.hpp"
#include "mytorch/train/metrics.hpp"
#include "mytorch/train/run_config.hpp"

namespace mytorch::train {

struct RunResult {
  std::string dataset, out_dir, checkpoint;
  std::size_t epochs = 0;
  EpochStats last;                       // the final epoch
  double test_loss = 0, test_accuracy = 0;
  double seconds = 0;                    // training time of this invocation (epochs run here)
  double samples_per_second = 0;         // training samples per second of training time
  std::vector<std::string> plots;        // files written (PNG or, without gnuplot, data files)
  bool interrupted = false;              // config.stop stopped it: checkpoint saved, no test evaluation
  std::string stopped_at;                // then where: "epoch 3, step 12 of 57" or "after epoch 3"
};

/// Runs the training; `out` gets the progress and the summary (not the JSON), `warnings` the lines
/// about plots that could not be drawn.
RunResult run(const RunConfig& config, std::ostream& out, std::ostream& warnings);

/// The same with the warnings on `out` too.
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
