"""Golden values of the convolution family from PyTorch (float64): Conv1d, Conv2d, the course's
ConvTranspose1d/2d, Upsample/Downsample 1d/2d, MaxPool2d/MeanPool2d, BatchNorm2d, two training steps
of a small CNN, and one step of models::CNN with every number along the way. Writes conv.json; every case
has a "layer" field naming the class it checks.

Layouts as mytorch's: a batch is (N, C·H·W) (or (N, C·W)), each sample flattened channel-major as torch's
contiguous tensor; a convolution's W is torch's weight reshaped to (C_out, C_in·K·K), b is (C_out, 1).
Every gradient comes from autograd with upstream gradient dLdZ (L = Σ dLdZ ⊙ Z).

The course's layers that torch does not have are computed from their definitions:
  Upsample(k):        zeros(..., (H − 1)·k + 1, (W − 1)·k + 1) with [..., ::k, ::k] = A
  Downsample(k):      A[..., ::k, ::k]
  ConvTranspose(k):   F.conv2d(Upsample(k)(A), W, b)   (stride 1, no padding; not torch's ConvTranspose)
  BatchNorm2d:        per channel over N·H·W with the biased variance, also for the running variance
                      (BZ and the gradients are asserted equal to torch.nn.BatchNorm2d's)
"""
import torch
import torch.nn.functional as F

from golden_io import rows, write

torch.manual_seed(7)


def randn(*shape, scale=1.0):
    return (torch.randn(*shape) * scale).requires_grad_()


def flat(t):
    """(N, C, …) -> (N, C·…): a batch as mytorch's rows."""
    return rows(t.reshape(t.shape[0], -1))


def grads_of(output, upstream, *inputs):
    return torch.autograd.grad(output, inputs, upstream)


def conv_case(layer, A, W, b, forward, **settings):
    Z = forward(A, W, b)
    dLdZ = torch.randn(*Z.shape)
    dLdA, dLdW, dLdb = grads_of(Z, dLdZ, A, W, b)
    return {"layer": layer, "name": f"{layer} A{tuple(A.shape)} W{tuple(W.shape)} {settings}",
            **settings, "C_out": W.shape[0], "K": W.shape[-1], "A": flat(A), "W": flat(W), "b": rows(b),
            "dLdZ": flat(dLdZ), "Z": flat(Z), "dLdA": flat(dLdA), "dLdW": flat(dLdW), "dLdb": rows(dLdb)}


# ---- Conv1d and Conv2d: F.conv1d / F.conv2d ---------------------------------------------------------
def conv1d_cases():
    cases = []
    for N, C_in, W, C_out, K, s, p in [(2, 1, 5, 1, 3, 1, 0), (3, 2, 7, 3, 3, 2, 1), (2, 3, 10, 2, 4, 3, 2),
                                       (1, 2, 6, 4, 1, 1, 0), (2, 1, 4, 2, 5, 1, 1), (2, 2, 9, 3, 3, 2, 0)]:
        A, Wt, b = randn(N, C_in, W), randn(C_out, C_in, K), randn(C_out)
        cases.append(conv_case("Conv1d", A, Wt, b, lambda A, W, b: F.conv1d(A, W, b, stride=s, padding=p),
                               C=C_in, W_in=W, stride=s, padding=p))
    return cases


def conv2d_cases():
    cases = []
    for N, C_in, H, W, C_out, K, s, p in [(2, 1, 5, 5, 1, 3, 1, 0), (2, 2, 6, 5, 3, 3, 2, 1),
                                          (1, 3, 7, 4, 2, 2, 1, 0), (3, 2, 5, 8, 4, 3, 3, 2),
                                          (2, 1, 4, 4, 2, 5, 1, 1), (2, 2, 9, 7, 2, 4, 2, 1),
                                          (1, 1, 3, 3, 1, 1, 1, 0), (2, 3, 6, 6, 2, 3, 1, 1)]:
        A, Wt, b = randn(N, C_in, H, W), randn(C_out, C_in, K, K), randn(C_out)
        cases.append(conv_case("Conv2d", A, Wt, b, lambda A, W, b: F.conv2d(A, W, b, stride=s, padding=p),
                               C=C_in, H=H, W_in=W, stride=s, padding=p))
    return cases


