#include "session.hpp"

#include <algorithm>

#include "mytorch/data/csv.hpp"
#include "mytorch/io/file.hpp"
#include "mytorch/train/run_record.hpp"
#include "sample.hpp"
#include "views.hpp"

namespace mytorch::playground {

namespace {
using nlohmann::json;

constexpr std::size_t boundary_grid = 64;  // one batch forward of 4096 points
constexpr std::size_t neuron_grid = 24;    // each hidden neuron's thumbnail
constexpr std::size_t min_samples = 10;

/// The uploaded CSV, checked for what the playground can draw and train.
data::Dataset parsed_upload(const std::string& file_name, const std::string& bytes, const Limits& limits) {
  const std::string name = csv_dataset(file_name);
  if (bytes.size() > limits.max_upload_bytes)
    throw BadRequest(file_name + ": " + std::to_string(bytes.size()) + " bytes, at most " +
                     std::to_string(limits.max_upload_bytes) + " are allowed");
  data::Dataset d;
  try {  // a .gz is read as load_csv reads it, within the same limit
    d = data::parse_csv(io::decompress(bytes, file_name, limits.max_upload_bytes), file_name);
  } catch (const std::exception& e) {
    throw BadRequest(e.what());
  }
  const auto refuse = [&](const std::string& why) { return BadRequest(file_name + ": " + why); };
  if (d.features() != 2)
    throw refuse(std::to_string(d.features()) + " feature columns; the playground draws 2-D data: x, y, then the label");
  if (d.size() < min_samples || d.size() > limits.max_points)
    throw refuse(std::to_string(d.size()) + " samples; from " + std::to_string(min_samples) + " to " +
                 std::to_string(limits.max_points) + " are allowed");
  if (d.num_classes < 2 || d.num_classes > limits.max_classes)
    throw refuse(std::to_string(d.num_classes) + " classes (labels 0 … K−1); from 2 to " +
                 std::to_string(limits.max_classes) + " are allowed");
  d.name = name;
  return d;
}
}  // namespace

Session::Session(const Settings& settings, const Limits& limits, Clock::time_point now)
    : limits_(limits), last_tick_(now), last_seen_(now.time_since_epoch().count()) {
  adopt(Run::make(settings, nullptr));
}

void Session::adopt(std::unique_ptr<Run> run) {
  run_ = std::move(run);
  ++generation_;
  playing_ = false;
  budget_ = 0;
  views_step_ = SIZE_MAX;
}

json Session::configure(const Settings& settings) {
  const std::lock_guard<std::mutex> lock(mutex_);
  Settings same_speed = settings;
  same_speed.steps_per_second = run_->settings.steps_per_second;
  if (to_query(same_speed) == to_query(run_->settings))  // only the speed changed: the run goes on
    run_->settings.steps_per_second = settings.steps_per_second;
  else
    adopt(Run::make(settings, upload_.get()));
  return view_locked();
}

json Session::upload_csv(const std::string& file_name, const std::string& bytes) {
  auto upload = std::make_unique<data::Dataset>(parsed_upload(file_name, bytes, limits_));
  const std::lock_guard<std::mutex> lock(mutex_);
  Settings settings = run_->settings;
  settings.dataset = upload->name;
  adopt(Run::make(settings, upload.get()));
  upload_ = std::move(upload);
  return view_locked();
}

json Session::load_model(const std::string& bytes) {
  const std::string source = "model.npz";
  train::Checkpoint c;
  train::RunRecord record;
  try {
    c = train::parse_checkpoint(bytes, source);
    record = train::read_record(c.architecture, source);
  } catch (const std::exception& e) {
    throw BadRequest(e.what());
  }
  const std::lock_guard<std::mutex> lock(mutex_);
  Settings settings = settings_of(record.settings, limits_);
  settings.steps_per_second = run_->settings.steps_per_second;
  std::unique_ptr<Run> run = Run::make(settings, upload_.get());
  if (record.test_fingerprint != run->test_fingerprint)
    throw BadRequest(source + " was trained on other data than the playground's " + settings.dataset + " with seed " +
                     std::to_string(settings.seed) + " (its test split differs)");
  run->restore(c);
  adopt(std::move(run));
  return view_locked();
}

json Session::view() {
  const std::lock_guard<std::mutex> lock(mutex_);
  return view_locked();
}

json Session::view_locked() {
  const Settings& s = run_->settings;
  return {{"query", to_query(s)},
          {"command", train_command(s)},
          {"choices", {{"activation", models::activation_names()}, {"optimizer", optim::optimizer_names()}}},
          {"limits", {{"max_layers", limits_.max_layers}, {"max_width", limits_.max_width},
                      {"max_classes", limits_.max_classes}, {"max_points", limits_.max_points},
                      {"max_steps_per_second", limits_.max_steps_per_second},
                      {"max_upload_bytes", limits_.max_upload_bytes}}},
          {"data", data_view(*run_)},
          {"state", state_locked(0, std::nullopt)}};
}

void Session::control(const std::string& action, std::size_t steps) {
  const std::lock_guard<std::mutex> lock(mutex_);
  if (action == "play") {
    if (!run_->diverged.empty()) throw BadRequest("play: " + run_->diverged);
    playing_ = true;
    budget_ = 0;
  } else if (action == "pause") {
    playing_ = false;
  } else if (action == "step") {
    playing_ = false;
    if (!run_->diverged.empty()) throw BadRequest("step: " + run_->diverged);
    const Clock::time_point deadline = Clock::now() + std::chrono::seconds(2);  // a bound on the lock, too
    run_->train(steps, [&] { return Clock::now() >= deadline; });
  } else if (action == "reset") {
    adopt(Run::make(run_->settings, upload_.get()));
  } else {
    throw BadRequest("action: '" + action + "' is not one of play, pause, step, reset");
  }
}

json Session::state(std::size_t history_from, std::optional<std::size_t> sample) {
  const std::lock_guard<std::mutex> lock(mutex_);
  return state_locked(history_from, sample);
}

json Session::state_locked(std::size_t history_from, std::optional<std::size_t> sample) {
  Run& run = *run_;
  if (views_step_ != run.steps) {
    const auto views = [&] {
      return json{{"metrics", metrics_view(run)},
                  {"boundary", boundary_view(run, boundary_grid)},
                  {"neurons", neurons_view(run, neuron_grid)},
                  {"weights", weights_view(run)}};
    };
    try {
      views_ = views();
    } catch (const NonFiniteError& e) {  // finite weights, but outputs that overflow (float32): diverged
      run.diverge(std::string("the page's views: ") + e.what());
      playing_ = false;
      views_ = views();  // now without the model's outputs
    }
    views_step_ = run.steps;
  }
  json s = views_;
  s["generation"] = generation_;
  s["playing"] = playing_;
  s["error"] = run.diverged;
  s["epoch"] = run.history.size();
  s["step"] = run.steps;
  s["steps_per_epoch"] = run.trainer.steps_per_epoch();
  s["history"] = history_view(run, std::min(history_from, run.history.size()));
  if (sample) s["sample"] = to_json(trace_sample(run, *sample));
  return s;
}

std::string Session::model_bytes() {
  const std::lock_guard<std::mutex> lock(mutex_);
  return run_->checkpoint();
}

void Session::tick(Clock::time_point now, Clock::duration slice, Clock::duration unwatched) {
  const std::lock_guard<std::mutex> lock(mutex_);
  const double dt = std::chrono::duration<double>(now - last_tick_).count();
  last_tick_ = now;
  if (!playing_) return;
  if (now - last_seen() > unwatched) {
    playing_ = false;
    return;
  }
  const double rate = static_cast<double>(run_->settings.steps_per_second);
  budget_ = std::min(budget_ + rate * dt, std::max(1.0, rate / 5));  // at most 0.2 s of steps saved up
  const auto steps = static_cast<std::size_t>(budget_);
  if (steps == 0) return;
  const Clock::time_point deadline = Clock::now() + slice;
  budget_ -= static_cast<double>(run_->train(steps, [&] { return Clock::now() >= deadline; }));
  if (!run_->diverged.empty()) playing_ = false;
}

void Session::touch(Clock::time_point now) { last_seen_ = now.time_since_epoch().count(); }

Clock::time_point Session::last_seen() const { return Clock::time_point(Clock::duration(last_seen_.load())); }

}  // namespace mytorch::playground
