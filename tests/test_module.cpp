// Tests of mytorch/nn/module.hpp: what the base class gives a layer that writes only forward and
// backward — a name, a description, no parameters or buffers, the mode, backward_parameters.

#include "mytorch/nn/module.hpp"

#include "mytorch/nn/linear.hpp"
#include "mytorch/nn/sequential.hpp"
#include "mytorch/testing/gradcheck.hpp"
#include "test_util.hpp"

using mytorch::Tensor;
using mytorch::nn::Module;
using test::T;

namespace {
/// The smallest layer a user can write: Y = 2·X, so dLdX = 2·dLdY. Only forward and backward.
class Twice : public Module {
 public:
  Tensor forward(const Tensor& X) override {
    Tensor Y = 2 * X;  // (N, C)
    return Y;
  }
  Tensor backward(const Tensor& dLdY) override {
    Tensor dLdX = 2 * dLdY;  // (N, C)
    return dLdX;
  }
};
}  // namespace

namespace outer::inner {
struct Tag {};
/// A layer whose class is a template with a namespaced argument.
template <class T>
class Holder : public Module {
 public:
  Tensor forward(const Tensor& X) override { return X; }
  Tensor backward(const Tensor& dLdY) override { return dLdY; }
};
}  // namespace outer::inner

TEST_CASE("a layer that writes only forward and backward is named after its class and has no parameters") {
  Twice layer;
  CHECK(layer.name() == "Twice");  // the class's name without "(anonymous namespace)::"
  CHECK(layer.describe() == "Twice");
  CHECK(layer.output_geometry().empty());  // it sees rows of any width
  CHECK(layer.parameters().empty());
  CHECK(layer.buffers().empty());
  CHECK(layer.is_training());
  layer.eval();
  CHECK_FALSE(layer.is_training());
  layer.train();
  CHECK(layer.is_training());
}

TEST_CASE("a layer that writes only forward and backward trains in a Sequential and passes the gradient check") {
#ifndef MYTORCH_FLOAT32
  Twice twice;
  const auto r = mytorch::testing::gradcheck(twice, test::random_tensor(3, 4, 1));
  CHECK_MESSAGE(r.ok, r.report);
#endif
  mytorch::nn::Sequential model;
  model.add<Twice>();
  auto& linear = model.add<mytorch::nn::Linear>(2, 1);
  linear.W = T({{1, -1}});
  linear.b = T({{0}});
  CHECK_TENSOR_CLOSE(model.forward(T({{3, 1}})), T({{4}}), 0);  // 2·3 − 2·1
  model.backward_parameters(T({{1}}));  // the default backward_parameters runs Twice's backward
  CHECK_TENSOR_CLOSE(linear.dLdW, T({{6, 2}}), 0);
  CHECK(model.describe() == "Sequential(Twice, Linear(2, 1))");
}

TEST_CASE("the default name drops the namespaces and an enclosing function, and keeps template arguments whole") {
  const outer::inner::Holder<outer::inner::Tag> layer;
  CHECK(layer.name() == "Holder<outer::inner::Tag>");
  struct Local : Module {  // "DOCTEST_ANON_FUNC_…()::Local"
    Tensor forward(const Tensor& X) override { return X; }
    Tensor backward(const Tensor& dLdY) override { return dLdY; }
  };
  CHECK(Local().name() == "Local");
}
