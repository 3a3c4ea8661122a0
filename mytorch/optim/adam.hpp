#pragma once
/// mytorch/optim/adam.hpp — Adam and AdamW (PyTorch's torch.optim.Adam / AdamW update rules).
///
/// For each parameter W with gradient g = dLdW (same shape), at step t = 1, 2, …:
///   m ← β1 · m + (1 − β1) · g               first moment, m starts at 0     (same shape as W)
///   v ← β2 · v + (1 − β2) · g ⊙ g           second moment, v starts at 0    (same shape as W)
///   m̂ = m / (1 − β1^t),  v̂ = v / (1 − β2^t)  bias correction: m and v start at 0, so early
///                                              averages are too small by exactly these factors
///   W ← W − lr · m̂ / (√v̂ + ε)
/// AdamW first decays the weights, decoupled from the gradient (Loshchilov & Hutter):
///   W ← W − lr · weight_decay · W            then the Adam step above
/// (evaluated in PyTorch's order: W ← W − (lr / (1 − β1^t)) · m / (√v / √(1 − β2^t) + ε)).
/// The state a checkpoint must keep: m, v (state(): "m.<parameter>", "v.<parameter>") and t (steps).

#include <vector>

#include "mytorch/optim/optimizer.hpp"

namespace mytorch::optim {

class Adam : public Optimizer {
 public:
  Adam(std::vector<nn::Parameter> params, double lr = 1e-3, double beta1 = 0.9,
       double beta2 = 0.999, double eps = 1e-8);

  void step() override;
  std::string name() const override { return "Adam"; }
  std::vector<StateTensor> state() override;

  double beta1, beta2, eps;

  std::vector<Tensor>& m() { return m_; }  // first moments, one per parameter
  std::vector<Tensor>& v() { return v_; }  // second moments, one per parameter

 protected:
  Adam(const char* where, std::vector<nn::Parameter> params, double lr, double beta1,
       double beta2, double eps);
  void adam_step(const char* where);  // the shared update; advances steps

 private:
  std::vector<Tensor> m_, v_;  // same shapes as the parameters
};

class AdamW : public Adam {
 public:
  AdamW(std::vector<nn::Parameter> params, double lr = 1e-3, double beta1 = 0.9,
        double beta2 = 0.999, double eps = 1e-8, double weight_decay = 0.01);

  void step() override;
  std::string name() const override { return "AdamW"; }

  double weight_decay;
};

}  // namespace mytorch::optim
