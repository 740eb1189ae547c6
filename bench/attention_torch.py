"""PyTorch autograd on the same self-attention layer as hw6 ex7 (float64, one thread)."""
import sys
import time

import torch

T, d, dk, reps = (int(a) for a in (sys.argv[1:5] + ["1024", "256", "64", "10"][len(sys.argv[1:5]):]))
torch.set_num_threads(1)
g = torch.Generator().manual_seed(1)
X = torch.randn(T, d, generator=g, dtype=torch.float64, requires_grad=True)
WQ = (torch.randn(d, dk, generator=g, dtype=torch.float64) / d**0.5).requires_grad_()
WK = (torch.randn(d, dk, generator=g, dtype=torch.float64) / d**0.5).requires_grad_()
WV = (torch.randn(d, d, generator=g, dtype=torch.float64) / d**0.5).requires_grad_()
dZ = torch.randn(T, d, generator=g, dtype=torch.float64)
best = float("inf")
for _ in range(reps):
    for t in (X, WQ, WK, WV):
        t.grad = None
    start = time.perf_counter()
    Q, K, V = X @ WQ, X @ WK, X @ WV
    A = torch.softmax(Q @ K.T / dk**0.5, dim=1)
    Z = X + A @ V
    Z.backward(dZ)
    best = min(best, time.perf_counter() - start)
print(f"PyTorch {torch.__version__} autograd (float64, 1 thread): T={T} d_model={d} d_k={dk}  best of {reps}: {best:.4f} s")
