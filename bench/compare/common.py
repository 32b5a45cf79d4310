"""Shared helpers of the PyTorch side of the comparison (bench/compare/torch_*.py).

Every script prints JSON lines in the format of Nabla's benchmarks (bench/Nabla.Bench/BenchReporter.cs): the keys
bench, case, threads, metric, value and, when there is one, note. The case labels and metric names are those of the
matching Nabla benchmark, so compare.py can pair the figures.

Run the scripts as ANCHORS.md says (compare.py does): /usr/bin/python3 with
LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-pthread, OPENBLAS_NUM_THREADS=2 (1 for single-thread GEMM),
OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset; each script calls torch.set_num_threads(1) through setup_torch().
"""

import gzip
import json
import math
import os
import struct
import sys
import time

FASHION_DIRS = ["/usr/share/datasets/fashion-mnist"]
SAMPLE_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "data", "fashion-mnist-sample")


def setup_torch(seed=0):
    """Imports torch with one intra-op thread (OpenBLAS threads come from OPENBLAS_NUM_THREADS) and seeds it."""
    import torch

    torch.set_num_threads(1)
    torch.manual_seed(seed)
    return torch


def blas_library():
    """The BLAS shared library this process mapped (shows that OpenBLAS, not the reference BLAS, is in use)."""
    try:
        with open("/proc/self/maps") as f:
            names = {line.split()[-1] for line in f if "blas" in line}
    except OSError:
        return "unknown"
    return ", ".join(sorted(os.path.basename(n) for n in names)) or "none"


def threads_label():
    """Cores the PyTorch run may use: OpenBLAS's thread count (torch itself runs one thread)."""
    return int(os.environ.get("OPENBLAS_NUM_THREADS", "1"))


def report(bench, case, threads, metric, value, note=None):
    """Prints one figure as a JSON line (non-finite values as null, like Nabla's reporter)."""
    line = {"bench": bench, "case": case, "threads": threads, "metric": metric,
            "value": float(value) if math.isfinite(value) else None}
    if note:
        line["note"] = note
    print(json.dumps(line), flush=True)


def peak_rss_mb():
    """VmHWM of /proc/self/status in MB (10^6 bytes), the field Nabla's PeakRss reads; None where unavailable."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024 / 1e6
    except OSError:
        pass
    return None


def median(values):
    s = sorted(values)
    n = len(s)
    if n == 0:
        return float("nan")
    return s[n // 2] if n % 2 else 0.5 * (s[n // 2 - 1] + s[n // 2])


def measure(action, warmup=3, repeats=9, min_sample_seconds=0.0):
    """Like Nabla's Timing.Measure: warm-up calls, then timed samples of enough calls to last min_sample_seconds;
    returns the sorted seconds per call of each sample."""
    last = 0.0
    for _ in range(warmup):
        t = time.perf_counter()
        action()
        last = time.perf_counter() - t
    calls = 1
    if min_sample_seconds > 0:
        if warmup == 0:
            t = time.perf_counter()
            action()
            last = time.perf_counter() - t
        calls = max(1, min(1 << 24, math.ceil(min_sample_seconds / max(last, 1e-9))))
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        for _ in range(calls):
            action()
        times.append((time.perf_counter() - t) / calls)
    return sorted(times)


def _read_idx(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    magic, = struct.unpack(">I", data[:4])
    dims = magic & 0xFF
    shape = struct.unpack(">" + "I" * dims, data[4:4 + 4 * dims])
    return data[4 + 4 * dims:], shape


def load_fashion_mnist(train):
    """(images uint8 [N, 28, 28], labels uint8 [N], directory, is_sample) as numpy arrays: the full dataset from
    $NABLA_DATA/fashion-mnist or Debian's package, else the shipped sample (as Nabla's FashionMnist.Load)."""
    import numpy as np

    prefix = "train" if train else "t10k"
    dirs = []
    if os.environ.get("NABLA_DATA"):
        dirs.append(os.path.join(os.environ["NABLA_DATA"], "fashion-mnist"))
    dirs += FASHION_DIRS + [os.path.normpath(SAMPLE_DIR)]
    for d in dirs:
        found = []
        for kind in ("images-idx3", "labels-idx1"):
            raw = os.path.join(d, f"{prefix}-{kind}-ubyte")
            found.append(raw + ".gz" if os.path.exists(raw + ".gz") else raw if os.path.exists(raw) else None)
        if None in found:
            continue
        img, ishape = _read_idx(found[0])
        lab, _ = _read_idx(found[1])
        images = np.frombuffer(img, dtype=np.uint8).reshape(ishape)
        labels = np.frombuffer(lab, dtype=np.uint8)
        return images, labels, d, d == os.path.normpath(SAMPLE_DIR)
    sys.exit("Fashion-MNIST not found: apt-get install dataset-fashion-mnist (or set NABLA_DATA)")
