#include "mytorch/train/checkpoint.hpp"

#include <stdexcept>

namespace mytorch::train {

namespace {
const std::string optimizer_prefix = "optimizer.";
const char* const where = "checkpoint";

/// target ← the entry `name`, which must have target's shape.
void copy_into(const Checkpoint& c, const std::string& name, Tensor& target) {
  const Tensor saved = tensor_of(entry(c.entries, name, where), name);
  check_same_shape("load_checkpoint", ("saved " + name).c_str(), saved, "the model's", target);
  target = saved;
}
}  // namespace

void save_checkpoint(const std::string& path, nn::Module& model, optim::Optimizer* optimizer,
                     const Checkpoint& info) {
  Npz npz;
  for (const nn::Parameter& p : model.parameters()) npz.emplace_back(p.name, to_npy(*p.value));
  if (optimizer) {
    for (const optim::StateTensor& s : optimizer->state())
      npz.emplace_back(optimizer_prefix + s.name, to_npy(*s.value));
    npz.emplace_back(optimizer_prefix + "steps", to_npy(std::vector<std::uint64_t>{optimizer->steps}));
  }
  npz.emplace_back("architecture", to_npy(info.architecture));
  npz.emplace_back("epoch", to_npy(std::vector<std::uint64_t>{info.epoch}));
  npz.emplace_back("rng_state", to_npy(std::vector<std::uint64_t>(info.rng_state.begin(),
                                                                  info.rng_state.end())));
  npz.emplace_back("history", to_npy(info.history));
  if (info.standardizer.fitted()) {
    npz.emplace_back("input_mean", to_npy(info.standardizer.mean));
    npz.emplace_back("input_std", to_npy(info.standardizer.std));
  }
  write_npz(path, npz);
}

Checkpoint load_checkpoint(const std::string& path) {
  Checkpoint c;
  c.entries = read_npz(path);
  c.architecture = string_of(entry(c.entries, "architecture", path), path + ":architecture");
  const auto epoch = u64_of(entry(c.entries, "epoch", path), path + ":epoch");
  const auto state = u64_of(entry(c.entries, "rng_state", path), path + ":rng_state");
  if (epoch.size() != 1 || state.size() != c.rng_state.size())
    throw std::runtime_error(path + ": 'epoch' or 'rng_state' has the wrong length");
  c.epoch = epoch[0];
  std::copy(state.begin(), state.end(), c.rng_state.begin());
  c.history = tensor_of(entry(c.entries, "history", path), path + ":history");
  for (const auto& [name, array] : c.entries)
    if (name == "input_mean") c.standardizer.mean = tensor_of(array, path + ":input_mean");
    else if (name == "input_std") c.standardizer.std = tensor_of(array, path + ":input_std");
  return c;
}

void restore_parameters(const Checkpoint& c, nn::Module& model) {
  for (const nn::Parameter& p : model.parameters()) copy_into(c, p.name, *p.value);
}

void restore_optimizer(const Checkpoint& c, optim::Optimizer& optimizer) {
  for (const optim::StateTensor& s : optimizer.state()) copy_into(c, optimizer_prefix + s.name, *s.value);
  const std::string steps = optimizer_prefix + "steps";
  const auto saved = u64_of(entry(c.entries, steps, where), steps);
  if (saved.size() != 1) throw std::runtime_error("checkpoint: '" + steps + "' has the wrong length");
  optimizer.steps = saved[0];
}

}  // namespace mytorch::train
