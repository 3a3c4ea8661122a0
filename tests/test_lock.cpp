// Tests of mytorch/io/lock.hpp: one holder per folder, the holder named, nothing left behind.

#include "mytorch/io/lock.hpp"

#include <filesystem>
#include <memory>

#include <sys/wait.h>
#include <unistd.h>

#include "scratch.hpp"
#include "test_util.hpp"

using mytorch::io::FolderInUse;
using mytorch::io::FolderLock;

TEST_CASE("a second lock on a folder fails at once, naming the holder's pid") {
  test::Scratch scratch("lock");
  const std::string dir = scratch.dir().string();
  auto first = std::make_unique<FolderLock>(dir);
  CHECK(first->path() == dir + "/.lock");
  try {
    FolderLock second(dir);
    FAIL("the second lock succeeded");
  } catch (const FolderInUse& e) {
    CHECK(e.pid == ::getpid());
    CHECK(std::string(e.what()) == dir + " is in use by another process (pid " + std::to_string(::getpid()) + ")");
  }
  first.reset();
  CHECK_FALSE(std::filesystem::exists(dir + "/.lock"));  // released and removed
  FolderLock again(dir);                                  // free again
}

TEST_CASE("a lock held by another process is refused, and freed when that process dies") {
  test::Scratch scratch("lock");
  const std::string dir = scratch.dir().string();
  int ready[2];
  REQUIRE(::pipe(ready) == 0);
  const pid_t holder = ::fork();
  REQUIRE(holder >= 0);
  if (holder == 0) {
    FolderLock lock(dir);
    const ssize_t n = ::write(ready[1], "x", 1);
    (void)n;
    ::pause();  // until killed: a kill -9 must not leave the folder locked
    ::_exit(0);
  }
  char byte;
  REQUIRE(::read(ready[0], &byte, 1) == 1);
  CHECK_THROWS_WITH_AS(FolderLock{dir}, doctest::Contains(("(pid " + std::to_string(holder) + ")").c_str()), FolderInUse);
  ::kill(holder, SIGKILL);
  ::waitpid(holder, nullptr, 0);
  FolderLock after(dir);  // the kernel dropped the dead holder's lock
  ::close(ready[0]);
  ::close(ready[1]);
}

TEST_CASE("a lock in a folder that does not exist names the lock file") {
  CHECK_THROWS_WITH_AS(FolderLock("/nonexistent/run"), "/nonexistent/run/.lock: cannot create the lock file: No such file or directory",
                       std::runtime_error);
}
