#pragma once
/// mytorch/train/run_folder.hpp — the output folder of a training run, held while the run writes.
///
/// RunFolder(dir, reuse), before any training time is spent:
///   1. creates dir and whatever folders above it are missing (as mkdir -p), remembering which
///   2. locks it (io::FolderLock): a second run on the same folder stops at once, naming the pid
///      of the first
///   3. refuses a folder that holds a run already — a model.npz or a metrics.csv — unless `reuse`
///      allows it: the run continued there is the checkpoint being resumed (that folder's own
///      model.npz), or `overwrite` was asked for; overwriting removes the old run's outputs first,
///      so no old plot stays beside a new model
///   4. proves it writable (io::prepare_output_folder)
/// The destructor releases the lock and removes the folders step 1 created if they are still
/// empty: a run that fails before its first save leaves no empty folder behind.

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "mytorch/io/lock.hpp"

namespace mytorch::train {

/// The folder holds the outputs of another run, and nothing allowed replacing them.
struct FolderHoldsRun : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// When a folder that holds a run may be used all the same.
struct FolderReuse {
  bool overwrite = false;          // replace the run that is there
  std::string resumed_checkpoint;  // continue it: the folder's model.npz is this file
};

class RunFolder {
 public:
  /// Steps 1–4 above. Throws FolderHoldsRun, io::FolderInUse ("run folder … is in use by another
  /// training run (pid N)"), or std::runtime_error naming the folder and the system's reason.
  RunFolder(const std::string& dir, const FolderReuse& reuse);
  ~RunFolder();
  RunFolder(const RunFolder&) = delete;
  RunFolder& operator=(const RunFolder&) = delete;

  const std::string& dir() const { return dir_; }

 private:
  void release();  // the lock, then the folders step 1 made if they are empty

  std::string dir_;
  std::vector<std::string> created_;  // the folders step 1 made, outermost first
  std::unique_ptr<io::FolderLock> lock_;
};

/// The files a run writes into its folder: model.npz, metrics.csv and the plots (plot.hpp).
std::vector<std::string> run_output_names();

}  // namespace mytorch::train
