// Tests of mytorch/io/file.hpp: reading plain and gzip files, every way a file can be bad, and
// atomic writes.

#include "mytorch/io/file.hpp"

#include <csignal>
#include <filesystem>
#include <functional>
#include <stdexcept>

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "scratch.hpp"
#include "test_util.hpp"

using mytorch::io::decompress;
using mytorch::io::read_file;
using mytorch::io::write_file_atomically;

namespace {
const std::string text = "0.5,1.5,0\n2.5,3.5,1\n";

/// The names of the files in scratch's folder.
std::vector<std::string> files_in(const test::Scratch& scratch) {
  std::vector<std::string> names;
  for (const auto& e : std::filesystem::directory_iterator(scratch.dir()))
    names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}
}  // namespace

TEST_CASE("read_file returns a plain file unchanged and a gzip file decompressed") {
  test::Scratch scratch("file");
  CHECK(read_file(scratch.write("a.csv", text)) == text);
  CHECK(read_file(scratch.write_gz("a.csv.gz", text)) == text);
  CHECK(read_file(scratch.write("empty", "")).empty());
}

TEST_CASE("read_file reads concatenated gzip members one after the other, as gzip -d does") {
  test::Scratch scratch("file");
  CHECK(read_file(scratch.write("two.gz", test::gzip("abc") + test::gzip("def"))) == "abcdef");
}

namespace {
/// The message of what f throws ("(no error)" if nothing). Run as root, who may read and write
/// everything, f runs in a child process as the unprivileged user nobody instead, so that a
/// permission check is really made; the message comes back through a pipe.
std::string error_as_unprivileged(const std::function<void()>& f) {
  const auto message_of_f = [&]() -> std::string {
    try {
      f();
    } catch (const std::exception& e) {
      return e.what();
    }
    return "(no error)";
  };
  if (::geteuid() != 0) return message_of_f();
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    ::close(fds[0]);
    const std::string m = ::setgid(65534) == 0 && ::setuid(65534) == 0 ? message_of_f() : "(cannot become nobody)";
    const ssize_t written = ::write(fds[1], m.data(), m.size());
    ::_exit(written == static_cast<ssize_t>(m.size()) ? 0 : 1);
  }
  ::close(fds[1]);
  std::string message;
  char buffer[512];
  for (ssize_t n; (n = ::read(fds[0], buffer, sizeof buffer)) > 0;) message.append(buffer, static_cast<std::size_t>(n));
  ::close(fds[0]);
  int status = 0;
  ::waitpid(child, &status, 0);
  CHECK(WIFEXITED(status));
  return message;
}
}  // namespace

TEST_CASE("read_file names a missing file and says why it cannot be opened") {
  CHECK_THROWS_WITH_AS(read_file("/nonexistent/x.csv"),
                       "/nonexistent/x.csv: cannot open: No such file or directory", std::runtime_error);
}

TEST_CASE("read_file rejects a folder given as a file") {
  test::Scratch scratch("file");
  CHECK_THROWS_WITH_AS(read_file(scratch.dir().string()),
                       (scratch.dir().string() + ": is a folder, expected a file").c_str(),
                       std::runtime_error);
}

TEST_CASE("read_file names a file it may not read") {
  test::Scratch scratch("file");
  const std::string path = scratch.write("secret.csv", text);
  ::chmod(path.c_str(), 0);
  CHECK(error_as_unprivileged([&] { read_file(path); }) == path + ": cannot open: Permission denied");
}

TEST_CASE("a gzip stream cut short is an error, never a silently shorter content") {
  const std::string gz = test::gzip(std::string(5000, 'x') + text);
  for (std::size_t keep : {std::size_t{2}, std::size_t{10}, gz.size() / 2, gz.size() - 4, gz.size() - 1})
    CHECK_THROWS_WITH_AS(decompress(gz.substr(0, keep), "x.gz"),
                         doctest::Contains("x.gz: the gzip stream is truncated"), std::runtime_error);
}

TEST_CASE("a damaged gzip stream is an error naming the file") {
  std::string gz = test::gzip(text);
  gz[gz.size() - 6] ^= 0x55;  // inside the CRC-32 of the trailer
  CHECK_THROWS_WITH_AS(decompress(gz, "x.gz"), doctest::Contains("x.gz: damaged gzip stream"),
                       std::runtime_error);
  std::string bad_block = test::gzip(text);
  bad_block[10] = '\xff';  // the first deflate block header: an invalid block type
  CHECK_THROWS_WITH_AS(decompress(bad_block, "y.gz"), doctest::Contains("y.gz: damaged gzip stream"),
                       std::runtime_error);
}

