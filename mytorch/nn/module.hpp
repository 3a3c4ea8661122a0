#pragma once
/// mytorch/nn/module.hpp — the base class of every layer, and Parameter.
///
/// A Module is a forward/backward pair:
///   forward(X)    -> Y        stores what backward needs (shapes: X (N, in), Y (N, out))
///   backward(dLdY) -> dLdX    uses what forward stored; overwrites (does not add to) the
///                             gradients of the module's parameters
/// A layer with parameters lists them in parameters(): each entry points at a value tensor and at
/// the gradient tensor backward writes, so an optimizer can update the value in place. A layer that
/// keeps tensors which are not trained but must survive a checkpoint (BatchNorm1d's running
/// statistics) lists them in buffers().
///
/// Only forward and backward must be written: name(), describe(), output_geometry(), parameters()
/// and buffers() have defaults (the class's name; no geometry; no parameters, no buffers).

#include <string>
#include <vector>

#include "mytorch/tensor.hpp"

namespace mytorch::nn {

/// One trainable tensor and its gradient, e.g. {"W", &W, &dLdW}. The pointers stay valid as long as
/// the module lives.
struct Parameter {
  std::string name;
  Tensor* value;
  Tensor* grad;
};

/// A tensor a layer keeps that is not trained, e.g. {"running_M", &running_M}; a checkpoint saves it.
struct Buffer {
  std::string name;
  Tensor* value;
};

class Module {
 public:
  virtual ~Module() = default;

  virtual Tensor forward(const Tensor& x) = 0;      // stores what backward needs
  virtual Tensor backward(const Tensor& grad) = 0;  // dL/d(output) -> dL/d(input)
  virtual std::vector<Parameter> parameters();      // empty for parameter-free layers
  virtual std::vector<Buffer> buffers();            // empty for most layers

  /// backward for a module whose input needs no gradient — the first layer of a network, whose
  /// input is the data (in PyTorch: an input without requires_grad). Writes the same parameter
  /// gradients as backward(grad) but may skip dL/d(input): Linear skips the product dLdZ · W
  /// (for the first layer of a 784-256-128-10 MLP, over a quarter of a training step's
  /// arithmetic). The default just calls backward and drops the result.
  virtual void backward_parameters(const Tensor& grad);

  virtual void train(bool mode = true);  // training mode is the default
  void eval() { train(false); }
  bool is_training() const { return training_; }

  /// The layer's name as in the code ("Linear", "ReLU", ...), used in messages. By default the
  /// class's own name without its namespaces (for mytorch::nn::Scale, "Scale"), so a layer needs to
  /// override it only to be called something else.
  virtual std::string name() const;

  /// The layer and its settings in one line, as built: "Linear(2, 3)", "Dropout(p=0.25)". By default
  /// name(); a layer with settings overrides it. nn::summary (summary.hpp) prints one per layer.
  virtual std::string describe() const;

  /// The shape of one sample of the layer's output, for a layer that knows it (the convolution
  /// family): "16×28×28" (C×H×W) after a Conv2d, "16×28" (C×W) after a Conv1d. By default "": a
  /// layer that sees rows of some width only. nn::summary shows it in its output column.
  virtual std::string output_geometry() const;

 protected:
  /// Sets up malloc for training steps, once per process (mytorch/detail/heap.hpp).
  Module();
  Module(const Module&) = default;
  Module& operator=(const Module&) = default;

 private:
  bool training_ = true;
};

}  // namespace mytorch::nn
