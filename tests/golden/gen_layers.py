"""Golden values of BatchNorm1d, Dropout, the extra activations (LeakyReLU, ELU, Softplus, Swish),
Adam and AdamW from PyTorch (float64). Writes layers.json; every case has a "layer" field naming the
class it checks, its inputs, and PyTorch's outputs named in the writeup's notation.

BatchNorm1d: the course's running variance uses the biased batch variance, torch's the unbiased one,
so the golden running_V comes from the course formula (running_V = α·running_V + (1 − α)·V, V biased);
BZ and every gradient come from autograd through the course's forward, and are asserted equal to
torch.nn.BatchNorm1d(eps=1e-8, momentum=1 − α) whenever torch accepts the batch (N > 1).
"""
import torch
import torch.nn.functional as F

from golden_io import rows, write

torch.manual_seed(4)


def randn(*shape, scale=1.0):
    return torch.randn(*shape) * scale


def grads_of(output, upstream, *inputs):
    """dL/d(inputs) for L = Σ upstream ⊙ output."""
    return torch.autograd.grad(output, inputs, upstream)


# ---- BatchNorm1d ---------------------------------------------------------------------------------
EPS = 1e-8


def course_batchnorm(Z, BW, Bb, M, V):
    NZ = (Z - M) / torch.sqrt(V + EPS)
    return BW * NZ + Bb


def batchnorm_cases():
    cases = []
    for N, C, alpha in [(4, 3, 0.9), (1, 3, 0.9), (5, 1, 0.9), (1, 1, 0.9), (8, 5, 0.7), (2, 2, 0.9)]:
        # Two training batches move the running statistics; gradients are of the second one.
        Z1 = randn(N, C, scale=2.0) + 1.0
        Z = (randn(N, C, scale=3.0) - 0.5).requires_grad_()
        BW = randn(1, C).requires_grad_()
        Bb = randn(1, C).requires_grad_()
        dLdBZ = randn(N, C)
        running_M, running_V = torch.zeros(1, C), torch.ones(1, C)
        for batch in (Z1, Z.detach()):
            M = batch.mean(0, keepdim=True)
            V = batch.var(0, unbiased=False, keepdim=True)
            running_M = alpha * running_M + (1 - alpha) * M
            running_V = alpha * running_V + (1 - alpha) * V
        M = Z.mean(0, keepdim=True)
        V = ((Z - M) ** 2).mean(0, keepdim=True)  # biased
        BZ = course_batchnorm(Z, BW, Bb, M, V)
        dLdZ, dLdBW, dLdBb = grads_of(BZ, dLdBZ, Z, BW, Bb)

        # Evaluation mode: the running statistics are constants.
        Z_eval = randn(3, C, scale=2.0).requires_grad_()
        dLdBZ_eval = randn(3, C)
        BZ_eval = course_batchnorm(Z_eval, BW, Bb, running_M, running_V)
        dLdZ_eval, dLdBW_eval, dLdBb_eval = grads_of(BZ_eval, dLdBZ_eval, Z_eval, BW, Bb)

        if N > 1:
            torch_bn = torch.nn.BatchNorm1d(C, eps=EPS, momentum=1 - alpha)
            with torch.no_grad():
                torch_bn.weight.copy_(BW.flatten())
                torch_bn.bias.copy_(Bb.flatten())
            Zt = Z.detach().clone().requires_grad_()
            out = torch_bn(Zt)
            out.backward(dLdBZ)
            assert torch.allclose(out, BZ, atol=1e-12)
            assert torch.allclose(Zt.grad, dLdZ, atol=1e-10)
            assert torch.allclose(torch_bn.weight.grad, dLdBW.flatten(), atol=1e-10)
            assert torch.allclose(torch_bn.bias.grad, dLdBb.flatten(), atol=1e-12)
            torch_bn.eval()
            with torch.no_grad():
                torch_bn.running_mean.copy_(running_M.flatten())
                torch_bn.running_var.copy_(running_V.flatten())
                assert torch.allclose(torch_bn(Z_eval), BZ_eval, atol=1e-12)

        cases.append({"layer": "BatchNorm1d", "name": f"N={N} C={C} alpha={alpha}", "alpha": alpha,
                      "Z1": rows(Z1), "Z": rows(Z), "BW": rows(BW), "Bb": rows(Bb),
                      "dLdBZ": rows(dLdBZ), "BZ": rows(BZ), "dLdZ": rows(dLdZ),
                      "dLdBW": rows(dLdBW), "dLdBb": rows(dLdBb),
                      "running_M": rows(running_M), "running_V": rows(running_V),
                      "Z_eval": rows(Z_eval), "dLdBZ_eval": rows(dLdBZ_eval),
                      "BZ_eval": rows(BZ_eval), "dLdZ_eval": rows(dLdZ_eval),
                      "dLdBW_eval": rows(dLdBW_eval), "dLdBb_eval": rows(dLdBb_eval)})
    return cases


