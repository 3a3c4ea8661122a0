#pragma once
// apps/playground/handler.hpp — every HTTP request the playground answers, without sockets: the
// server (main.cpp) hands each request over as a Request and sends back the Response, and the
// tests do the same without a network.
//
//   GET  /, /app.js, /style.css, /chart.min.js, …   the page (assets.hpp); nothing else is served
//   POST /api/session?SETTINGS              a new session → {id, query, command, data, state}
//   POST /api/settings?id=ID&SETTINGS       new settings (a new run)         → the same, without id
//   POST /api/control?id=ID&action=A[&steps=N]   play, pause, step (N steps, 1 … 1000), reset → state
//   GET  /api/state?id=ID[&history=K][&sample=I]  the live state; with I, that sample's backward pass
//   GET  /api/model?id=ID                    model.npz (a download)
//   POST /api/model?id=ID        body: a model.npz                 → as /api/settings
//   POST /api/csv?id=ID&name=FILE  body: a CSV of x,y,label rows  → as /api/settings
//   POST /api/close?id=ID                    drops the session (the page closes)
// SETTINGS are settings.hpp's: dataset=…&hidden=…&… . Answers are JSON; a refused request gets
// 400 (a bad request: the message says which parameter and why), 404 (no such path, or a session
// that expired), 405 (wrong method), 413 (a body over the limit) or 503 (no room for a session),
// always as {"error": "…"}. When `hosts` is not empty, a request whose Host header names another
// host is refused (400), so a web page elsewhere cannot reach the server through DNS rebinding.

#include <string>
#include <utility>
#include <vector>

#include "sessions.hpp"
#include "settings.hpp"

namespace mytorch::playground {

struct Request {
  std::string method;  // "GET", "POST", …
  std::string target;  // path and query as sent: "/api/state?id=…"
  std::string host;    // the Host header
  std::string body;
};

struct Response {
  int status = 200;
  std::string content_type;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // besides Content-Type
};

/// The parameters of a query string: '&'-separated name=value pairs, split at the first '=',
/// %XX and '+' decoded. Throws BadRequest for a bad %-escape.
Params parse_query(const std::string& query);

class Handler {
 public:
  /// hosts: the Host headers accepted ("127.0.0.1:8765", "localhost:8765"); empty: any.
  Handler(Sessions& sessions, std::vector<std::string> hosts);

  /// Never throws: every failure becomes a response with its status and message.
  Response handle(const Request& request) const;

 private:
  Response route(const std::string& method, const std::string& path, const Params& params,
                 const std::string& body) const;

  Sessions& sessions_;
  std::vector<std::string> hosts_;
};

}  // namespace mytorch::playground
