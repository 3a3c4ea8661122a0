#include "mytorch/io/npz.hpp"

#include <algorithm>
#include <cstring>
#include <stdexcept>

#include <zlib.h>

#include "mytorch/io/file.hpp"

namespace mytorch::io {

namespace {
static_assert(sizeof(double) == 8 && sizeof(float) == 4, "npz: IEEE double and float expected");

std::runtime_error bad(const std::string& name, const std::string& what) {
  return std::runtime_error(name + ": " + what);
}

template <class T>
std::string raw_bytes(const T* values, std::size_t n) {
  return std::string(reinterpret_cast<const char*>(values), n * sizeof(T));
}

// Little-endian integers into and out of a byte string (the zip and npy headers).
void put(std::string& out, std::uint64_t value, int bytes) {
  for (int k = 0; k < bytes; ++k) out.push_back(static_cast<char>(value >> (8 * k) & 0xff));
}
std::uint64_t get(const std::string& in, std::size_t at, int bytes, const std::string& name) {
  if (at + static_cast<std::size_t>(bytes) > in.size()) throw bad(name, "file is cut short");
  std::uint64_t value = 0;
  for (int k = 0; k < bytes; ++k)
    value |= std::uint64_t{static_cast<unsigned char>(in[at + static_cast<std::size_t>(k)])} << (8 * k);
  return value;
}

std::string shape_tuple(const std::vector<std::size_t>& shape) {
  std::string s = "(";
  for (std::size_t d : shape) s += std::to_string(d) + (shape.size() == 1 ? "," : ", ");
  if (shape.size() > 1) s.resize(s.size() - 2);
  return s + ")";
}

/// a · b, or an error naming `name` if the product does not fit in std::size_t.
std::size_t times(std::size_t a, std::size_t b, const std::string& name) {
  std::size_t product;
  if (__builtin_mul_overflow(a, b, &product)) throw bad(name, "array size overflows");
  return product;
}

std::size_t element_count(const std::vector<std::size_t>& shape, const std::string& name) {
  std::size_t n = 1;
  for (std::size_t d : shape) n = times(n, d, name);
  return n;
}

/// The decimal number at text[at…] (at most 15 digits, so it cannot overflow); `at` moves past it.
std::size_t number_at(const std::string& text, std::size_t& at, const std::string& name) {
  const std::size_t end = std::min(text.find_first_not_of("0123456789", at), text.size());
  if (end == at || end - at > 15) throw bad(name, "npy header has a malformed number");
  std::size_t n = 0;
  for (; at < end; ++at) n = 10 * n + static_cast<std::size_t>(text[at] - '0');
  return n;
}

std::size_t element_size(const std::string& descr, const std::string& name) {
  if (descr == "<f8" || descr == "<u8") return 8;
  if (descr == "<f4") return 4;
  std::size_t at = 2;
  if (descr.rfind("|S", 0) == 0 && descr.size() > 2) {
    const std::size_t n = number_at(descr, at, name);
    if (at == descr.size()) return n;
  }
  throw bad(name, "element type '" + descr + "' is not supported (expected <f8, <f4, <u8 or |S)");
}

/// The data bytes an array of this type and shape holds.
std::size_t data_size(const NpyArray& a, const std::string& name) {
  return times(element_count(a.shape, name), element_size(a.descr, name), name);
}

/// Requires a.data to hold exactly the bytes its type and shape announce.
void check_data_size(const NpyArray& a, const std::string& name) {
  const std::size_t size = data_size(a, name);
  if (a.data.size() != size)
    throw bad(name, "holds " + std::to_string(a.data.size()) + " data bytes, its shape " +
                        shape_tuple(a.shape) + " needs " + std::to_string(size));
}

std::string crc_of(const std::string& bytes) {
  std::string out;
  put(out, crc32(0L, reinterpret_cast<const Bytef*>(bytes.data()), static_cast<uInt>(bytes.size())), 4);
  return out;
}

}  // namespace

NpyArray to_npy(const Tensor& t) {
  return {sizeof(real) == 8 ? "<f8" : "<f4", {t.shape(0), t.shape(1)}, raw_bytes(t.data(), t.size())};
}

NpyArray to_npy(const std::vector<std::uint64_t>& v) {
  return {"<u8", {v.size()}, raw_bytes(v.data(), v.size())};
}

NpyArray to_npy(const std::string& text) {
  return {"|S" + std::to_string(text.size()), {}, text};
}

Tensor tensor_of(const NpyArray& a, const std::string& name) {
  if (a.shape.empty() || a.shape.size() > 2 || (a.descr != "<f8" && a.descr != "<f4"))
    throw bad(name, "expected a 1-D or 2-D float array, got " + a.descr + " " + shape_tuple(a.shape));
  check_data_size(a, name);
  Tensor t({a.shape[0], a.shape.size() == 2 ? a.shape[1] : 1});
  for (std::size_t k = 0; k < t.size(); ++k) {
    if (a.descr == "<f8") {
      double x;
      std::memcpy(&x, a.data.data() + 8 * k, 8);
      t.data()[k] = static_cast<real>(x);
    } else {
      float x;
      std::memcpy(&x, a.data.data() + 4 * k, 4);
      t.data()[k] = static_cast<real>(x);
    }
  }
  return t;
}

std::vector<std::uint64_t> u64_of(const NpyArray& a, const std::string& name) {
  if (a.descr != "<u8" || a.shape.size() != 1)
    throw bad(name, "expected a 1-D <u8 array, got " + a.descr + " " + shape_tuple(a.shape));
  check_data_size(a, name);
  std::vector<std::uint64_t> v(a.shape[0]);
  std::memcpy(v.data(), a.data.data(), 8 * v.size());
  return v;
}

std::string string_of(const NpyArray& a, const std::string& name) {
  if (a.descr.rfind("|S", 0) != 0 || !a.shape.empty())
    throw bad(name, "expected a byte string, got " + a.descr + " " + shape_tuple(a.shape));
  return a.data.substr(0, a.data.find('\0'));  // numpy pads |S strings with zero bytes
}

std::string npy_bytes(const NpyArray& a) {
  std::string header = "{'descr': '" + a.descr + "', 'fortran_order': False, 'shape': " +
                       shape_tuple(a.shape) + ", }";
  const std::size_t preamble = 10;  // magic (6) + version (2) + header length (2)
  header.append(63 - (preamble + header.size()) % 64, ' ');
  header += '\n';
  std::string out = "\x93NUMPY\x01";
  out.push_back('\0');
  put(out, header.size(), 2);
  return out + header + a.data;
}

NpyArray parse_npy(const std::string& bytes, const std::string& name) {
  if (bytes.compare(0, 6, "\x93NUMPY") != 0) throw bad(name, "not an .npy array (bad magic)");
  const int version = bytes.size() > 6 ? bytes[6] : 0;
  if (version < 1 || version > 3) throw bad(name, "unknown .npy version " + std::to_string(version));
  // Version 1 stores the header length in 2 bytes, versions 2 and 3 in 4.
  const std::size_t length = get(bytes, 8, version == 1 ? 2 : 4, name), start = version == 1 ? 10 : 12;
  if (length > bytes.size() - start) throw bad(name, "npy header is cut short");
  const std::string header = bytes.substr(start, length);
  const auto value_of = [&](const std::string& key) {
    const std::size_t at = header.find("'" + key + "':");
    if (at == std::string::npos) throw bad(name, "npy header has no '" + key + "'");
    return header.substr(std::min(header.find_first_not_of(' ', at + key.size() + 3), header.size()));
  };
  NpyArray a;
  const std::string descr = value_of("descr");
  const std::size_t quote = descr.find('\'', 1);
  if (descr.empty() || descr[0] != '\'' || quote == std::string::npos)
    throw bad(name, "npy header has a malformed 'descr'");
  a.descr = descr.substr(1, quote - 1);
  if (value_of("fortran_order").rfind("False", 0) != 0)
    throw bad(name, "Fortran-ordered arrays are not supported");
  const std::string shape = value_of("shape");
  if (shape.empty() || shape[0] != '(') throw bad(name, "npy header has a malformed 'shape'");
  for (std::size_t at = shape.find_first_not_of(' ', 1); at < shape.size() && shape[at] != ')';) {
    a.shape.push_back(number_at(shape, at, name));
    at = shape.find_first_not_of(", ", at);
  }
  a.data = bytes.substr(start + length);
  check_data_size(a, name);
  return a;
}

std::string npz_bytes(const Npz& entries) {
  std::string zip, directory;
  for (const auto& [name, array] : entries) {
    const std::string file = name + ".npy", data = npy_bytes(array);
    std::string fields;  // shared by the local and the central header
    put(fields, 20, 2);  // version needed: 2.0
    put(fields, 0, 2);   // flags
    put(fields, 0, 2);   // method: stored
    put(fields, 0, 2);   // time 00:00
    put(fields, 33, 2);  // date 1980-01-01
    fields += crc_of(data);
    put(fields, data.size(), 4);
    put(fields, data.size(), 4);
    put(fields, file.size(), 2);
    put(fields, 0, 2);  // extra field length
    const std::size_t offset = zip.size();
    put(zip, 0x04034b50, 4);
    zip += fields + file + data;
    put(directory, 0x02014b50, 4);
    put(directory, 20, 2);  // version made by
    directory += fields;
    put(directory, 0, 2);  // comment length
    put(directory, 0, 2);  // disk number
    put(directory, 0, 2);  // internal attributes
    put(directory, 0, 4);  // external attributes
    put(directory, offset, 4);
    directory += file;
  }
  const std::size_t directory_offset = zip.size();
  zip += directory;
  put(zip, 0x06054b50, 4);
  put(zip, 0, 4);  // this disk, disk of the directory
  put(zip, entries.size(), 2);
  put(zip, entries.size(), 2);
  put(zip, directory.size(), 4);
  put(zip, directory_offset, 4);
  put(zip, 0, 2);  // comment length
  return zip;
}

void write_npz(const std::string& path, const Npz& entries) { write_file_atomically(path, npz_bytes(entries)); }

Npz parse_npz(const std::string& zip, const std::string& source) {
  // The end-of-directory record is the last 22 bytes, unless a comment (≤ 64 KiB) follows it.
  const std::size_t end = zip.size() >= 22 ? zip.rfind(std::string("PK\x05\x06", 4)) : std::string::npos;
  if (end == std::string::npos || zip.size() - end > 22 + 0xffff)
    throw bad(source, "not an .npz file (no zip directory found; is it a mytorch checkpoint?)");
  if (end + 22 + get(zip, end + 20, 2, source) > zip.size()) throw bad(source, "file is cut short");
  const std::size_t count = get(zip, end + 10, 2, source);
  std::size_t at = get(zip, end + 16, 4, source), total = 0;
  Npz entries;
  for (std::size_t k = 0; k < count; ++k) {
    if (get(zip, at, 4, source) != 0x02014b50) throw bad(source, "damaged zip directory");
    const std::uint64_t method = get(zip, at + 10, 2, source), crc = get(zip, at + 16, 4, source),
                        size = get(zip, at + 20, 4, source), name_length = get(zip, at + 28, 2, source),
                        offset = get(zip, at + 42, 4, source);
    std::string file = zip.substr(at + 46, name_length);
    at += 46 + name_length + get(zip, at + 30, 2, source) + get(zip, at + 32, 2, source);
    if (method != 0)
      throw bad(source, file + " is compressed; only stored entries are read (numpy.savez, not savez_compressed)");
    if (get(zip, offset, 4, source) != 0x04034b50) throw bad(source, file + ": damaged zip entry");
    const std::size_t start = offset + 30 + get(zip, offset + 26, 2, source) + get(zip, offset + 28, 2, source);
    // Entries may not overlap: a hostile directory could otherwise list one large entry many times.
    total += size;
    if (start > zip.size() || size > zip.size() - start || total > zip.size())
      throw bad(source, file + " is cut short (the file is truncated or damaged)");
    const std::string data = zip.substr(start, size);
    if (get(crc_of(data), 0, 4, source) != crc)
      throw bad(source, file + " fails its CRC check (the file is damaged)");
    if (file.size() > 4 && file.compare(file.size() - 4, 4, ".npy") == 0) file.resize(file.size() - 4);
    entries.emplace_back(file, parse_npy(data, source + ":" + file));
  }
  return entries;
}

Npz read_npz(const std::string& path) { return parse_npz(read_file(path), path); }

const NpyArray& entry(const Npz& npz, const std::string& name, const std::string& path) {
  for (const auto& [key, array] : npz)
    if (key == name) return array;
  throw bad(path, "has no entry '" + name + "'");
}

}  // namespace mytorch::io
