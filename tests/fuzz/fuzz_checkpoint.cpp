// libFuzzer target: the checkpoint reader — the .npz (zip of .npy arrays) parser, the checkpoint's
// entries, and restoring them into a model and an optimizer. Every input must load or end in a
// std::runtime_error naming the file; anything else (a crash, a sanitizer report, another exception
// type, a huge allocation) is a bug.

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>

#include "mytorch/models/mlp.hpp"
#include "mytorch/optim/sgd.hpp"
#include "mytorch/train/checkpoint.hpp"

using namespace mytorch;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  try {
    const train::Checkpoint c = train::parse_checkpoint(bytes, "fuzz.npz");
    // The seed corpus holds checkpoints of this model, so mutations reach the restore code.
    static models::MLP model({2, 3, 2});
    static optim::SGD sgd(model.parameters(), 0.1, 0.9);
    train::restore_parameters(c, model);
    train::restore_optimizer(c, sgd);
  } catch (const std::runtime_error&) {
  }
  return 0;
}
