// Tests of mytorch/tensor.hpp: how shapes are printed and what each shape check says.

#include "mytorch/tensor.hpp"

#include <cmath>
#include <cstring>
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

TEST_CASE("copy_into and copy_of copy every entry bit for bit, whole blocks and the tail") {
  const auto same_bits = [](const Tensor& a, const Tensor& b) {
    return a.shape() == b.shape() && std::memcmp(a.data(), b.data(), a.size() * sizeof(real)) == 0;
  };
  Tensor src({3, 7});  // 21 entries: whole 16-byte blocks and a remainder, in float64 and float32
  for (std::size_t k = 0; k < src.size(); ++k) src.data()[k] = real(k) / 3;
  src(0, 0) = real(-0.0);
  src(1, 1) = real(NAN);
  src(2, 6) = real(-INFINITY);
  Tensor dst({3, 7});
  const real* buffer = dst.data();
  mytorch::copy_into(src, dst);
  CHECK(dst.data() == buffer);  // same shape: the buffer is reused
  const Tensor copy = mytorch::copy_of(src);
  CHECK(same_bits(dst, src));
  CHECK(same_bits(copy, src));
  Tensor empty({0, 4});
  mytorch::copy_into(empty, dst);
  CHECK(dst.shape() == empty.shape());

  Tensor other = T({{1, 2}});  // a dst of another shape takes src's
  mytorch::copy_into(src, other);
  CHECK(same_bits(other, src));
  mytorch::copy_into(other, other);  // onto itself: unchanged
  CHECK(same_bits(other, src));
}

TEST_CASE("copy_finite copies every entry and checks them in the same pass") {
  Tensor src({3, 11});  // 33 entries: four blocks of eight and a tail of one
  for (std::size_t k = 0; k < src.size(); ++k) src.data()[k] = real(k) - real(16.5);
  src(0, 1) = real(-0.0);
  src(2, 10) = real(1e30);
  Tensor dst({3, 11});
  const real* buffer = dst.data();
  mytorch::copy_finite("f", "A", src, dst);
  CHECK(dst == src);
  CHECK(std::signbit(dst(0, 1)));
  CHECK(dst.data() == buffer);  // same shape: the buffer is reused

  Tensor other;
  mytorch::copy_finite("f", "A", T({{1, 2}}), other);  // any shape: dst is resized
  CHECK(other == T({{1, 2}}));

  src(2, 10) = real(INFINITY);  // in the tail
  CHECK_THROWS_WITH_AS(mytorch::copy_finite("f", "A", src, dst),
                       "f: A has a non-finite value inf at (2, 10)", mytorch::NonFiniteError);
  src(1, 0) = real(NAN);  // in a block of eight, before the infinity
  CHECK_THROWS_WITH_AS(mytorch::copy_finite("f", "A", src, dst),
                       "f: A has a non-finite value nan at (1, 0)", mytorch::NonFiniteError);
  CHECK(std::isnan(dst(1, 0)));  // as documented: dst holds the copy, bad entries included
  CHECK(std::isinf(dst(2, 10)));

  Tensor self = T({{1, 2}, {3, 4}});  // src = dst: checked, unchanged
  mytorch::copy_finite("f", "A", self, self);
  CHECK(self == T({{1, 2}, {3, 4}}));
  self(1, 0) = real(INFINITY);
  CHECK_THROWS_WITH_AS(mytorch::copy_finite("f", "A", self, self),
                       "f: A has a non-finite value inf at (1, 0)", mytorch::NonFiniteError);
}

TEST_CASE("check_forward_done throws a logic error only when forward has not run") {
  CHECK_NOTHROW(mytorch::check_forward_done("X::backward", true));
  CHECK_THROWS_WITH_AS(mytorch::check_forward_done("X::backward", false),
                       "X::backward: called before forward", std::logic_error);
}
