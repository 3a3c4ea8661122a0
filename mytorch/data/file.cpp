#include "mytorch/data/file.hpp"

#include <stdexcept>
#include <sys/stat.h>

#include <zlib.h>

namespace mytorch::data {

std::string read_file(const std::string& path) {
  gzFile file = gzopen(path.c_str(), "rb");
  if (file == nullptr) throw std::runtime_error("cannot open " + path);
  std::string content;
  char buffer[1 << 16];
  int n;
  while ((n = gzread(file, buffer, sizeof buffer)) > 0)
    content.append(buffer, static_cast<std::size_t>(n));
  int code = Z_OK;
  const std::string message = n < 0 ? gzerror(file, &code) : "";
  gzclose(file);
  if (n < 0) throw std::runtime_error(path + ": cannot read: " + message);
  return content;
}

bool file_exists(const std::string& path) {
  struct stat info {};
  return stat(path.c_str(), &info) == 0 && S_ISREG(info.st_mode);
}

}  // namespace mytorch::data
