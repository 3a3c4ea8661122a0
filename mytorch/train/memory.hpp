#pragma once
/// mytorch/train/memory.hpp — how much memory a training run needs, and how much there is, so that
/// a run too large for the machine is refused before it allocates anything big.
///
/// estimate_memory counts the allocations that grow with a run's sizes. With r = sizeof(real)
/// (8 bytes, 4 in a float32 build), the model's widths w_0 (inputs), w_1 … w_L (the output of each
/// Conv2d, MaxPool2d and Linear layer; w_L = classes K: models::model_size), batch size B, evaluation
/// batch E = 1000 and N samples of D = w_0 features:
///   parameters   P·r        P = models::model_size(spec).parameters: for an MLP
///                           Σ_l (w_{l−1}·w_l + w_l), plus BW and Bb (2·w) of each hidden width with
///                           BatchNorm1d; a 3×3 Conv2d adds C_out·(9·C_in + 1)
///   gradients    P·r        a dLdW, dLdb beside every W, b
///   optimizer    k·P·r      k = 1 for SGD (a velocity per parameter), 2 for Adam and AdamW (m, v)
///   activations  max(4·B, 2·E)·Σ_l w_l·r   a training step keeps Z and A of every width (forward)
///                           and dLdZ and dLdA (backward); evaluation keeps Z and A of E samples
///   data         2·N·(D·r + 8)   the samples and their labels, once as loaded and once split
///   confusion    K²·8       the confusion matrix of the test split
/// The rest (code, libraries, small buffers) is a few tens of MiB and is left out. Sums are in
/// double, so sizes far too large for the machine give a huge number rather than an overflow.
///
/// available_memory is what the process may still take: /proc/meminfo's MemAvailable, lowered by a
/// cgroup's limit (v2 memory.max − memory.current, or v1's) and by an address-space limit
/// (`ulimit -v`) less what the process maps already.

#include <cstdint>
#include <stdexcept>
#include <string>

#include "mytorch/models/registry.hpp"

namespace mytorch::train {

struct MemoryEstimate {
  double parameters = 0;  // P, the number of trainable parameters
  double parameter_bytes = 0, gradient_bytes = 0, optimizer_bytes = 0, activation_bytes = 0, data_bytes = 0,
         confusion_bytes = 0;
  double total() const;
  /// "parameters 7.2 GiB, gradients 7.2 GiB, …": each part, for messages.
  std::string breakdown() const;
};

/// The estimate above for a model of `spec` trained by `optimizer` (sgd, adam, adamw) in batches
/// of batch_size on `samples` samples.
MemoryEstimate estimate_memory(const models::ModelSpec& spec, const std::string& optimizer, std::size_t batch_size,
                               std::size_t samples);

/// Bytes the process may still allocate, as described above; 0 if none of the sources can be read.
std::uint64_t available_memory();

/// A run needs more memory than it may have.
struct NotEnoughMemory : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// Throws NotEnoughMemory when e.total() exceeds limit: "the run needs about 21 GiB (parameters
/// …), more than the 19 GiB available" — or "than the limit of 4 GiB" when limit_given (a limit
/// the user set rather than what the machine has). limit 0: unknown, nothing is checked. (The
/// programs pass 90 % of available_memory(): the estimate leaves a little out, and other programs
/// need room too.)
void check_memory(const MemoryEstimate& e, std::uint64_t limit, bool limit_given);

/// "4G", "500M", "1.5GiB", "64k", "123456" (bytes): a size in bytes, the units powers of 1024.
/// Throws std::invalid_argument for anything else, and for 0.
std::uint64_t parse_bytes(const std::string& text);

/// bytes as "812 bytes", "3.2 KiB", "21.6 GiB".
std::string format_bytes(double bytes);

}  // namespace mytorch::train
