#include "mytorch/data/catalog.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <sstream>
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

const std::vector<std::string> toy_kinds = {"spiral", "moons", "circles", "xor", "blobs"};

/// What the plain names generate: toy.hpp's defaults, but 1000 points per spiral arm (the demo's data).
ToySettings plain_toy(const std::string& kind) {
  if (kind == "spiral") return {kind, 1000, 3, 0.2, 0};
  if (kind == "moons") return {kind, 500, 2, 0.1, 0};
  if (kind == "circles") return {kind, 500, 2, 0.08, 0.5};
  if (kind == "xor") return {kind, 500, 2, 0.0, 0};
  return {kind, 300, 4, 1.0, 0};  // blobs
}

/// The settings a kind's name may carry, in the order toy_name writes them.
std::vector<std::string> settings_of(const std::string& kind) {
  if (kind == "spiral" || kind == "blobs") return {"points", "classes", "noise"};
  if (kind == "circles") return {"points", "noise", "factor"};
  return {"points", "noise"};
}

std::string kind_of(const std::string& name) { return name.substr(0, name.find(':')); }

std::string joined(const std::vector<std::string>& names) {
  std::string list;
  for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
  return list;
}

/// value as a whole number in [lo, hi]; `what` ("spiral:points=x: points") names it in the message.
std::size_t whole_in(const std::string& value, std::size_t lo, std::size_t hi, const std::string& what) {
  const bool digits = !value.empty() && value.size() <= 9 && value.find_first_not_of("0123456789") == std::string::npos;
  const std::size_t n = digits ? std::stoul(value) : 0;
  if (!digits || n < lo || n > hi)
    throw std::invalid_argument(what + " '" + value + "' is not a whole number from " + std::to_string(lo) +
                                " to " + std::to_string(hi));
  return n;
}

double number(const std::string& value, const std::string& what) {
  char* end = nullptr;
  const double x = value.empty() ? NAN : std::strtod(value.c_str(), &end);
  if (!std::isfinite(x) || end != value.c_str() + value.size())
    throw std::invalid_argument(what + " '" + value + "' is not a finite number");
  return x;
}

/// x with the fewest digits that read back as exactly x.
std::string shortest(double x) {
  char text[32];  // std::to_chars without a format: the shortest text that reads back as x
  return std::string(text, std::to_chars(text, text + sizeof text, x).ptr);
}

Dataset make_toy(const ToySettings& s) {
  if (s.kind == "spiral") return make_spiral(s.points, s.classes, s.noise);
  if (s.kind == "moons") return make_moons(s.points, s.noise);
  if (s.kind == "circles") return make_circles(s.points, s.factor, s.noise);
  if (s.kind == "xor") return make_xor(s.points, s.noise);
  return make_blobs(s.points, s.classes, s.noise);
}
}  // namespace

std::string toy_settings_help() {
  return "the generated ones take settings after a colon, e.g. spiral:classes=5,noise=0.3,points=200 "
         "(points per class, noise; classes for spiral and blobs; factor for circles)";
}

ToySettings parse_toy(const std::string& name) {
  const std::string kind = kind_of(name);
  if (std::count(toy_kinds.begin(), toy_kinds.end(), kind) == 0)
    throw std::invalid_argument("'" + name + "' is not a generated dataset (those are: " + joined(toy_kinds) + ")");
  ToySettings s = plain_toy(kind);
  if (kind.size() == name.size()) return s;
  const std::vector<std::string> known = settings_of(kind);
  std::vector<std::string> seen;
  std::stringstream list(name.substr(kind.size() + 1));
  for (std::string item; std::getline(list, item, ',');) {
    const std::size_t eq = item.find('=');
    const std::string key = item.substr(0, eq), value = eq == std::string::npos ? "" : item.substr(eq + 1);
    const std::string what = name + ": " + key;
    if (std::count(known.begin(), known.end(), key) == 0)
      throw std::invalid_argument(name + ": '" + item + "' is not a setting of " + kind + " (it has: " +
                                  joined(known) + "; e.g. " + kind + ":" + known.front() + "=200)");
    if (std::count(seen.begin(), seen.end(), key) > 0) throw std::invalid_argument(what + " is given twice");
    seen.push_back(key);
    if (key == "points") s.points = whole_in(value, 2, 1000000, what);
    else if (key == "classes") s.classes = whole_in(value, 2, 1000, what);
    else if (key == "noise") s.noise = number(value, what);
    else s.factor = number(value, what);
  }
  if (seen.empty() || name.back() == ',')
    throw std::invalid_argument(name + ": settings after ':' are missing or end with a comma (e.g. " + kind +
                                ":points=200)");
  if (s.noise < 0) throw std::invalid_argument(name + ": noise must be ≥ 0");
  if (!(s.factor > 0 && s.factor < 1) && kind == "circles")
    throw std::invalid_argument(name + ": factor must lie in (0, 1)");
  return s;
}

std::string toy_name(const ToySettings& s) {
  const ToySettings plain = plain_toy(s.kind);
  std::string settings;
  const auto add = [&](const char* key, const std::string& value) {
    settings += (settings.empty() ? ":" : ",") + std::string(key) + "=" + value;
  };
  if (s.points != plain.points) add("points", std::to_string(s.points));
  if (s.classes != plain.classes) add("classes", std::to_string(s.classes));
  if (s.noise != plain.noise) add("noise", shortest(s.noise));
  if (s.factor != plain.factor) add("factor", shortest(s.factor));
  return s.kind + settings;
}

void check_dataset_name(const std::string& name) {
  if (is_csv(name)) {
    if (name.size() == 4) throw std::invalid_argument("csv: needs the file's path, e.g. csv:data/points.csv");
    return;
  }
  if (is_toy(name)) {
    parse_toy(name);
    return;
  }
  if (name == "digits" || name == "iris" || name == "fashion-mnist") return;
  throw std::invalid_argument("unknown dataset '" + name + "' (known: " + joined(dataset_names()) + ")");
}

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

std::optional<nn::ImageShape> image_shape(const std::string& name) {
  if (name == "fashion-mnist") return nn::ImageShape{1, 28, 28};
  if (name == "digits") return nn::ImageShape{1, 8, 8};
  return std::nullopt;
}

bool is_toy(const std::string& name) {
  return std::count(toy_kinds.begin(), toy_kinds.end(), kind_of(name)) > 0;
}

bool is_csv(const std::string& name) { return name.rfind("csv:", 0) == 0; }

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
  check_dataset_name(name);
  Dataset d;
  std::string header;
  if (is_toy(name)) d = named(make_toy(parse_toy(name)), name);
  else if (name == "digits") d = named(load_csv(in_dir(dir, "digits.csv", name), 10), name);
  else if (name == "iris") d = named(load_csv(in_dir(dir, "iris.csv", name), 3), name);
  else d = named(load_csv(name.substr(4), 0, &header), name);  // csv:PATH
  const std::string note = check_classes(d);
  Splits s = split(d, val_fraction, test_fraction);
  if (!header.empty()) s.notes.push_back(name + ": skipped the header row " + header);
  if (!note.empty()) s.notes.push_back(note);
  return s;
}

std::optional<Shape> known_shape(const std::string& name) {
  if (is_toy(name)) {
    const ToySettings toy = parse_toy(name);
    return Shape{toy.points * toy.classes, 2, toy.classes};
  }
  if (name == "digits") return Shape{1797, 64, 10};
  if (name == "iris") return Shape{150, 4, 3};
  if (name == "fashion-mnist") return Shape{70000, 784, 10};
  return std::nullopt;
}

}  // namespace mytorch::data
