#include "mytorch/train/interrupt.hpp"

#include <csignal>

#include <unistd.h>

namespace mytorch::train {

namespace {
volatile std::sig_atomic_t received_signal = 0;
struct sigaction previous_int {}, previous_term {};

extern "C" void record_signal(int signal) {
  received_signal = signal;
  // Either signal again acts as usual (SIGINT then SIGTERM counts as twice). Only async-signal-safe
  // calls here: sigaction and write(2), not iostreams.
  struct sigaction usual {};
  usual.sa_handler = SIG_DFL;
  sigemptyset(&usual.sa_mask);
  sigaction(SIGINT, &usual, nullptr);
  sigaction(SIGTERM, &usual, nullptr);
  const char note[] = "\nstopping: saving what there is to save (Ctrl-C again to quit at once)\n";
  const ssize_t ignored = write(STDERR_FILENO, note, sizeof note - 1);
  (void)ignored;
}
}  // namespace

StopSignals::StopSignals() {
  received_signal = 0;
  struct sigaction action {};
  action.sa_handler = record_signal;
  sigemptyset(&action.sa_mask);
  sigaddset(&action.sa_mask, SIGINT);  // the handler runs once, whichever signal comes first
  sigaddset(&action.sa_mask, SIGTERM);
  action.sa_flags = 0;  // no SA_RESTART: a waiting read or sleep returns EINTR
  sigaction(SIGINT, &action, &previous_int);
  sigaction(SIGTERM, &action, &previous_term);
}

StopSignals::~StopSignals() {
  sigaction(SIGINT, &previous_int, nullptr);
  sigaction(SIGTERM, &previous_term, nullptr);
}

int StopSignals::received() const { return received_signal; }

}  // namespace mytorch::train
