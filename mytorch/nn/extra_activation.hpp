#pragma once
/// mytorch/nn/extra_activation.hpp — elementwise activations beyond the homework's five: LeakyReLU,
/// ELU, Softplus and Swish. Same Activation base and equations as activation.hpp:
///   forward:   A = f(Z)                     Z, A (N, C)
///   backward:  dLdZ = dLdA ⊙ f'(Z)          dLdA, dLdZ (N, C)
///
///   LeakyReLU(s = 0.01)  f(z) = z if z > 0 else s·z            f'(z) = 1 if z > 0 else s
///   ELU(α = 1)           f(z) = z if z > 0 else α(e^z − 1)     f'(z) = 1 if z > 0 else α e^z
///   Softplus(β = 1, threshold = 20)
///                        f(z) = (1/β) log(1 + e^(βz))          f'(z) = σ(βz)
///                        and, as PyTorch, f(z) = z, f'(z) = 1 where βz > threshold (there the two
///                        agree to within e^−threshold, and e^(βz) would overflow further on)
///   Swish                f(z) = z σ(βz)                        f'(z) = σ(βz) + β a (1 − σ(βz))
///                        β is learned: beta (1, 1), with dLdbeta = Σ_ij dLdA_ij · z² σ(βz)(1 − σ(βz))
///                        (1, 1); β = 1 is SiLU. σ is the logistic sigmoid.
/// At z = 0 the one-sided derivatives of LeakyReLU and ELU differ; like PyTorch we take the left one.

#include "mytorch/nn/activation.hpp"

namespace mytorch::nn {

/// An elementwise activation whose f' is written in terms of Z: forward keeps Z as well as A.
class ActivationOfZ : public Activation {
 protected:
  void keep_input(const Tensor& Z) override;
  Tensor Z_;  // (N, C) input of the last forward
};

class LeakyReLU : public ActivationOfZ {
 public:
  explicit LeakyReLU(double negative_slope = 0.01);
  std::string name() const override { return "LeakyReLU"; }
  std::string describe() const override;  // "LeakyReLU(negative_slope=0.01)"

  double negative_slope;  // s

 protected:
  void f(const Tensor& Z, Tensor& A) const override;
  void times_dAdZ(const Tensor& dLdA, Tensor& dLdZ) const override;
};

class ELU : public ActivationOfZ {
 public:
  explicit ELU(double alpha = 1.0);
  std::string name() const override { return "ELU"; }
  std::string describe() const override;  // "ELU(alpha=1)"

  double alpha;  // α: the value f approaches as z → −∞ is −α

 protected:
  void f(const Tensor& Z, Tensor& A) const override;
  void times_dAdZ(const Tensor& dLdA, Tensor& dLdZ) const override;
};

class Softplus : public ActivationOfZ {
 public:
  explicit Softplus(double beta = 1.0, double threshold = 20.0);  // beta > 0
  std::string name() const override { return "Softplus"; }
  std::string describe() const override;  // "Softplus(beta=1, threshold=20)"

  double beta;       // β: sharpness; the curve tends to ReLU as β grows
  double threshold;  // above βz > threshold, f is the identity

 protected:
  void f(const Tensor& Z, Tensor& A) const override;
  void times_dAdZ(const Tensor& dLdA, Tensor& dLdZ) const override;
};

class Swish : public ActivationOfZ {
 public:
  explicit Swish(double beta = 1.0);
  std::string name() const override { return "Swish"; }

  Tensor beta;     // (1, 1) learned sharpness β
  Tensor dLdbeta;  // (1, 1) gradient of the loss w.r.t. beta, written by backward

  Tensor forward(const Tensor& Z) override;       // checks beta, then the shared forward
  Tensor backward(const Tensor& dLdA) override;   // dLdZ as every activation, plus dLdbeta
  std::vector<Parameter> parameters() override;  // {beta with dLdbeta}

 protected:
  void f(const Tensor& Z, Tensor& A) const override;
  void times_dAdZ(const Tensor& dLdA, Tensor& dLdZ) const override;

 private:
  real b() const { return beta(0, 0); }
  Tensor sigmoid_beta_Z(const Tensor& Z) const;  // σ(βZ)  (N, C)
};

}  // namespace mytorch::nn
