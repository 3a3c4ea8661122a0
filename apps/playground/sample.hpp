#pragma once
// apps/playground/sample.hpp — the backward pass of one sample, in the writeup's names, from the
// live model: what the page's "one sample" panel shows.
//
// The sample's row x (1, 2) goes through the model layer by layer in eval mode (run.hpp), each
// output kept:
//   hidden block l:  Z_l = A_{l−1}·W_lᵀ + b_lᵀ,  [BZ_l = BatchNorm1d(Z_l)],  A_l = f(Z_l or BZ_l)
//   output:          Z = A_{L−1}·W_Lᵀ + b_Lᵀ  (1, C) the logits,  A = softmax(Z)  (1, C)
// then the softmax backward of the writeup, with the loss L = −Σ_k Y_k log A_k on the probabilities
// (the cross-entropy the model trains with, split into its softmax and its log):
//   dLdA = −Y ⊘ A                                  (1, C): only the true class's entry is not 0
//   J_mn = a_m (1 − a_m) if m = n, else −a_m a_n   (C, C): nn::Softmax::jacobian
//   dLdZ = dLdA · J                                (1, C): nn::Softmax::backward, = A − Y
// and dLdZ goes back through every layer (Module::backward), giving each hidden block's dLdA and
// dLdZ (and dLdBZ with BatchNorm1d). The numbers are the ones mytorch-softmax prints for this Z.

#include <cstddef>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "run.hpp"

namespace mytorch::playground {

/// One hidden block of the trace; every tensor is (1, width), BZ and dLdBZ empty without BatchNorm1d.
struct BlockTrace {
  Tensor Z, BZ, A;
  Tensor dLdA, dLdBZ, dLdZ;
};

struct SampleTrace {
  std::size_t index = 0;        // 0 … train − 1: a training sample; then the test samples
  bool test = false;
  std::size_t label = 0;        // the true class
  Tensor x, input;              // (1, 2) as drawn, and standardised (what the model sees)
  std::vector<BlockTrace> hidden;
  Tensor Z, A, J, dLdA, dLdZ;   // the output: logits, softmax, its Jacobian, the two gradients
  double loss = 0;              // −log A_label
};

/// The trace of sample `index` (train samples first, then test). Throws BadRequest for an index
/// out of range or a run that diverged.
SampleTrace trace_sample(Run& run, std::size_t index);

nlohmann::json to_json(const SampleTrace& t);

}  // namespace mytorch::playground
