// Tests of mytorch/train/interrupt.hpp: SIGINT and SIGTERM become a request to stop, not an exit.

#include "mytorch/train/interrupt.hpp"

#include <csignal>

#include "test_util.hpp"

using mytorch::train::StopSignals;

TEST_CASE("SIGINT while StopSignals lives is recorded instead of ending the program") {
  StopSignals signals;
  CHECK_FALSE(signals.requested());
  std::raise(SIGINT);
  CHECK(signals.requested());
  CHECK(signals.received() == SIGINT);
}

TEST_CASE("SIGTERM is recorded too, and a new StopSignals starts with no request") {
  StopSignals signals;
  CHECK(signals.received() == 0);
  std::raise(SIGTERM);
  CHECK(signals.received() == SIGTERM);
}

TEST_CASE("the handlers that were there before come back when StopSignals ends") {
  static volatile std::sig_atomic_t seen = 0;
  const auto previous = std::signal(SIGINT, [](int) { seen = 1; });
  { StopSignals signals; }
  std::raise(SIGINT);
  CHECK(seen == 1);
  std::signal(SIGINT, previous);
}
