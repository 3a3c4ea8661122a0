#pragma once
/// mytorch/train/checkpoint.hpp — a training run saved as model.npz, and read back.
///
/// The file is an .npz (npz.hpp) that numpy.load opens; its entries:
///   "0.W", "0.b", "2.W", …          every parameter under its name in model.parameters()
///   "1.running_M", "1.running_V"   every buffer under its name in model.buffers() (BatchNorm1d's
///                                   running statistics), so evaluation after reload is the same
///   "optimizer.<state name>"        the optimizer's state, e.g. "optimizer.v.0.W" (SGD) or
///                                   "optimizer.m.0.W" (Adam), and "optimizer.steps" (1)
///   "architecture"                  a JSON string: the model (sizes, activation) and the run's
///                                   settings (dataset, seed, optimizer, …), enough to rebuild it
///   "epoch"                         (1) epochs done
///   "rng_state"                     (6) the library RNG after that epoch (random.hpp)
///   "history"                       (epochs, 6) per epoch: epoch, train loss, train accuracy,
///                                   validation loss, validation accuracy, seconds (the validation
///                                   columns are NaN for a run without a validation split)
///   "input_mean", "input_std"       (1, D) the standardisation fitted on the training split
///   "epoch_order", "epoch_position" only when the run stopped inside an epoch (Ctrl-C): (N) that
///                                   epoch's sample order, and (4) samples seen, steps done, right
///                                   answers and the IEEE-754 bits of the loss sum so far, so that
///                                   --resume continues the epoch exactly (trainer.hpp)
/// In Python: z = numpy.load("model.npz"); z["0.W"]; z["architecture"].item().decode().

#include <cstddef>
#include <string>

#include "mytorch/data/standardizer.hpp"
#include "mytorch/nn/module.hpp"
#include "mytorch/random.hpp"
#include "mytorch/optim/optimizer.hpp"
#include "mytorch/io/npz.hpp"
#include "mytorch/train/trainer.hpp"

namespace mytorch::train {

struct Checkpoint {
  std::string architecture;  // JSON text
  std::size_t epoch = 0;
  Rng::State rng_state{};
  Tensor history;  // (epochs, 6)
  data::Standardizer standardizer;
  EpochPosition unfinished;  // the epoch after `epoch`, if it was stopped part-way (else empty order)
  io::Npz entries;  // everything read from the file (parameters and optimizer state included)
  std::string path = "checkpoint";  // the file it was read from, named in messages
};

/// Writes model's parameters and buffers, optimizer's state (if any) and info's fields to path, atomically.
void save_checkpoint(const std::string& path, nn::Module& model, optim::Optimizer* optimizer,
                     const Checkpoint& info);

/// The bytes save_checkpoint writes (e.g. for a download); parse_checkpoint reads them back.
std::string checkpoint_bytes(nn::Module& model, optim::Optimizer* optimizer, const Checkpoint& info);

/// Reads a checkpoint. Throws std::runtime_error naming the file and what is wrong: missing or
/// unreadable, not an .npz, truncated or damaged (CRC), an .npz that is not a checkpoint, a missing
/// or malformed entry, NaN or Inf in a saved tensor (but for NaN in the history's validation columns).
Checkpoint load_checkpoint(const std::string& path);

/// The same from the bytes of a file already in memory; `path` names it in messages.
Checkpoint parse_checkpoint(const std::string& bytes, const std::string& path);

/// Copies the saved parameters and buffers into model (every parameter and buffer must be present with the same shape;
/// otherwise std::runtime_error names the file, the parameter and both shapes: the checkpoint
/// comes from another architecture).
void restore_parameters(const Checkpoint& checkpoint, nn::Module& model);

/// Copies the saved optimizer state and step count into optimizer (same names and shapes).
void restore_optimizer(const Checkpoint& checkpoint, optim::Optimizer& optimizer);

}  // namespace mytorch::train
