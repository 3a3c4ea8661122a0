// Tests of apps/playground/session.hpp and sessions.hpp: a tab's session, and all of them.

#include "session.hpp"

#include <sstream>

#include "mytorch/train/checkpoint.hpp"
#include "mytorch/train/experiment.hpp"
#include "scratch.hpp"
#include "sessions.hpp"
#include "test_util.hpp"

using namespace mytorch;
using namespace mytorch::playground;

namespace {
Settings small() {
  Settings s;
  s.dataset = "moons:points=50";
  s.hidden = {4};
  s.steps_per_second = 100;
  return s;
}
const auto second = std::chrono::seconds(1);
const Clock::duration slice = std::chrono::milliseconds(200), unwatched = std::chrono::seconds(30);
}  // namespace

TEST_CASE("play trains at the session's speed, a slice per tick, and pause stops it") {
  const Clock::time_point t0 = Clock::now();
  Session session(small(), {}, t0);
  session.tick(t0 + second, slice, unwatched);
  CHECK(session.state(0, std::nullopt).at("step") == 0);  // paused: nothing
  session.control("play", 1);
  session.tick(t0 + 2 * second, slice, unwatched);  // 100 steps/s, but at most 0.2 s of them saved up
  CHECK(session.state(0, std::nullopt).at("step") == 20);
  session.tick(t0 + 2 * second + std::chrono::milliseconds(100), slice, unwatched);
  CHECK(session.state(0, std::nullopt).at("step") == 30);
  session.control("pause", 1);
  session.tick(t0 + 3 * second, slice, unwatched);
  CHECK(session.state(0, std::nullopt).at("step") == 30);
  session.control("step", 5);
  CHECK(session.state(0, std::nullopt).at("step") == 35);
  CHECK(session.state(0, std::nullopt).at("playing") == false);
}

TEST_CASE("a playing session nobody asks about stops playing") {
  const Clock::time_point t0 = Clock::now();
  Session session(small(), {}, t0);
  session.control("play", 1);
  session.tick(t0 + 31 * second, slice, unwatched);
  CHECK(session.state(0, std::nullopt).at("playing") == false);
  session.touch(t0 + 40 * second);
  CHECK(session.last_seen() == t0 + 40 * second);
}

TEST_CASE("new settings start a new run, and a new speed alone keeps the run going") {
  Session session(small(), {}, Clock::now());
  session.control("step", 3);
  const nlohmann::json before = session.state(0, std::nullopt);
  Settings faster = small();
  faster.steps_per_second = 1000;
  const nlohmann::json same = session.configure(faster);
  CHECK(same.at("state").at("generation") == before.at("generation"));
  CHECK(same.at("state").at("step") == 3);
  CHECK(same.at("query").get<std::string>().find("steps-per-second=1000") != std::string::npos);
  Settings wider = small();
  wider.hidden = {9};
  const nlohmann::json fresh = session.configure(wider);
  CHECK(fresh.at("state").at("generation") == before.at("generation").get<int>() + 1);
  CHECK(fresh.at("state").at("step") == 0);
  CHECK(fresh.at("command").get<std::string>().find("--hidden 9") != std::string::npos);
  session.control("step", 2);
  session.control("reset", 1);
  CHECK(session.state(0, std::nullopt).at("step") == 0);
  CHECK_THROWS_WITH_AS(session.control("jump", 1), "action: 'jump' is not one of play, pause, step, reset", BadRequest);
}

