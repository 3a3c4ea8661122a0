// Tests of mytorch/train/progress.hpp: the plain per-epoch line, the bar, and quiet.

#include "mytorch/train/progress.hpp"

#include <sstream>

#include "test_util.hpp"

using mytorch::train::EpochStats;
using mytorch::train::Progress;

TEST_CASE("without a terminal, progress prints one plain line per epoch") {
  std::ostringstream out;
  Progress p(out, Progress::Style::lines, 1, 20, 10);
  p.step(3, 5, 0.5);
  p.epoch_done({3, 0.4312, 0.842, 0.4501, 0.839, 1.25});
  CHECK(out.str() == "epoch 3/20  train loss 0.4312 acc  84.20%  val loss 0.4501 acc  83.90%  1.25s\n");
}

TEST_CASE("on a terminal, progress draws a bar with an ETA, then the epoch line over it") {
  std::ostringstream out;
  Progress p(out, Progress::Style::bar, 1, 2, 4);
  p.step(1, 4, 0.7);
  CHECK(out.str().find("epoch 1/2 [########################] 100%  loss 0.7000  ETA") != std::string::npos);
  p.epoch_done({1, 0.7, 0.5, 0.6, 0.5, 0.1});
  CHECK(out.str().find("\r\033[Kepoch 1/2  train loss 0.7000") != std::string::npos);
}

TEST_CASE("quiet progress prints nothing") {
  std::ostringstream out;
  Progress p(out, Progress::Style::quiet, 1, 2, 4);
  p.step(1, 4, 0.7);
  p.epoch_done({});
  CHECK(out.str().empty());
}
