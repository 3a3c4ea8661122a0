// Tests of mytorch/optim/optimizer.hpp: make_optimizer, the shared checks, and state() naming.

#include "mytorch/optim/optimizer.hpp"

#include <stdexcept>

#include "mytorch/optim/adam.hpp"
#include "mytorch/optim/sgd.hpp"
#include "test_util.hpp"

using mytorch::Tensor;
using mytorch::nn::Parameter;
using namespace mytorch::optim;
using test::T;

TEST_CASE("make_optimizer builds each optimizer by name with the given hyper-parameters") {
  Tensor W = T({{1, 2}}), dLdW = T({{0.5, -0.5}});
  const std::vector<Parameter> params = {{"0.W", &W, &dLdW}};
  OptimizerOptions o;
  o.lr = 0.01;
  o.momentum = 0.5;
  o.weight_decay = 0.2;
  auto sgd = make_optimizer("sgd", params, o);
  CHECK(sgd->name() == "SGD");
  CHECK(dynamic_cast<SGD&>(*sgd).momentum == 0.5);
  auto adam = make_optimizer("Adam", params, o);
  CHECK(adam->name() == "Adam");
  CHECK(adam->lr == 0.01);
  auto adamw = make_optimizer("ADAMW", params, o);
  CHECK(dynamic_cast<AdamW&>(*adamw).weight_decay == 0.2);
  CHECK(optimizer_names() == std::vector<std::string>{"sgd", "adam", "adamw"});
  CHECK_THROWS_WITH_AS(make_optimizer("rmsprop", params),
                       "unknown optimizer 'rmsprop' (known: sgd, adam, adamw)",
                       std::invalid_argument);
}

TEST_CASE("every optimizer counts its steps and names its state after the parameters") {
  Tensor W = T({{1, 2}}), dLdW = T({{0.5, -0.5}}), b = T({{0}}), dLdb = T({{1}});
  const std::vector<Parameter> params = {{"0.W", &W, &dLdW}, {"0.b", &b, &dLdb}};
  for (const std::string& name : optimizer_names()) {
    CAPTURE(name);
    auto opt = make_optimizer(name, params);
    opt->step();
    opt->step();
    CHECK(opt->steps == 2);
    std::vector<std::string> names;
    for (const StateTensor& s : opt->state()) names.push_back(s.name);
    if (name == "sgd")
      CHECK(names == std::vector<std::string>{"v.0.W", "v.0.b"});
    else
      CHECK(names == std::vector<std::string>{"m.0.W", "m.0.b", "v.0.W", "v.0.b"});
  }
}

TEST_CASE("an optimizer rejects a parameter with a null tensor, naming it") {
  Tensor W = T({{1}});
  CHECK_THROWS_WITH_AS(Adam({{"0.W", &W, nullptr}}), "Adam: parameter '0.W' has a null tensor",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(SGD({{"0.W", nullptr, &W}}), "SGD: parameter '0.W' has a null tensor",
                       std::invalid_argument);
}

TEST_CASE("check_parameter_shapes names the parameter whose gradient was resized") {
  Tensor W = T({{1, 2}}), dLdW = T({{1}}), state = T({{0, 0}});
  CHECK_THROWS_WITH_AS(check_parameter_shapes("X::step", {{"W", &W, &dLdW}}, {state}),
                       "X::step: gradient of 'W' has shape (1, 1) but parameter 'W' has shape "
                       "(1, 2); they must match",
                       std::invalid_argument);
}
