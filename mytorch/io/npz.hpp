#pragma once
/// mytorch/io/npz.hpp — NumPy's .npz files: a zip archive of .npy arrays, as numpy.savez writes.
///
/// An .npy file is the magic "\x93NUMPY", version 1.0, a little-endian uint16 header length, a
/// header such as {'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), } padded with spaces
/// to a multiple of 64 bytes and ended by '\n', then the raw little-endian data in row-major order.
/// The zip entries are "stored" (not compressed), each with zlib's crc32, so numpy.load opens the
/// file and our reader needs no inflate.
///
/// Element types: '<f8' (double), '<f4' (float), '<u8' (uint64), '|S<n>' (a 0-d byte string).
/// Writing is atomic (write_file_atomically): the archive goes to a temporary file in the same
/// folder, is flushed to disk, then renamed over the target, so a crash never leaves a half-written
/// checkpoint. Reading checks every size against the bytes actually present before allocating, and
/// every entry's CRC, so a damaged or hostile file gives one error naming it, never a crash.

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "mytorch/tensor.hpp"

namespace mytorch::io {

struct NpyArray {
  std::string descr;               // "<f8", "<f4", "<u8" or "|S<n>"
  std::vector<std::size_t> shape;  // () for a scalar or string
  std::string data;                // raw bytes, little-endian, row-major
};

/// The archive's entries in file order; names without the ".npy" suffix.
using Npz = std::vector<std::pair<std::string, NpyArray>>;

NpyArray to_npy(const Tensor& t);                      // 2-D, '<f8' (or '<f4' in float32 builds)
NpyArray to_npy(const std::vector<std::uint64_t>& v);  // 1-D '<u8'
NpyArray to_npy(const std::string& text);              // 0-d '|S<n>'

/// Back from an entry; `name` is used in messages. A tensor accepts '<f8' or '<f4' (converting),
/// with shape (r, c), or (r) as a column; anything else throws std::runtime_error naming the entry.
Tensor tensor_of(const NpyArray& a, const std::string& name);
std::vector<std::uint64_t> u64_of(const NpyArray& a, const std::string& name);
std::string string_of(const NpyArray& a, const std::string& name);

/// The .npy bytes of one array and back (exposed for tests).
std::string npy_bytes(const NpyArray& a);
NpyArray parse_npy(const std::string& bytes, const std::string& name);

void write_npz(const std::string& path, const Npz& entries);
/// The bytes write_npz writes, e.g. to send a checkpoint over the network.
std::string npz_bytes(const Npz& entries);
Npz read_npz(const std::string& path);

/// The entries of an .npz already in memory; `source` names it in messages.
Npz parse_npz(const std::string& bytes, const std::string& source);

/// The entry called name; throws std::runtime_error naming the file and the entry if absent.
const NpyArray& entry(const Npz& npz, const std::string& name, const std::string& path);

}  // namespace mytorch::io
