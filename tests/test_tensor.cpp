// Tests of mytorch/tensor.hpp: how shapes are printed and what each shape check says.

#include "mytorch/tensor.hpp"

#include <cmath>
#include <stdexcept>

#include "test_util.hpp"

using mytorch::real;
using mytorch::Tensor;
using test::T;

TEST_CASE("shapes print as (rows, cols)") {
  CHECK(mytorch::shape_str(Tensor({4, 5})) == "(4, 5)");
  CHECK(mytorch::shape_str(Tensor({0, 3})) == "(0, 3)");
}

TEST_CASE("check_cols accepts any batch size with the right width and names both shapes otherwise") {
  CHECK_NOTHROW(mytorch::check_cols("f", "A", Tensor({1, 3}), 3));
  CHECK_NOTHROW(mytorch::check_cols("f", "A", Tensor({100, 3}), 3));
  CHECK_THROWS_WITH_AS(mytorch::check_cols("Linear::forward", "A", Tensor({4, 5}), 3),
                       "Linear::forward: A has shape (4, 5), expected (N, 3)", std::invalid_argument);
  CHECK_THROWS_WITH_AS(mytorch::check_cols("f", "Z", Tensor({0, 3}), 3),
                       "f: Z has shape (0, 3): the batch is empty (N = 0)", std::invalid_argument);
}

TEST_CASE("check_shape requires both dimensions") {
  CHECK_NOTHROW(mytorch::check_shape("f", "W", Tensor({2, 3}), 2, 3));
  CHECK_THROWS_WITH_AS(mytorch::check_shape("f", "W", Tensor({3, 2}), 2, 3),
                       "f: W has shape (3, 2), expected (2, 3)", std::invalid_argument);
  CHECK_THROWS_WITH_AS(mytorch::check_shape("f", "b", Tensor({2, 2}), 2, 1),
                       "f: b has shape (2, 2), expected (2, 1)", std::invalid_argument);
}

TEST_CASE("check_same_shape names both tensors and both shapes") {
  CHECK_NOTHROW(mytorch::check_same_shape("f", "Y", Tensor({2, 3}), "A", Tensor({2, 3})));
  CHECK_THROWS_WITH_AS(mytorch::check_same_shape("f", "Y", Tensor({2, 3}), "A", Tensor({3, 2})),
                       "f: Y has shape (2, 3) but A has shape (3, 2); they must match",
                       std::invalid_argument);
}

TEST_CASE("check_finite names the first NaN or infinity and where it is") {
  CHECK_NOTHROW(mytorch::check_finite("f", "A", T({{1e30, -1e30}, {0, -0.0}})));
  CHECK_THROWS_WITH_AS(mytorch::check_finite("f", "A", T({{1, 2, 3}, {4, NAN, INFINITY}})),
                       "f: A has a non-finite value nan at (1, 1)", std::invalid_argument);
  CHECK_THROWS_WITH_AS(mytorch::check_finite("f", "A", T({{1, 2}, {-INFINITY, 3}})),
                       "f: A has a non-finite value -inf at (1, 0)", std::invalid_argument);
  CHECK_THROWS_AS(mytorch::check_finite("f", "A", T({{NAN}})), mytorch::NonFiniteError);
}

TEST_CASE("check_forward_done throws a logic error only when forward has not run") {
  CHECK_NOTHROW(mytorch::check_forward_done("X::backward", true));
  CHECK_THROWS_WITH_AS(mytorch::check_forward_done("X::backward", false),
                       "X::backward: called before forward", std::logic_error);
}
