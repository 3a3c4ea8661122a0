// Tests of mytorch/nn/init.hpp: the uniform initialisation every layer with weights uses.

#include "mytorch/nn/init.hpp"

#include <xtensor/xmath.hpp>

#include "test_util.hpp"

TEST_CASE("uniform_init draws row by row from U(±bound) with the library's RNG") {
  mytorch::manual_seed(8);
  const mytorch::Tensor t = mytorch::nn::uniform_init(20, 30, 0.25);
  CHECK(mytorch::shape_str(t) == "(20, 30)");
  CHECK(xt::amax(t)() < 0.25);
  CHECK(xt::amin(t)() >= -0.25);
  CHECK(xt::amax(t)() > 0.24);  // 600 draws fill the range
  CHECK(xt::amin(t)() < -0.24);
  mytorch::manual_seed(8);
  CHECK(t(0, 0) == static_cast<mytorch::real>(mytorch::rng().uniform(-0.25, 0.25)));
  CHECK(t(0, 1) == static_cast<mytorch::real>(mytorch::rng().uniform(-0.25, 0.25)));
}
