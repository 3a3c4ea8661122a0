#include "mytorch/train/checkpoint.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <stdexcept>

#include "mytorch/io/file.hpp"

namespace mytorch::train {

using io::NpyArray;
using io::Npz;
using io::entry;
using io::string_of;
using io::tensor_of;
using io::to_npy;
using io::u64_of;
using io::parse_npz;

namespace {
const std::string optimizer_prefix = "optimizer.";
const std::string another_architecture = " (was the checkpoint saved from another architecture?)";

std::runtime_error failure(const std::string& path, const std::string& what) {
  return std::runtime_error(path + ": " + what);
}

/// The entry `name` of c as a tensor without NaN or Inf.
Tensor finite_tensor(const Checkpoint& c, const NpyArray& array, const std::string& name) {
  Tensor t = tensor_of(array, c.path + ":" + name);
  for (real x : t)
    if (!std::isfinite(x)) throw failure(c.path, "saved " + name + " holds NaN or Inf");
  return t;
}

/// target ← the entry `name`, which must exist with target's shape.
void copy_into(const Checkpoint& c, const std::string& name, Tensor& target) {
  const auto found = std::find_if(c.entries.begin(), c.entries.end(),
                                  [&](const auto& e) { return e.first == name; });
  if (found == c.entries.end()) throw failure(c.path, "has no entry '" + name + "'" + another_architecture);
  const Tensor saved = finite_tensor(c, found->second, name);
  if (saved.shape() != target.shape())
    throw failure(c.path, "saved " + name + " has shape " + shape_str(saved) + ", the model's " + name +
                              " has shape " + shape_str(target) + another_architecture);
  target = saved;
}

/// The (epochs, 6) history: NaN only in the validation columns (a run without a validation split),
/// row i for epoch i + 1.
Tensor history_tensor(const Checkpoint& c) {
  Tensor h = tensor_of(entry(c.entries, "history", c.path), c.path + ":history");
  if (h.size() == 0) return Tensor({0, 6});
  if (h.shape(1) != 6) throw failure(c.path, "'history' has shape " + shape_str(h) + ", expected (epochs, 6)");
  for (std::size_t i = 0; i < h.shape(0); ++i) {
    for (std::size_t j = 0; j < 6; ++j)
      if (!std::isfinite(h(i, j)) && !(std::isnan(h(i, j)) && (j == 3 || j == 4)))
        throw failure(c.path, "saved history holds NaN or Inf");
    if (h(i, 0) != static_cast<real>(i + 1))
      throw failure(c.path, "'history' row " + std::to_string(i) + " is not epoch " + std::to_string(i + 1) +
                                " (a damaged or edited file)");
  }
  return h;
}

/// The one number in the 1-element <u8 entry `name`.
std::uint64_t counter(const Checkpoint& c, const std::string& name) {
  const auto value = u64_of(entry(c.entries, name, c.path), c.path + ":" + name);
  if (value.size() != 1) throw failure(c.path, "'" + name + "' has " + std::to_string(value.size()) +
                                                   " values, expected 1");
  return value[0];
}
/// A double's exact bits as a u64 entry (float32 builds store tensors as '<f4', which would round it).
std::uint64_t bits_of(double x) {
  std::uint64_t bits = 0;
  std::memcpy(&bits, &x, sizeof bits);
  return bits;
}

void read_position(Checkpoint& c, const std::vector<std::uint64_t>& v) {
  if (v.size() != 4)
    throw failure(c.path, "'epoch_position' has " + std::to_string(v.size()) + " values, expected 4");
  c.unfinished.seen = v[0];
  c.unfinished.steps = v[1];
  c.unfinished.right = v[2];
  std::memcpy(&c.unfinished.loss_sum, &v[3], sizeof(double));
}
}  // namespace

std::string checkpoint_bytes(nn::Module& model, optim::Optimizer* optimizer, const Checkpoint& info) {
  Npz npz;
  for (const nn::Parameter& p : model.parameters()) npz.emplace_back(p.name, to_npy(*p.value));
  for (const nn::Buffer& b : model.buffers()) npz.emplace_back(b.name, to_npy(*b.value));
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
  const EpochPosition& u = info.unfinished;
  if (!u.order.empty()) {
    npz.emplace_back("epoch_order", to_npy(std::vector<std::uint64_t>(u.order.begin(), u.order.end())));
    npz.emplace_back("epoch_position", to_npy(std::vector<std::uint64_t>{u.seen, u.steps, u.right,
                                                                         bits_of(u.loss_sum)}));
  }
  return npz_bytes(npz);
}

void save_checkpoint(const std::string& path, nn::Module& model, optim::Optimizer* optimizer,
                     const Checkpoint& info) {
  io::write_file_atomically(path, checkpoint_bytes(model, optimizer, info));
}

Checkpoint parse_checkpoint(const std::string& bytes, const std::string& path) {
  Checkpoint c;
  c.path = path;
  c.entries = parse_npz(bytes, path);
  const auto architecture = std::find_if(c.entries.begin(), c.entries.end(),
                                         [](const auto& e) { return e.first == "architecture"; });
  if (architecture == c.entries.end())
    throw failure(path, "is an .npz file but not a mytorch checkpoint (it has no 'architecture' entry)");
  c.architecture = string_of(architecture->second, path + ":architecture");
  c.epoch = counter(c, "epoch");
  const auto state = u64_of(entry(c.entries, "rng_state", path), path + ":rng_state");
  if (state.size() != c.rng_state.size())
    throw failure(path, "'rng_state' has " + std::to_string(state.size()) + " values, expected " +
                            std::to_string(c.rng_state.size()));
  std::copy(state.begin(), state.end(), c.rng_state.begin());
  c.history = history_tensor(c);
  if (c.history.shape(0) != c.epoch)
    throw failure(path, "'epoch' says " + std::to_string(c.epoch) + " epochs are done, but 'history' holds " +
                            std::to_string(c.history.shape(0)) + " (a damaged or edited file)");
  for (const auto& [name, array] : c.entries)
    if (name == "input_mean") c.standardizer.mean = finite_tensor(c, array, name);
    else if (name == "input_std") c.standardizer.std = finite_tensor(c, array, name);
    else if (name == "epoch_order") c.unfinished.order = u64_of(array, path + ":" + name);
    else if (name == "epoch_position") read_position(c, u64_of(array, path + ":" + name));
  const Tensor& mean = c.standardizer.mean;
  const Tensor& deviation = c.standardizer.std;
  if (mean.shape() != deviation.shape() || (mean.size() > 0 && mean.shape(0) != 1) ||
      std::any_of(deviation.begin(), deviation.end(), [](real x) { return !(x > 0); }))
    throw failure(path, "'input_mean' " + shape_str(mean) + " and 'input_std' " + shape_str(deviation) +
                            " are not a standardisation (two (1, D) rows, std > 0)");
  return c;
}

Checkpoint load_checkpoint(const std::string& path) {
  return parse_checkpoint(io::read_file(path), path);
}

void restore_parameters(const Checkpoint& c, nn::Module& model) {
  for (const nn::Parameter& p : model.parameters()) copy_into(c, p.name, *p.value);
  for (const nn::Buffer& b : model.buffers()) copy_into(c, b.name, *b.value);
}

void restore_optimizer(const Checkpoint& c, optim::Optimizer& optimizer) {
  for (const optim::StateTensor& s : optimizer.state()) copy_into(c, optimizer_prefix + s.name, *s.value);
  optimizer.steps = counter(c, optimizer_prefix + "steps");
}

}  // namespace mytorch::train
