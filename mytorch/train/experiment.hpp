#pragma once
/// mytorch/train/experiment.hpp — a whole training run and the evaluation of a saved model: what
/// mytorch-train and mytorch-eval do, as library calls (the programs only parse flags).
///
/// run(config) puts the library's rooms together:
///   1. with `resume`, read the checkpoint's record (run_record.hpp): its settings win but for those a
///      resume may change (run_config.hpp, kept_on_resume)
///   2. set the BLAS threads (use_threads); estimate the memory the run needs (memory.hpp) and
///      refuse a run larger than the machine — before loading a built-in dataset, whose size is
///      known, and again once the data is loaded
///   3. seed the library RNG; load the dataset and split it (data/catalog.hpp); fit the
///      standardisation on the training split, apply it to all three splits
///   4. build the model from its spec (models/registry.hpp) and the optimizer; with `resume`,
///      restore parameters, optimizer state, RNG state and history from the checkpoint
///      (checkpoint.hpp), and continue after its epoch
///   5. take the output folder (run_folder.hpp): create it, lock it, refuse one that holds another
///      run unless `overwrite`, prove it writable — before any training time is spent; print the
///      data's sizes, the model's summary (nn/summary.hpp) and the memory it needs
///   6. Trainer::fit (trainer.hpp) runs the epochs; its events print the progress (progress.hpp),
///      rewrite metrics.csv (history.hpp) and save model.npz every save_every epochs and after the
///      last (both atomically: a kill at any moment leaves the previous version or the new one)
///   7. evaluate on the test split; write the plots (plot.hpp)
/// Same config (and seed) → the same numbers, run after run.
///
/// When things go wrong:
///   - a NaN or Inf in the loss, the activations or the weights (too large a learning rate) throws
///     Diverged with advice; model.npz keeps the last good epoch (a NaN model is never saved)
///   - config.stop (e.g. Ctrl-C, see interrupt.hpp) is asked before each step, between the steps of
///     a run and while gnuplot draws; a read that waits (a FIFO) is cut short by the signal itself.
///     Stopped in training, the run saves model.npz where it stands — inside an epoch if need be —
///     and returns with `interrupted` set; resume from that file gives the numbers of an
///     uninterrupted run. Stopped before training, it returns having written nothing.
///   - too little memory: NotEnoughMemory (memory.hpp) before anything big is allocated, and an
///     allocation that fails all the same becomes NotEnoughMemory naming what was being allocated
///   - a checkpoint that is damaged, not a checkpoint, or does not fit the data, an output folder
///     in use or holding another run (FolderHoldsRun), data of one class or too few samples: an
///     error naming it
///   - a run that fails before its first save leaves no output folder behind

#include <cstddef>
#include <cstdint>
#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "mytorch/train/checkpoint.hpp"
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
  std::size_t threads = 0;               // BLAS threads it trained with (0: a BLAS that cannot tell)
  std::vector<std::string> plots;        // files written (PNG or, without gnuplot, data files)
  bool interrupted = false;              // config.stop stopped it (see stopped_at and trained)
  std::string stopped_at;                // then where: "epoch 3, step 12 of 57", "after epoch 3",
                                         // "while loading the data" (nothing written: checkpoint ""),
                                         // "while drawing the plots"
  bool trained = false;                  // every epoch done: the test metrics are valid
  double parameters = 0;                 // of the model
  double memory_needed = 0;              // bytes, estimated (memory.hpp)
};

/// Runs the training; `out` gets the progress and the summary (not the JSON), `warnings` the lines
/// about the data (a skipped CSV header row, labels without samples) and about plots that could not
/// be drawn. Resuming to as many epochs as are done, or fewer, throws std::invalid_argument saying
/// how many are done.
RunResult run(const RunConfig& config, std::ostream& out, std::ostream& warnings);

/// The same with the warnings on `out` too.
RunResult run(const RunConfig& config, std::ostream& out);

/// The same for a resume whose checkpoint the caller has read already (config.resume names the file
/// `resumed` came from), so that it is not read twice — a program that checks the checkpoint's
/// settings before the run, say.
RunResult run(const RunConfig& config, const Checkpoint& resumed, std::ostream& out, std::ostream& warnings);

/// The result as one line of JSON.
std::string to_json(const RunResult& result);

/// Sets the threads BLAS runs on, for the rest of the process, to `threads`; 0 leaves BLAS's own
/// setting (OpenBLAS: OPENBLAS_NUM_THREADS or OMP_NUM_THREADS if set, else one thread per core,
/// which on 2 cores trained the MLP of bench/compare 1.2–1.3× as fast as one thread, and the CNN
/// about as fast: bench/RESULTS.md). run() does it with config.threads, mytorch-eval and the playground with their
/// --threads. Returns
/// the number BLAS now runs on, 0 if it cannot tell. A BLAS that cannot be told (not OpenBLAS) keeps
/// its own number; asked for a count, a line about it goes to `warnings`.
std::size_t use_threads(std::size_t threads, std::ostream& warnings);

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

/// The same for a checkpoint the caller has read already from checkpoint_path (which names it in
/// messages).
EvalResult evaluate_checkpoint(const Checkpoint& saved, const std::string& checkpoint_path,
                               const std::string& dataset, const std::string& data_dir);

std::string to_json(const EvalResult& result);

}  // namespace mytorch::train
