#pragma once
/// mytorch/io/lock.hpp — one writer per folder: an advisory lock held while a process writes there.
///
/// FolderLock(dir) takes an exclusive flock(2) on the file <dir>/.lock and writes its pid into it;
/// a second FolderLock on the same folder — in this process or another — fails at once with
/// FolderInUse naming the holder's pid. The kernel drops the lock when the holder's descriptor
/// closes, so a process killed with SIGKILL never leaves the folder locked. The destructor removes
/// the file while still holding the lock; a process that opened the old file in the meantime sees
/// that the path no longer leads to the file it locked, and tries again with the new one.

#include <stdexcept>
#include <string>

namespace mytorch::io {

/// Another process (or another FolderLock of this one) holds the folder's lock.
struct FolderInUse : std::runtime_error {
  FolderInUse(const std::string& message, long holder) : std::runtime_error(message), pid(holder) {}
  long pid;  // the holder's process id, 0 if unknown
};

class FolderLock {
 public:
  /// Locks dir (which must exist). Throws FolderInUse, or std::runtime_error naming the lock file
  /// and the system's reason when it cannot be created.
  explicit FolderLock(const std::string& dir);
  ~FolderLock();
  FolderLock(const FolderLock&) = delete;
  FolderLock& operator=(const FolderLock&) = delete;

  const std::string& path() const { return path_; }  // <dir>/.lock

 private:
  std::string path_;
  int fd_ = -1;
};

}  // namespace mytorch::io
