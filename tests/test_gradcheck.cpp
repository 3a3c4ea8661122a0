// Tests of mytorch/testing/gradcheck.hpp: the helper passes a correct backward and catches a wrong
// one — in the input gradient, in a parameter gradient, in a gradient's shape, and in a loss.

#include "mytorch/testing/gradcheck.hpp"

#include <string>

#include "test_util.hpp"

using mytorch::Tensor;
using mytorch::testing::gradcheck;
using test::T;

namespace {
// The bugs planted below must stand out of gradcheck's bounds, which are looser in float32
// (GradcheckOptions): there they are larger.
constexpr bool kFloat32 = mytorch::testing::GradcheckOptions::kFloat32;
constexpr double kInputBug = kFloat32 ? 0.5 : 0.01;       // added to one entry of dLdZ
constexpr double kParameterBug = kFloat32 ? 1.2 : 1.001;  // factor on dLds

enum class Bug { none, input_gradient, parameter_gradient, gradient_shape };

/// A = Z ⊙ s, one scale s_j per column (s (1, C)): dLdZ = dLdA ⊙ s, dLds = column sums of dLdA ⊙ Z.
/// `bug` breaks one part of backward on purpose.
class Scale : public mytorch::nn::Module {
 public:
  explicit Scale(Bug bug) : s(T({{0.5, -2, 3}})), dLds(Tensor({1, 3})), bug_(bug) {}
  Tensor s, dLds;

  Tensor forward(const Tensor& Z) override {
    Z_ = Z;
    Tensor A = Z * s;
    return A;
  }
  Tensor backward(const Tensor& dLdA) override {
    Tensor dLdZ = dLdA * s;
    if (bug_ == Bug::input_gradient) dLdZ(0, 1) += static_cast<mytorch::real>(kInputBug);
    dLds.fill(0);
    for (std::size_t i = 0; i < dLdA.shape(0); ++i)
      for (std::size_t j = 0; j < dLdA.shape(1); ++j) dLds(0, j) += dLdA(i, j) * Z_(i, j);
    if (bug_ == Bug::parameter_gradient) dLds *= static_cast<mytorch::real>(kParameterBug);
    if (bug_ == Bug::gradient_shape) dLds = Tensor({3, 1});
    return dLdZ;
  }
  std::vector<mytorch::nn::Parameter> parameters() override { return {{"s", &s, &dLds}}; }
  std::string name() const override { return "Scale"; }

 private:
  Tensor Z_;
  Bug bug_;
};

/// A = Z ⊙ m with a fresh mask m_ij ∈ {0, 2} from the library's RNG on every forward (as dropout).
class RandomMask : public mytorch::nn::Module {
 public:
  Tensor forward(const Tensor& Z) override {
    mask_ = Tensor(Z.shape());
    for (auto& m : mask_) m = static_cast<mytorch::real>(2 * mytorch::rng().below(2));
    Tensor A = Z * mask_;
    return A;
  }
  Tensor backward(const Tensor& dLdA) override {
    Tensor dLdZ = dLdA * mask_;
    return dLdZ;
  }
  std::string name() const override { return "RandomMask"; }

 private:
  Tensor mask_;
};

/// MSE whose backward forgets the factor 2.
class HalfGradientMSE : public mytorch::nn::MSELoss {
 public:
  Tensor backward() override {
    Tensor dLdA = 0.5 * MSELoss::backward();
    return dLdA;
  }
};

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}
}  // namespace

TEST_CASE("gradcheck passes a correct backward and leaves the parameters as they were") {
  Scale layer(Bug::none);
  const auto r = gradcheck(layer, test::random_tensor(4, 3, 71));
  CHECK_MESSAGE(r.ok, r.report);
  CHECK(r.max_abs_error < (kFloat32 ? 1e-3 : 1e-8));
  CHECK(contains(r.report, "Scale gradcheck"));
  CHECK(contains(r.report, "ok   input (4, 3)"));
  CHECK(contains(r.report, "ok   s (1, 3)"));
  CHECK_TENSOR_CLOSE(layer.s, T({{0.5, -2, 3}}), 0);
}

TEST_CASE("gradcheck catches a wrong input gradient and says where") {
  Scale layer(Bug::input_gradient);
  const auto r = gradcheck(layer, test::random_tensor(4, 3, 71));
  CHECK_FALSE(r.ok);
  CHECK(r.max_abs_error == doctest::Approx(kInputBug).epsilon(kFloat32 ? 1e-2 : 1e-3));
  CHECK(contains(r.report, "FAIL input (4, 3)"));
  CHECK(contains(r.report, "at (0, 1)"));
  CHECK(contains(r.report, "ok   s (1, 3)"));
}

TEST_CASE("gradcheck catches a slightly wrong parameter gradient") {
  Scale layer(Bug::parameter_gradient);
  const auto r = gradcheck(layer, test::random_tensor(4, 3, 71));
  CHECK_FALSE(r.ok);
  CHECK(contains(r.report, "ok   input"));
  CHECK(contains(r.report, "FAIL s (1, 3)"));
}

TEST_CASE("gradcheck reports a gradient of the wrong shape") {
  Scale layer(Bug::gradient_shape);
  const auto r = gradcheck(layer, test::random_tensor(4, 3, 71));
  CHECK_FALSE(r.ok);
  CHECK(contains(r.report, "s: gradient has shape (3, 1), expected (1, 3)"));
}

TEST_CASE("gradcheck reseeds before every forward, so a random layer is checked with one mask") {
  RandomMask layer;
  const auto r = gradcheck(layer, test::random_tensor(5, 4, 72));
  CHECK_MESSAGE(r.ok, r.report);
}

TEST_CASE("gradcheck of a loss passes a correct dLdA and catches a wrong one") {
  mytorch::nn::MSELoss right;
  const Tensor A = test::random_tensor(3, 2, 73), Y = test::random_tensor(3, 2, 74);
  CHECK(gradcheck(right, A, Y).ok);
  HalfGradientMSE wrong;
  const auto r = gradcheck(wrong, A, Y);
  CHECK_FALSE(r.ok);
  CHECK(contains(r.report, "MSELoss gradcheck"));
  CHECK(contains(r.report, "FAIL A (3, 2)"));
}
