#include "handler.hpp"

#include <algorithm>
#include <climits>

#include <nlohmann/json.hpp>

#include "assets.hpp"

namespace mytorch::playground {

namespace {
using nlohmann::json;

/// A request refused with a status other than 400 (BadRequest's).
struct HttpError : std::runtime_error {
  HttpError(int s, const std::string& message) : std::runtime_error(message), status(s) {}
  int status;
};

constexpr std::size_t max_steps_per_request = 1000;

const std::vector<std::pair<std::string, std::string>> security_headers = {
    {"X-Content-Type-Options", "nosniff"},
    {"Referrer-Policy", "no-referrer"},
    {"Content-Security-Policy",
     "default-src 'self'; img-src 'self' data: blob:; connect-src 'self'; frame-ancestors 'none'"}};

Response json_response(const json& body, int status = 200) {
  return {status, "application/json", body.dump(), {{"Cache-Control", "no-store"}}};
}

Response error(int status, const std::string& message) { return json_response({{"error", message}}, status); }

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string decoded(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '+') {
      out += ' ';
    } else if (text[i] != '%') {
      out += text[i];
    } else {
      const int hi = i + 2 < text.size() ? hex_digit(text[i + 1]) : -1, lo = hi >= 0 ? hex_digit(text[i + 2]) : -1;
      if (lo < 0) throw BadRequest("the query has a bad %-escape in '" + text + "'");
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    }
  }
  return out;
}

/// Throws BadRequest for a parameter `allowed` does not list.
void only(const Params& params, const std::vector<std::string>& allowed) {
  for (const auto& entry : params)
    if (std::count(allowed.begin(), allowed.end(), entry.first) == 0)
      throw BadRequest("unknown parameter '" + entry.first + "' (this request takes: " + joined(allowed) + ")");
}

/// The one value of `name`, or `otherwise` if absent; BadRequest if given twice.
std::string value(const Params& params, const std::string& name, const std::string& otherwise) {
  const std::size_t n = params.count(name);
  if (n > 1) throw BadRequest(name + ": given " + std::to_string(n) + " times");
  return n ? params.find(name)->second : otherwise;
}

/// The parameter `name` (`otherwise` if absent) as a whole number from lo to hi, in at most 9 digits.
std::size_t whole(const Params& params, const std::string& name, std::size_t otherwise, std::size_t lo, std::size_t hi) {
  return whole_in(name, value(params, name, std::to_string(otherwise)), lo, hi, 9, true);
}

/// The state a request asks for: history rows from `history`, a sample's trace with `sample`.
json state_of(Session& session, const Params& params) {
  const std::size_t history = whole(params, "history", 0, 0, 999999999);
  std::optional<std::size_t> sample;
  if (params.count("sample")) sample = whole(params, "sample", 0, 0, 999999999);
  return session.state(history, sample);
}

void check_body(const std::string& body, std::size_t limit, const std::string& what) {
  if (body.empty()) throw BadRequest("the request has no body: send the " + what + " as the body");
  if (body.size() > limit)
    throw BadRequest("the " + what + " has " + std::to_string(body.size()) + " bytes, at most " +
                     std::to_string(limit) + " are allowed");
}

/// The API's paths and the method each takes.
const std::vector<std::pair<std::string, std::string>> api = {
    {"/api/session", "POST"}, {"/api/settings", "POST"}, {"/api/control", "POST"}, {"/api/state", "GET"},
    {"/api/model", "GET"},    {"/api/model", "POST"},    {"/api/csv", "POST"},     {"/api/close", "POST"}};
}  // namespace

Params parse_query(const std::string& query) {
  Params params;
  std::size_t start = 0;
  while (start <= query.size()) {
    const std::size_t end = std::min(query.find('&', start), query.size());
    const std::string pair = query.substr(start, end - start);
    if (!pair.empty()) {
      const std::size_t eq = pair.find('=');
      params.emplace(decoded(pair.substr(0, eq)), eq == std::string::npos ? "" : decoded(pair.substr(eq + 1)));
    }
    start = end + 1;
  }
  return params;
}

