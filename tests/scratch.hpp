#pragma once
// A scratch folder for tests that read and write files: made fresh, removed with everything in it.

#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>
#include <zlib.h>

namespace test {

class Scratch {
 public:
  /// A new empty folder in the system's temporary folder, named after `tag` and this process.
  explicit Scratch(const std::string& tag)
      : dir_(std::filesystem::temp_directory_path() /
             ("mytorch-" + tag + "-" + std::to_string(::getpid()) + "-" + std::to_string(count()++))) {
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  ~Scratch() {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;

  /// The path of `name` inside the folder.
  std::string path(const std::string& name) const { return (dir_ / name).string(); }
  const std::filesystem::path& dir() const { return dir_; }

  /// Writes bytes to `name` as they are; returns its path.
  std::string write(const std::string& name, const std::string& bytes) const {
    std::ofstream(path(name), std::ios::binary) << bytes;
    return path(name);
  }

  /// Writes bytes gzip-compressed to `name`; returns its path.
  std::string write_gz(const std::string& name, const std::string& bytes) const {
    gzFile f = gzopen(path(name).c_str(), "wb");
    gzwrite(f, bytes.data(), static_cast<unsigned>(bytes.size()));
    gzclose(f);
    return path(name);
  }

  /// The content of `name`.
  std::string read(const std::string& name) const {
    std::ifstream in(path(name), std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }

 private:
  static int& count() {
    static int n = 0;
    return n;
  }
  std::filesystem::path dir_;
};

/// gzip-compressed bytes (what write_gz puts in a file).
inline std::string gzip(const std::string& bytes) {
  Scratch scratch("gzip");
  scratch.write_gz("x.gz", bytes);
  return scratch.read("x.gz");
}

}  // namespace test
