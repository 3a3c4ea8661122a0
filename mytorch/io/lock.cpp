#include "mytorch/io/lock.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

namespace mytorch::io {

namespace {
/// The pid written in the lock file fd, 0 if there is none.
long holder_of(int fd) {
  char text[32] = {};
  const ssize_t n = ::pread(fd, text, sizeof text - 1, 0);
  return n > 0 ? std::strtol(text, nullptr, 10) : 0;
}

/// True when path still names the file open as fd (it was not removed and created anew).
bool still_at(int fd, const std::string& path) {
  struct stat open_file {}, at_path {};
  return ::fstat(fd, &open_file) == 0 && ::stat(path.c_str(), &at_path) == 0 && open_file.st_dev == at_path.st_dev &&
         open_file.st_ino == at_path.st_ino;
}
}  // namespace

FolderLock::FolderLock(const std::string& dir) : path_(dir + "/.lock") {
  for (;;) {
    fd_ = ::open(path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0) throw std::runtime_error(path_ + ": cannot create the lock file: " + std::strerror(errno));
    if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
      const int error = errno;
      const long pid = holder_of(fd_);
      ::close(fd_);
      if (error != EWOULDBLOCK)
        throw std::runtime_error(path_ + ": cannot lock: " + std::strerror(error));
      throw FolderInUse(dir + " is in use by another process" + (pid > 0 ? " (pid " + std::to_string(pid) + ")" : ""),
                        pid);
    }
    if (still_at(fd_, path_)) break;
    ::close(fd_);  // its holder removed it as we opened it: lock the new one
  }
  const std::string pid = std::to_string(::getpid()) + "\n";
  const bool noted = ::ftruncate(fd_, 0) == 0 && ::pwrite(fd_, pid.data(), pid.size(), 0) == static_cast<ssize_t>(pid.size());
  (void)noted;  // without the pid the lock holds all the same; only a rival's message lacks it
}

FolderLock::~FolderLock() {
  ::unlink(path_.c_str());
  ::close(fd_);
}

}  // namespace mytorch::io
