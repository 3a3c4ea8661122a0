// mytorch-softmax: the writeup's softmax walkthrough, step by step, with nn::Softmax doing the work.
//   mytorch-softmax                                  the writeup's worked example
//   mytorch-softmax --z "1,2,3;2,2,1" --dlda "0.1,-0.2,0.1;-0.1,0.3,-0.2"   your own numbers
#include <cmath>
#include <cstdio>
#include <iostream>
#include <sstream>

#include <CLI/CLI.hpp>

#include "cli.hpp"
#include "mytorch/nn/softmax.hpp"

using namespace mytorch;

namespace {
/// "1,2,3;2,2,1" → a (2, 3) tensor: rows separated by ';', entries by ','. Throws
/// std::invalid_argument saying what is wrong.
Tensor parse_rows(const std::string& text) {
  std::vector<std::vector<double>> rows;
  std::stringstream in(text);
  for (std::string row; std::getline(in, row, ';');) {
    rows.emplace_back();
    std::stringstream cells(row);
    for (std::string cell; std::getline(cells, cell, ',');) rows.back().push_back(cli::entry(cell));
    if (rows.back().size() != rows.front().size())
      throw std::invalid_argument("row " + std::to_string(rows.size()) + " has " +
                                  std::to_string(rows.back().size()) + " entries, row 1 has " +
                                  std::to_string(rows.front().size()));
  }
  if (rows.empty() || rows.front().empty()) throw std::invalid_argument("no numbers");
  Tensor t({rows.size(), rows.front().size()});
  for (std::size_t i = 0; i < rows.size(); ++i)
    for (std::size_t j = 0; j < rows[i].size(); ++j) t(i, j) = static_cast<real>(rows[i][j]);
  return t;
}

void print(const std::string& title, const Tensor& t) {
  std::cout << title << "\n";
  for (std::size_t i = 0; i < t.shape(0); ++i) {
    std::cout << "    [";
    for (std::size_t j = 0; j < t.shape(1); ++j) std::printf("%s%8.4f", j ? ", " : "", static_cast<double>(t(i, j)));
    std::cout << "]\n";
  }
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"mytorch-softmax: the softmax forward and backward of the writeup, step by step",
               "mytorch-softmax"};
  std::string z_text = "1,2,3;2,2,1", dlda_text = "0.1,-0.2,0.1;-0.1,0.3,-0.2";
  const auto rows = cli::parsed_by(parse_rows, "ROWS");
  app.add_option("--z", z_text, "Z, rows separated by ';' (N×C)")->check(rows)->capture_default_str();
  app.add_option("--dlda", dlda_text, "dLdA, same shape as Z")->check(rows)->capture_default_str();

  return cli::run(app, argc, argv, [&] {
    const bool writeup_example = app.count("--z") == 0 && app.count("--dlda") == 0;
    const Tensor Z = parse_rows(z_text), dLdA = parse_rows(dlda_text);
    if (Z.shape() != dLdA.shape())
      throw cli::UsageError("--dlda has " + std::to_string(dLdA.shape(0)) + " rows of " +
                            std::to_string(dLdA.shape(1)) + ", --z " + std::to_string(Z.shape(0)) + " rows of " +
                            std::to_string(Z.shape(1)) + ": they must have the same shape");
    nn::Softmax softmax;
    std::cout << "Softmax forward: A_ij = exp(Z_ij) / sum_k exp(Z_ik)\n\n";
    print("Z =", Z);
    const Tensor A = softmax.forward(Z);
    print("A = softmax(Z)   (each row sums to 1)", A);
    std::cout << "\nSoftmax backward, one sample (row) i at a time:\n"
                 "  J_mn = a_m (1 - a_m) if m = n,  -a_m a_n otherwise;   dLdZ_i = dLdA_i . J\n";
    for (std::size_t i = 0; i < Z.shape(0); ++i) {
      std::cout << "\nsample " << i + 1 << ":\n";
      print("  J(" + std::to_string(i + 1) + ") =", softmax.jacobian(i));
    }
    const Tensor dLdZ = softmax.backward(dLdA);
    std::cout << "\n";
    print("dLdA =", dLdA);
    print("dLdZ = the rows dLdA_i . J(i), stacked", dLdZ);

    // The closed form A ⊙ (dLdA − rowsum(dLdA ⊙ A)) must give the same dLdZ.
    double largest = 0;
    for (std::size_t i = 0; i < A.shape(0); ++i) {
      double s = 0;
      for (std::size_t j = 0; j < A.shape(1); ++j) s += dLdA(i, j) * A(i, j);
      for (std::size_t j = 0; j < A.shape(1); ++j)
        largest = std::max(largest, std::abs(A(i, j) * (dLdA(i, j) - s) - dLdZ(i, j)));
    }
    std::printf("\nclosed-form check: dLdZ = A * (dLdA - rowsum(dLdA * A)); largest difference %.1e\n", largest);

    if (writeup_example) {
      // The writeup rounds A to two decimals before it forms J: the same Jacobian, from that A.
      nn::Softmax rounded;
      rounded.forward(Z);
      for (std::size_t j = 0; j < 3; ++j)
        rounded.A(0, j) = static_cast<real>(std::round(A(0, j) * 100) / 100);
      std::printf(
          "\nNote for comparing with the writeup: it rounds A to two decimals (%.2f, %.2f, %.2f)\n"
          "before it forms J, so it prints J(1)_22 = %.4f; with the exact A above J(1)_22 = %.4f.\n"
          "The values printed here are exact; differences in the last digits come from that rounding.\n",
          static_cast<double>(rounded.A(0, 0)), static_cast<double>(rounded.A(0, 1)),
          static_cast<double>(rounded.A(0, 2)), static_cast<double>(rounded.jacobian(0)(1, 1)),
          static_cast<double>(softmax.jacobian(0)(1, 1)));
    }
    return 0;
  });
}
