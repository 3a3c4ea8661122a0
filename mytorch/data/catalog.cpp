#include "mytorch/data/catalog.hpp"

#include <cstdlib>
#include <filesystem>
#include <stdexcept>

#include "mytorch/data/csv.hpp"
#include "mytorch/io/file.hpp"
#include "mytorch/data/idx.hpp"
#include "mytorch/data/toy.hpp"


namespace mytorch::data {

namespace {
const char* const fashion_dir = "/usr/share/datasets/fashion-mnist";

std::string in_dir(const std::string& dir, const std::string& file, const std::string& name) {
  const std::string path = dir + "/" + file;
  const std::string why = io::why_not_a_file(path);
  if (why.empty()) return path;
  if (why != "not found") throw std::runtime_error(name + ": " + path + ": " + why);  // e.g. Permission denied
  if (name == "fashion-mnist")
    throw std::runtime_error("fashion-mnist: " + path +
                             " not found; install Debian's package dataset-fashion-mnist "
                             "(sudo apt-get install dataset-fashion-mnist) or give the data folder that holds its files");
  throw std::runtime_error(name + ": " + path + " not found (give the data folder that holds " + file + ")");
}

Dataset named(Dataset d, const std::string& name) {
  d.name = name;
  return d;
}
}  // namespace

std::vector<std::string> dataset_names() {
  return {"spiral", "moons", "circles", "xor", "blobs", "digits", "iris", "fashion-mnist", "csv:PATH"};
}

std::string shipped_data_dir() {
  if (const char* dir = std::getenv("MYTORCH_DATA_DIR"); dir && *dir) return dir;
  // share/mytorch/data beside the running program's bin/ folder: under an install prefix, and in
  // the build tree, which mirrors that layout (CMakeLists.txt)
  std::error_code error;
  const std::filesystem::path program = std::filesystem::read_symlink("/proc/self/exe", error);
  if (!error) {
    const std::filesystem::path beside = program.parent_path().parent_path() / MYTORCH_DATA_SUBDIR;
    if (std::filesystem::is_directory(beside, error)) return beside.string();
  }
  return MYTORCH_INSTALLED_DATA_DIR;
}

std::string default_data_dir(const std::string& name) {
  if (name == "digits" || name == "iris") return shipped_data_dir();
  if (name == "fashion-mnist") return fashion_dir;
  return "";
}

std::vector<std::string> class_names(const std::string& name) {
  if (name == "fashion-mnist")
    return {"T-shirt/top", "trouser", "pullover", "dress", "coat",
            "sandal", "shirt", "sneaker", "bag", "ankle boot"};
  if (name == "iris") return {"setosa", "versicolor", "virginica"};
  return {};
}

bool is_toy(const std::string& name) {
  return name == "spiral" || name == "moons" || name == "circles" || name == "xor" || name == "blobs";
}

Splits load_splits(const std::string& name, const std::string& data_dir, double val_fraction,
                   double test_fraction) {
  const std::string dir = data_dir.empty() ? default_data_dir(name) : data_dir;
  if (name == "fashion-mnist") {
    Dataset train = load_idx_dataset(in_dir(dir, "train-images-idx3-ubyte.gz", name),
                                           in_dir(dir, "train-labels-idx1-ubyte.gz", name), 10, name);
    Dataset test = load_idx_dataset(in_dir(dir, "t10k-images-idx3-ubyte.gz", name),
                                    in_dir(dir, "t10k-labels-idx1-ubyte.gz", name), 10, name);
    const std::string note = check_classes(train);
    Splits s = split_off(std::move(train), std::move(test), val_fraction);
    if (!note.empty()) s.notes.push_back(note);
    return s;
  }
  Dataset d;
  std::string header;
  if (name == "spiral") d = make_spiral(1000);
  else if (name == "moons") d = make_moons();
  else if (name == "circles") d = make_circles();
  else if (name == "xor") d = make_xor();
  else if (name == "blobs") d = make_blobs();
  else if (name == "digits") d = named(load_csv(in_dir(dir, "digits.csv", name), 10), name);
  else if (name == "iris") d = named(load_csv(in_dir(dir, "iris.csv", name), 3), name);
  else if (name.rfind("csv:", 0) == 0) d = named(load_csv(name.substr(4), 0, &header), name);
  else {
    std::string list;
    for (const auto& known : dataset_names()) list += (list.empty() ? "" : ", ") + known;
    throw std::invalid_argument("unknown dataset '" + name + "' (known: " + list + ")");
  }
  const std::string note = check_classes(d);
  Splits s = split(d, val_fraction, test_fraction);
  if (!header.empty()) s.notes.push_back(name + ": skipped the header row " + header);
  if (!note.empty()) s.notes.push_back(note);
  return s;
}

std::optional<Shape> known_shape(const std::string& name) {
  if (name == "spiral") return Shape{3000, 2, 3};
  if (name == "moons" || name == "circles" || name == "xor") return Shape{1000, 2, 2};
  if (name == "blobs") return Shape{1200, 2, 4};
  if (name == "digits") return Shape{1797, 64, 10};
  if (name == "iris") return Shape{150, 4, 3};
  if (name == "fashion-mnist") return Shape{70000, 784, 10};
  return std::nullopt;
}

}  // namespace mytorch::data