# ---- the course's resampling and transposed convolution, from their definitions -----------------------
def upsample(A, k):
    """k − 1 zeros between neighbouring entries along every spatial dimension."""
    size = [(n - 1) * k + 1 for n in A.shape[2:]]
    U = torch.zeros(*A.shape[:2], *size)
    if A.dim() == 3:
        U[:, :, ::k] = A
    else:
        U[:, :, ::k, ::k] = A
    return U


def downsample(A, k):
    return A[:, :, ::k] if A.dim() == 3 else A[:, :, ::k, ::k]


def resample_cases():
    cases = []
    for shape, k in [((2, 2, 5), 2), ((1, 1, 4), 3), ((2, 3, 6), 1), ((1, 2, 7), 4),
                     ((2, 2, 3, 4), 2), ((1, 1, 5, 5), 3), ((2, 3, 4, 3), 1), ((1, 2, 6, 7), 4)]:
        dim = len(shape) - 2
        for name, f in [(f"Upsample{dim}d", upsample), (f"Downsample{dim}d", downsample)]:
            A = randn(*shape)
            Z = f(A, k)
            dLdZ = torch.randn(*Z.shape)
            (dLdA,) = grads_of(Z, dLdZ, A)
            spatial = {"W_in": shape[-1]} if dim == 1 else {"H": shape[2], "W_in": shape[3]}
            cases.append({"layer": name, "name": f"{name} {shape} k={k}", "C": shape[1], **spatial,
                          "factor": k, "A": flat(A), "Z": flat(Z), "dLdZ": flat(dLdZ), "dLdA": flat(dLdA)})
    return cases


def conv_transpose_cases():
    cases = []
    for shape, C_out, K, k in [((2, 1, 4), 1, 3, 2), ((2, 2, 3), 3, 2, 3), ((1, 3, 5), 2, 1, 1),
                               ((2, 2, 3), 2, 4, 2), ((2, 1, 3, 3), 1, 3, 2), ((1, 2, 3, 4), 3, 2, 3),
                               ((2, 3, 2, 2), 2, 2, 1), ((1, 2, 4, 3), 2, 3, 2)]:
        dim = len(shape) - 2
        A, W, b = randn(*shape), randn(C_out, shape[1], *([K] * dim)), randn(C_out)
        conv = F.conv1d if dim == 1 else F.conv2d
        spatial = {"W_in": shape[-1]} if dim == 1 else {"H": shape[2], "W_in": shape[3]}
        cases.append(conv_case(f"ConvTranspose{dim}d", A, W, b, lambda A, W, b: conv(upsample(A, k), W, b),
                               C=shape[1], factor=k, **spatial))
    return cases


# ---- MaxPool2d and MeanPool2d: F.max_pool2d / F.avg_pool2d ----------------------------------------------
def pool_cases():
    cases = []
    for N, C, H, W, K, s, ties in [(2, 2, 4, 4, 2, 2, False), (1, 3, 5, 7, 3, 2, False),
                                   (2, 1, 6, 5, 2, 1, False), (1, 2, 5, 5, 3, 3, False),
                                   (2, 2, 4, 6, 2, 2, True), (1, 2, 5, 5, 3, 1, True), (1, 1, 3, 3, 3, 1, False)]:
        # With ties (small integers), max pooling's gradient goes to the first maximum in row-major order.
        A0 = torch.randint(0, 3, (N, C, H, W)).double() if ties else torch.randn(N, C, H, W)
        for name, f in [("MaxPool2d", F.max_pool2d), ("MeanPool2d", F.avg_pool2d)]:
            A = A0.clone().requires_grad_()
            Z = f(A, K, s)
            dLdZ = torch.randn(*Z.shape)
            (dLdA,) = grads_of(Z, dLdZ, A)
            cases.append({"layer": name, "name": f"{name} {(N, C, H, W)} K={K} s={s} ties={ties}",
                          "C": C, "H": H, "W_in": W, "K": K, "stride": s, "A": flat(A), "Z": flat(Z),
                          "dLdZ": flat(dLdZ), "dLdA": flat(dLdA)})
    return cases


