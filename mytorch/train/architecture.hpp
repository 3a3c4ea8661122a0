#pragma once
/// mytorch/train/architecture.hpp — a checkpoint's "architecture" entry: the JSON text that rebuilds
/// a run's model and its data split. mytorch-train writes it, --resume and mytorch-eval read it, and
/// any program that saves a model for them (the playground) writes it the same way:
///
///   {"model": "MLP", "sizes": [2, 128, 64, 3], "activation": "relu", "batchnorm": false,
///    "dropout": 0, "dataset": "spiral", "data_dir": "", "seed": 0, "val_split": 0.1,
///    "test_fingerprint": "…", "batch_size": 32, "optimizer": "sgd", "lr": 0.1, "momentum": 0.9,
///    "beta1": 0.9, "beta2": 0.999, "eps": 1e-08, "weight_decay": 0.01, "lr_schedule": "constant"}
///
/// sizes: every layer's width, input first and classes last. dataset, seed and val_split regenerate
/// the split (data/catalog.hpp: load_splits after manual_seed(seed)); test_fingerprint
/// (data::fingerprint of the test split before standardisation) lets mytorch-eval check that it
/// tests on the very samples the run held out.

#include <cstddef>
#include <string>
#include <vector>

#include "mytorch/train/experiment.hpp"

namespace mytorch::train {

/// The architecture of a run with settings c, layer widths `sizes` and that test split, as JSON text.
std::string architecture_of(const RunConfig& c, const std::vector<std::size_t>& sizes,
                            const std::string& test_fingerprint);

/// `asked` with the settings that `architecture` records: all but epochs and outputs (data_dir
/// only if asked has none). Throws std::runtime_error starting with `source` (the file it came
/// from) if the text is not JSON, lacks a setting ("not a checkpoint of mytorch-train") or has
/// fewer than two layer sizes.
RunConfig resumed_config(const RunConfig& asked, const std::string& architecture, const std::string& source);

}  // namespace mytorch::train
