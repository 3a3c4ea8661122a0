#pragma once
// apps/playground/session.hpp — one browser tab's playground: its Run, whether it plays, its
// uploaded CSV, and the JSON answers the page asks for.
//
// Every method but touch() and last_seen() locks the session, so the HTTP threads and the trainer
// thread (sessions.hpp) can call them at once; those two take no lock, so that Sessions, asking
// every session under its own lock, never waits for a step. Training happens only in tick(), a
// slice at a time: at most settings.steps_per_second steps a second, and at most `slice` of wall
// time per call, so that a state request waits for the lock no longer than that. The views of a
// state (metrics, boundary, neurons, weights) are kept until the next step, so several requests
// between two steps cost one forward pass.

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "run.hpp"
#include "settings.hpp"

namespace mytorch::playground {

using Clock = std::chrono::steady_clock;

class Session {
 public:
  Session(const Settings& settings, const Limits& limits, Clock::time_point now);

  /// Each answers with the page's whole picture: the settings as a URL query, the mytorch-train
  /// command of the same run, the data and the state. Each but view() starts a new run, paused; a
  /// BadRequest leaves the old one as it was.
  nlohmann::json configure(const Settings& settings);  // new settings (an upload is kept); a new
                                                       // speed alone keeps the run going
  nlohmann::json upload_csv(const std::string& file_name, const std::string& bytes);  // dataset csv:NAME
  nlohmann::json load_model(const std::string& bytes);  // a model.npz: its settings, weights, history
  nlohmann::json view();                                // the same for the current run

  /// play, pause, reset (a fresh run of the same settings) or step (`steps` steps now, paused).
  void control(const std::string& action, std::size_t steps);

  /// The live state; history rows from epoch `history_from` on; with `sample`, its trace (sample.hpp).
  nlohmann::json state(std::size_t history_from, std::optional<std::size_t> sample);

  /// The run as model.npz bytes.
  std::string model_bytes();

  /// Trainer thread: trains a slice if playing. A session nobody asked about for `unwatched` stops
  /// playing (its tab was closed or hidden).
  void tick(Clock::time_point now, Clock::duration slice, Clock::duration unwatched);

  void touch(Clock::time_point now);  // a request came
  Clock::time_point last_seen() const;

 private:
  nlohmann::json view_locked();
  nlohmann::json state_locked(std::size_t history_from, std::optional<std::size_t> sample);
  void adopt(std::unique_ptr<Run> run);  // the run from now on, paused, views not yet made

  mutable std::mutex mutex_;
  const Limits limits_;
  std::unique_ptr<Run> run_;
  std::unique_ptr<data::Dataset> upload_;  // the uploaded CSV, named csv:NAME
  std::uint64_t generation_ = 0;           // counts runs, so the page knows when to clear its curves
  bool playing_ = false;
  double budget_ = 0;                      // steps play may take now
  Clock::time_point last_tick_;
  std::atomic<Clock::rep> last_seen_;      // a time_point's count: touch() and last_seen() take no lock
  nlohmann::json views_;                   // metrics, boundary, neurons, weights of …
  std::size_t views_step_ = SIZE_MAX;      // … this step (SIZE_MAX: none yet)
};

}  // namespace mytorch::playground
