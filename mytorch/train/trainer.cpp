#include "mytorch/train/trainer.hpp"

#include "mytorch/data/dataset.hpp"

namespace mytorch::train {

namespace {
/// Adds one batch's loss (a batch mean) and right answers to running sums.
void tally(double batch_loss, const Tensor& A, const std::vector<std::size_t>& labels,
           double& loss_sum, std::size_t& right, std::vector<std::size_t>* predicted = nullptr) {
  const std::vector<std::size_t> guess = data::argmax_rows(A);
  loss_sum += batch_loss * static_cast<double>(labels.size());
  for (std::size_t i = 0; i < labels.size(); ++i) right += guess[i] == labels[i];
  if (predicted) predicted->insert(predicted->end(), guess.begin(), guess.end());
}

Evaluation mean_of(double loss_sum, std::size_t right, std::size_t N) {
  Evaluation e;
  e.loss = loss_sum / static_cast<double>(N);
  e.accuracy = static_cast<double>(right) / static_cast<double>(N);
  return e;
}
}  // namespace

Evaluation evaluate(nn::Module& model, nn::Loss& loss, const data::Dataset& d, std::size_t batch_size) {
  const bool was_training = model.is_training();
  model.eval();
  data::Batcher batches(d, batch_size, false);
  batches.start_epoch();
  double loss_sum = 0;
  std::size_t right = 0;
  std::vector<std::size_t> predicted;
  predicted.reserve(d.size());
  while (batches.next()) {
    const Tensor A = model.forward(batches.X());
    tally(loss.forward(A, batches.Y()), A, batches.labels(), loss_sum, right, &predicted);
  }
  model.train(was_training);
  Evaluation e = mean_of(loss_sum, right, d.size());
  e.predicted = std::move(predicted);
  return e;
}

Trainer::Trainer(nn::Module& model, nn::Loss& loss, optim::Optimizer& optimizer, const data::Dataset& train,
                 std::size_t batch_size)
    : model_(model), loss_(loss), optimizer_(optimizer), batches_(train, batch_size) {}

Evaluation Trainer::train_epoch(const StepCallback& on_step) {
  model_.train();
  batches_.start_epoch();
  double loss_sum = 0;
  std::size_t right = 0, N = 0, step = 0;
  while (batches_.next()) {
    const Tensor A = model_.forward(batches_.X());  // (n, K) logits
    tally(loss_.forward(A, batches_.Y()), A, batches_.labels(), loss_sum, right);
    model_.backward_parameters(loss_.backward());  // as backward, minus the unneeded dL/dX
    optimizer_.step();
    N += batches_.labels().size();
    if (on_step) on_step(++step, steps_per_epoch(), loss_sum / static_cast<double>(N));
  }
  return mean_of(loss_sum, right, N);
}

}  // namespace mytorch::train