# ---- BatchNorm2d: the course's formulas, per channel over N·H·W ------------------------------------------
EPS = 1e-8


def course_batchnorm2d(Z, BW, Bb, M, V):
    shape = (1, -1, 1, 1)
    return BW.reshape(shape) * (Z - M.reshape(shape)) / torch.sqrt(V.reshape(shape) + EPS) + Bb.reshape(shape)


def batch_statistics(Z):
    M = Z.mean(dim=(0, 2, 3))
    V = ((Z - M.reshape(1, -1, 1, 1)) ** 2).mean(dim=(0, 2, 3))  # biased
    return M, V


def batchnorm2d_cases():
    cases = []
    for N, C, H, W, alpha in [(2, 3, 2, 2, 0.9), (1, 2, 3, 4, 0.9), (4, 1, 2, 3, 0.7), (3, 2, 1, 1, 0.9)]:
        Z1 = torch.randn(N, C, H, W) * 2 + 1
        Z = randn(N, C, H, W, scale=3.0)
        BW, Bb = randn(C), randn(C)
        dLdBZ = torch.randn(N, C, H, W)
        running_M, running_V = torch.zeros(C), torch.ones(C)
        for batch in (Z1, Z.detach()):
            M, V = batch_statistics(batch)
            running_M = alpha * running_M + (1 - alpha) * M
            running_V = alpha * running_V + (1 - alpha) * V
        M, V = batch_statistics(Z)
        BZ = course_batchnorm2d(Z, BW, Bb, M, V)
        dLdZ, dLdBW, dLdBb = grads_of(BZ, dLdBZ, Z, BW, Bb)

        Z_eval = randn(2, C, H, W, scale=2.0)
        dLdBZ_eval = torch.randn(2, C, H, W)
        BZ_eval = course_batchnorm2d(Z_eval, BW, Bb, running_M, running_V)
        dLdZ_eval, dLdBW_eval, dLdBb_eval = grads_of(BZ_eval, dLdBZ_eval, Z_eval, BW, Bb)

        if N * H * W > 1:  # torch refuses a channel of one value in training mode
            torch_bn = torch.nn.BatchNorm2d(C, eps=EPS, momentum=1 - alpha)
            with torch.no_grad():
                torch_bn.weight.copy_(BW)
                torch_bn.bias.copy_(Bb)
            Zt = Z.detach().clone().requires_grad_()
            out = torch_bn(Zt)
            out.backward(dLdBZ)
            assert torch.allclose(out, BZ, atol=1e-12)
            assert torch.allclose(Zt.grad, dLdZ, atol=1e-10)
            assert torch.allclose(torch_bn.weight.grad, dLdBW, atol=1e-10)
            assert torch.allclose(torch_bn.bias.grad, dLdBb, atol=1e-12)

        cases.append({"layer": "BatchNorm2d", "name": f"BatchNorm2d {(N, C, H, W)} alpha={alpha}",
                      "C": C, "H": H, "W_in": W, "alpha": alpha, "Z1": flat(Z1), "Z": flat(Z),
                      "BW": rows(BW.reshape(1, -1)), "Bb": rows(Bb.reshape(1, -1)), "dLdBZ": flat(dLdBZ),
                      "BZ": flat(BZ), "dLdZ": flat(dLdZ), "dLdBW": rows(dLdBW.reshape(1, -1)),
                      "dLdBb": rows(dLdBb.reshape(1, -1)), "running_M": rows(running_M.reshape(1, -1)),
                      "running_V": rows(running_V.reshape(1, -1)), "Z_eval": flat(Z_eval),
                      "dLdBZ_eval": flat(dLdBZ_eval), "BZ_eval": flat(BZ_eval), "dLdZ_eval": flat(dLdZ_eval),
                      "dLdBW_eval": rows(dLdBW_eval.reshape(1, -1)),
                      "dLdBb_eval": rows(dLdBb_eval.reshape(1, -1))})
    return cases


