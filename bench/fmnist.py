"""Fashion-MNIST for the Python sides of bench/compare, prepared as mytorch-train prepares it.

Reads the IDX files of Debian's dataset-fashion-mnist (/usr/share/datasets/fashion-mnist), scales
pixels to [0, 1], and standardises each feature with the training set's mean and (population)
standard deviation, a constant feature getting std 1 (mytorch/data/standardizer.hpp).
"""
import argparse
import gzip
import os

import numpy as np

DATA_DIR = "/usr/share/datasets/fashion-mnist"


def _idx(path):
    with gzip.open(path, "rb") as f:
        raw = f.read()
    ndim = raw[3]
    shape = tuple(int.from_bytes(raw[4 + 4 * k:8 + 4 * k], "big") for k in range(ndim))
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim).reshape(shape)


def load(dtype, data_dir=DATA_DIR):
    """(X_train, y_train, X_test, y_test): X (N, 784) standardised in dtype, y int64 labels."""
    def images(name):
        return _idx(os.path.join(data_dir, name)).reshape(-1, 784).astype(dtype) / dtype(255)

    X_train, X_test = images("train-images-idx3-ubyte.gz"), images("t10k-images-idx3-ubyte.gz")
    y_train = _idx(os.path.join(data_dir, "train-labels-idx1-ubyte.gz")).astype(np.int64)
    y_test = _idx(os.path.join(data_dir, "t10k-labels-idx1-ubyte.gz")).astype(np.int64)
    mean = X_train.mean(axis=0)
    std = X_train.std(axis=0)
    std[std == 0] = 1
    X_train -= mean
    X_train /= std
    X_test -= mean
    X_test /= std
    return X_train, y_train, X_test, y_test


def arg_parser():
    """The flags every implementation in the comparison takes (same defaults as bench/compare)."""
    p = argparse.ArgumentParser()
    p.add_argument("--epochs", type=int, default=3)
    p.add_argument("--batch-size", type=int, default=64)
    p.add_argument("--lr", type=float, default=0.01)
    p.add_argument("--momentum", type=float, default=0.9)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--dtype", choices=["float64", "float32"], default="float64")
    return p
