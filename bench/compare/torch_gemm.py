"""PyTorch (OpenBLAS) side of Nabla's `gemm` benchmark (bench/Nabla.Bench/GemmBenchmark.cs).

GFLOP/s (2*m*n*k per call) of torch.mm into a preallocated output for the cubes 128..2048 and the MLP shapes of
issue 3, with the same case labels (m x k x n and the transposes; a transposed operand is a transposed view, which
torch passes to sgemm as a transpose flag); median of 9 samples of at least 0.02 s after 3 warm-up calls, as Nabla's
Timing.Measure. The thread count is OpenBLAS's (OPENBLAS_NUM_THREADS, read when the library loads), so compare.py runs
this script once per thread count; torch itself runs one thread.

usage: OPENBLAS_NUM_THREADS=1 python3 torch_gemm.py   (see common.py for the rest of the environment)
"""

import sys

import common

CASES = [
    (128, 128, 128, False, False, "128^3 NN"),
    (256, 256, 256, False, False, "256^3 NN"),
    (512, 512, 512, False, False, "512^3 NN"),
    (1024, 1024, 1024, False, False, "1024^3 NN"),
    (2048, 2048, 2048, False, False, "2048^3 NN"),
    (128, 784, 256, False, False, "mlp 128x784x256 NN (m x k x n)"),
    (784, 128, 256, True, False, "mlp 784x128x256 TN (m x k x n)"),
    (128, 256, 784, False, True, "mlp 128x256x784 NT (m x k x n)"),
    (128, 256, 128, False, False, "mlp 128x256x128 NN (m x k x n)"),
]


def main():
    torch = common.setup_torch(0)
    threads = common.threads_label()
    print(f"torch gemm: {threads} OpenBLAS thread(s), BLAS {common.blas_library()}", file=sys.stderr)
    for m, k, n, ta, tb, label in CASES:
        a = torch.rand(k, m) - 0.5 if ta else torch.rand(m, k) - 0.5
        b = torch.rand(n, k) - 0.5 if tb else torch.rand(k, n) - 0.5
        a_op = a.t() if ta else a
        b_op = b.t() if tb else b
        c = torch.empty(m, n)
        times = common.measure(lambda: torch.mm(a_op, b_op, out=c), warmup=3, repeats=9, min_sample_seconds=0.02)
        common.report("gemm", label, threads, "gflops", 2.0 * m * n * k / common.median(times) / 1e9)


if __name__ == "__main__":
    main()
