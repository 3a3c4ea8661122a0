// contract_check: an outside program written only against the public API (docs/api.md) for
// BatchNorm1d, Dropout, Adam and AdamW. It replays every case of mytorch's PyTorch golden file
// (tests/golden/layers.json, made by tests/golden/gen_layers.py from torch) and exits 1 on any
// difference above 1e-8 (1e-4 in a float32 build of mytorch).
//
//   contract_check path/to/tests/golden/layers.json
#include <cmath>
#include <cstdio>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "mytorch/mytorch.hpp"

using mytorch::Tensor;
using nlohmann::json;
namespace nn = mytorch::nn;
namespace optim = mytorch::optim;

namespace {
int failures = 0, checks = 0;

Tensor tensor(const json& rows) {
  Tensor t({rows.size(), rows[0].size()});
  for (std::size_t i = 0; i < t.shape(0); ++i)
    for (std::size_t j = 0; j < t.shape(1); ++j) t(i, j) = rows[i][j].get<mytorch::real>();
  return t;
}

double tolerance() { return sizeof(mytorch::real) == sizeof(double) ? 1e-8 : 1e-4; }

void check(const json& c, const std::string& what, const Tensor& actual, const Tensor& expected) {
  ++checks;
  double worst = actual.shape() == expected.shape() ? 0.0 : INFINITY;
  for (std::size_t k = 0; worst < INFINITY && k < actual.size(); ++k)
    worst = std::fmax(worst, std::fabs(double(actual.data()[k]) - double(expected.data()[k])));
  if (!(worst <= tolerance())) {
    std::printf("MISMATCH %s, %s: largest difference %g\n", c["name"].get<std::string>().c_str(),
                what.c_str(), worst);
    ++failures;
  }
}

void batchnorm(const json& c) {
  const Tensor Z = tensor(c["Z"]);
  nn::BatchNorm1d bn(Z.shape(1), c["alpha"].get<double>());
  bn.BW = tensor(c["BW"]);
  bn.Bb = tensor(c["Bb"]);
  bn.forward(tensor(c["Z1"]));
  check(c, "BZ", bn.forward(Z), tensor(c["BZ"]));
  check(c, "dLdZ", bn.backward(tensor(c["dLdBZ"])), tensor(c["dLdZ"]));
  check(c, "dLdBW", bn.dLdBW, tensor(c["dLdBW"]));
  check(c, "dLdBb", bn.dLdBb, tensor(c["dLdBb"]));
  check(c, "running_M", bn.running_M, tensor(c["running_M"]));
  check(c, "running_V", bn.running_V, tensor(c["running_V"]));
  bn.eval();
  check(c, "BZ (eval)", bn.forward(tensor(c["Z_eval"])), tensor(c["BZ_eval"]));
  check(c, "dLdZ (eval)", bn.backward(tensor(c["dLdBZ_eval"])), tensor(c["dLdZ_eval"]));
}

void dropout(const json& c) {
  // Our mask is not torch's: every entry must be dropped (0) or kept with torch's value.
  nn::Dropout drop(c["p"].get<double>());
  const Tensor X = tensor(c["X"]), Y_torch = tensor(c["Y"]), kept = tensor(c["kept"]);
  const Tensor Y = drop.forward(X);
  const double scale = 1 / (1 - c["p"].get<double>());
  Tensor expected = Y;
  for (std::size_t k = 0; k < Y.size(); ++k)
    if (Y.data()[k] != 0)
      expected.data()[k] = kept.data()[k] == 1 ? Y_torch.data()[k] : X.data()[k] * scale;
  check(c, "Y (train)", Y, expected);
  drop.eval();
  check(c, "Y (eval)", drop.forward(X), tensor(c["Y_eval"]));
}

void adam(const json& c) {
  Tensor W = tensor(c["W0"]), dLdW = W;
  const std::vector<nn::Parameter> params = {{"W", &W, &dLdW}};
  const double lr = c["lr"], beta1 = c["beta1"], beta2 = c["beta2"], eps = c["eps"];
  optim::Adam adam(params, lr, beta1, beta2, eps);
  optim::AdamW adamw(params, lr, beta1, beta2, eps, c.value("weight_decay", 0.01));
  for (std::size_t t = 0; t < c["grads"].size(); ++t) {
    dLdW = tensor(c["grads"][t]);
    c["layer"] == "Adam" ? adam.step() : adamw.step();
    check(c, "W after step " + std::to_string(t + 1), W, tensor(c["W"][t]));
  }
}
}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: contract_check path/to/layers.json\n");
    return 2;
  }
  std::ifstream in(argv[1]);
  if (!in) {
    std::fprintf(stderr, "contract_check: cannot open %s\n", argv[1]);
    return 2;
  }
  const json golden = json::parse(in);
  mytorch::manual_seed(7);
  for (const json& c : golden["cases"]) {
    if (c["layer"] == "BatchNorm1d") batchnorm(c);
    if (c["layer"] == "Dropout") dropout(c);
    if (c["layer"] == "Adam" || c["layer"] == "AdamW") adam(c);
  }
  std::printf("contract_check: %d checks against PyTorch, %d mismatches\n", checks, failures);
  return failures == 0 && checks > 0 ? 0 : 1;
}
