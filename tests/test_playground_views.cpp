// Tests of apps/playground/views.hpp: what the page draws, as JSON.

#include "views.hpp"

#include <nlohmann/json.hpp>

#include "test_util.hpp"

using namespace mytorch;
using namespace mytorch::playground;

namespace {
std::string decoded(const std::string& b64) {  // enough base64 for the tests: lengths only
  return std::string(b64.size() / 4 * 3 - std::count(b64.begin(), b64.end(), '='), '\0');
}
}  // namespace

TEST_CASE("base64 is RFC 4648's") {
  CHECK(base64("") == "");
  CHECK(base64("f") == "Zg==");
  CHECK(base64("fo") == "Zm8=");
  CHECK(base64("foo") == "Zm9v");
  CHECK(base64("foobar") == "Zm9vYmFy");
  CHECK(base64(std::string("\xff\x00\x80", 3)) == "/wCA");
}

TEST_CASE("the views of a run: points, boundary grid, a heatmap per hidden neuron, W per layer") {
  Settings s;
  s.dataset = "blobs:points=30,classes=5";
  s.hidden = {6, 3};
  const std::unique_ptr<Run> run = Run::make(s, nullptr);
  run->train(12, [] { return false; });

  const nlohmann::json d = data_view(*run);
  CHECK(d.at("classes") == 5);
  CHECK(d.at("train") == 120);
  CHECK(d.at("test") == 30);
  CHECK(d.at("x").size() == 150);
  CHECK(d.at("toy").at("kind") == "blobs");
  const auto box = d.at("box").get<std::vector<double>>();
  for (std::size_t i = 0; i < 150; ++i) {  // every point inside the drawn square
    CHECK(d.at("x")[i].get<double>() > box[0]);
    CHECK(d.at("x")[i].get<double>() < box[1]);
    CHECK(d.at("y")[i].get<double>() > box[2]);
    CHECK(d.at("y")[i].get<double>() < box[3]);
  }
  CHECK(box[1] - box[0] == doctest::Approx(box[3] - box[2]));

  const nlohmann::json b = boundary_view(*run, 16);
  CHECK(b.at("grid") == 16);
  const std::string predicted = decoded(b.at("class"));
  CHECK(predicted.size() == 256);

  const nlohmann::json n = neurons_view(*run, 8);
  REQUIRE(n.size() == 2);
  CHECK(n[0].at("width") == 6);
  CHECK(n[1].at("width") == 3);
  CHECK(decoded(n[0].at("maps")).size() == 6 * 64);
  CHECK(n[1].at("scale").size() == 3);

  const nlohmann::json w = weights_view(*run);
  REQUIRE(w.size() == 3);  // 2→6, 6→3, 3→5
  CHECK(w[0].at("rows") == 6);
  CHECK(w[0].at("cols") == 2);
  CHECK(w[2].at("rows") == 5);
  CHECK(decoded(w[1].at("W")).size() == 18);
  CHECK(w[0].at("max_abs").get<double>() >= w[0].at("mean_abs").get<double>());

  const nlohmann::json m = metrics_view(*run);
  CHECK(m.at("test").at("accuracy") == train::evaluate(run->model, run->loss, run->data.test).accuracy);
  run->train(run->trainer.steps_per_epoch() * 2, [] { return false; });
  const nlohmann::json h = history_view(*run, 1);
  CHECK(h.at("from") == 1);
  REQUIRE(h.at("rows").size() == run->history.size() - 1);
  CHECK(h.at("rows")[0][0] == 2);  // epoch 2
  CHECK(h.at("rows")[0][4] == run->history[1].test_accuracy);
}
