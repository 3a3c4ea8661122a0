// Tests of mytorch/nn/flatten.hpp: the identity on rows, and its errors.

#include "mytorch/nn/flatten.hpp"

#include <cmath>
#include <stdexcept>

#include "test_util.hpp"

using mytorch::Tensor;
using mytorch::nn::Flatten;
using test::T;

TEST_CASE("flatten passes rows through: images are already flat, channel by channel") {
  Flatten flatten;
  const Tensor A = test::random_tensor(3, 12, 1);
  CHECK_TENSOR_CLOSE(flatten.forward(A), A, 0);
  const Tensor dLdZ = test::random_tensor(3, 12, 2);
  CHECK_TENSOR_CLOSE(flatten.backward(dLdZ), dLdZ, 0);
  CHECK(flatten.name() == "Flatten");
  CHECK(flatten.describe() == "Flatten");
  CHECK(flatten.output_geometry().empty());  // its rows are plain features
  CHECK(flatten.parameters().empty());
}

TEST_CASE("flatten refuses an empty batch, non-finite input, a mismatched gradient and early backward") {
  Flatten flatten;
  CHECK_THROWS_WITH_AS(flatten.backward(T({{1}})), "Flatten::backward: called before forward", std::logic_error);
  CHECK_THROWS_WITH_AS(flatten.forward(Tensor({0, 4})),
                       "Flatten::forward: A has shape (0, 4): the batch is empty (N = 0)", std::invalid_argument);
  CHECK_THROWS_WITH_AS(flatten.forward(T({{1, NAN}})), "Flatten::forward: A has a non-finite value nan at (0, 1)",
                       std::invalid_argument);
  flatten.forward(T({{1, 2}}));
  CHECK_THROWS_WITH_AS(flatten.backward(T({{1, 2, 3}})),
                       "Flatten::backward: dLdZ has shape (1, 3), expected (1, 2)", std::invalid_argument);
}
