#pragma once
/// mytorch/nn/sequential.hpp — layers applied one after another.
///
/// Forward:  X → layer_0 → layer_1 → … → layer_{L−1} → output
/// Backward: the gradient goes back through the same layers in reverse order:
///   dLdX = layer_0.backward(… layer_{L−1}.backward(dLd(output)))
/// backward_parameters(dLdY) is the same without the gradient w.r.t. X (the data needs none).
/// parameters() lists every layer's parameters, named "<index>.<name>" ("0.W", "0.b", "2.W", …),
/// and buffers() every layer's buffers the same way ("1.running_M", …);
/// train()/eval() reach every layer.

#include <cstddef>
#include <memory>
#include <utility>
#include <vector>

#include "mytorch/nn/module.hpp"

namespace mytorch::nn {

class Sequential : public Module {
 public:
  Sequential() = default;
  Sequential(Sequential&&) = default;
  Sequential& operator=(Sequential&&) = default;

  /// Constructs a layer of type L from args, appends it, and returns it.
  template <class L, class... Args>
  L& add(Args&&... args) {
    auto layer = std::make_unique<L>(std::forward<Args>(args)...);
    L& ref = *layer;
    append(std::move(layer));
    return ref;
  }
  /// Appends a layer made elsewhere (e.g. by make_activation), and returns it.
  Module& append(std::unique_ptr<Module> layer);

  std::size_t size() const { return layers_.size(); }
  Module& operator[](std::size_t i);
  const Module& operator[](std::size_t i) const;

  Tensor forward(const Tensor& X) override;
  Tensor backward(const Tensor& dLdY) override;
  /// backward through every layer but the first's dL/d(input): what a training step needs.
  void backward_parameters(const Tensor& dLdY) override;
  std::vector<Parameter> parameters() override;
  std::vector<Buffer> buffers() override;
  void train(bool mode = true) override;
  std::string name() const override { return "Sequential"; }
  /// "Sequential(Linear(2, 3), ReLU)": every layer's describe(), in order.
  std::string describe() const override;

 private:
  /// Backward through layers L−1, …, first (first < L); returns dL/d(input of layer first).
  Tensor backward_down_to(std::size_t first, const Tensor& dLdY);

  std::vector<std::unique_ptr<Module>> layers_;
};

}  // namespace mytorch::nn
