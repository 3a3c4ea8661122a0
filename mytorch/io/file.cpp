#include "mytorch/io/file.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <limits>
#include <new>
#include <stdexcept>

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <zlib.h>

#include "mytorch/detail/heap.hpp"

namespace mytorch::io {

namespace {
std::runtime_error failure(const std::string& path, const std::string& what) {
  return std::runtime_error(path + ": " + what);
}

std::string too_large(std::size_t limit) {
  return "is larger than " + std::to_string(limit >> 20) + " MiB, the most mytorch reads";
}

bool has_gzip_magic(const std::string& bytes, std::size_t at) {
  return bytes.size() >= at + 2 && static_cast<unsigned char>(bytes[at]) == 0x1f &&
         static_cast<unsigned char>(bytes[at + 1]) == 0x8b;
}

/// zlib's inflate state, ended whichever way decompress leaves.
struct Inflater {
  z_stream stream{};
  explicit Inflater(const std::string& source) {
    if (inflateInit2(&stream, 16 + MAX_WBITS) != Z_OK)  // 16: expect a gzip header
      throw failure(source, "cannot start decompressing");
  }
  ~Inflater() { inflateEnd(&stream); }
  Inflater(const Inflater&) = delete;
  Inflater& operator=(const Inflater&) = delete;
};

/// Writes all of bytes to fd, resuming after short writes and signals.
bool write_all(int fd, const std::string& bytes) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

/// Removes "<path>.tmp-<pid>" files left by writers that were killed (their process is gone).
void remove_stale_temporaries(const std::filesystem::path& target) {
  namespace fs = std::filesystem;
  const fs::path folder = target.has_parent_path() ? target.parent_path() : fs::path(".");
  const std::string prefix = target.filename().string() + ".tmp-";
  std::error_code error;  // a folder we cannot list just keeps its leftovers
  for (const fs::directory_entry& e : fs::directory_iterator(folder, error)) {
    const std::string name = e.path().filename().string();
    if (name.rfind(prefix, 0) != 0) continue;
    const std::string pid = name.substr(prefix.size());
    if (pid.empty() || pid.size() > 9 || pid.find_first_not_of("0123456789") != std::string::npos)
      continue;
    if (::kill(static_cast<pid_t>(std::stol(pid)), 0) != 0 && errno == ESRCH)
      fs::remove(e.path(), error);
  }
}
}  // namespace

std::string decompress(const std::string& bytes, const std::string& source, std::size_t limit) {
  limit = std::min<std::size_t>(limit, std::numeric_limits<uInt>::max());  // zlib counts in uInt
  if (bytes.size() > limit) throw failure(source, too_large(limit));
  if (!has_gzip_magic(bytes, 0)) return bytes;
  Inflater inflater(source);
  z_stream& s = inflater.stream;
  s.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  s.avail_in = static_cast<uInt>(bytes.size());
  std::string content;
  char buffer[1 << 16];
  while (true) {
    s.next_out = reinterpret_cast<Bytef*>(buffer);
    s.avail_out = sizeof buffer;
    const int code = inflate(&s, Z_NO_FLUSH);
    content.append(buffer, sizeof buffer - s.avail_out);
    if (content.size() > limit) throw failure(source, "decompressed " + too_large(limit));
    if (code == Z_STREAM_END) {
      // Another gzip member may follow (gzip -d reads them all); anything else ends the content.
      if (!has_gzip_magic(bytes, bytes.size() - s.avail_in)) return content;
      inflateReset(&s);
    } else if (code == Z_MEM_ERROR) {
      throw std::bad_alloc();
    } else if (code == Z_BUF_ERROR) {  // no progress possible: the input ran out mid-stream
      throw failure(source, "the gzip stream is truncated (the file is cut short; download it again)");
    } else if (code != Z_OK) {
      throw failure(source, std::string("damaged gzip stream (") + (s.msg ? s.msg : "error") + ")");
    }
  }
}

namespace {
/// The file descriptor, closed whichever way read_file leaves.
struct Descriptor {
  int fd;
  ~Descriptor() {
    if (fd >= 0) ::close(fd);
  }
};

Interrupted interrupted(const std::string& path) {
  return Interrupted(path + ": reading stopped by a signal");
}
}  // namespace

std::string read_file(const std::string& path, std::size_t limit) {
  // A program reads its data before it builds its model: set up malloc first (detail/heap.hpp).
  detail::keep_freed_memory();
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) throw failure(path, std::string("cannot open: ") + std::strerror(errno));
  if (S_ISDIR(info.st_mode)) throw failure(path, "is a folder, expected a file");
  if (S_ISREG(info.st_mode) && static_cast<std::uintmax_t>(info.st_size) > limit)
    throw failure(path, too_large(limit));
  // open and read themselves, not stdio: a FIFO may block in either, and a stop signal must end
  // the wait (EINTR) rather than be retried forever.
  const Descriptor file{::open(path.c_str(), O_RDONLY | O_CLOEXEC)};
  if (file.fd < 0 && errno == EINTR) throw interrupted(path);
  if (file.fd < 0) throw failure(path, std::string("cannot open: ") + std::strerror(errno));
  std::string bytes;
  char buffer[1 << 16];
  while (bytes.size() <= limit) {
    const ssize_t n = ::read(file.fd, buffer, sizeof buffer);
    if (n == 0) break;
    if (n < 0 && errno == EINTR) throw interrupted(path);
    if (n < 0) throw failure(path, std::string("cannot read: ") + std::strerror(errno));
    bytes.append(buffer, static_cast<std::size_t>(n));
  }
  return decompress(bytes, path, limit);
}

