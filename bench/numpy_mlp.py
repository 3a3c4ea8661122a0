#!/usr/bin/python3
"""The bench/compare network in NumPy, written as mytorch is (and as the course's homework is): each
layer a class with forward and backward in the writeup's notation. Fashion-MNIST, MLP 784-256-128-10
ReLU, cross-entropy, SGD with momentum. Prints one JSON line like torch_mlp.py.

  /usr/bin/python3 bench/numpy_mlp.py --epochs 3 --dtype float64
"""
import json
import time

import numpy as np

import fmnist


class Linear:
    """Z = A · Wᵀ + ι_N · bᵀ;  dLdA = dLdZ · W, dLdW = dLdZᵀ · A, dLdb = dLdZᵀ · ι_N."""

    def __init__(self, rng, in_features, out_features, dtype, first=False):
        bound = 1 / np.sqrt(in_features)
        self.W = rng.uniform(-bound, bound, (out_features, in_features)).astype(dtype)
        self.b = rng.uniform(-bound, bound, (out_features, 1)).astype(dtype)
        self.first = first  # its input is the data: no dLdA needed (as mytorch and PyTorch)

    def forward(self, A):
        self.A = A
        return A @ self.W.T + self.b.T

    def backward(self, dLdZ):
        self.dLdW = dLdZ.T @ self.A
        self.dLdb = dLdZ.sum(axis=0, keepdims=True).T
        return None if self.first else dLdZ @ self.W

    def parameters(self):
        return [("W", "dLdW"), ("b", "dLdb")]


class ReLU:
    def forward(self, Z):
        self.A = np.maximum(Z, 0)
        return self.A

    def backward(self, dLdA):
        return dLdA * (self.A > 0)


class CrossEntropyLoss:
    """L = −Σ Y ⊙ log softmax(A) / N;  dLdA = (softmax(A) − Y) / N."""

    def forward(self, A, Y):
        shifted = A - A.max(axis=1, keepdims=True)
        log_sigma = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
        self.sigma, self.Y = np.exp(log_sigma), Y
        return -(Y * log_sigma).sum() / A.shape[0]

    def backward(self):
        return (self.sigma - self.Y) / self.Y.shape[0]


class SGD:
    """v ← μ · v + g;  W ← W − lr · v."""

    def __init__(self, layers, lr, momentum):
        self.params = [(layer, p, g) for layer in layers if hasattr(layer, "parameters")
                       for p, g in layer.parameters()]
        self.v = [np.zeros_like(getattr(layer, p)) for layer, p, _ in self.params]
        self.lr, self.momentum = lr, momentum

    def step(self):
        for (layer, p, g), v in zip(self.params, self.v):
            v *= self.momentum
            v += getattr(layer, g)
            getattr(layer, p)[...] -= self.lr * v


def main():
    p = fmnist.arg_parser()
    a = p.parse_args()

    dtype = getattr(np, a.dtype)
    rng = np.random.default_rng(a.seed)
    X_train, y_train, X_test, y_test = fmnist.load(dtype)
    eye = np.eye(10, dtype=dtype)
    layers = [Linear(rng, 784, 256, dtype, first=True), ReLU(), Linear(rng, 256, 128, dtype), ReLU(),
              Linear(rng, 128, 10, dtype)]
    loss = CrossEntropyLoss()
    sgd = SGD(layers, a.lr, a.momentum)
    N = X_train.shape[0]
    epoch_seconds = []
    for _ in range(a.epochs):
        start = time.perf_counter()
        order = rng.permutation(N)
        for first in range(0, N, a.batch_size):
            idx = order[first:first + a.batch_size]
            A = X_train[idx]
            for layer in layers:
                A = layer.forward(A)
            loss.forward(A, eye[y_train[idx]])
            dLdA = loss.backward()
            for layer in reversed(layers):
                dLdA = layer.backward(dLdA)
            sgd.step()
        epoch_seconds.append(time.perf_counter() - start)
    A = X_test
    for layer in layers:
        A = layer.forward(A)
    accuracy = float((A.argmax(axis=1) == y_test).mean())
    print(json.dumps({"epoch_seconds": epoch_seconds, "test_accuracy": accuracy, "samples": N}))


if __name__ == "__main__":
    main()