TEST_CASE("content larger than the limit is refused, compressed or not") {
  const std::string big(4096, '0');
  CHECK_THROWS_WITH_AS(decompress(big, "big.csv", 1000), doctest::Contains("big.csv: is larger than"),
                       std::runtime_error);
  // A few KiB of gzip that expand past the limit: refused while decompressing.
  CHECK_THROWS_WITH_AS(decompress(test::gzip(std::string(1 << 20, '0')), "bomb.gz", 1 << 16),
                       doctest::Contains("bomb.gz: decompressed is larger than"), std::runtime_error);
  test::Scratch scratch("file");
  CHECK_THROWS_AS(read_file(scratch.write("big.csv", big), 1000), std::runtime_error);
}

TEST_CASE("write_file_atomically replaces the file and leaves no temporary file") {
  test::Scratch scratch("file");
  const std::string path = scratch.path("model.npz");
  write_file_atomically(path, "first");
  write_file_atomically(path, "second");
  CHECK(scratch.read("model.npz") == "second");
  CHECK(files_in(scratch) == std::vector<std::string>{"model.npz"});
}

TEST_CASE("write_file_atomically into a missing folder names the file and the reason") {
  CHECK_THROWS_WITH_AS(write_file_atomically("/nonexistent/model.npz", "x"),
                       "/nonexistent/model.npz: cannot write: No such file or directory",
                       std::runtime_error);
}

TEST_CASE("a failed write leaves the old file at the target untouched") {
  test::Scratch scratch("file");
  const std::string path = scratch.path("model.npz");
  write_file_atomically(path, "good");
  ::chmod(scratch.dir().c_str(), 0555);
  CHECK(error_as_unprivileged([&] { write_file_atomically(path, "new"); }) ==
        path + ": cannot write: Permission denied");
  ::chmod(scratch.dir().c_str(), 0755);
  CHECK(scratch.read("model.npz") == "good");
}

TEST_CASE("write_file_atomically removes temporary files of writers that were killed") {
  test::Scratch scratch("file");
  const pid_t gone = ::fork();  // a process that has exited: its pid names a dead writer
  if (gone == 0) ::_exit(0);
  ::waitpid(gone, nullptr, 0);
  scratch.write("model.npz.tmp-" + std::to_string(gone), "half a checkpoint");
  scratch.write("model.npz.tmp-" + std::to_string(::getppid()), "a live writer's file");
  scratch.write("other.npz.tmp-" + std::to_string(gone), "another target's file");
  write_file_atomically(scratch.path("model.npz"), "whole");
  CHECK(files_in(scratch) == std::vector<std::string>{
                                 "model.npz", "model.npz.tmp-" + std::to_string(::getppid()),
                                 "other.npz.tmp-" + std::to_string(gone)});
}

TEST_CASE("why_not_a_file tells a missing file from one that is there but out of reach") {
  test::Scratch scratch("file");
  CHECK(mytorch::io::why_not_a_file(scratch.write("a.csv", text)).empty());
  CHECK(mytorch::io::why_not_a_file(scratch.path("missing.csv")) == "not found");
  CHECK(mytorch::io::why_not_a_file(scratch.path("a.csv/below")) == "not found");
  CHECK(mytorch::io::why_not_a_file(scratch.dir().string()) == "is a folder");
  std::filesystem::create_directories(scratch.path("locked"));
  scratch.write("locked/digits.csv", text);
  ::chmod(scratch.path("locked").c_str(), 0);  // the file is there; the folder may not be entered
  const std::string path = scratch.path("locked/digits.csv");
  CHECK(error_as_unprivileged([&] { throw std::runtime_error(mytorch::io::why_not_a_file(path)); }) ==
        "Permission denied");
  ::chmod(scratch.path("locked").c_str(), 0755);
}

namespace {
extern "C" void ignore_alarm(int) {}
}  // namespace

TEST_CASE("a read from a FIFO that waits is ended by a signal without SA_RESTART, and only then") {
  test::Scratch scratch("file");
  const std::string fifo = scratch.path("fifo");
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  struct sigaction action {}, previous {};
  action.sa_handler = ignore_alarm;
  sigemptyset(&action.sa_mask);
  action.sa_flags = 0;  // as train::StopSignals: no SA_RESTART
  sigaction(SIGALRM, &action, &previous);
  ::alarm(1);  // no writer ever comes: open waits until the signal
  CHECK_THROWS_WITH_AS(read_file(fifo), (fifo + ": reading stopped by a signal").c_str(), mytorch::io::Interrupted);
  sigaction(SIGALRM, &previous, nullptr);

  const pid_t writer = ::fork();  // with a writer, the FIFO reads like a file
  REQUIRE(writer >= 0);
  if (writer == 0) {
    const int fd = ::open(fifo.c_str(), O_WRONLY);
    const ssize_t n = ::write(fd, text.data(), text.size());
    ::_exit(n == static_cast<ssize_t>(text.size()) ? 0 : 1);
  }
  CHECK(read_file(fifo) == text);
  ::waitpid(writer, nullptr, 0);
}
