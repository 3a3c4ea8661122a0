#pragma once
/// mytorch/train/run_record.hpp — what a checkpoint records about its run, and reading it back.
///
/// The checkpoint's "architecture" entry is one JSON object with
///   the model        model ("mlp" or "cnn"), sizes [inputs, hidden…, classes], activation, batchnorm,
///                    dropout; a cnn also conv [C_1, …] and image [C, H, W], and its sizes start with
///                    the conv blocks' output width instead of the inputs
///   the data         dataset (a CSV file by its absolute path: "csv:/home/…/a.csv"), data_dir
///                    (absolute), seed, val_split and val_split_of ("training": validation is a
///                    fraction of the training data, data/split.hpp; older records lack it and
///                    counted validation from all samples), test_fingerprint (data::fingerprint of
///                    the test split before standardisation: mytorch-eval checks it tests on the
///                    very samples the run held out), train_fingerprint (those of the training and
///                    the validation split: a resumed run checks it trains on the same data, also
///                    when a CSV file moved)
///   the training     epochs (the total the run was asked for), batch_size, optimizer, lr, momentum,
///                    beta1, beta2, eps, weight_decay, lr_schedule, threads (the BLAS threads of the
///                    run's last invocation, for the record: a resume may use others and writes its
///                    own; 0 = unknown, as in older records, which lack it)
/// enough to rebuild the model (models::build_model) and to continue the run exactly.

#include <string>

#include "mytorch/models/registry.hpp"
#include "mytorch/train/run_config.hpp"

namespace mytorch::train {

struct RunRecord {
  RunConfig settings;            // the recorded fields; the others keep their defaults (epochs 0 if unrecorded)
  models::ModelSpec model;
  std::string test_fingerprint;  // "" in records from before fingerprints
  std::string train_fingerprint; // "" in records from before it
  bool val_split_of_all = false; // an older record: its validation split counted from all samples
};

/// The JSON text of a run's record.
std::string record_json(const RunConfig& settings, const models::ModelSpec& model,
                        const std::string& test_fingerprint, const std::string& train_fingerprint = "");

/// The record in a checkpoint's architecture text. Throws std::runtime_error naming path when it is
/// not JSON or lacks a field, or a field has the wrong type or a value no run can have (a batch
/// size of 0, a negative learning rate, an unknown activation, …: a damaged or hand-edited file).
RunRecord read_record(const std::string& text, const std::string& path);

}  // namespace mytorch::train
