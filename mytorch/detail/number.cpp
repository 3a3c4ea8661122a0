#include "mytorch/detail/number.hpp"

#include <cstdio>

namespace mytorch::detail {

std::string number(double x) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", x);
  return text;
}

}  // namespace mytorch::detail
