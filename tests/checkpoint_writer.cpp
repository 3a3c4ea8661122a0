// Helper of tests/kill_during_save.sh: saves checkpoints to one path in an endless loop (to be
// killed with SIGKILL at a random moment), and checks that the file at that path loads whole.
//
//   checkpoint_writer write PATH [COUNT]   save epoch 1, 2, … (forever unless COUNT is given)
//   checkpoint_writer check PATH           load PATH; exit 0 if it is a whole checkpoint
//
// Every parameter of the checkpoint of epoch k equals k, so a file that mixed two saves, or one
// cut short, would be caught even if its CRCs happened to pass.

#include <cstdlib>
#include <exception>
#include <iostream>
#include <string>

#include "mytorch/models/mlp.hpp"
#include "mytorch/train/checkpoint.hpp"

using namespace mytorch;

namespace {
/// About 1.3 MB of parameters: large enough that a kill often lands in the middle of a save.
models::MLP make_model() { return models::MLP({256, 256, 256, 10}); }

void write(const std::string& path, long count) {
  models::MLP model = make_model();
  train::Checkpoint info;
  info.architecture = "{\"sizes\":[256,256,256,10]}";
  for (long k = 1; count == 0 || k <= count; ++k) {
    for (const nn::Parameter& p : model.parameters()) p.value->fill(static_cast<real>(k));
    info.epoch = static_cast<std::size_t>(k);
    info.history = Tensor({info.epoch, 6});  // one row per epoch done, as a run's
    info.history.fill(0);
    for (std::size_t i = 0; i < info.epoch; ++i) info.history(i, 0) = static_cast<real>(i + 1);
    train::save_checkpoint(path, model, nullptr, info);
  }
}

int check(const std::string& path) {
  const train::Checkpoint c = train::load_checkpoint(path);
  models::MLP model = make_model();
  train::restore_parameters(c, model);
  for (const nn::Parameter& p : model.parameters())
    for (real x : *p.value)
      if (x != static_cast<real>(c.epoch)) {
        std::cerr << path << ": parameter " << p.name << " holds " << x << ", epoch " << c.epoch
                  << " saved " << c.epoch << "\n";
        return 1;
      }
  std::cout << c.epoch << "\n";
  return 0;
}
}  // namespace

int main(int argc, char** argv) {
  const std::string mode = argc > 2 ? argv[1] : "";
  try {
    if (mode == "write") {
      write(argv[2], argc > 3 ? std::atol(argv[3]) : 0);
      return 0;
    }
    if (mode == "check") return check(argv[2]);
  } catch (const std::exception& e) {
    std::cerr << e.what() << "\n";
    return 1;
  }
  std::cerr << "usage: checkpoint_writer write PATH [COUNT] | check PATH\n";
  return 2;
}
