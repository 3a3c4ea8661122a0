#pragma once
// apps/playground/views.hpp — what the page draws, as JSON built from a Run.
//
//   data_view      the points (train first, then test) in the data's own coordinates, their
//                  labels, the square the page draws (Box), a generated dataset's settings
//   metrics_view   loss and accuracy on the training and the test split, now (eval mode)
//   history_view   one row per finished epoch from `from` on: [epoch, train loss, train accuracy,
//                  test loss, test accuracy] (null where unknown)
//   boundary_view  a G×G grid over the box, row 0 at the top: each cell's predicted class and
//                  that class's probability (0…255), base64 — one batch forward of G² points
//   neurons_view   per hidden block, each neuron's output A over a G×G grid, as bytes 128 + 127·A/s
//                  with s the neuron's largest |A| (given too), base64: the per-neuron heatmaps
//   weights_view   per Linear layer W (out, in) as bytes 128 + 127·W/max|W|, base64, with
//                  max |W| and mean |W|: the weight magnitudes
// Bytes rather than numbers keep an update of the largest network (8 × 128) small enough for ten
// a second.

#include <cstddef>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "run.hpp"

namespace mytorch::playground {

nlohmann::json data_view(const Run& run);
nlohmann::json metrics_view(Run& run);
nlohmann::json history_view(const Run& run, std::size_t from);
nlohmann::json boundary_view(Run& run, std::size_t grid);
nlohmann::json neurons_view(Run& run, std::size_t grid);
nlohmann::json weights_view(Run& run);

/// x as a JSON number, or null where it is NaN or ±Inf (JSON has neither): every number here and
/// in sample.cpp.
nlohmann::json number(double x);

/// RFC 4648 base64 of bytes (exposed for tests).
std::string base64(const std::string& bytes);

}  // namespace mytorch::playground
