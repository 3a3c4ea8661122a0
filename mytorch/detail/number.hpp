#pragma once
/// mytorch/detail/number.hpp — a number as the library's messages and describe() print it (internal).

#include <string>

namespace mytorch::detail {

/// x in the shortest of fixed and scientific notation with up to 6 significant digits, as C's %g:
/// 0.25 → "0.25", 1e-08 → "1e-08", 20 → "20".
std::string number(double x);

}  // namespace mytorch::detail
