#pragma once
/// mytorch/data/catalog.hpp — every dataset the programs know, by name, already split.
///
///   spiral, moons, circles, xor, blobs   generated 2-D toy problems (toy.hpp), from the library RNG
///   digits                               UCI 8×8 handwritten digits, 1797 × 64, shipped in data/
///   iris                                 Fisher's iris, 150 × 4, shipped in data/
///   fashion-mnist                        60000 + 10000 28×28 images (idx.hpp), Debian's package
///                                        dataset-fashion-mnist, /usr/share/datasets/fashion-mnist
///   csv:PATH                             any CSV with the label in the last column (csv.hpp)
///
/// A generated dataset's name may carry its settings after a colon, in any order, e.g.
/// "spiral:classes=5,noise=0.3,points=200" (as csv:PATH carries its file): points (per class),
/// noise (toy.hpp's standard deviation), classes (spiral and blobs; the others have 2) and factor
/// (circles: the inner ring's radius). A setting not given keeps the plain name's value, so
/// "spiral" and "spiral:points=1000" are the same data. The name is all a checkpoint records, so
/// mytorch-eval and --resume regenerate exactly the data a run was trained on.
///
/// All but fashion-mnist are split into train / validation / test (test 20 %); fashion-mnist keeps
/// its own 10000 test images and cuts the validation set off its 60000 training images.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "mytorch/data/split.hpp"
#include "mytorch/nn/image_shape.hpp"

namespace mytorch::data {

/// The names above (csv as "csv:PATH"), for --help and messages.
std::vector<std::string> dataset_names();

/// One sentence on the settings of the generated datasets, for --help.
std::string toy_settings_help();

/// A generated dataset's settings: what its name says, the plain name's values for the rest.
struct ToySettings {
  std::string kind;         // spiral, moons, circles, xor or blobs
  std::size_t points = 0;   // per class
  std::size_t classes = 0;  // 2 but for spiral and blobs
  double noise = 0;
  double factor = 0;        // circles only
};

/// The settings in a toy's name ("moons", "spiral:classes=5,noise=0.3"). Throws
/// std::invalid_argument naming the fault: not a generated dataset, an unknown or repeated setting,
/// a value out of range (points 2 … 1000000, classes 2 … 1000, noise a finite number ≥ 0, factor
/// in (0, 1)).
ToySettings parse_toy(const std::string& name);

/// The shortest name of s: its kind, then the settings that differ from the plain name's, in the
/// order points, classes, noise, factor ("spiral", "spiral:points=200,noise=0.3"). parse_toy gives
/// s back exactly (numbers are written with as many digits as that takes).
std::string toy_name(const ToySettings& s);

/// Throws std::invalid_argument saying why, unless load_splits knows name (csv:PATH is not
/// opened here: a missing file is found when loading).
void check_dataset_name(const std::string& name);

/// Where the shipped datasets (digits, iris) are: the folder $MYTORCH_DATA_DIR if set; else
/// share/mytorch/data beside the running program's bin/ folder (an installed program, or one in the
/// build tree's bin/); else the installed share/mytorch/data of the prefix mytorch was built for.
std::string shipped_data_dir();

/// Where `name`'s files are looked for when no directory is given: shipped_data_dir() for digits
/// and iris, /usr/share/datasets/fashion-mnist for fashion-mnist, "" for the others.
std::string default_data_dir(const std::string& name);

/// The names of `name`'s classes in label order where they are words (fashion-mnist: "T-shirt/top",
/// "trouser", …; iris: "setosa", "versicolor", "virginica"); empty for the others, whose classes
/// are their numbers.
std::vector<std::string> class_names(const std::string& name);

/// The geometry of one sample of an image dataset: fashion-mnist 1×28×28, digits 1×8×8 (each row of
/// X holds the pixels row by row); nothing for the others (a cnn model needs it).
std::optional<nn::ImageShape> image_shape(const std::string& name);

/// True for the generated 2-D datasets, with or without settings (those get a decision-boundary plot).
bool is_toy(const std::string& name);

/// True for "csv:PATH", a CSV file of the user's.
bool is_csv(const std::string& name);

/// Loads (or generates) `name` and splits it, drawing from the library RNG: seed it first for a
/// repeatable split. data_dir "" means default_data_dir(name). Throws std::invalid_argument for an
/// unknown name, for data of one class only (data::check_classes) and for too few samples to split
/// (data::split), std::runtime_error for missing or malformed files (a missing Fashion-MNIST
/// names the Debian package to install; a file that exists but cannot be read says why). What the
/// caller should be told — a skipped CSV header row, labels without samples — is in the result's
/// notes.
Splits load_splits(const std::string& name, const std::string& data_dir, double val_fraction,
                   double test_fraction = 0.2);

/// The size of a dataset: samples (all splits together), features, classes.
struct Shape {
  std::size_t samples = 0, features = 0, classes = 0;
};

/// The shape of `name` when it is known without loading it (the built-in datasets, so that a run
/// can estimate its memory before it loads 70000 images); nothing for a CSV file.
std::optional<Shape> known_shape(const std::string& name);

}  // namespace mytorch::data
