#include "mytorch/nn/image_shape.hpp"

#include <stdexcept>

namespace mytorch::nn {

std::string to_string(SignalShape s) { return std::to_string(s.C) + "×" + std::to_string(s.W); }

std::string to_string(ImageShape s) {
  return std::to_string(s.C) + "×" + std::to_string(s.H) + "×" + std::to_string(s.W);
}

std::string to_string(ImageShape s, bool signal) { return signal ? to_string(SignalShape{s.C, s.W}) : to_string(s); }

std::string describe_layer(const std::string& name, const std::string& settings, const std::string& in,
                           const std::string& out) {
  return name + "(" + settings + ") " + (in == out ? in : in + " → " + out);
}

void check_no_zero(const char* layer, SignalShape in) {
  if (in.size() == 0)
    throw std::invalid_argument(std::string(layer) + ": in_shape (C, W) = (" + std::to_string(in.C) +
                                ", " + std::to_string(in.W) + ") has a zero");
}

void check_no_zero(const char* layer, ImageShape in) {
  if (in.size() == 0)
    throw std::invalid_argument(std::string(layer) + ": in_shape (C, H, W) = (" +
                                std::to_string(in.C) + ", " + std::to_string(in.H) + ", " +
                                std::to_string(in.W) + ") has a zero");
}

void check_positive(const char* layer, const char* what, std::size_t value) {
  if (value == 0)
    throw std::invalid_argument(std::string(layer) + ": " + what + " must be positive, got 0");
}

}  // namespace mytorch::nn