std::string why_not_a_file(const std::string& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) return errno == ENOENT || errno == ENOTDIR ? "not found" : std::strerror(errno);
  if (S_ISDIR(info.st_mode)) return "is a folder";
  return "";
}

void write_file_atomically(const std::string& path, const std::string& bytes) {
  remove_stale_temporaries(path);
  const std::string tmp = path + ".tmp-" + std::to_string(::getpid());
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  if (fd < 0) throw failure(path, std::string("cannot write: ") + std::strerror(errno));
  const bool ok = write_all(fd, bytes) && ::fsync(fd) == 0;
  const int error = errno;
  if (::close(fd) != 0 || !ok || std::rename(tmp.c_str(), path.c_str()) != 0) {
    const int reason = ok ? errno : error;
    std::remove(tmp.c_str());
    throw failure(path, std::string("cannot write: ") + std::strerror(reason));
  }
  // Make the rename itself durable; a folder that cannot be synced keeps the file all the same.
  const std::filesystem::path folder = std::filesystem::path(path).parent_path();
  const int dir = ::open(folder.empty() ? "." : folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
}

namespace {
bool is_dir(const std::string& path) {
  struct stat info {};
  return stat(path.c_str(), &info) == 0 && S_ISDIR(info.st_mode);
}

void make_dirs(const std::string& path) {
  for (std::size_t at = path.find('/', 1); ; at = path.find('/', at + 1)) {
    const std::string prefix = path.substr(0, at);
    if (!is_dir(prefix) && mkdir(prefix.c_str(), 0755) != 0 && !is_dir(prefix))
      throw std::runtime_error("cannot create output folder " + path + ": " +
                               (prefix == path ? "" : prefix + ": ") +
                               (errno == EEXIST ? "exists and is not a folder" : std::strerror(errno)));
    if (at == std::string::npos) return;
  }
}
}  // namespace

void prepare_output_folder(const std::string& dir) {
  make_dirs(dir);
  const std::string probe = dir + "/.mytorch-write-test";
  try {
    write_file_atomically(probe, "");
  } catch (const std::runtime_error& e) {
    throw std::runtime_error("output folder " + dir + " is not writable (" + e.what() + ")");
  }
  std::remove(probe.c_str());
}

}  // namespace mytorch::io
