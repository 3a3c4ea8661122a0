#pragma once
/// mytorch/nn/activation.hpp — the elementwise activations (writeup "Activation Functions").
///
/// Every one of them maps each entry on its own, so one pair of equations covers the family:
///   forward:   A = f(Z)                     Z, A (N, C)
///   backward:  dLdZ = dLdA ⊙ f'(Z)          dLdA, dLdZ (N, C); ⊙ is the elementwise product
/// A subclass supplies f and the backward product dLdA ⊙ f'(Z), which may use the stored A instead of
/// Z (σ' = A ⊙ (1 − A), ReLU' = [A > 0]); only GELU keeps Z. Fast path: both are one loop over the raw
/// entries into a buffer (A is reused between steps), with no temporary tensor.
///
///   Identity  f(z) = z                              f'(z) = 1
///   Sigmoid   f(z) = 1 / (1 + e^−z)                 f'(z) = a (1 − a)
///   Tanh      f(z) = tanh z                         f'(z) = 1 − a²
///   ReLU      f(z) = max(z, 0)                      f'(z) = 1 if z > 0 else 0   (f'(0) = 0)
///   GELU      f(z) = z Φ(z), Φ(z) = ½(1 + erf(z/√2))   f'(z) = Φ(z) + z φ(z), φ the normal pdf
///
/// A softmax is not elementwise (each a_m depends on the whole row): see softmax.hpp.

#include "mytorch/nn/module.hpp"

namespace mytorch::nn {

/// The shared forward/backward of an elementwise activation.
class Activation : public Module {
 public:
  Tensor A;  // (N, C) output of the last forward

  Tensor forward(const Tensor& Z) override;
  Tensor backward(const Tensor& dLdA) override;

 protected:
  /// Called by forward once Z has passed the checks, before A = f(Z) is computed: a subclass whose f'
  /// needs Z stores its copy here. Before f, because Z may be this layer's own A, which f overwrites.
  virtual void keep_input(const Tensor& /*Z*/) {}
  /// A = f(Z), written into A (already shaped like Z).
  virtual void f(const Tensor& Z, Tensor& A) const = 0;
  /// dLdZ = dLdA ⊙ f'(Z), written into dLdZ (already shaped like dLdA), from the stored A or Z.
  virtual void times_dAdZ(const Tensor& dLdA, Tensor& dLdZ) const = 0;

 private:
  bool has_forward_ = false;
};

class Identity : public Activation {
 public:
  std::string name() const override { return "Identity"; }

 protected:
  void f(const Tensor& Z, Tensor& A) const override;
  void times_dAdZ(const Tensor& dLdA, Tensor& dLdZ) const override;
};

class Sigmoid : public Activation {
 public:
  std::string name() const override { return "Sigmoid"; }

 protected:
  void f(const Tensor& Z, Tensor& A) const override;
  void times_dAdZ(const Tensor& dLdA, Tensor& dLdZ) const override;
};

class Tanh : public Activation {
 public:
  std::string name() const override { return "Tanh"; }

 protected:
  void f(const Tensor& Z, Tensor& A) const override;
  void times_dAdZ(const Tensor& dLdA, Tensor& dLdZ) const override;
};

class ReLU : public Activation {
 public:
  std::string name() const override { return "ReLU"; }

 protected:
  void f(const Tensor& Z, Tensor& A) const override;
  void times_dAdZ(const Tensor& dLdA, Tensor& dLdZ) const override;
};

class GELU : public Activation {
 public:
  std::string name() const override { return "GELU"; }

 protected:
  void keep_input(const Tensor& Z) override;  // f' needs Z
  void f(const Tensor& Z, Tensor& A) const override;
  void times_dAdZ(const Tensor& dLdA, Tensor& dLdZ) const override;

 private:
  Tensor Z_;  // (N, C) input of the last forward
};

}  // namespace mytorch::nn
