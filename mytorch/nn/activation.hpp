#pragma once
/// mytorch/nn/activation.hpp — the elementwise activations (writeup "Activation Functions").
///
/// Every one of them maps each entry on its own, so one pair of equations covers the family:
///   forward:   A = f(Z)                     Z, A (N, C)
///   backward:  dLdZ = dLdA ⊙ f'(Z)          dLdA, dLdZ (N, C); ⊙ is the elementwise product
/// A subclass supplies f and f' (as dA/dZ, which may use the stored A, e.g. σ' = A ⊙ (1 − A)).
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
  virtual Tensor f(const Tensor& Z) const = 0;                       // A = f(Z)
  virtual Tensor dAdZ(const Tensor& Z, const Tensor& A) const = 0;   // f'(Z), given A = f(Z)

  Tensor Z_;  // (N, C) input of the last forward
  bool has_forward_ = false;
};

class Identity : public Activation {
 public:
  std::string name() const override { return "Identity"; }

 protected:
  Tensor f(const Tensor& Z) const override;
  Tensor dAdZ(const Tensor& Z, const Tensor& A) const override;
};

class Sigmoid : public Activation {
 public:
  std::string name() const override { return "Sigmoid"; }

 protected:
  Tensor f(const Tensor& Z) const override;
  Tensor dAdZ(const Tensor& Z, const Tensor& A) const override;
};

class Tanh : public Activation {
 public:
  std::string name() const override { return "Tanh"; }

 protected:
  Tensor f(const Tensor& Z) const override;
  Tensor dAdZ(const Tensor& Z, const Tensor& A) const override;
};

class ReLU : public Activation {
 public:
  std::string name() const override { return "ReLU"; }

 protected:
  Tensor f(const Tensor& Z) const override;
  Tensor dAdZ(const Tensor& Z, const Tensor& A) const override;
};

class GELU : public Activation {
 public:
  std::string name() const override { return "GELU"; }

 protected:
  Tensor f(const Tensor& Z) const override;
  Tensor dAdZ(const Tensor& Z, const Tensor& A) const override;
};

}  // namespace mytorch::nn
