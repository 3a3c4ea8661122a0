// mytorch-eval: evaluates a saved model on the test split of a dataset.
// Everything but the flags lives in the library: mytorch/train/experiment.hpp. Exit codes: cli.hpp.
#include <cstdio>
#include <iostream>

#include <CLI/CLI.hpp>

#include "cli.hpp"
#include "mytorch/data/catalog.hpp"
#include "mytorch/train/checkpoint.hpp"
#include "mytorch/train/experiment.hpp"

using namespace mytorch;

int main(int argc, char** argv) {
  CLI::App app{"mytorch-eval: test accuracy, per-class precision/recall and confusion matrix of a model.npz",
               "mytorch-eval"};
  std::string model, dataset, data_dir;
  std::size_t threads = 0;
  bool json = false;
  app.add_option("--model", model, "checkpoint written by mytorch-train (runs/…/model.npz)")->required();
  app.add_option("--dataset", dataset,
                 "dataset to test on (default: the one the model was trained on; csv:PATH for a CSV file "
                 "that moved): one of " + cli::joined(data::dataset_names()) + "; " + data::toy_settings_help())
      ->transform(cli::dataset_name());
  app.add_option("--data-dir", data_dir, "folder of the dataset's files");
  cli::add_threads_option(app, threads);
  app.add_flag("--json", json, "print the results as one JSON object");
  return cli::run(app, argc, argv, [&] {
    train::use_threads(threads, std::cerr);
    const train::Checkpoint saved = train::load_checkpoint(model);
    cli::require_recorded_data(train::read_record(saved.architecture, model), model, !dataset.empty());
    const train::EvalResult r = train::evaluate_checkpoint(saved, model, dataset, data_dir);
    if (json) {
      std::cout << train::to_json(r) << std::endl;
    } else {
      std::printf("%s: test loss %.4f  accuracy %.2f%%  (%zu samples)\n\n", r.dataset.c_str(), r.test_loss,
                  100 * r.test_accuracy, r.confusion.total());
      std::cout << "confusion matrix (rows: true class, columns: predicted)\n" << r.confusion.to_string();
    }
    cli::check_stdout();
    return 0;
  });
}
