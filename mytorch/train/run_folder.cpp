#include "mytorch/train/run_folder.hpp"

#include <filesystem>

#include "mytorch/io/file.hpp"
#include "mytorch/train/plot.hpp"

namespace mytorch::train {

namespace fs = std::filesystem;

namespace {
/// The folders of dir (and above it) that do not exist yet, outermost first.
std::vector<std::string> missing_folders(const std::string& dir) {
  std::vector<std::string> missing;
  std::error_code error;
  for (fs::path p = fs::path(dir).lexically_normal(); !p.empty() && !fs::exists(p, error); p = p.parent_path()) {
    missing.insert(missing.begin(), p.string());
    if (p == p.parent_path()) break;
  }
  return missing;
}

/// The names of run outputs present in dir.
std::vector<std::string> outputs_in(const std::string& dir, const std::vector<std::string>& names) {
  std::vector<std::string> present;
  std::error_code error;
  for (const std::string& name : names)
    if (fs::exists(fs::path(dir) / name, error)) present.push_back(name);
  return present;
}

bool same_file(const std::string& a, const std::string& b) {
  std::error_code error;
  return fs::equivalent(a, b, error);
}
}  // namespace

std::vector<std::string> run_output_names() {
  std::vector<std::string> names{"model.npz", "metrics.csv"};
  for (const std::string& plot : plot_file_names()) names.push_back(plot);
  return names;
}

RunFolder::RunFolder(const std::string& dir, const FolderReuse& reuse) : dir_(dir), created_(missing_folders(dir)) {
  try {
    io::prepare_output_folder(dir);
    try {
      lock_ = std::make_unique<io::FolderLock>(dir);
    } catch (const io::FolderInUse& e) {
      throw io::FolderInUse("run folder " + dir + " is in use by another training run" +
                                (e.pid > 0 ? " (pid " + std::to_string(e.pid) + ")" : ""),
                            e.pid);
    }
    const std::vector<std::string> run = outputs_in(dir, {"model.npz", "metrics.csv"});
    const bool continued = !reuse.resumed_checkpoint.empty() && same_file(reuse.resumed_checkpoint, dir + "/model.npz");
    if (!run.empty() && !continued && !reuse.overwrite) {
      std::string files;
      for (const std::string& name : run) files += (files.empty() ? "" : ", ") + name;
      throw FolderHoldsRun("output folder " + dir + " holds a run already (" + files + ")");
    }
    if (reuse.overwrite && !continued)
      for (const std::string& name : outputs_in(dir, run_output_names())) fs::remove(fs::path(dir) / name);
  } catch (...) {
    release();
    throw;
  }
}

RunFolder::~RunFolder() { release(); }

void RunFolder::release() {
  lock_.reset();
  std::error_code error;
  for (auto it = created_.rbegin(); it != created_.rend(); ++it) fs::remove(*it, error);  // only if empty
}

}  // namespace mytorch::train
