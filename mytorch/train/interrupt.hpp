#pragma once
/// mytorch/train/interrupt.hpp — Ctrl-C (SIGINT) and SIGTERM as a polite request to stop.
///
/// While a StopSignals lives, either signal only records itself; the training loop asks
/// requested() between batches (RunConfig::stop), finishes the batch it is on, saves a checkpoint
/// and returns. The handler also restores the default action, so a second Ctrl-C ends the program
/// at once, as usual, for someone who does not want to wait.
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