TEST_CASE("an uploaded CSV becomes the dataset csv:NAME, and a bad one is refused and the run stays") {
  Session session(small(), {}, Clock::now());
  std::string csv = "# x, y, label\n";
  for (int i = 0; i < 30; ++i) csv += std::to_string(i % 6) + ".5," + std::to_string(i / 6) + "," + std::to_string(i % 2) + "\n";
  const nlohmann::json v = session.upload_csv("points.csv", csv);
  CHECK(v.at("data").at("dataset") == "csv:points.csv");
  CHECK(v.at("data").at("train") == 24);
  CHECK(v.at("command").get<std::string>().find("--dataset csv:PATH/points.csv") != std::string::npos);
  // other settings keep the upload
  Settings s = small();
  s.dataset = "csv:points.csv";
  s.hidden = {3};
  CHECK(session.configure(s).at("data").at("dataset") == "csv:points.csv");
  CHECK_THROWS_WITH_AS(session.upload_csv("three.csv", "1,2,3,0\n4,5,6,1\n"), doctest::Contains("3 feature columns"),
                       BadRequest);
  CHECK_THROWS_WITH_AS(session.upload_csv("few.csv", "1,2,0\n4,5,1\n"), doctest::Contains("2 samples; from 10"),
                       BadRequest);
  CHECK_THROWS_WITH_AS(session.upload_csv("text.csv", "a,b,c\n"), doctest::Contains("text.csv"), BadRequest);
  CHECK_THROWS_WITH_AS(session.upload_csv("one.csv", csv.substr(0, csv.find("\n", 20)) + "\n"),
                       doctest::Contains("samples"), BadRequest);
  CHECK_THROWS_AS(session.upload_csv("../x.csv", csv), BadRequest);
  CHECK(session.view().at("data").at("dataset") == "csv:points.csv");  // still the good upload
}

TEST_CASE("a model.npz from mytorch-train --val-split 0 loads with its settings, weights and history") {
  test::Scratch scratch("playground_session");
  train::RunConfig c = run_config(small());
  c.epochs = 2;
  c.plots = false;
  c.progress = train::Progress::Style::quiet;
  c.out_dir = scratch.path("run");
  std::ostringstream quiet;
  const train::RunResult r = train::run(c, quiet);
  Session session(Settings{}, {}, Clock::now());
  const nlohmann::json v = session.load_model(scratch.read(r.checkpoint));
  CHECK(v.at("data").at("dataset") == "moons:points=50");
  CHECK(v.at("state").at("epoch") == 2);
  CHECK(v.at("state").at("metrics").at("test").at("accuracy") == r.test_accuracy);
  CHECK(v.at("state").at("history").at("rows")[1][1].get<double>() == doctest::Approx(r.last.train_loss));  // float32: '<f4'

  c.val_split = 0.1;
  c.out_dir = scratch.path("with-validation");
  const train::RunResult validated = train::run(c, quiet);
  CHECK_THROWS_WITH_AS(session.load_model(scratch.read(validated.checkpoint)), doctest::Contains("--val-split 0"),
                       BadRequest);
  CHECK_THROWS_WITH_AS(session.load_model("not a zip"), doctest::Contains("model.npz"), BadRequest);
  // A checkpoint whose data is not what its settings generate here.
  train::Checkpoint other = train::load_checkpoint(r.checkpoint);
  nlohmann::json a = nlohmann::json::parse(other.architecture);
  a["test_fingerprint"] = "0000000000000000";
  other.architecture = a.dump();
  models::MLP model({2, 4, 2}, "tanh");
  CHECK_THROWS_WITH_AS(session.load_model(train::checkpoint_bytes(model, nullptr, other)),
                       doctest::Contains("was trained on other data"), BadRequest);
}

TEST_CASE("sessions: at most max_sessions, idle ones dropped") {
  SessionLimits limits;
  limits.max_sessions = 2;
  limits.idle = std::chrono::minutes(1);
  Sessions sessions({}, limits);
  const auto [a, first] = sessions.create(small());
  const auto [b, second_one] = sessions.create(small());
  CHECK(a.size() == 32);
  CHECK(a != b);
  CHECK(sessions.find(a) == first);
  CHECK(sessions.find("nope") == nullptr);
  CHECK_THROWS_WITH_AS(sessions.create(small()), doctest::Contains("all 2 sessions are in use"), TooManySessions);
  CHECK(sessions.close(b));
  CHECK_FALSE(sessions.close(b));
  CHECK_NOTHROW(sessions.create(small()));
  sessions.tick(Clock::now() + std::chrono::minutes(2));
  CHECK(sessions.size() == 0);
}
