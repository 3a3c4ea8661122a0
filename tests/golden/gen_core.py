"""Golden values of the core library from PyTorch (float64): Linear, the activations, Softmax, the
losses, SGD and the homework MLPs. Writes core_<topic>.json, one file per tested header.

Every case holds its inputs (weights included: the C++ test sets them through parameters()) and
PyTorch's outputs, named in the writeup's notation.
"""
import torch
import torch.nn.functional as F

from golden_io import rows, write

torch.manual_seed(2024)


def randn(*shape, scale=1.0):
    return torch.randn(*shape) * scale


def grads_of(output, upstream, *inputs):
    """dL/d(inputs) for L = Σ upstream ⊙ output."""
    return torch.autograd.grad(output, inputs, upstream)


# ---- Linear: Z = A·Wᵀ + ι_N·bᵀ and its three gradients --------------------------------------------
def linear_cases():
    cases = []
    for N, n_in, n_out in [(4, 3, 2), (1, 3, 2), (5, 1, 4), (3, 4, 1), (1, 1, 1), (6, 5, 7)]:
        W = randn(n_out, n_in).requires_grad_()
        b = randn(n_out, 1).requires_grad_()
        A = randn(N, n_in).requires_grad_()
        dLdZ = randn(N, n_out)
        Z = A @ W.T + torch.ones(N, 1) @ b.T
        assert torch.allclose(Z, F.linear(A, W, b.flatten()))
        dLdA, dLdW, dLdb = grads_of(Z, dLdZ, A, W, b)
        cases.append({"name": f"N={N} in={n_in} out={n_out}", "W": rows(W), "b": rows(b),
                      "A": rows(A), "dLdZ": rows(dLdZ), "Z": rows(Z), "dLdA": rows(dLdA),
                      "dLdW": rows(dLdW), "dLdb": rows(dLdb)})
    return cases


# ---- the elementwise activations: A = f(Z), dLdZ = dLdA ⊙ f'(Z) ----------------------------------
ACTIVATIONS = {
    "Identity": lambda Z: Z * 1,
    "Sigmoid": torch.sigmoid,
    "Tanh": torch.tanh,
    "ReLU": torch.relu,                                   # PyTorch: relu'(0) = 0
    "GELU": lambda Z: F.gelu(Z, approximate="none"),      # exact erf form
}


def activation_inputs():
    """Z of several shapes; the first has exact zeros (ReLU'(0)) and large entries."""
    yield torch.tensor([[0.0, -1.5, 2.0, 0.0, 7.5], [-0.25, 0.0, 1e-3, -8.0, 3.0],
                        [1.0, -1.0, 0.5, -0.5, 0.0], [4.0, -4.0, 0.1, -0.1, 20.0]])
    yield randn(1, 3, scale=2.0)
    yield randn(3, 1, scale=2.0)
    yield randn(6, 4, scale=3.0)


def activation_cases():
    cases = []
    for Z0 in activation_inputs():
        dLdA = randn(*Z0.shape)
        for name, f in ACTIVATIONS.items():
            Z = Z0.clone().requires_grad_()
            A = f(Z)
            (dLdZ,) = grads_of(A, dLdA, Z)
            cases.append({"name": f"{name} {tuple(Z0.shape)}", "activation": name, "Z": rows(Z),
                          "dLdA": rows(dLdA), "A": rows(A), "dLdZ": rows(dLdZ)})
    return cases


# ---- Softmax: A, dLdZ, and each sample's Jacobian J_mn = ∂a_m/∂z_n -----------------------------
def softmax_cases():
    cases = []
    inputs = [torch.tensor([[1.0, 2.0, 3.0], [2.0, 2.0, 1.0]]), randn(4, 5, scale=2.0),
              randn(1, 3), randn(3, 1), torch.tensor([[1000.0, -1000.0, 0.0, 999.0]])]
    for Z0 in inputs:
        Z = Z0.clone().requires_grad_()
        dLdA = randn(*Z0.shape)
        A = torch.softmax(Z, dim=1)
        (dLdZ,) = grads_of(A, dLdA, Z)
        J = [torch.autograd.functional.jacobian(lambda z: torch.softmax(z, dim=0), Z0[i])
             for i in range(Z0.shape[0])]
        cases.append({"name": f"softmax {tuple(Z0.shape)}", "Z": rows(Z), "dLdA": rows(dLdA),
                      "A": rows(A), "dLdZ": rows(dLdZ), "J": [rows(j) for j in J]})
    return cases


# ---- losses: L and dLdA ----------------------------------------------------------------------------
def one_hot(labels, C):
    return F.one_hot(torch.tensor(labels), C).to(torch.float64)


