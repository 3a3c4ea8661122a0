#pragma once
/// mytorch/train/run_record.hpp — what a checkpoint records about its run, and reading it back.
///
/// The checkpoint's "architecture" entry is one JSON object with
///   the model        model ("mlp"), sizes [inputs, hidden…, classes], activation, batchnorm, dropout
///   the data         dataset, data_dir, seed, val_split, test_fingerprint (data::fingerprint of the
///                    test split before standardisation: mytorch-eval checks it tests on the very
///                    samples the run held out)
///   the training     batch_size, optimizer, lr, momentum, beta1, beta2, eps, weight_decay, lr_schedule
/// enough to rebuild the model (models::build_model) and to continue the run exactly.

#include <string>

#include "mytorch/models/registry.hpp"
#include "mytorch/train/run_config.hpp"

namespace mytorch::train {

struct RunRecord {
  RunConfig settings;            // the recorded fields; the others keep their defaults
  models::ModelSpec model;
  std::string test_fingerprint;
};

/// The JSON text of a run's record.
std::string record_json(const RunConfig& settings, const models::ModelSpec& model,
                        const std::string& test_fingerprint);

/// The record in a checkpoint's architecture text. Throws std::runtime_error naming path when it is
/// not JSON or lacks a field, or a field has the wrong type or an impossible value.
RunRecord read_record(const std::string& text, const std::string& path);

}  // namespace mytorch::train