# ---- Dropout: torch's mask, so the C++ test compares the entries both keep -----------------------
def dropout_cases():
    cases = []
    for N, C, p in [(4, 5, 0.5), (1, 1, 0.2), (1, 6, 0.3), (7, 1, 0.9), (3, 4, 0.0)]:
        X = randn(N, C).requires_grad_()
        dLdY = randn(N, C)
        Y = F.dropout(X, p=p, training=True)
        (dLdX,) = grads_of(Y, dLdY, X)
        kept = (Y != 0).to(torch.float64)
        cases.append({"layer": "Dropout", "name": f"N={N} C={C} p={p}", "p": p, "X": rows(X),
                      "dLdY": rows(dLdY), "Y": rows(Y), "kept": rows(kept), "dLdX": rows(dLdX),
                      "Y_eval": rows(F.dropout(X, p=p, training=False))})
    return cases


# ---- the extra activations ------------------------------------------------------------------------
def activation_inputs():
    """Z of several shapes; the first has exact zeros, and entries either side of Softplus's
    threshold (β·z = 20 for β = 1, 10 for β = 2)."""
    yield torch.tensor([[0.0, -1.5, 2.0, 0.0, 7.5], [-0.25, 0.0, 1e-3, -8.0, 3.0],
                        [19.5, 20.5, 4.9, 5.1, -30.0], [4.0, -4.0, 0.1, -0.1, 25.0]])
    yield randn(1, 1, scale=2.0)
    yield randn(1, 4, scale=2.0)
    yield randn(5, 1, scale=2.0)
    yield randn(6, 3, scale=3.0)


ACTIVATIONS = [  # (class, hyper-parameters as the C++ constructor takes them, torch function)
    ("LeakyReLU", {"negative_slope": 0.01}, lambda Z: F.leaky_relu(Z, 0.01)),
    ("LeakyReLU", {"negative_slope": 0.2}, lambda Z: F.leaky_relu(Z, 0.2)),
    ("ELU", {"alpha": 1.0}, lambda Z: F.elu(Z, 1.0)),
    ("ELU", {"alpha": 0.5}, lambda Z: F.elu(Z, 0.5)),
    ("Softplus", {"beta": 1.0, "threshold": 20.0}, lambda Z: F.softplus(Z, 1.0, 20.0)),
    ("Softplus", {"beta": 2.0, "threshold": 10.0}, lambda Z: F.softplus(Z, 2.0, 10.0)),
]


def activation_cases():
    cases = []
    for Z0 in activation_inputs():
        for layer, hyper, f in ACTIVATIONS:
            Z = Z0.clone().requires_grad_()
            dLdA = randn(*Z.shape)
            A = f(Z)
            (dLdZ,) = grads_of(A, dLdA, Z)
            cases.append({"layer": layer, "name": f"{layer} {hyper} {tuple(Z.shape)}", **hyper,
                          "Z": rows(Z), "dLdA": rows(dLdA), "A": rows(A), "dLdZ": rows(dLdZ)})
        for beta0 in (1.0, 0.5, -1.5):
            Z = Z0.clone().requires_grad_()
            beta = torch.tensor([[beta0]], requires_grad=True)
            dLdA = randn(*Z.shape)
            A = Z * torch.sigmoid(beta * Z)
            if beta0 == 1.0:
                assert torch.allclose(A, F.silu(Z))
            dLdZ, dLdbeta = grads_of(A, dLdA, Z, beta)
            cases.append({"layer": "Swish", "name": f"Swish beta={beta0} {tuple(Z.shape)}",
                          "beta": rows(beta), "Z": rows(Z), "dLdA": rows(dLdA), "A": rows(A),
                          "dLdZ": rows(dLdZ), "dLdbeta": rows(dLdbeta)})
    return cases


# ---- Adam and AdamW: several steps from fixed gradients, torch.optim --------------------------------
OPTIMIZERS = [
    ("Adam", {"lr": 1e-3, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8}),
    ("Adam", {"lr": 0.05, "beta1": 0.8, "beta2": 0.99, "eps": 1e-6}),
    ("AdamW", {"lr": 1e-3, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "weight_decay": 0.01}),
    ("AdamW", {"lr": 0.1, "beta1": 0.5, "beta2": 0.9, "eps": 1e-8, "weight_decay": 0.3}),
]


def make_torch_optimizer(name, params, h):
    betas = (h["beta1"], h["beta2"])
    if name == "Adam":
        return torch.optim.Adam(params, lr=h["lr"], betas=betas, eps=h["eps"])
    return torch.optim.AdamW(params, lr=h["lr"], betas=betas, eps=h["eps"],
                             weight_decay=h["weight_decay"])


def optimizer_cases():
    cases = []
    steps = 6
    for name, h in OPTIMIZERS:
        for shape in [(3, 2), (1, 1), (1, 4), (5, 1)]:
            W0 = randn(*shape)
            grads = [randn(*shape, scale=0.5) for _ in range(steps)]
            grads[2] = torch.zeros(*shape)  # a zero gradient still moves W (momentum, decay)
            W = W0.clone().requires_grad_()
            opt = make_torch_optimizer(name, [W], h)
            trajectory = []
            for g in grads:
                W.grad = g.clone()
                opt.step()
                trajectory.append(rows(W))
            state = opt.state[W]
            cases.append({"layer": name, "name": f"{name} {h} {shape}", **h, "W0": rows(W0),
                          "grads": [rows(g) for g in grads], "W": trajectory,
                          "m": rows(state["exp_avg"]), "v": rows(state["exp_avg_sq"])})
    return cases


write("layers", batchnorm_cases() + dropout_cases() + activation_cases() + optimizer_cases())
