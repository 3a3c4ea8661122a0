// Tests of apps/playground/handler.hpp: every request the server answers, without sockets — valid,
// malformed, oversized and out of range.

#include "handler.hpp"

#include <nlohmann/json.hpp>

#include "mytorch/train/checkpoint.hpp"
#include "test_util.hpp"

using namespace mytorch;
using namespace mytorch::playground;
using nlohmann::json;

namespace {
const std::string host = "127.0.0.1:8765";

struct Fixture {
  Sessions sessions{Limits{}, SessionLimits{}};
  Handler handler{sessions, {host, "localhost:8765"}};

  Response send(const std::string& method, const std::string& target, const std::string& body = "") const {
    return handler.handle({method, target, host, body});
  }
  /// A new session with small data; its id.
  std::string session(const std::string& settings = "dataset=moons:points=40&hidden=4") const {
    const Response r = send("POST", "/api/session?" + settings);
    REQUIRE(r.status == 200);
    return json::parse(r.body).at("id");
  }
};

/// The error message of a refused request, after checking its status and that it is JSON.
std::string error_of(const Response& r, int status) {
  CHECK(r.status == status);
  CHECK(r.content_type == "application/json");
  return json::parse(r.body).at("error");
}

bool has_header(const Response& r, const std::string& name) {
  return std::any_of(r.headers.begin(), r.headers.end(), [&](const auto& h) { return h.first == name; });
}
}  // namespace

TEST_CASE("parse_query decodes %XX and '+', splits each pair at its first '='") {
  const Params p = parse_query("dataset=spiral:classes=5,noise=0.3&hidden=16%2C8&name=a+b&empty=&flag&&x=%3D");
  CHECK(p.find("dataset")->second == "spiral:classes=5,noise=0.3");
  CHECK(p.find("hidden")->second == "16,8");
  CHECK(p.find("name")->second == "a b");
  CHECK(p.find("empty")->second == "");
  CHECK(p.find("flag")->second == "");
  CHECK(p.find("x")->second == "=");
  CHECK(parse_query("").empty());
  CHECK(parse_query("lr=1&lr=2").count("lr") == 2);
  for (const char* bad : {"lr=%", "lr=%4", "lr=%zz", "%g1=2"}) CHECK_THROWS_AS(parse_query(bad), BadRequest);
}

TEST_CASE("the page is served from memory, nothing else: no path leads outside it") {
  const Fixture f;
  const Response page = f.send("GET", "/");
  CHECK(page.status == 200);
  CHECK(page.content_type == "text/html; charset=utf-8");
  for (const char* id : {"id=\"play\"", "id=\"epoch\"", "id=\"test-accuracy\"", "id=\"dataset\"", "id=\"boundary\"",
                         "id=\"sample-index\"", "id=\"jacobian\""})
    CHECK_MESSAGE(page.body.find(id) != std::string::npos, id);
  CHECK(f.send("GET", "/index.html").body == page.body);
  CHECK(f.send("GET", "/app.js").content_type == "text/javascript; charset=utf-8");
  CHECK(f.send("GET", "/style.css").status == 200);
  CHECK(f.send("GET", "/chart.min.js").body.find("Chart.js v") != std::string::npos);
  CHECK(has_header(page, "Content-Security-Policy"));
  for (const char* path : {"/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/etc/passwd", "/app.js/..",
                           "//app.js", "/index.html%00", "/api", "/api/", "/api/nope"})
    CHECK_MESSAGE(error_of(f.send("GET", path), 404).find("not found") != std::string::npos, path);
  CHECK(error_of(f.send("POST", "/app.js"), 405) == "POST /app.js: only GET is allowed");
  CHECK(error_of(f.send("GET", "/api/session"), 405).find("GET /api/session: not allowed") == 0);
  CHECK(error_of(f.send("DELETE", "/api/state?id=x"), 405).find("not allowed") != std::string::npos);
}

TEST_CASE("a request naming another host is refused (DNS rebinding)") {
  const Fixture f;
  CHECK(error_of(f.handler.handle({"GET", "/", "evil.example:8765", ""}), 400).find("the Host header") == 0);
  CHECK(f.handler.handle({"GET", "/", "localhost:8765", ""}).status == 200);
  const Sessions sessions{Limits{}, SessionLimits{}};
  Sessions& any = const_cast<Sessions&>(sessions);
  CHECK(Handler(any, {}).handle({"GET", "/", "anything", ""}).status == 200);  // --host: any name
}

