"""Helpers shared by the gen_*.py scripts: seeded tensors and writing a golden JSON file."""
import json
import pathlib

import torch

torch.set_default_dtype(torch.float64)
HERE = pathlib.Path(__file__).resolve().parent


def rows(t):
    """A 2-D tensor as a list of rows of Python floats (float64, repr keeps all digits)."""
    t = t.detach().to(torch.float64)
    if t.dim() == 1:
        t = t.reshape(-1, 1)
    return [[float(x) for x in row] for row in t]


def write(name, cases):
    path = HERE / f"{name}.json"
    with open(path, "w") as f:
        json.dump({"generator": "tests/golden/generate.py", "torch": torch.__version__,
                   "cases": cases}, f, indent=1)
        f.write("\n")
    print(f"  wrote {path.name}: {len(cases)} cases")
