#include "sample.hpp"

#include <cmath>

#include <nlohmann/json.hpp>

#include "mytorch/nn/softmax.hpp"
#include "views.hpp"

namespace mytorch::playground {

namespace {
using nlohmann::json;

/// Row `row` of X as a (1, D) tensor.
Tensor row_of(const Tensor& X, std::size_t row) {
  Tensor x({1, X.shape(1)});
  for (std::size_t j = 0; j < X.shape(1); ++j) x(0, j) = X(row, j);
  return x;
}

/// A (1, C) tensor as [..], a (C, C) one as [[..], ..]; an empty one as null.
json numbers(const Tensor& t) {
  if (t.size() == 0) return nullptr;
  json rows = json::array();
  for (std::size_t i = 0; i < t.shape(0); ++i) {
    json row = json::array();
    for (std::size_t j = 0; j < t.shape(1); ++j) row.push_back(number(t(i, j)));
    rows.push_back(row);
  }
  return t.shape(0) == 1 ? rows[0] : rows;
}

enum class Role { hidden_linear, batchnorm, activation, dropout, output };

/// What layer i of an MLP is: its Linear layers start the blocks, the last one gives the logits.
Role role_of(nn::Sequential& model, std::size_t i) {
  const std::string name = model[i].name();
  if (name == "Linear") return i + 1 == model.size() ? Role::output : Role::hidden_linear;
  if (name == "BatchNorm1d") return Role::batchnorm;
  if (name == "Dropout") return Role::dropout;
  return Role::activation;
}
}  // namespace

SampleTrace trace_sample(Run& run, std::size_t index) {
  const std::size_t train = run.raw.train.size(), all = train + run.raw.test.size();
  if (index >= all)
    throw BadRequest("sample: " + std::to_string(index) + " is not a sample index from 0 to " + std::to_string(all - 1));
  if (!run.diverged.empty()) throw BadRequest("sample: the run diverged, its numbers are NaN: reset it");
  SampleTrace t;
  t.index = index;
  t.test = index >= train;
  const data::Dataset& d = t.test ? run.raw.test : run.raw.train;
  const std::size_t row = t.test ? index - train : index;
  t.label = d.labels[row];
  t.x = row_of(d.X, row);
  t.input = row_of((t.test ? run.data.test : run.data.train).X, row);

  // Forward, layer by layer: every layer keeps what its backward needs.
  nn::Sequential& model = run.model;
  const std::vector<Tensor> outputs = run.layer_outputs(t.x);
  std::vector<std::size_t> block_of(model.size());  // the hidden block each layer belongs to
  for (std::size_t i = 0; i < model.size(); ++i) {
    const Role role = role_of(model, i);
    if (role == Role::hidden_linear) t.hidden.emplace_back();
    block_of[i] = t.hidden.size() - 1;
    if (role == Role::hidden_linear) t.hidden.back().Z = outputs[i];
    if (role == Role::batchnorm) t.hidden.back().BZ = outputs[i];
    if (role == Role::activation) t.hidden.back().A = outputs[i];
  }
  t.Z = outputs.back();  // (1, C) logits

  // The writeup's softmax backward for this one sample.
  nn::Softmax softmax;
  t.A = softmax.forward(t.Z);
  t.J = softmax.jacobian(0);
  const real a = t.A(0, t.label);
  if (!(a > 0))
    throw BadRequest("sample: its true class has probability 0 (exp underflowed), so dLdA = −1/0 is not a number");
  t.loss = -std::log(double(a));
  t.dLdA = xt::zeros<real>({std::size_t{1}, t.Z.shape(1)});
  t.dLdA(0, t.label) = -1 / a;  // dL/dA_k = −Y_k / A_k
  t.dLdZ = softmax.backward(t.dLdA);

  // Back through the model: before layer i's backward, dLdY is the gradient of its output.
  Tensor dLdY = t.dLdZ;
  for (std::size_t i = model.size(); i-- > 0;) {
    const Role role = role_of(model, i);
    if (role == Role::hidden_linear) t.hidden[block_of[i]].dLdZ = dLdY;
    if (role == Role::batchnorm) t.hidden[block_of[i]].dLdBZ = dLdY;
    if (role == Role::activation) t.hidden[block_of[i]].dLdA = dLdY;  // dropout (eval) passed it on unchanged
    dLdY = model[i].backward(dLdY);
  }
  return t;
}

json to_json(const SampleTrace& t) {
  json hidden = json::array();
  for (const BlockTrace& b : t.hidden)
    hidden.push_back({{"Z", numbers(b.Z)}, {"BZ", numbers(b.BZ)}, {"A", numbers(b.A)},
                      {"dLdA", numbers(b.dLdA)}, {"dLdBZ", numbers(b.dLdBZ)}, {"dLdZ", numbers(b.dLdZ)}});
  return {{"index", t.index}, {"test", t.test},     {"label", t.label}, {"x", numbers(t.x)},
          {"input", numbers(t.input)}, {"hidden", hidden}, {"Z", numbers(t.Z)}, {"A", numbers(t.A)},
          {"J", numbers(t.J)},         {"dLdA", numbers(t.dLdA)}, {"dLdZ", numbers(t.dLdZ)},
          {"loss", number(t.loss)}};
}

}  // namespace mytorch::playground
