#pragma once
/// mytorch/train/interrupt.hpp — Ctrl-C (SIGINT) and SIGTERM as a polite request to stop.
///
/// While a StopSignals lives, the first of either signal only records itself; the training loop
/// asks requested() between batches (RunConfig::stop), finishes the batch it is on, saves a
/// checkpoint and returns. The handler also restores the default action of both signals, so a
/// second one — Ctrl-C twice, or Ctrl-C then SIGTERM — ends the program at once, as usual, for
/// someone who does not want to wait.
///
/// The handlers are installed without SA_RESTART: a signal also ends a system call that waits —
/// a read from a FIFO whose writer never comes (io::read_file then throws io::Interrupted), a
/// sleep while gnuplot draws — so that the request is honoured wherever the program waits.
///
///   train::StopSignals signals;
///   config.stop = [&] { return signals.requested(); };
///   … run(config, std::cout) …;  if (signals.received()) return 128 + signals.received();

namespace mytorch::train {

class StopSignals {
 public:
  StopSignals();   // installs the handlers (and forgets any earlier request)
  ~StopSignals();  // puts the previous handlers back
  StopSignals(const StopSignals&) = delete;
  StopSignals& operator=(const StopSignals&) = delete;

  bool requested() const { return received() != 0; }
  int received() const;  // the signal number (SIGINT or SIGTERM), or 0 if none came
};

}  // namespace mytorch::train
