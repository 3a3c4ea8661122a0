#pragma once
/// mytorch/mytorch.hpp — everything in one include.

#include "mytorch/tensor.hpp"
#include "mytorch/random.hpp"
#include "mytorch/linalg.hpp"
#include "mytorch/nn/module.hpp"
#include "mytorch/nn/linear.hpp"
#include "mytorch/nn/activation.hpp"
#include "mytorch/nn/softmax.hpp"
#include "mytorch/nn/loss.hpp"
#include "mytorch/nn/sequential.hpp"
#include "mytorch/optim/optimizer.hpp"
#include "mytorch/optim/sgd.hpp"
#include "mytorch/optim/adam.hpp"
#include "mytorch/models/mlp.hpp"
#include "mytorch/data/dataset.hpp"
#include "mytorch/data/toy.hpp"
