#include "mytorch/nn/sequential.hpp"

#include <stdexcept>

namespace mytorch::nn {

Module& Sequential::append(std::unique_ptr<Module> layer) {
  if (!layer) throw std::invalid_argument("Sequential::append: layer is null");
  layers_.push_back(std::move(layer));
  layers_.back()->train(is_training());
  return *layers_.back();
}

Module& Sequential::operator[](std::size_t i) {
  return const_cast<Module&>(static_cast<const Sequential&>(*this)[i]);
}

const Module& Sequential::operator[](std::size_t i) const {
  if (i >= layers_.size())
    throw std::out_of_range("Sequential::operator[]: index " + std::to_string(i) +
                            " is out of range for " + std::to_string(layers_.size()) + " layers");
  return *layers_[i];
}

Tensor Sequential::forward(const Tensor& X) {
  if (layers_.empty()) throw std::logic_error("Sequential::forward: the model has no layers");
  Tensor out = layers_.front()->forward(X);
  for (std::size_t i = 1; i < layers_.size(); ++i) out = layers_[i]->forward(out);
  return out;
}

Tensor Sequential::backward_down_to(std::size_t first, const Tensor& dLdY) {
  Tensor grad = layers_.back()->backward(dLdY);
  for (std::size_t i = layers_.size() - 1; i-- > first;) grad = layers_[i]->backward(grad);
  return grad;
}

Tensor Sequential::backward(const Tensor& dLdY) {
  if (layers_.empty()) throw std::logic_error("Sequential::backward: the model has no layers");
  return backward_down_to(0, dLdY);
}

void Sequential::backward_parameters(const Tensor& dLdY) {
  if (layers_.empty())
    throw std::logic_error("Sequential::backward_parameters: the model has no layers");
  if (layers_.size() == 1) return layers_.front()->backward_parameters(dLdY);
  layers_.front()->backward_parameters(backward_down_to(1, dLdY));
}

namespace {
/// Every layer's entries (parameters or buffers), each renamed "<layer index>.<name>".
template <class Entry, class Get>
std::vector<Entry> prefixed(const std::vector<std::unique_ptr<Module>>& layers, Get get) {
  std::vector<Entry> all;
  for (std::size_t i = 0; i < layers.size(); ++i)
    for (Entry& e : get(*layers[i])) {
      e.name = std::to_string(i) + "." + e.name;
      all.push_back(e);
    }
  return all;
}
}  // namespace

std::vector<Parameter> Sequential::parameters() {
  return prefixed<Parameter>(layers_, [](Module& m) { return m.parameters(); });
}

std::vector<Buffer> Sequential::buffers() {
  return prefixed<Buffer>(layers_, [](Module& m) { return m.buffers(); });
}

std::string Sequential::describe() const {
  std::string s = name() + "(";
  for (std::size_t i = 0; i < layers_.size(); ++i) s += (i ? ", " : "") + layers_[i]->describe();
  return s + ")";
}

void Sequential::train(bool mode) {
  Module::train(mode);
  for (auto& layer : layers_) layer->train(mode);
}

}  // namespace mytorch::nn
