// Tests of mytorch/detail/copy.hpp, the library's internal tensor copies: bit for bit, any shape,
// onto themselves, and copy_finite's check in the same pass.

#include "mytorch/detail/copy.hpp"

#include <cmath>
#include <cstring>
#include <stdexcept>

#include "test_util.hpp"

using mytorch::real;
using mytorch::Tensor;
using mytorch::detail::copy_finite;
using mytorch::detail::copy_into;
using mytorch::detail::copy_of;
using test::T;

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
  copy_into(src, dst);
  CHECK(dst.data() == buffer);  // same shape: the buffer is reused
  const Tensor copy = copy_of(src);
  CHECK(same_bits(dst, src));
  CHECK(same_bits(copy, src));
  Tensor empty({0, 4});
  copy_into(empty, dst);
  CHECK(dst.shape() == empty.shape());

  Tensor other = T({{1, 2}});  // a dst of another shape takes src's
  copy_into(src, other);
  CHECK(same_bits(other, src));
  copy_into(other, other);  // onto itself: unchanged
  CHECK(same_bits(other, src));
}

TEST_CASE("copy_finite copies every entry and checks them in the same pass") {
  Tensor src({3, 11});  // 33 entries: four blocks of eight and a tail of one
  for (std::size_t k = 0; k < src.size(); ++k) src.data()[k] = real(k) - real(16.5);
  src(0, 1) = real(-0.0);
  src(2, 10) = real(1e30);
  Tensor dst({3, 11});
  const real* buffer = dst.data();
  copy_finite("f", "A", src, dst);
  CHECK(dst == src);
  CHECK(std::signbit(dst(0, 1)));
  CHECK(dst.data() == buffer);  // same shape: the buffer is reused

  Tensor other;
  copy_finite("f", "A", T({{1, 2}}), other);  // any shape: dst is resized
  CHECK(other == T({{1, 2}}));

  src(2, 10) = real(INFINITY);  // in the tail
  CHECK_THROWS_WITH_AS(copy_finite("f", "A", src, dst),
                       "f: A has a non-finite value inf at (2, 10)", mytorch::NonFiniteError);
  src(1, 0) = real(NAN);  // in a block of eight, before the infinity
  CHECK_THROWS_WITH_AS(copy_finite("f", "A", src, dst),
                       "f: A has a non-finite value nan at (1, 0)", mytorch::NonFiniteError);
  CHECK(std::isnan(dst(1, 0)));  // as documented: dst holds the copy, bad entries included
  CHECK(std::isinf(dst(2, 10)));

  Tensor self = T({{1, 2}, {3, 4}});  // src = dst: checked, unchanged
  copy_finite("f", "A", self, self);
  CHECK(self == T({{1, 2}, {3, 4}}));
  self(1, 0) = real(INFINITY);
  CHECK_THROWS_WITH_AS(copy_finite("f", "A", self, self),
                       "f: A has a non-finite value inf at (1, 0)", mytorch::NonFiniteError);
}
