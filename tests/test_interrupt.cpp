// Tests of mytorch/train/interrupt.hpp: SIGINT and SIGTERM become a request to stop, not an exit.

#include "mytorch/train/interrupt.hpp"

#include <csignal>
#include <utility>

#include <sys/wait.h>
#include <unistd.h>

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

TEST_CASE("a second signal ends the program at once, also when it is the other one of the two") {
  for (const auto& [first, second] : {std::pair{SIGINT, SIGTERM}, std::pair{SIGTERM, SIGINT}, std::pair{SIGINT, SIGINT}}) {
    const pid_t child = ::fork();  // the second signal kills: in a child of its own
    REQUIRE(child >= 0);
    if (child == 0) {
      StopSignals signals;
      std::raise(first);   // recorded: the program goes on
      if (signals.received() != first) ::_exit(2);
      std::raise(second);  // acts as usual: the child ends here
      ::_exit(3);
    }
    int status = 0;
    ::waitpid(child, &status, 0);
    CHECK(WIFSIGNALED(status));
    CHECK(WTERMSIG(status) == second);
  }
}

TEST_CASE("the handlers let a signal end a system call that waits (no SA_RESTART)") {
  StopSignals signals;
  struct sigaction installed {};
  sigaction(SIGINT, nullptr, &installed);
  CHECK((installed.sa_flags & SA_RESTART) == 0);
  sigaction(SIGTERM, nullptr, &installed);
  CHECK((installed.sa_flags & SA_RESTART) == 0);
}
