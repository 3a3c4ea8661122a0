#pragma once
/// mytorch/data/file.hpp — reading whole data files, gzip-compressed or not.
///
/// zlib's gzread passes uncompressed files through unchanged, so one function serves
/// "digits.csv" and "train-images-idx3-ubyte.gz" alike.

#include <string>

namespace mytorch::data {

/// The whole (decompressed) content of path. Throws std::runtime_error naming the file when it
/// cannot be opened or is a damaged gzip stream.
std::string read_file(const std::string& path);

/// True when path names an existing regular file.
bool file_exists(const std::string& path);

}  // namespace mytorch::data
