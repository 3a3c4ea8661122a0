#pragma once
// apps/playground/assets.hpp — the page's files, built into the program (cmake/embed_assets.cmake
// writes assets.cpp from apps/playground/web/ and Debian's Chart.js), so it runs from any folder
// and never reads a file to answer a request.

#include <string_view>
#include <vector>

namespace mytorch::playground {

struct Asset {
  std::string_view path;          // "/app.js"
  std::string_view content_type;  // "text/javascript; charset=utf-8"
  std::string_view bytes;
};

/// Every asset; "/index.html" is also served as "/".
const std::vector<Asset>& assets();

}  // namespace mytorch::playground
