#!/usr/bin/python3
"""The CNN of the convolution homework in PyTorch (CPU), for comparing with mytorch's convolution layers:
Fashion-MNIST images 1×28×28,
  Conv2d(1→16, 3×3, padding 1) → ReLU → MaxPool2d(2, 2) → Conv2d(16→32, 3×3, padding 1) → ReLU →
  MaxPool2d(2, 2) → Flatten → Linear(1568→128) → ReLU → Linear(128→10),
cross-entropy, SGD with momentum. Prints one JSON line: per-epoch training seconds and the median
seconds of one training step, each as wall clock and as CPU time of the process (steadier on a shared
machine, and the same thing on one thread), and the test accuracy. mytorch-train --model cnn trains
the same network in mytorch; bench/compare --workload cnn runs both.

  /usr/bin/python3 bench/torch_cnn.py --epochs 1 --dtype float32 --threads 1
  /usr/bin/python3 bench/torch_cnn.py --steps 200 --dtype float64 --threads 1   # a quick step time
With --steps the run stops after that many steps of the first epoch (no accuracy then).
"""
import json
import statistics
import time

import numpy as np
import torch

import fmnist


def cnn():
    nn = torch.nn
    return nn.Sequential(nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2, 2),
                         nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2, 2),
                         nn.Flatten(), nn.Linear(1568, 128), nn.ReLU(), nn.Linear(128, 10))


def main():
    p = fmnist.arg_parser()
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--steps", type=int, default=0, help="stop after this many steps (0: whole epochs)")
    a = p.parse_args()

    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    dtype = getattr(torch, a.dtype)
    X_train, y_train, X_test, y_test = fmnist.load(getattr(np, a.dtype))
    X_train = torch.from_numpy(X_train).reshape(-1, 1, 28, 28)  # a view: rows are channel-major images
    X_test = torch.from_numpy(X_test).reshape(-1, 1, 28, 28)
    y_train, y_test = torch.from_numpy(y_train), torch.from_numpy(y_test)

    model = cnn().to(dtype)
    loss_fn = torch.nn.CrossEntropyLoss()
    opt = torch.optim.SGD(model.parameters(), lr=a.lr, momentum=a.momentum)
    N = X_train.shape[0]
    epoch_seconds, epoch_cpu_seconds, step_seconds, step_cpu_seconds = [], [], [], []
    for _ in range(a.epochs):
        start, cpu_start = time.perf_counter(), time.process_time()
        order = torch.randperm(N)
        for first in range(0, N, a.batch_size):
            step_start, step_cpu_start = time.perf_counter(), time.process_time()
            idx = order[first:first + a.batch_size]
            opt.zero_grad(set_to_none=True)
            loss_fn(model(X_train[idx]), y_train[idx]).backward()
            opt.step()
            step_seconds.append(time.perf_counter() - step_start)
            step_cpu_seconds.append(time.process_time() - step_cpu_start)
            if a.steps and len(step_seconds) >= a.steps:
                break
        epoch_seconds.append(time.perf_counter() - start)
        epoch_cpu_seconds.append(time.process_time() - cpu_start)
        if a.steps:
            break
    result = {"epoch_seconds": epoch_seconds, "epoch_cpu_seconds": epoch_cpu_seconds,
              "step_seconds": statistics.median(step_seconds),
              "step_cpu_seconds": statistics.median(step_cpu_seconds),
              "steps": len(step_seconds), "samples": N, "dtype": a.dtype, "threads": a.threads}
    if not a.steps:  # in batches of 1000, as mytorch-train evaluates: peak memory is the training's
        with torch.no_grad():
            right = sum((model(X_test[i:i + 1000]).argmax(1) == y_test[i:i + 1000]).sum().item()
                        for i in range(0, X_test.shape[0], 1000))
        result["test_accuracy"] = right / X_test.shape[0]
    print(json.dumps(result))


if __name__ == "__main__":
    main()