def loss_cases():
    cases = []
    mse_inputs = [(randn(4, 3), randn(4, 3)), (randn(1, 5), randn(1, 5)), (randn(6, 1), randn(6, 1)),
                  (randn(1, 1), randn(1, 1))]
    for A0, Y in mse_inputs:
        A = A0.clone().requires_grad_()
        L = F.mse_loss(A, Y, reduction="mean")
        (dLdA,) = torch.autograd.grad(L, A)
        cases.append({"name": f"MSELoss {tuple(A0.shape)}", "loss": "MSELoss", "A": rows(A),
                      "Y": rows(Y), "L": L.item(), "dLdA": rows(dLdA)})
    ce_inputs = [(randn(4, 3, scale=2.0), one_hot([0, 2, 1, 2], 3)),
                 (randn(1, 5), one_hot([3], 5)),
                 (randn(3, 1), one_hot([0, 0, 0], 1)),        # C = 1: L = 0, dLdA = 0
                 (torch.tensor([[1000.0, -1000.0, 0.0], [-1000.0, 1000.0, 0.0],
                                [1000.0, 1000.0, -1000.0]]), one_hot([1, 1, 0], 3)),
                 (randn(8, 10, scale=3.0), one_hot([0, 1, 2, 3, 4, 5, 6, 9], 10))]
    for A0, Y in ce_inputs:
        A = A0.clone().requires_grad_()
        L = F.cross_entropy(A, Y, reduction="mean")  # Y as class probabilities: −Σ Y log σ(A) / N
        (dLdA,) = torch.autograd.grad(L, A)
        assert torch.isfinite(L) and torch.isfinite(dLdA).all()
        cases.append({"name": f"CrossEntropyLoss {tuple(A0.shape)}", "loss": "CrossEntropyLoss",
                      "A": rows(A), "Y": rows(Y), "L": L.item(), "dLdA": rows(dLdA)})
    return cases


# ---- SGD: several steps from fixed gradients, torch.optim.SGD ------------------------------------
def sgd_cases():
    cases = []
    for lr, momentum in [(0.1, 0.0), (0.1, 0.9), (0.05, 0.5)]:
        W = randn(3, 2).requires_grad_()
        b = randn(3, 1).requires_grad_()
        W0, b0 = W.detach().clone(), b.detach().clone()
        opt = torch.optim.SGD([W, b], lr=lr, momentum=momentum)
        steps = []
        for _ in range(4):
            dLdW, dLdb = randn(3, 2), randn(3, 1)
            W.grad, b.grad = dLdW.clone(), dLdb.clone()
            opt.step()
            steps.append({"dLdW": rows(dLdW), "dLdb": rows(dLdb), "W": rows(W), "b": rows(b)})
        cases.append({"name": f"lr={lr} momentum={momentum}", "lr": lr, "momentum": momentum,
                      "W": rows(W0), "b": rows(b0), "steps": steps})
    return cases


# ---- the homework MLPs: forward and backward with given weights ----------------------------------
MLPS = {"MLP0": [2, 3], "MLP1": [2, 3, 2], "MLP4": [2, 4, 8, 8, 4, 2]}


def mlp_case(name, sizes, N):
    # Positive biases keep most ReLUs active, so the gradients are not mostly zeros.
    layers = [(randn(n_out, n_in).requires_grad_(), (0.3 + 0.5 * torch.rand(n_out, 1)).requires_grad_())
              for n_in, n_out in zip(sizes, sizes[1:])]
    X = randn(N, sizes[0]).requires_grad_()
    out = X
    for W, b in layers:  # each Linear followed by ReLU
        out = torch.relu(out @ W.T + b.T)
    dLdY = randn(*out.shape)
    flat = [t for layer in layers for t in layer]
    dLdX, *dparams = grads_of(out, dLdY, X, *flat)
    return {"name": f"{name} N={N}", "model": name, "X": rows(X), "dLdY": rows(dLdY),
            "Y": rows(out), "dLdX": rows(dLdX),
            "layers": [{"W": rows(W), "b": rows(b), "dLdW": rows(dparams[2 * k]),
                        "dLdb": rows(dparams[2 * k + 1])} for k, (W, b) in enumerate(layers)]}


def mlp_cases():
    cases = []
    for name, sizes in MLPS.items():
        for N in [5, 1]:
            # Draw again until every sample's gradient reaches the input (no sample fully cut off
            # by dead ReLUs): a test of all-zero gradients would prove little.
            case = mlp_case(name, sizes, N)
            while any(all(g == 0 for g in row) for row in case["dLdX"]):
                case = mlp_case(name, sizes, N)
            cases.append(case)
    return cases


if __name__ == "__main__":
    write("core_linear", linear_cases())
    write("core_activation", activation_cases())
    write("core_softmax", softmax_cases())
    write("core_loss", loss_cases())
    write("core_sgd", sgd_cases())
    write("core_mlp", mlp_cases())