# ---- a small CNN, two SGD steps ---------------------------------------------------------------------------
def cnn_cases():
    """The training demo's CNN in miniature: 1×8×8 images,
    Conv2d(1→3, 3×3, padding 1) → ReLU → MaxPool2d(2, 2) → Conv2d(3→4, 3×3, padding 1) → ReLU →
    MaxPool2d(2, 2) → Flatten → Linear(16→8) → ReLU → Linear(8→3); CrossEntropyLoss; SGD with momentum."""
    nn = torch.nn
    model = nn.Sequential(nn.Conv2d(1, 3, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2, 2),
                          nn.Conv2d(3, 4, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2, 2),
                          nn.Flatten(), nn.Linear(16, 8), nn.ReLU(), nn.Linear(8, 3))
    lr, momentum = 0.1, 0.9

    def params():
        """W and b of each layer with parameters, in mytorch's layout, in order."""
        out = []
        for layer in model:
            if hasattr(layer, "weight"):
                out.append({"W": flat(layer.weight), "b": rows(layer.bias)})
        return out

    initial = params()
    opt = torch.optim.SGD(model.parameters(), lr=lr, momentum=momentum)
    batches, losses = [], []
    for _ in range(2):
        X = torch.randn(5, 1, 8, 8)
        labels = torch.randint(0, 3, (5,))
        opt.zero_grad()
        loss = F.cross_entropy(model(X), labels)
        loss.backward()
        opt.step()
        batches.append({"X": flat(X), "Y": rows(F.one_hot(labels, 3).double())})
        losses.append(loss.item())
    return [{"layer": "CNN", "name": "CNN 1x8x8, two SGD steps", "lr": lr, "momentum": momentum,
             "initial": initial, "batches": batches, "losses": losses, "final": params()}]


# ---- models::CNN: one training step, every number along the way ------------------------------------------
def cnn_model_cases():
    """models::CNN({2, 8, 6}, {3, 4}, {7}, 4) as torch layers: each block Conv2d(3×3, padding 1) → ReLU →
    MaxPool2d(2, 2) (8×6 → 4×3 → 2×1, the floor of an odd size), then Flatten → Linear(8→7) → ReLU →
    Linear(7→4). One step: logits, CrossEntropyLoss, backward (every parameter's gradient and dLdX), and
    SGD with momentum; the C++ test copies the initial parameters into a models::CNN."""
    nn = torch.nn
    model = nn.Sequential(nn.Conv2d(2, 3, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2, 2),
                          nn.Conv2d(3, 4, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2, 2),
                          nn.Flatten(), nn.Linear(8, 7), nn.ReLU(), nn.Linear(7, 4))
    lr, momentum = 0.1, 0.9
    layers = [layer for layer in model if hasattr(layer, "weight")]

    def params(of=lambda p: p):
        """W and b of each layer with parameters (or their gradients), in mytorch's layout, in order."""
        return [{"W": flat(of(layer.weight)), "b": rows(of(layer.bias))} for layer in layers]

    initial = params()
    X = randn(5, 2, 8, 6)
    labels = torch.randint(0, 4, (5,))
    opt = torch.optim.SGD(model.parameters(), lr=lr, momentum=momentum)
    opt.zero_grad()
    logits = model(X)
    loss = F.cross_entropy(logits, labels)
    loss.backward()
    gradients = params(lambda p: p.grad)
    opt.step()
    return [{"layer": "models::CNN", "name": "models::CNN 2x8x6 conv [3, 4] hidden [7] 4 classes, one SGD step",
             "image": [2, 8, 6], "conv": [3, 4], "hidden": [7], "classes": 4, "lr": lr, "momentum": momentum,
             "X": flat(X), "Y": rows(F.one_hot(labels, 4).double()), "initial": initial, "logits": rows(logits),
             "loss": loss.item(), "gradients": gradients, "dLdX": flat(X.grad), "final": params()}]


write("conv", conv1d_cases() + conv2d_cases() + conv_transpose_cases() + resample_cases() + pool_cases()
      + batchnorm2d_cases() + cnn_cases() + cnn_model_cases())
