#pragma once
/// mytorch/train/run_config.hpp — the settings of a training run (what mytorch-train's flags fill in).

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

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
  std::string model = "mlp";                // models::model_names()
  std::vector<std::size_t> hidden = {128, 64};  // default_hidden(model)
  std::vector<std::size_t> conv = {16, 32};  // cnn: the channels of each conv block (models/cnn.hpp)
  std::string activation = "relu";
  bool batchnorm = false;                   // BatchNorm1d in each hidden block (models::MLPOptions)
  double dropout = 0;                       // Dropout(p) after each hidden activation; 0 = none
  std::size_t epochs = 0;                   // 0 = default_epochs(dataset, model)
  std::size_t batch_size = 32;
  std::string optimizer = "sgd";            // optim::optimizer_names()
  optim::OptimizerOptions options = training_defaults();  // lr 0 = default_lr(dataset)
  std::string lr_schedule;                  // schedule_names(): the lr of each epoch; "" = default_schedule(model)
  std::uint64_t seed = 0;
  double val_split = 0.1;
  std::string out_dir;                      // "" = a new folder under runs/ (resuming: the checkpoint's folder)
  bool overwrite = false;                   // out_dir may hold another run: its outputs are replaced
  std::string resume;                       // a checkpoint to continue from
  bool plots = true;                        // write and draw the plots (plot.hpp)
  std::size_t save_every = 1;               // save model.npz every this many epochs; 0 = at the end only
  std::uint64_t max_memory = 0;             // bytes the run may need; 0 = what the machine has free (memory.hpp)
  std::size_t threads = 0;                  // BLAS threads (linalg.hpp); 0 = BLAS's own setting (use_threads)
  std::function<bool()> stop;               // asked before each step and after each epoch; true = stop
  Progress::Style progress = Progress::Style::lines;
};

/// The settings a resumed run keeps from its checkpoint, by name, each as text for messages
/// ("hidden" → "128,64", "lr_schedule" → "cosine"): model, conv (a cnn's), hidden, activation, batchnorm, dropout,
/// dataset, seed, val_split, batch_size, optimizer, momentum, beta1, beta2, eps, weight_decay,
/// lr_schedule. What a resume may change is the rest: the epochs (the total to reach), where and what
/// it writes (out_dir, overwrite, plots, save_every, progress, stop, max_memory), the threads (a
/// matter of the machine; on another count large products may differ in their last bits), where the
/// data is now (data_dir, and the path of a CSV file that moved, which must hold the same samples) and the
/// learning rate (lr ≠ 0: fine-tuning, no longer the exact continuation).
std::vector<std::pair<std::string, std::string>> kept_on_resume(const RunConfig& c);

/// The hidden widths of a model kind when none are asked for: 128,64 for an mlp, 128 for a cnn's head.
std::vector<std::size_t> default_hidden(const std::string& model);

/// Epochs and learning rate that reach the documented accuracy on each dataset with the default
/// settings (datasets with many inputs need a smaller step than the 2-D toys).
std::size_t default_epochs(const std::string& dataset, const std::string& model);

/// constant for an mlp; cosine for a cnn, which otherwise overfits Fashion-MNIST before its last
/// epochs (bench/RESULTS.md: 90.4 % constant, 91.7 % cosine after 10 epochs).
std::string default_schedule(const std::string& model);
double default_lr(const std::string& dataset, const std::string& optimizer);

}  // namespace mytorch::train
