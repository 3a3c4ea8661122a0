#include "mytorch/train/progress.hpp"

#include <cstdio>
#include <string>
#include <unistd.h>

namespace mytorch::train {

namespace {
std::string clock_str(double seconds) {
  const long s = static_cast<long>(seconds + 0.5);
  char text[32];
  if (s >= 3600) std::snprintf(text, sizeof text, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
  else std::snprintf(text, sizeof text, "%ld:%02ld", s / 60, s % 60);
  return text;
}
}  // namespace

Progress::Style Progress::detect(bool quiet) {
  if (quiet) return Style::quiet;
  return isatty(STDOUT_FILENO) ? Style::bar : Style::lines;
}

Progress::Progress(std::ostream& out, Style style, std::size_t first_epoch, std::size_t epochs,
                   std::size_t steps_per_epoch)
    : out_(out), style_(style), first_epoch_(first_epoch), epochs_(epochs),
      steps_per_epoch_(steps_per_epoch), start_(std::chrono::steady_clock::now()), last_draw_() {}

void Progress::step(std::size_t epoch, std::size_t step, double running_loss) {
  if (style_ != Style::bar) return;
  const auto now = std::chrono::steady_clock::now();
  if (step < steps_per_epoch_ && now - last_draw_ < std::chrono::milliseconds(100)) return;
  last_draw_ = now;
  const double done = static_cast<double>((epoch - first_epoch_) * steps_per_epoch_ + step);
  const double total = static_cast<double>((epochs_ - first_epoch_ + 1) * steps_per_epoch_);
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  const int width = 24, filled = static_cast<int>(width * step / steps_per_epoch_);
  char line[160];
  std::snprintf(line, sizeof line, "\repoch %zu/%zu [%s%s] %3d%%  loss %.4f  ETA %s ", epoch, epochs_,
                std::string(static_cast<std::size_t>(filled), '#').c_str(),
                std::string(static_cast<std::size_t>(width - filled), '.').c_str(),
                static_cast<int>(100 * step / steps_per_epoch_), running_loss,
                clock_str(elapsed / done * (total - done)).c_str());
  out_ << line << std::flush;
}

void Progress::epoch_done(const EpochStats& s) {
  if (style_ == Style::quiet) return;
  char line[200];
  std::snprintf(line, sizeof line,
                "%sepoch %zu/%zu  train loss %.4f acc %6.2f%%  val loss %.4f acc %6.2f%%  %.2fs\n",
                style_ == Style::bar ? "\r\033[K" : "", s.epoch, epochs_, s.train_loss,
                100 * s.train_accuracy, s.val_loss, 100 * s.val_accuracy, s.seconds);
  out_ << line << std::flush;
}

}  // namespace mytorch::train
