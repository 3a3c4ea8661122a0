#pragma once
/// mytorch/train/plot.hpp — the plots of a training run, drawn by gnuplot.
///
/// Each plot is a data file plus a gnuplot script beside it in the run's folder; gnuplot turns the
/// script into a PNG (pngcairo when gnuplot has it, else png):
///   curves.dat      epoch, train loss, train accuracy, validation loss, validation accuracy
///                   (NaN without a validation split)                  → loss.gp, accuracy.gp
///   confusion.dat   true class t, predicted class p, count M_tp, M_tp / Σ_p M_tp (the fraction
///                   of class t); a blank line after each t            → confusion.gp
///   boundary_grid.dat    x1, x2, predicted class on a 200 × 200 grid over the data (2-D data
///                        only, in the data's own units, before standardisation); a blank line
///                        after each x1
///   boundary_points.dat  x1, x2, class of each training sample        → boundary.gp
/// For a model whose first layer is a Conv2d (a Sequential, e.g. models::CNN), two views of it:
///   filters.dat          its kernels W, one K × K tile per pair (output channel o, input channel c):
///                        o, c, i, j, x, y, W[o, c, i, j] — one gnuplot block (index o·C_in + c) per
///                        tile, (x, y) the pixel's place in the grid of tiles  → filters.gp
///   feature_maps_input.dat  the first test sample, in the data's own units (before standardisation):
///                        c, i, j, x, y, value — one block per channel
///   feature_maps.dat     that sample's feature maps after the first conv block (the Conv2d and the
///                        layers after it that keep its shape: the activation; not the pooling), as
///                        the model computes them from the standardised sample: c, i, j, x, y, value,
///                        one block per channel                          → feature_maps.gp
/// The scripts find their data beside themselves, so `gnuplot runs/…/*.gp` works from any folder.
///
/// Plots are a by-product: nothing here may lose a run. Every failure (a file that cannot be
/// written, gnuplot missing or failing) becomes one line on `warnings`, and the run goes on.
/// Nor may they hold a run up: a gnuplot still busy after `seconds_per_plot` is killed (a warning
/// says so), and when `stop` says stop (Ctrl-C) the gnuplot running is killed and no other starts.

#include <cstddef>
#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "mytorch/data/dataset.hpp"
#include "mytorch/data/standardizer.hpp"
#include "mytorch/nn/module.hpp"
#include "mytorch/train/history.hpp"
#include "mytorch/train/metrics.hpp"

namespace mytorch::train {

/// What a finished run hands to the plots.
struct PlotInputs {
  std::string dir;                  // the run's folder (exists)
  std::string dataset;              // shown in every title
  History history;                  // one EpochStats per epoch (history.hpp)
  double test_accuracy = 0;         // drawn as a line on the accuracy curves
  const ConfusionMatrix* confusion = nullptr;  // on the test split
  std::vector<std::string> class_names;       // tick labels of the confusion matrix ({} = 0, 1, …)
  // For the decision boundary (drawn only when train has D = 2 features) and, when the model's first
  // layer is a Conv2d, its filters and feature maps:
  nn::Module* model = nullptr;
  const data::Standardizer* standardizer = nullptr;  // fitted; train and test are standardised with it
  const data::Dataset* train = nullptr;
  const data::Dataset* test = nullptr;               // its first sample's feature maps
  // How long gnuplot may take, and when to give up at once:
  double seconds_per_plot = 30;     // then it is killed
  std::function<bool()> stop;       // asked while gnuplot runs; true kills it and skips the rest
};

/// Every file write_plots may write into a folder (data, scripts, PNGs), e.g. to clear a folder of
/// an old run's plots.
std::vector<std::string> plot_file_names();

/// Writes the data files and scripts above (returns the scripts' paths). Throws on a file that
/// cannot be written.
std::vector<std::string> write_plot_files(const PlotInputs& in);

/// The folder of an executable `gnuplot` on PATH, "" if there is none.
std::string find_gnuplot();

/// Runs gnuplot on each script; returns the PNGs it made. A script gnuplot fails on, or takes longer
/// than seconds_per_plot on, gets a line on `warnings`; without gnuplot on PATH nothing runs and one
/// line says how to get the plots. When stop() turns true the gnuplot running is killed, one line
/// says so, and no other script is drawn.
std::vector<std::string> render(const std::vector<std::string>& scripts, const std::string& dir,
                                std::ostream& warnings, double seconds_per_plot = 30,
                                const std::function<bool()>& stop = {});

/// write_plot_files then render; never throws. Returns the PNGs, or without gnuplot the scripts.
std::vector<std::string> write_plots(const PlotInputs& in, std::ostream& warnings);

}  // namespace mytorch::train
