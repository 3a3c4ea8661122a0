#include "sessions.hpp"

#include <cstdio>
#include <random>
#include <vector>

namespace mytorch::playground {

namespace {
/// 32 hex digits from the system's random source: a session id nobody can guess.
std::string new_id() {
  std::random_device source;
  std::string id;
  for (int k = 0; k < 4; ++k) {
    char part[9];
    std::snprintf(part, sizeof part, "%08x", static_cast<unsigned>(source()));
    id += part;
  }
  return id;
}
}  // namespace

Sessions::Sessions(const Limits& l, const SessionLimits& s) : limits(l), session_limits(s) {}

Sessions::~Sessions() {
  stopping_ = true;
  if (trainer_.joinable()) trainer_.join();
}

std::pair<std::string, std::shared_ptr<Session>> Sessions::create(const Settings& settings) {
  const Clock::time_point now = Clock::now();
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    drop_idle(now);
    if (sessions_.size() >= session_limits.max_sessions)
      throw TooManySessions("all " + std::to_string(session_limits.max_sessions) +
                            " sessions are in use: close another tab, or wait until one has been idle for a while");
  }
  auto session = std::make_shared<Session>(settings, limits, now);  // may throw BadRequest
  const std::lock_guard<std::mutex> lock(mutex_);
  if (sessions_.size() >= session_limits.max_sessions)  // another tab took the last place meanwhile
    throw TooManySessions("all " + std::to_string(session_limits.max_sessions) + " sessions are in use");
  std::string id = new_id();
  while (sessions_.count(id)) id = new_id();
  sessions_[id] = session;
  return {id, session};
}

std::shared_ptr<Session> Sessions::find(const std::string& id) {
  std::shared_ptr<Session> session;
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    const auto found = sessions_.find(id);
    if (found != sessions_.end()) session = found->second;
  }
  if (session) session->touch(Clock::now());
  return session;
}

bool Sessions::close(const std::string& id) {
  const std::lock_guard<std::mutex> lock(mutex_);
  return sessions_.erase(id) > 0;
}

std::size_t Sessions::size() const {
  const std::lock_guard<std::mutex> lock(mutex_);
  return sessions_.size();
}

void Sessions::drop_idle(Clock::time_point now) {
  for (auto it = sessions_.begin(); it != sessions_.end();)
    it = now - it->second->last_seen() > session_limits.idle ? sessions_.erase(it) : std::next(it);
}

void Sessions::tick(Clock::time_point now) {
  std::vector<std::shared_ptr<Session>> all;
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    drop_idle(now);
    for (const auto& entry : sessions_) all.push_back(entry.second);
  }
  for (const auto& session : all) session->tick(Clock::now(), session_limits.slice, session_limits.unwatched);
}

void Sessions::start_trainer() {
  trainer_ = std::thread([this] {
    while (!stopping_) {
      tick(Clock::now());
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  });
}

}  // namespace mytorch::playground
