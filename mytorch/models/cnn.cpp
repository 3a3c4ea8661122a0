#include "mytorch/models/cnn.hpp"

#include <stdexcept>
#include <string>

#include "mytorch/nn/conv.hpp"
#include "mytorch/nn/flatten.hpp"
#include "mytorch/nn/pool.hpp"

namespace mytorch::models {

nn::ImageShape CNN::features_shape(nn::ImageShape in, const std::vector<std::size_t>& conv_channels) {
  if (conv_channels.empty()) throw std::invalid_argument("CNN: needs at least one conv block (channels, e.g. 16,32)");
  nn::check_no_zero("CNN", in);
  nn::ImageShape shape = in;
  for (std::size_t j = 0; j < conv_channels.size(); ++j) {
    if (shape.H < 2 || shape.W < 2)
      throw std::invalid_argument("CNN: a " + nn::to_string(in) + " image is too small for " +
                                  std::to_string(conv_channels.size()) + " conv blocks (block " + std::to_string(j + 1) +
                                  " would pool a " + nn::to_string(shape) + " image 2×2)");
    nn::check_positive("CNN", "a conv block's channels", conv_channels[j]);
    shape = {conv_channels[j], shape.H / 2, shape.W / 2};
  }
  return shape;
}

CNN::CNN(nn::ImageShape in, const std::vector<std::size_t>& conv_channels, const std::vector<std::size_t>& hidden,
         std::size_t classes, const MLPOptions& options) {
  const nn::ImageShape features = features_shape(in, conv_channels);  // fails before any layer is made,
  check_mlp_options(options);                                         // and so do bad options
  nn::ImageShape shape = in;
  for (const std::size_t channels : conv_channels) {
    const auto& conv = add<nn::Conv2d>(shape, channels, /*kernel_size=*/3, /*stride=*/1, /*padding=*/1);
    append(make_activation(options.activation));
    shape = add<nn::MaxPool2d>(conv.out_shape(), /*kernel_size=*/2, /*stride=*/2).out_shape();
  }
  add<nn::Flatten>();
  std::vector<std::size_t> sizes{features.size()};
  sizes.insert(sizes.end(), hidden.begin(), hidden.end());
  sizes.push_back(classes);
  add_mlp_layers(*this, sizes, options);
}

}  // namespace mytorch::models
