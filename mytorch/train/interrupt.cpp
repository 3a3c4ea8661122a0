#include "mytorch/train/interrupt.hpp"

#include <csignal>

#include <unistd.h>

namespace mytorch::train {

namespace {
volatile std::sig_atomic_t received_signal = 0;
struct sigaction previous_int {}, previous_term {};

extern "C" void record_signal(int signal) {
  received_signal = signal;
  // Only async-signal-safe calls here: write(2), not iostreams.
  const char note[] = "\nstopping after this batch to save a checkpoint (Ctrl-C again to quit at once)\n";
  const ssize_t ignored = write(STDERR_FILENO, note, sizeof note - 1);
  (void)ignored;
}
}  // namespace

StopSignals::StopSignals() {
  received_signal = 0;
  struct sigaction action {};
  action.sa_handler = record_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESETHAND | SA_RESTART;  // one polite request; the next signal acts as usual
  sigaction(SIGINT, &action, &previous_int);
  sigaction(SIGTERM, &action, &previous_term);
}

StopSignals::~StopSignals() {
  sigaction(SIGINT, &previous_int, nullptr);
  sigaction(SIGTERM, &previous_term, nullptr);
}

int StopSignals::received() const { return received_signal; }

}  // namespace mytorch::train
