#pragma once
// apps/playground/settings.hpp — what a playground session trains, as its page's URL says it:
// mytorch-train's flags by name, e.g. /?dataset=moons&hidden=8,8&activation=tanh&lr=0.03.
//
//   dataset           a generated dataset with its settings (spiral:classes=5,noise=0.3, see
//                     data/catalog.hpp) or csv:NAME, a file uploaded to this session
//   hidden            widths of the hidden layers, "16,16" ("" for none: a linear classifier)
//   activation        the hidden activation (models::activation_names())
//   batchnorm         true/false: BatchNorm1d in each hidden block
//   dropout           Dropout(p) after each hidden activation, 0 = none
//   optimizer         sgd, adam, adamw;  lr, momentum (sgd), weight-decay (adamw)
//   batch-size, seed
//   steps-per-second  the playground's own: how fast "play" trains
// Every setting has a default, so "/" alone is a complete setup. Requests that break a limit
// (Limits) or name an unknown setting are refused with a BadRequest that names the setting.

#include <cstddef>
#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "mytorch/train/experiment.hpp"

namespace mytorch::playground {

/// A request the server refuses: answered with 400 and this message.
struct BadRequest : std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};

/// A request's URL parameters (a multimap, as an HTTP library gives them: a repeated one is seen).
using Params = std::multimap<std::string, std::string>;

/// How big anything a request asks for may be.
struct Limits {
  std::size_t max_layers = 8, max_width = 128;   // hidden layers
  std::size_t max_points = 10000;                // samples of a dataset, generated or uploaded
  std::size_t max_classes = 10;
  std::size_t max_batch_size = 1024;
  std::size_t max_steps_per_second = 5000;
  std::size_t max_upload_bytes = 4 << 20;        // a CSV (decompressed) or a model.npz
};

struct Settings {
  std::string dataset = "spiral";
  std::vector<std::size_t> hidden = {16, 16};
  std::string activation = "tanh";
  bool batchnorm = false;
  double dropout = 0;
  std::string optimizer = "adam";
  double lr = 0.01;
  double momentum = 0.9;       // sgd
  double weight_decay = 0.01;  // adamw
  std::size_t batch_size = 32;
  std::uint64_t seed = 0;
  std::size_t steps_per_second = 100;
};

/// The names of the settings, in the order the URL lists them.
std::vector<std::string> setting_names();

/// Settings from URL parameters; the ones not given keep their defaults, parameters named in
/// `also_allowed` (e.g. "id") are skipped. Throws BadRequest for an unknown or repeated
/// parameter or a value out of range; a generated dataset's name comes back shortest
/// (data::toy_name), so equal setups have equal URLs.
Settings parse_settings(const Params& params, const Limits& limits,
                        const std::vector<std::string>& also_allowed = {});

/// "csv:NAME" for an uploaded file's name; throws BadRequest unless the name is plain (letters,
/// digits, '.', '_', '-', at most 100, not starting with '.'): it is shown and recorded, never opened.
std::string csv_dataset(const std::string& file_name);

/// "dataset=spiral&hidden=16,16&…": every setting, for the page's URL (':', ',' and '=' are left
/// as they are, for a readable link; parse_query reads them).
std::string to_query(const Settings& s);

/// The mytorch-train command that trains exactly this run (same data, model, numbers), e.g.
/// "mytorch-train --dataset spiral --hidden 16,16 … --val-split 0".
std::string train_command(const Settings& s);

/// "a, b, c": the names a refusal lists (the settings' and the handler's parameters). cli::joined
/// does the same for the programs; it is not used here so as not to compile CLI11 into this library.
std::string joined(const std::vector<std::string>& names);

/// `text` as a whole number from lo to hi, in at most `max_digits` decimal digits (at most 20);
/// else BadRequest "NAME: 'TEXT' is not a whole number from LO to HI". An all-digit text out of
/// range is shown as the number it reads as ('7' for 007), or as typed with `quote_text`. The
/// settings' parser, and the handler's for its own parameters (history, sample, steps).
std::uint64_t whole_in(const std::string& name, const std::string& text, std::uint64_t lo, std::uint64_t hi,
                       std::size_t max_digits = 20, bool quote_text = false);

/// The settings as a checkpoint's architecture records them (train/run_record.hpp), and back; back
/// throws BadRequest if the model is one the playground cannot show (not 2-D data, too large).
train::RunConfig run_config(const Settings& s);
Settings settings_of(const train::RunConfig& c, const Limits& limits);

}  // namespace mytorch::playground
