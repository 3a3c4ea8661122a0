#pragma once
/// mytorch/testing/gradcheck.hpp — does a layer's backward agree with its forward?
///
/// The trick (from llm.c): pick a random G with the shape of the layer's output and define the scalar
///   L(X, θ) = Σ G ⊙ f(X; θ)
/// Then dL/d(output) = G, so backward(G) must return dL/dX and write dL/dθ for every parameter θ.
/// Each of those is compared, entry by entry, with the central difference
///   (L(x + ε) − L(x − ε)) / 2ε.
/// A loss is checked the same way with L = loss.forward(A, Y) and dLdA = loss.backward().
///
/// Use it for every new layer (docs/adding-a-layer.md):
///   auto r = mytorch::testing::gradcheck(my_layer, X);
///   CHECK_MESSAGE(r.ok, r.report);
/// In a MYTORCH_FLOAT32 build (about 7 significant digits) the default step is larger and the bounds
/// looser: a step of 1e−6 would be lost in the rounding of x itself.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

#include "mytorch/nn/loss.hpp"
#include "mytorch/nn/module.hpp"

namespace mytorch::testing {

struct GradcheckOptions {
  static constexpr bool kFloat32 = sizeof(real) == sizeof(float);
  double eps = kFloat32 ? 1e-2 : 1e-6;   // step of the central difference
  double atol = kFloat32 ? 2e-3 : 1e-6;  // passes when |analytic − numeric| ≤ atol + rtol·|numeric|
  double rtol = kFloat32 ? 2e-2 : 1e-4;
  std::uint64_t seed = 1234;  // for G, and re-applied before every forward so that a stochastic
                              // layer (dropout) draws the same mask each time
};

struct GradcheckResult {
  bool ok = true;
  double max_abs_error = 0;  // the largest |analytic − numeric| over every checked entry
  std::string report;        // one line per tensor: its name and largest error; the worst entry
};

namespace detail {

inline Tensor random_like(const Tensor& like, std::uint64_t seed) {
  Rng g(seed);
  Tensor t(like.shape());
  for (auto& x : t) x = static_cast<real>(g.uniform(-1.0, 1.0));
  return t;
}

/// Compares analytic with the central differences of L with respect to the entries of x.
template <class Scalar>
void compare(const std::string& name, Tensor& x, const Tensor& analytic, Scalar&& L,
             const GradcheckOptions& opt, GradcheckResult& r) {
  double worst = 0, worst_numeric = 0, worst_analytic = 0;
  std::size_t worst_k = 0;
  bool ok = analytic.shape() == x.shape();
  if (!ok) {
    r.ok = false;
    r.report += name + ": gradient has shape " + shape_str(analytic) + ", expected " +
                shape_str(x) + "\n";
    return;
  }
  for (std::size_t k = 0; k < x.size(); ++k) {
    const real saved = x.data()[k];
    const real x_up = static_cast<real>(saved + opt.eps), x_down = static_cast<real>(saved - opt.eps);
    x.data()[k] = x_up;
    const double up = L();
    x.data()[k] = x_down;
    const double down = L();
    x.data()[k] = saved;
    // divided by the step x really took (in float32, x ± eps is rounded)
    const double numeric = (up - down) / (static_cast<double>(x_up) - static_cast<double>(x_down));
    const double a = static_cast<double>(analytic.data()[k]);
    const double err = std::abs(a - numeric);
    if (err > opt.atol + opt.rtol * std::abs(numeric)) ok = false;
    if (err >= worst) worst = err, worst_k = k, worst_numeric = numeric, worst_analytic = a;
  }
  r.ok = r.ok && ok;
  r.max_abs_error = std::max(r.max_abs_error, worst);
  std::ostringstream line;
  line << (ok ? "ok   " : "FAIL ") << name << " " << shape_str(x) << ": max |analytic - numeric| = "
       << worst;
  if (x.size() > 0)
    line << " at (" << worst_k / x.shape(1) << ", " << worst_k % x.shape(1)
         << "): analytic " << worst_analytic << ", numeric " << worst_numeric;
  r.report += line.str() + "\n";
}

}  // namespace detail

/// Checks dL/dX and dL/dθ of every parameter of `layer` at the input X.
inline GradcheckResult gradcheck(nn::Module& layer, const Tensor& X,
                                 const GradcheckOptions& opt = {}) {
  GradcheckResult r;
  Tensor x = X;
  auto forward = [&] {
    manual_seed(opt.seed);
    return layer.forward(x);
  };
  const Tensor G = detail::random_like(forward(), opt.seed + 1);  // dL/d(output)
  auto L = [&] {
    const Tensor out = forward();
    double s = 0;
    for (std::size_t k = 0; k < out.size(); ++k)
      s += static_cast<double>(G.data()[k]) * static_cast<double>(out.data()[k]);
    return s;
  };
  forward();
  const Tensor dLdX = layer.backward(G);
  std::vector<nn::Parameter> params = layer.parameters();
  std::vector<Tensor> analytic;
  for (const nn::Parameter& p : params) analytic.push_back(*p.grad);  // backward overwrote these

  detail::compare("input", x, dLdX, L, opt, r);
  for (std::size_t k = 0; k < params.size(); ++k)
    detail::compare(params[k].name, *params[k].value, analytic[k], L, opt, r);
  r.report = layer.name() + " gradcheck\n" + r.report;
  return r;
}

/// Checks dLdA of a loss at (A, Y).
inline GradcheckResult gradcheck(nn::Loss& loss, const Tensor& A, const Tensor& Y,
                                 const GradcheckOptions& opt = {}) {
  GradcheckResult r;
  Tensor a = A;
  loss.forward(a, Y);
  const Tensor dLdA = loss.backward();
  detail::compare("A", a, dLdA, [&] { return loss.forward(a, Y); }, opt, r);
  r.report = loss.name() + " gradcheck\n" + r.report;
  return r;
}

}  // namespace mytorch::testing
