#pragma once
/// mytorch/detail/text.hpp — text helpers of the library's names and messages (internal).

#include <algorithm>
#include <cctype>
#include <string>

namespace mytorch::detail {

/// s in lower case, byte by byte ("ReLU" → "relu"; names are ASCII).
inline std::string lowercase(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
  return s;
}

}  // namespace mytorch::detail
