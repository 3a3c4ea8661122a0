#pragma once
// apps/playground/sessions.hpp — every open tab's Session, by id, and the one thread that trains
// them.
//
// A tab gets a session (a random 128-bit id) when its page loads. There are at most
// max_sessions at once; one nobody asked about for `idle` is dropped (its tab was closed), and a
// playing one nobody asked about for `unwatched` pauses. The trainer thread visits the playing
// sessions in turn, each for at most one `slice` of training, so tabs share the CPU fairly and
// the HTTP threads keep the other core.

#include <atomic>
#include <chrono>
#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "session.hpp"

namespace mytorch::playground {

struct SessionLimits {
  std::size_t max_sessions = 16;
  Clock::duration idle = std::chrono::minutes(30);
  Clock::duration unwatched = std::chrono::seconds(30);
  Clock::duration slice = std::chrono::milliseconds(40);
};

/// No room for another session: answered with 503.
struct TooManySessions : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class Sessions {
 public:
  Sessions(const Limits& limits, const SessionLimits& session_limits);
  ~Sessions();  // stops the trainer thread
  Sessions(const Sessions&) = delete;
  Sessions& operator=(const Sessions&) = delete;

  /// A new session (after dropping the idle ones); throws TooManySessions when all are in use.
  std::pair<std::string, std::shared_ptr<Session>> create(const Settings& settings);
  /// The session `id` (its last_seen now), or null.
  std::shared_ptr<Session> find(const std::string& id);
  bool close(const std::string& id);
  std::size_t size() const;

  /// One round of the trainer thread: a slice for each playing session, idle ones dropped.
  void tick(Clock::time_point now);

  /// Starts the trainer thread: tick() every few milliseconds until destruction.
  void start_trainer();

  const Limits limits;
  const SessionLimits session_limits;

 private:
  void drop_idle(Clock::time_point now);  // with mutex_ held

  mutable std::mutex mutex_;
  std::map<std::string, std::shared_ptr<Session>> sessions_;
  std::atomic<bool> stopping_{false};
  std::thread trainer_;
};

}  // namespace mytorch::playground
