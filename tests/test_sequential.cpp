// Tests of mytorch/nn/sequential.hpp: forward and backward through the layers in order, parameter
// names, train/eval reaching every layer, the gradient check and the errors.

#include "mytorch/nn/sequential.hpp"

#include <memory>
#include <stdexcept>

#include "mytorch/nn/activation.hpp"
#include "mytorch/nn/linear.hpp"
#include "mytorch/testing/gradcheck.hpp"
#include "test_util.hpp"

using mytorch::Tensor;
using mytorch::nn::Linear;
using mytorch::nn::Sequential;
using test::T;

TEST_CASE("sequential applies its layers in order and backward in reverse") {
  Sequential model;
  Linear& first = model.add<Linear>(2, 2);
  model.add<mytorch::nn::ReLU>();
  Linear& last = model.add<Linear>(2, 1);
  first.W = T({{1, 0}, {0, -1}});
  first.b = T({{0}, {0}});
  last.W = T({{2, 3}});
  last.b = T({{1}});

  // X = (1, 2): first gives (1, −2), ReLU (1, 0), last 2·1 + 3·0 + 1 = 3.
  CHECK_TENSOR_CLOSE(model.forward(T({{1, 2}})), T({{3}}), 1e-12);
  // Back: dL/d(ReLU out) = (2, 3), through ReLU (2, 0), through first: (2, 0)·W = (2, 0).
  CHECK_TENSOR_CLOSE(model.backward(T({{1}})), T({{2, 0}}), 1e-12);
  CHECK_TENSOR_CLOSE(last.dLdW, T({{1, 0}}), 1e-12);
  CHECK_TENSOR_CLOSE(first.dLdW, T({{2, 4}, {0, 0}}), 1e-12);
}

TEST_CASE("sequential add returns the new layer and operator[] reaches every layer") {
  Sequential model;
  CHECK(model.size() == 0);
  Linear& linear = model.add<Linear>(3, 4);
  auto& tanh = model.add<mytorch::nn::Tanh>();
  model.append(std::make_unique<mytorch::nn::Sigmoid>());
  CHECK(model.size() == 3);
  CHECK(&model[0] == &linear);
  CHECK(&model[1] == &tanh);
  CHECK(model[2].name() == "Sigmoid");
  const Sequential& view = model;
  CHECK(&view[0] == &linear);
  CHECK_THROWS_WITH_AS(model[3], "Sequential::operator[]: index 3 is out of range for 3 layers",
                       std::out_of_range);
}

TEST_CASE("sequential names its parameters by layer index and points at the layers' tensors") {
  Sequential model;
  Linear& first = model.add<Linear>(2, 3);
  model.add<mytorch::nn::ReLU>();
  Linear& last = model.add<Linear>(3, 1);
  const auto params = model.parameters();
  REQUIRE(params.size() == 4);
  CHECK(params[0].name == "0.W");
  CHECK(params[1].name == "0.b");
  CHECK(params[2].name == "2.W");
  CHECK(params[3].name == "2.b");
  CHECK(params[0].value == &first.W);
  CHECK(params[1].grad == &first.dLdb);
  CHECK(params[2].grad == &last.dLdW);
  CHECK(params[3].value == &last.b);
}

TEST_CASE("sequential train and eval reach every layer, also layers added later") {
  Sequential model;
  model.add<Linear>(2, 2);
  model.add<mytorch::nn::ReLU>();
  CHECK(model.is_training());
  CHECK(model[1].is_training());
  model.eval();
  CHECK_FALSE(model.is_training());
  CHECK_FALSE(model[0].is_training());
  CHECK_FALSE(model[1].is_training());
  model.add<Linear>(2, 1);
  CHECK_FALSE(model[2].is_training());
  model.train();
  for (std::size_t i = 0; i < model.size(); ++i) CHECK(model[i].is_training());

  Sequential outer;  // nesting: the mode goes all the way down
  auto& inner = outer.add<Sequential>();
  inner.add<mytorch::nn::ReLU>();
  outer.eval();
  CHECK_FALSE(inner[0].is_training());
}

TEST_CASE("sequential passes the finite-difference gradient check for the input and every parameter") {
  mytorch::manual_seed(5);
  Sequential model;
  model.add<Linear>(3, 4);
  model.add<mytorch::nn::Tanh>();
  model.add<Linear>(4, 2);
  const auto r = mytorch::testing::gradcheck(model, test::random_tensor(5, 3, 41));
  CHECK_MESSAGE(r.ok, r.report);
  CHECK(r.report.find("2.b") != std::string::npos);
}

TEST_CASE("sequential rejects misuse and passes its layers' errors on") {
  Sequential empty;
  CHECK_THROWS_WITH_AS(empty.forward(T({{1}})), "Sequential::forward: the model has no layers",
                       std::logic_error);
  CHECK_THROWS_WITH_AS(empty.backward(T({{1}})), "Sequential::backward: the model has no layers",
                       std::logic_error);
  CHECK_THROWS_WITH_AS(empty.append(nullptr), "Sequential::append: layer is null",
                       std::invalid_argument);

  Sequential model;
  model.add<Linear>(3, 2);
  model.add<Linear>(2, 1);
  CHECK_THROWS_WITH_AS(model.backward(T({{1}})), "Linear::backward: called before forward",
                       std::logic_error);
  CHECK_THROWS_WITH_AS(model.forward(T({{1, 2}})), "Linear::forward: A has shape (1, 2), expected (N, 3)",
                       std::invalid_argument);
  model.forward(T({{1, 2, 3}}));
  CHECK_THROWS_WITH_AS(model.backward(T({{1, 2}})),
                       "Linear::backward: dLdZ has shape (1, 2), expected (1, 1)", std::invalid_argument);
}

TEST_CASE("sequential backward_parameters writes the same gradients as backward, for 1 and 3 layers") {
  for (int layers : {1, 3}) {
    CAPTURE(layers);
    mytorch::manual_seed(9);
    Sequential model;
    model.add<Linear>(3, 4);
    if (layers == 3) {
      model.add<mytorch::nn::ReLU>();
      model.add<Linear>(4, 2);
    }
    const Tensor X = test::random_tensor(5, 3, 71);
    const Tensor dLdY = test::random_tensor(5, layers == 3 ? 2 : 4, 72);
    model.forward(X);
    model.backward(dLdY);
    std::vector<Tensor> expected;
    for (const auto& p : model.parameters()) expected.push_back(*p.grad);
    for (const auto& p : model.parameters()) p.grad->fill(7);
    model.backward_parameters(dLdY);
    const auto params = model.parameters();
    for (std::size_t k = 0; k < params.size(); ++k) CHECK_TENSOR_CLOSE(*params[k].grad, expected[k], 0);
  }
  Sequential empty;
  CHECK_THROWS_WITH_AS(empty.backward_parameters(T({{1}})),
                       "Sequential::backward_parameters: the model has no layers", std::logic_error);
}
