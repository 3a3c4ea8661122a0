#!/usr/bin/python3
"""The bench/compare network in PyTorch (CPU): Fashion-MNIST, MLP 784-256-128-10 ReLU, cross-entropy,
SGD with momentum. Prints one JSON line: per-epoch training seconds and the test accuracy.

  /usr/bin/python3 bench/torch_mlp.py --epochs 3 --dtype float64 --threads 2
Thread count and OMP_WAIT_POLICY (environment) are chosen by bench/compare.
"""
import json
import time

import numpy as np
import torch

import fmnist


def main():
    p = fmnist.arg_parser()
    p.add_argument("--threads", type=int, default=2)
    a = p.parse_args()

    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    dtype = getattr(torch, a.dtype)
    X_train, y_train, X_test, y_test = fmnist.load(getattr(np, a.dtype))
    X_train, X_test = torch.from_numpy(X_train), torch.from_numpy(X_test)  # shared, not copied
    y_train, y_test = torch.from_numpy(y_train), torch.from_numpy(y_test)

    model = torch.nn.Sequential(torch.nn.Linear(784, 256), torch.nn.ReLU(),
                                torch.nn.Linear(256, 128), torch.nn.ReLU(),
                                torch.nn.Linear(128, 10)).to(dtype)
    loss_fn = torch.nn.CrossEntropyLoss()
    opt = torch.optim.SGD(model.parameters(), lr=a.lr, momentum=a.momentum)
    N = X_train.shape[0]
    epoch_seconds = []
    for _ in range(a.epochs):
        start = time.perf_counter()
        order = torch.randperm(N)
        for first in range(0, N, a.batch_size):
            idx = order[first:first + a.batch_size]
            opt.zero_grad(set_to_none=True)
            loss_fn(model(X_train[idx]), y_train[idx]).backward()
            opt.step()
        epoch_seconds.append(time.perf_counter() - start)
    with torch.no_grad():
        accuracy = (model(X_test).argmax(1) == y_test).double().mean().item()
    print(json.dumps({"epoch_seconds": epoch_seconds, "test_accuracy": accuracy, "samples": N}))


if __name__ == "__main__":
    main()
