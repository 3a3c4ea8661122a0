#pragma once
/// mytorch/io/file.hpp — reading whole data files (gzip-compressed or not) and writing files
/// atomically.
///
/// Reading: a file that starts with the gzip magic bytes (1f 8b) is decompressed, any other file is
/// read as it is, so one function serves "digits.csv" and "train-images-idx3-ubyte.gz" alike. A
/// damaged or truncated gzip stream is an error, never a silently shorter content. Content larger
/// than max_file_bytes (decompressed) is refused before it can exhaust memory: a hostile .gz can
/// expand a thousandfold.
///
/// Writing: write_file_atomically puts the bytes in a temporary file in the same folder
/// ("<path>.tmp-<pid>"), flushes and fsyncs it, then renames it over path. A rename within one
/// folder is atomic, so whoever opens path sees the old content or the new one, never a mixture —
/// even if the writer is killed with SIGKILL or the machine loses power. A writer killed half-way
/// leaves its temporary file behind; the next write to the same path removes the ones whose
/// process is gone.

#include <cstddef>
#include <stdexcept>
#include <string>

namespace mytorch::io {

/// The largest content read_file and decompress accept: 1 GiB (MNIST's training images: 47 MB).
constexpr std::size_t max_file_bytes = std::size_t{1} << 30;

/// What read_file throws when a signal interrupts it while it waits for data (a FIFO whose writer
/// is slow, or has not opened it yet): only a signal whose handler was installed without
/// SA_RESTART does that (train::StopSignals is such a handler: Ctrl-C must end a read that may wait
/// forever). Other handlers let the read resume, as usual.
struct Interrupted : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// The whole (decompressed) content of path. Throws std::runtime_error naming the file when it is
/// missing, a folder, unreadable, a damaged or truncated gzip stream, or larger than limit;
/// Interrupted (above) when a signal ends a wait for its data.
std::string read_file(const std::string& path, std::size_t limit = max_file_bytes);

/// bytes decompressed if they start with the gzip magic, else bytes unchanged; `source` names them
/// in messages. Concatenated gzip members are read one after the other, as gzip -d does.
std::string decompress(const std::string& bytes, const std::string& source,
                       std::size_t limit = max_file_bytes);

/// Why path is not a regular file one can find: "not found" when it does not exist, "is a folder",
/// or the system's reason, e.g. "Permission denied" for a file in a folder one may not enter — so
/// a message never says "not found" of a file that is there. "" when it exists and is not a folder
/// (a regular file, or a FIFO to read from).
std::string why_not_a_file(const std::string& path);

/// Creates the folder path and every missing folder above it (as mkdir -p), then proves it
/// writable by writing and removing a probe file, so a bad output folder fails before any work is
/// spent. Throws std::runtime_error "cannot create output folder …" or "output folder … is not
/// writable (…)" with the system's reason.
void prepare_output_folder(const std::string& path);

/// Replaces the file at path by bytes, atomically (see above). Throws std::runtime_error naming the
/// file and the system's reason (folder missing, not writable, disk full, …); the file at path is
/// then unchanged.
void write_file_atomically(const std::string& path, const std::string& bytes);

}  // namespace mytorch::io