TEST_CASE("a new session answers with its id, settings, data and state, and bad settings get a 400 that says why") {
  const Fixture f;
  const Response r = f.send("POST", "/api/session?dataset=spiral:points=30,classes=4&hidden=8,8&lr=0.03");
  REQUIRE(r.status == 200);
  const json v = json::parse(r.body);
  CHECK(v.at("id").get<std::string>().size() == 32);
  CHECK(v.at("query").get<std::string>().find("dataset=spiral:points=30,classes=4&hidden=8,8") == 0);
  CHECK(v.at("data").at("classes") == 4);
  CHECK(v.at("state").at("epoch") == 0);
  CHECK(v.at("state").at("boundary").at("grid") == 64);
  CHECK(v.at("choices").at("optimizer").size() == 3);
  CHECK(has_header(r, "Cache-Control"));
  CHECK(error_of(f.send("POST", "/api/session?lr=-1"), 400) == "lr: '-1' is not in (0, 10]");
  CHECK(error_of(f.send("POST", "/api/session?hidden=999"), 400).find("hidden: '999'") == 0);
  CHECK(error_of(f.send("POST", "/api/session?hidden=8,8,8,8,8,8,8,8,8"), 400).find("at most 8") != std::string::npos);
  CHECK(error_of(f.send("POST", "/api/session?dataset=spiral:points=5000"), 400).find("at most 10000") != std::string::npos);
  CHECK(error_of(f.send("POST", "/api/session?bogus=1"), 400).find("unknown setting 'bogus'") == 0);
  CHECK(error_of(f.send("POST", "/api/session?lr=%zz"), 400).find("bad %-escape") != std::string::npos);
  CHECK(error_of(f.send("POST", "/api/session?dataset=csv:points.csv"), 400).find("is not uploaded") != std::string::npos);
}

TEST_CASE("a session's requests need its id: missing is a 400, unknown a 404") {
  const Fixture f;
  CHECK(error_of(f.send("GET", "/api/state"), 400).find("id: missing") == 0);
  CHECK(error_of(f.send("GET", "/api/state?id="), 400).find("id: missing") == 0);
  CHECK(error_of(f.send("GET", "/api/state?id=feedbeef"), 404).find("no session 'feedbeef'") == 0);
  const std::string id = f.session();
  CHECK(f.send("GET", "/api/state?id=" + id).status == 200);
  CHECK(json::parse(f.send("POST", "/api/close?id=" + id).body).at("closed") == true);
  CHECK(f.send("GET", "/api/state?id=" + id).status == 404);
}

TEST_CASE("control: play, pause, step and reset, and anything else, or steps out of range, is refused") {
  const Fixture f;
  const std::string id = f.session();
  const json stepped = json::parse(f.send("POST", "/api/control?id=" + id + "&action=step&steps=5").body);
  CHECK(stepped.at("step") == 5);
  CHECK(json::parse(f.send("POST", "/api/control?id=" + id + "&action=step").body).at("step") == 6);
  CHECK(json::parse(f.send("POST", "/api/control?id=" + id + "&action=play").body).at("playing") == true);
  CHECK(json::parse(f.send("POST", "/api/control?id=" + id + "&action=pause").body).at("playing") == false);
  const json reset = json::parse(f.send("POST", "/api/control?id=" + id + "&action=reset").body);
  CHECK(reset.at("step") == 0);
  const std::string control = "/api/control?id=" + id;
  CHECK(error_of(f.send("POST", control + "&action=fly"), 400).find("action: 'fly'") == 0);
  CHECK(error_of(f.send("POST", control), 400).find("action: ''") == 0);
  CHECK(error_of(f.send("POST", control + "&action=step&steps=0"), 400) == "steps: '0' is not a whole number from 1 to 1000");
  CHECK(error_of(f.send("POST", control + "&action=step&steps=1001"), 400).find("from 1 to 1000") != std::string::npos);
  CHECK(error_of(f.send("POST", control + "&action=step&steps=-1"), 400).find("steps: '-1'") == 0);
  CHECK(error_of(f.send("POST", control + "&action=step&steps=99999999999999999999"), 400).find("steps:") == 0);
  CHECK(error_of(f.send("POST", control + "&action=play&steps=3"), 400) == "steps: goes with action=step only");
  CHECK(error_of(f.send("POST", control + "&action=step&action=play"), 400) == "action: given 2 times");
  CHECK(error_of(f.send("POST", control + "&action=play&speed=3"), 400).find("unknown parameter 'speed'") == 0);
}

TEST_CASE("state: history from an epoch, and one sample's backward pass with its Jacobian") {
  const Fixture f;
  const std::string id = f.session("dataset=moons:points=40&hidden=4&batch-size=8");
  f.send("POST", "/api/control?id=" + id + "&action=step&steps=30");  // 8 steps an epoch: 3 epochs
  const json s = json::parse(f.send("GET", "/api/state?id=" + id + "&history=1&sample=70").body);
  CHECK(s.at("epoch") == 3);
  CHECK(s.at("history").at("from") == 1);
  CHECK(s.at("history").at("rows").size() == 2);
  const json t = s.at("sample");
  CHECK(t.at("index") == 70);
  CHECK(t.at("test") == true);
  const auto A = t.at("A").get<std::vector<double>>();
  const auto J = t.at("J").get<std::vector<std::vector<double>>>();
  REQUIRE(J.size() == 2);
  for (std::size_t m = 0; m < 2; ++m)
    for (std::size_t n = 0; n < 2; ++n)
      CHECK(J[m][n] == doctest::Approx(m == n ? A[m] * (1 - A[m]) : -A[m] * A[n]).epsilon(test::tol(1e-12)));
  const std::string state = "/api/state?id=" + id;
  CHECK(error_of(f.send("GET", state + "&sample=80"), 400) == "sample: 80 is not a sample index from 0 to 79");
  CHECK(error_of(f.send("GET", state + "&sample=x"), 400).find("sample: 'x'") == 0);
  CHECK(error_of(f.send("GET", state + "&history=-2"), 400).find("history: '-2'") == 0);
  CHECK(json::parse(f.send("GET", state + "&history=999").body).at("history").at("rows").empty());
}