Handler::Handler(Sessions& sessions, std::vector<std::string> hosts) : sessions_(sessions), hosts_(std::move(hosts)) {}

Response Handler::handle(const Request& request) const {
  Response response;
  try {
    if (!hosts_.empty() && std::count(hosts_.begin(), hosts_.end(), request.host) == 0)
      throw BadRequest("the Host header '" + request.host + "' is not this server's (" + hosts_.front() +
                       "): open the address the playground printed");
    const std::size_t question = request.target.find('?');
    const std::string path = request.target.substr(0, question);
    const Params params = parse_query(question == std::string::npos ? "" : request.target.substr(question + 1));
    response = route(request.method, path, params, request.body);
  } catch (const HttpError& e) {
    response = error(e.status, e.what());
  } catch (const TooManySessions& e) {
    response = error(503, e.what());
  } catch (const std::invalid_argument& e) {  // BadRequest, and the library's own checks of what it is given
    response = error(400, e.what());
  } catch (const std::exception& e) {
    response = error(500, std::string("the playground failed: ") + e.what());
  } catch (...) {
    response = error(500, "the playground failed");
  }
  response.headers.insert(response.headers.end(), security_headers.begin(), security_headers.end());
  return response;
}

Response Handler::route(const std::string& method, const std::string& path, const Params& params,
                        const std::string& body) const {
  if (path.rfind("/api/", 0) != 0) {
    const std::string name = path == "/" ? "/index.html" : path;
    for (const Asset& a : assets())
      if (a.path == name) {
        if (method != "GET" && method != "HEAD") throw HttpError(405, method + " " + path + ": only GET is allowed");
        return {200, std::string(a.content_type), std::string(a.bytes), {{"Cache-Control", "no-cache"}}};
      }
    throw HttpError(404, path + ": not found");
  }
  const bool known = std::any_of(api.begin(), api.end(), [&](const auto& e) { return e.first == path; });
  if (!known) throw HttpError(404, path + ": not found");
  if (std::find(api.begin(), api.end(), std::make_pair(path, method)) == api.end())
    throw HttpError(405, method + " " + path + ": not allowed here (see the list in apps/playground/handler.hpp)");

  const Limits& limits = sessions_.limits;
  if (path == "/api/session") {
    auto [id, session] = sessions_.create(parse_settings(params, limits));
    json answer = session->view();
    answer["id"] = id;
    return json_response(answer);
  }
  const std::string id = value(params, "id", "");
  if (id.empty()) throw BadRequest("id: missing (the session's id, from POST /api/session)");
  if (path == "/api/close") {
    only(params, {"id"});
    return json_response({{"closed", sessions_.close(id)}});
  }
  const std::shared_ptr<Session> session = sessions_.find(id);
  if (!session)
    throw HttpError(404, "no session '" + id + "': it was closed or idle too long, or the server restarted; reload the page");
  if (path == "/api/settings") return json_response(session->configure(parse_settings(params, limits, {"id"})));
  if (path == "/api/state") {
    only(params, {"id", "history", "sample"});
    return json_response(state_of(*session, params));
  }
  if (path == "/api/control") {
    only(params, {"id", "action", "steps", "history", "sample"});
    const std::string action = value(params, "action", "");
    if (action != "step" && params.count("steps")) throw BadRequest("steps: goes with action=step only");
    session->control(action, whole(params, "steps", 1, 1, max_steps_per_request));
    return json_response(state_of(*session, params));
  }
  if (path == "/api/csv") {
    only(params, {"id", "name"});
    check_body(body, limits.max_upload_bytes, "CSV file");
    return json_response(session->upload_csv(value(params, "name", ""), body));
  }
  only(params, {"id"});
  if (method == "POST") {  // /api/model: load one
    check_body(body, limits.max_upload_bytes, "model.npz");
    return json_response(session->load_model(body));
  }
  return {200, "application/octet-stream", session->model_bytes(),
          {{"Content-Disposition", "attachment; filename=\"model.npz\""}, {"Cache-Control", "no-store"}}};
}

}  // namespace mytorch::playground
