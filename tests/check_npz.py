"""Opens a mytorch checkpoint with numpy.load and checks its entries (run by ctest: npz_numpy).

Exit code 77 (ctest's SKIP_RETURN_CODE) when numpy is not installed.
"""
import json
import sys

try:
    import numpy as np
except ImportError:
    print("numpy not available: skipped")
    sys.exit(77)

z = np.load(sys.argv[1])
architecture = json.loads(z["architecture"].item().decode())
sizes = architecture["sizes"]
for k in range(len(sizes) - 1):
    W, b = z[f"{2 * k}.W"], z[f"{2 * k}.b"]
    assert W.shape == (sizes[k + 1], sizes[k]), (k, W.shape)
    assert b.shape == (sizes[k + 1], 1), (k, b.shape)
    assert np.all(np.isfinite(W)), k
    assert z[f"optimizer.v.{2 * k}.W"].shape == W.shape
assert z["epoch"][0] == z["history"].shape[0], (z["epoch"], z["history"].shape)
assert z["rng_state"].shape == (6,)
assert z["input_mean"].shape == (1, sizes[0])
print(f"numpy.load opened {sys.argv[1]}: sizes {sizes}, {len(z.files)} entries, epoch {z['epoch'][0]}")
