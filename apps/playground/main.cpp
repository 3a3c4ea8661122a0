// mytorch-playground: watch a network learn in the browser, down to one sample's Jacobian.
// A local web server over the library (the same MLP, optimizers and Trainer as mytorch-train);
// everything it answers is decided by handler.hpp, this file only wires it to cpp-httplib.
//
//   mytorch-playground                 serves http://127.0.0.1:8765/
//   mytorch-playground --port 0 --open any free port, and opens the page in the default browser
#include <atomic>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <thread>

#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include <CLI/CLI.hpp>
#include <httplib.h>

#include "../cli.hpp"
#include "handler.hpp"
#include "mytorch/train/experiment.hpp"
#include "mytorch/train/interrupt.hpp"

extern char** environ;

using namespace mytorch;
using namespace mytorch::playground;

namespace {
/// Opens url with xdg-open (the desktop's default browser); says so if that is not possible.
void open_in_browser(const std::string& url) {
  const char* argv[] = {"xdg-open", url.c_str(), nullptr};
  pid_t pid = 0;
  if (posix_spawnp(&pid, "xdg-open", nullptr, nullptr, const_cast<char* const*>(argv), environ) != 0) {
    std::cerr << "mytorch-playground: cannot run xdg-open to open a browser; open " << url << " yourself\n";
    return;
  }
  std::thread([pid] { waitpid(pid, nullptr, 0); }).detach();  // no zombie left behind
}

/// Ctrl-C and SIGTERM stop the server: the handler only records them (train/interrupt.hpp), a thread
/// looks ten times a second. (Blocking them for sigwait would not do: OpenBLAS's threads, started
/// before main, would still take them.)
std::thread stop_on_signals(httplib::Server& server, const train::StopSignals& signals, const std::atomic<bool>& done) {
  return std::thread([&] {
    for (; !done; std::this_thread::sleep_for(std::chrono::milliseconds(100)))
      if (signals.requested() && server.is_running()) return server.stop();  // not before listen began
  });
}
}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"mytorch-playground: train a network in the browser and watch it learn, down to one sample's "
               "backward pass",
               "mytorch-playground"};
  std::string host = "127.0.0.1";
  int port = 8765;
  bool open = false;
  std::size_t threads = 0;
  Limits limits;
  SessionLimits session_limits;
  app.add_option("--port", port, "port to listen on; 0 = any free one")
      ->check(CLI::Range(0, 65535))->capture_default_str();
  app.add_option("--host", host, "address to listen on; anything but 127.0.0.1 lets other machines in")
      ->capture_default_str();
  app.add_flag("--open", open, "open the page in the default browser (xdg-open)");
  app.add_option("--max-sessions", session_limits.max_sessions, "tabs served at once")
      ->check(CLI::Range(1, 256))->capture_default_str();
  app.add_option("--max-steps-per-second", limits.max_steps_per_second, "the fastest a session may train")
      ->check(CLI::Range(1, 100000))->capture_default_str();
  cli::add_threads_option(app, threads);

  return cli::run(app, argc, argv, [&] {
    train::use_threads(threads, std::cerr);  // for every session's training
    Sessions sessions(limits, session_limits);
    httplib::Server server;
    server.set_payload_max_length(2 * limits.max_upload_bytes);  // up to there: a 400 that says why
    server.set_socket_options([](int sock) {  // httplib's default adds SO_REUSEPORT: a port in use would be shared
      const int yes = 1;
      setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    });
    const train::StopSignals signals;
    const int bound = port == 0 ? server.bind_to_any_port(host) : (server.bind_to_port(host, port) ? port : -1);
    if (bound <= 0)
      throw std::runtime_error("cannot listen on " + host + ":" + std::to_string(port) +
                               " (in use? try --port 0 for any free port)");
    const std::string authority = (host.find(':') != std::string::npos ? "[" + host + "]" : host) + ":" +
                                  std::to_string(bound);
    std::vector<std::string> hosts;  // loopback only: the Host header must name this server
    if (host == "127.0.0.1" || host == "localhost" || host == "::1")
      hosts = {authority, "127.0.0.1:" + std::to_string(bound), "localhost:" + std::to_string(bound),
               "[::1]:" + std::to_string(bound)};
    else
      std::cerr << "\nmytorch-playground: WARNING: listening on " << host
                << ", not on 127.0.0.1 only: anyone who can reach this machine on port " << bound
                << " can use this playground (it has no passwords). Stop it (Ctrl-C) unless you meant that.\n\n";
    const Handler handler(sessions, hosts);
    const auto serve = [&handler](const httplib::Request& req, httplib::Response& res) {
      const Response r = handler.handle({req.method, req.target, req.get_header_value("Host"), req.body});
      res.status = r.status;
      for (const auto& [name, value] : r.headers) res.set_header(name, value);
      res.set_content(r.body, r.content_type);
    };
    // Every method reaches the handler, which answers 405 for the wrong one.
    server.Get(".*", serve).Post(".*", serve).Put(".*", serve).Delete(".*", serve).Patch(".*", serve).Options(".*", serve);
    sessions.start_trainer();
    const std::string url = "http://" + authority + "/";
    std::cout << "mytorch-playground: " << url << std::endl;
    if (open) open_in_browser(url);
    std::atomic<bool> done{false};
    std::thread stopper = stop_on_signals(server, signals, done);
    server.listen_after_bind();
    done = true;
    stopper.join();
    std::cout << "mytorch-playground: stopped" << std::endl;
    return 0;
  });
}
