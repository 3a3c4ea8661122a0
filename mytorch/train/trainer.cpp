#include "mytorch/train/trainer.hpp"

#include <chrono>
#include <cmath>
#include <string>

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

FitResult Trainer::fit(const FitPlan& plan, const TrainerEvents& events) {
  FitResult result;
  for (std::size_t epoch = plan.first_epoch; epoch <= plan.last_epoch && !result.stopped; ++epoch)
    fit_epoch(epoch, plan, events, result);
  return result;
}

void Trainer::fit_epoch(std::size_t epoch, const FitPlan& plan, const TrainerEvents& events, FitResult& result) {
  using Clock = std::chrono::steady_clock;
  const auto start = Clock::now();
  const auto seconds_since = [](Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); };
  const auto in_epoch = [epoch](const std::string& where) { return "in epoch " + std::to_string(epoch) + " at " + where; };
  if (plan.lr) optimizer_.lr = plan.lr(epoch);
  const std::size_t seen_before = epoch_finished() ? 0 : batches_.position();
  Evaluation t;
  try {
    t = train_epoch(
        [&](std::size_t step, std::size_t steps, double running) {
          if (events.on_step) events.on_step({epoch, step, steps, running});
        },
        events.should_stop);
  } catch (const Diverged& e) {
    throw Diverged(in_epoch(e.what()));
  }
  result.seconds += seconds_since(start);
  result.samples += batches_.position() - seen_before;
  if (!parameters_finite(model_)) throw Diverged(in_epoch("the end of step " + std::to_string(steps_)));
  if (!epoch_finished()) {
    result.stopped = true;
    result.stopped_at = "epoch " + std::to_string(epoch) + ", step " + std::to_string(steps_) + " of " +
                        std::to_string(steps_per_epoch());
    if (events.on_stop) events.on_stop(epoch, position());
    return;
  }
  EpochStats stats{epoch, t.loss, t.accuracy, NAN, NAN, 0};
  if (plan.validation && plan.validation->size()) {
    try {
      const Evaluation v = evaluate(model_, loss_, *plan.validation);
      stats.val_loss = v.loss;
      stats.val_accuracy = v.accuracy;
    } catch (const NonFiniteError& e) {
      throw Diverged(in_epoch(std::string("validation: ") + e.what()));
    }
  }
  stats.seconds = seconds_since(start);
  history_.push_back(stats);
  // After the last epoch there is nothing left to stop: the run is complete.
  if (epoch < plan.last_epoch && events.should_stop && events.should_stop()) {
    result.stopped = true;
    result.stopped_at = "after epoch " + std::to_string(epoch);
  }
  if (events.on_epoch_end) events.on_epoch_end(stats, result.stopped || epoch == plan.last_epoch);
}

Evaluation Trainer::train_epoch(const StepCallback& on_step, const StopCheck& should_stop) {
  model_.train();
  if (epoch_finished()) {
    batches_.start_epoch();
    steps_ = right_ = 0;
    loss_sum_ = 0;
  }
  while (!(should_stop && should_stop()) && batches_.next()) {
    step();
    if (on_step) on_step(steps_, steps_per_epoch(), loss_sum_ / static_cast<double>(batches_.position()));
  }
  return mean_of(loss_sum_, right_, batches_.position());
}

void Trainer::step() {
  try {
    const Tensor A = model_.forward(batches_.X());  // (n, K) logits
    const double L = loss_.forward(A, batches_.Y());
    if (!std::isfinite(L)) throw NonFiniteError("the loss is " + std::to_string(L));
    tally(L, A, batches_.labels(), loss_sum_, right_);
    model_.backward_parameters(loss_.backward());  // as backward, minus the unneeded dL/dX
    optimizer_.step();
    ++steps_;
  } catch (const NonFiniteError& e) {
    // The data were checked finite, so a NaN or Inf here comes from the weights: too large a step.
    throw Diverged("step " + std::to_string(steps_ + 1) + " of " + std::to_string(steps_per_epoch()) +
                   ": " + e.what());
  }
}

EpochPosition Trainer::position() const {
  return {batches_.order(), batches_.position(), steps_, right_, loss_sum_};
}

void Trainer::resume_epoch(const EpochPosition& p) {
  if (p.right > p.seen || p.steps > steps_per_epoch())
    throw std::invalid_argument("Trainer::resume_epoch: " + std::to_string(p.right) + " right of " +
                                std::to_string(p.seen) + " seen in " + std::to_string(p.steps) +
                                " steps does not fit an epoch of " + std::to_string(steps_per_epoch()));
  batches_.resume_epoch(p.order, p.seen);
  steps_ = p.steps;
  right_ = p.right;
  loss_sum_ = p.loss_sum;
}

bool parameters_finite(nn::Module& model) {
  for (const nn::Parameter& p : model.parameters())
    for (const real w : *p.value)
      if (!std::isfinite(w)) return false;
  return true;
}

}  // namespace mytorch::train