TEST_CASE("settings of a session: a new run, or a 400 that leaves the old one") {
  const Fixture f;
  const std::string id = f.session();
  const json v = json::parse(f.send("POST", "/api/settings?id=" + id + "&dataset=xor&hidden=").body);
  CHECK(v.at("data").at("dataset") == "xor");
  CHECK(v.at("command").get<std::string>().find("--hidden ''") != std::string::npos);
  CHECK(error_of(f.send("POST", "/api/settings?id=" + id + "&activation=nope"), 400).find("activation:") == 0);
  CHECK(json::parse(f.send("GET", "/api/state?id=" + id).body).at("generation").is_number());
}

TEST_CASE("a model downloads as model.npz and loads back, and a bad or oversized one is a 400") {
  const Fixture f;
  const std::string id = f.session();
  f.send("POST", "/api/control?id=" + id + "&action=step&steps=7");
  const Response download = f.send("GET", "/api/model?id=" + id);
  CHECK(download.status == 200);
  CHECK(download.content_type == "application/octet-stream");
  CHECK(has_header(download, "Content-Disposition"));
  const train::Checkpoint c = train::parse_checkpoint(download.body, "model.npz");
  CHECK(c.epoch == 3);  // 64 training samples, batches of 32: 2 steps an epoch
  CHECK(c.unfinished.steps == 1);
  const std::string other = f.session("dataset=circles&hidden=2");
  const json loaded = json::parse(f.send("POST", "/api/model?id=" + other, download.body).body);
  CHECK(loaded.at("data").at("dataset") == "moons:points=40");
  CHECK(loaded.at("state").at("step") == 7);
  CHECK(error_of(f.send("POST", "/api/model?id=" + other, ""), 400).find("the request has no body") == 0);
  CHECK(error_of(f.send("POST", "/api/model?id=" + other, "PK\x03\x04 junk"), 400).find("model.npz") != std::string::npos);
  CHECK(error_of(f.send("POST", "/api/model?id=" + other, download.body.substr(0, 100)), 400).size() > 0);
  CHECK(error_of(f.send("POST", "/api/model?id=" + other, std::string(f.sessions.limits.max_upload_bytes + 1, 'x')), 400)
            .find("at most 4194304 are allowed") != std::string::npos);
  CHECK(error_of(f.send("GET", "/api/model?id=" + other + "&name=x"), 400).find("unknown parameter 'name'") == 0);
}

TEST_CASE("a CSV upload: x, y, label rows become the session's data, and a bad file is a 400 naming it") {
  const Fixture f;
  const std::string id = f.session();
  std::string csv;
  for (int i = 0; i < 50; ++i) csv += std::to_string(i % 10) + "," + std::to_string(i / 10) + "," + std::to_string(i % 3) + "\n";
  const json v = json::parse(f.send("POST", "/api/csv?id=" + id + "&name=grid.csv", csv).body);
  CHECK(v.at("data").at("dataset") == "csv:grid.csv");
  CHECK(v.at("data").at("classes") == 3);
  const std::string upload = "/api/csv?id=" + id + "&name=";
  CHECK(error_of(f.send("POST", upload + "..%2Fpasswd", csv), 400).find("plain file name") != std::string::npos);
  CHECK(error_of(f.send("POST", upload + "a.csv", "1,2\nx,3\n"), 400).find("a.csv") != std::string::npos);
  CHECK(error_of(f.send("POST", upload + "a.csv", "1,2,70000\n1,3,1\n"), 400).size() > 0);
  CHECK(error_of(f.send("POST", upload + "a.csv", std::string(5 << 20, '1')), 400).find("at most") != std::string::npos);
  CHECK(error_of(f.send("POST", upload + "a.csv", ""), 400).find("the request has no body") == 0);
  CHECK(error_of(f.send("POST", "/api/csv?id=" + id, csv), 400).find("is not csv:NAME") != std::string::npos);
}

TEST_CASE("when every session is in use a new one gets a 503") {
  Sessions sessions{Limits{}, SessionLimits{1}};
  const Handler handler{sessions, {}};
  CHECK(handler.handle({"POST", "/api/session?dataset=xor:points=20", "", ""}).status == 200);
  CHECK(error_of(handler.handle({"POST", "/api/session", "", ""}), 503).find("all 1 sessions are in use") == 0);
}
