#include "mytorch/train/npz.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <unistd.h>

#include <zlib.h>

#include "mytorch/data/file.hpp"

namespace mytorch::train {

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

std::size_t element_count(const std::vector<std::size_t>& shape) {
  std::size_t n = 1;
  for (std::size_t d : shape) n *= d;
  return n;
}

std::size_t element_size(const std::string& descr, const std::string& name) {
  if (descr == "<f8" || descr == "<u8") return 8;
  if (descr == "<f4") return 4;
  if (descr.rfind("|S", 0) == 0) return std::stoul(descr.substr(2));
  throw bad(name, "element type '" + descr + "' is not supported (expected <f8, <f4, <u8 or |S)");
}

std::string shape_tuple(const std::vector<std::size_t>& shape) {
  std::string s = "(";
  for (std::size_t d : shape) s += std::to_string(d) + (shape.size() == 1 ? "," : ", ");
  if (shape.size() > 1) s.resize(s.size() - 2);
  return s + ")";
}

std::string crc_of(const std::string& bytes) {
  std::string out;
  put(out, crc32(0L, reinterpret_cast<const Bytef*>(bytes.data()), static_cast<uInt>(bytes.size())), 4);
  return out;
}

void write_atomically(const std::string& path, const std::string& bytes) {
  const std::string tmp = path + ".tmp" + std::to_string(getpid());
  FILE* f = std::fopen(tmp.c_str(), "wb");
  if (f == nullptr) throw std::runtime_error("cannot write " + tmp + ": " + std::strerror(errno));
  const bool ok = std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size() &&
                  std::fflush(f) == 0 && fsync(fileno(f)) == 0;
  const int error = errno;
  if (std::fclose(f) != 0 || !ok || std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    throw std::runtime_error("cannot write " + path + ": " + std::strerror(ok ? errno : error));
  }
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
  const bool v1 = bytes.size() > 7 && bytes[6] == 1;
  const std::size_t length = get(bytes, 8, v1 ? 2 : 4, name), start = v1 ? 10 : 12;
  const std::string header = bytes.substr(start, length);
  const auto value_of = [&](const std::string& key) {
    const std::size_t at = header.find("'" + key + "':");
    if (at == std::string::npos) throw bad(name, "npy header has no '" + key + "'");
    return header.substr(header.find_first_not_of(' ', at + key.size() + 3));
  };
  NpyArray a;
  const std::string descr = value_of("descr");
  a.descr = descr.substr(1, descr.find('\'', 1) - 1);
  if (value_of("fortran_order").rfind("False", 0) != 0)
    throw bad(name, "Fortran-ordered arrays are not supported");
  const std::string shape = value_of("shape");
  for (std::size_t at = 1; at < shape.size() && shape[at] != ')';) {
    std::size_t used = 0;
    a.shape.push_back(std::stoul(shape.substr(at), &used));
    at = shape.find_first_not_of(", ", at + used);
  }
  const std::size_t size = element_count(a.shape) * element_size(a.descr, name);
  if (bytes.size() != start + length + size)
    throw bad(name, "holds " + std::to_string(bytes.size() - start - length) + " data bytes, its shape " +
                        shape_tuple(a.shape) + " needs " + std::to_string(size));
  a.data = bytes.substr(start + length);
  return a;
}

void write_npz(const std::string& path, const Npz& entries) {
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
  write_atomically(path, zip);
}

Npz read_npz(const std::string& path) {
  const std::string zip = data::read_file(path);
  const std::size_t end = zip.size() >= 22 ? zip.rfind(std::string("PK\x05\x06", 4)) : std::string::npos;
  if (end == std::string::npos) throw bad(path, "not an .npz (zip) file");
  const std::size_t count = get(zip, end + 10, 2, path);
  std::size_t at = get(zip, end + 16, 4, path);
  Npz entries;
  for (std::size_t k = 0; k < count; ++k) {
    if (get(zip, at, 4, path) != 0x02014b50) throw bad(path, "damaged zip directory");
    const std::uint64_t method = get(zip, at + 10, 2, path), crc = get(zip, at + 16, 4, path),
                        size = get(zip, at + 20, 4, path), name_length = get(zip, at + 28, 2, path),
                        offset = get(zip, at + 42, 4, path);
    std::string file = zip.substr(at + 46, name_length);
    at += 46 + name_length + get(zip, at + 30, 2, path) + get(zip, at + 32, 2, path);
    if (method != 0)
      throw bad(path, file + " is compressed; only stored entries are read (numpy.savez, not savez_compressed)");
    const std::size_t start = offset + 30 + get(zip, offset + 26, 2, path) + get(zip, offset + 28, 2, path);
    if (start + size > zip.size()) throw bad(path, file + " is cut short");
    const std::string data = zip.substr(start, size);
    if (get(crc_of(data), 0, 4, path) != crc)
      throw bad(path, file + " fails its CRC check (the file is damaged)");
    if (file.size() > 4 && file.compare(file.size() - 4, 4, ".npy") == 0) file.resize(file.size() - 4);
    entries.emplace_back(file, parse_npy(data, path + ":" + file));
  }
  return entries;
}

const NpyArray& entry(const Npz& npz, const std::string& name, const std::string& path) {
  for (const auto& [key, array] : npz)
    if (key == name) return array;
  throw bad(path, "has no entry '" + name + "'");
}

}  // namespace mytorch::train
