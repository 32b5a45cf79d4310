"""PyTorch side of Nabla's `mlp` and `cnn` benchmarks (bench/Nabla.Bench/MlpBenchmark.cs, CnnBenchmark.cs).

The reference networks of ANCHORS.md trained on Fashion-MNIST with Adam (lr 1e-3), cross-entropy, batch 128,
reshuffled every epoch, seed 0 (--seed); then evaluated on the test split in batches of 256 (eval mode, no grad).
Images are kept as uint8 and each batch is converted to float in [0, 1] when drawn (as Nabla's loader does), so
neither side holds a float copy of the dataset. Prints the same JSON lines as the Nabla benchmark: per epoch
epoch_seconds and epoch_samples_per_second, then seconds_per_epoch (median), samples_per_second, test_accuracy,
test_loss and peak_rss_mb.

usage: python3 torch_fashion.py {mlp,cnn} [--epochs N] [--limit N]
(run it through compare.py, or with the environment ANCHORS.md gives; see common.py)
"""

import argparse
import sys
import time

import common

CASES = {
    "mlp": ("mlp784-256-128-10_relu_adam_b128", 10),
    "cnn": ("cnn_c32bn_c64bn_fc128_do0.3_adam_b128", 5),
}
BATCH = 128


def build(torch, name):
    nn = torch.nn
    if name == "mlp":
        return nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(),
                             nn.Linear(128, 10))
    return nn.Sequential(
        nn.Conv2d(1, 32, 3, padding=1), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3, padding=1), nn.BatchNorm2d(64), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(64 * 7 * 7, 128), nn.ReLU(), nn.Dropout(0.3), nn.Linear(128, 10))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model", choices=sorted(CASES))
    parser.add_argument("--epochs", type=int, default=None)
    parser.add_argument("--limit", type=int, default=None, help="first N training and test samples only")
    parser.add_argument("--seed", type=int, default=0, help="seed of initialization and shuffling")
    args = parser.parse_args()
    case, default_epochs = CASES[args.model]
    epochs = args.epochs or default_epochs

    torch = common.setup_torch(args.seed)
    import torch.nn.functional as F

    xtr, ytr, directory, sample = common.load_fashion_mnist(train=True)
    xte, yte, _, _ = common.load_fashion_mnist(train=False)
    if args.limit:
        xtr, ytr, xte, yte = xtr[:args.limit], ytr[:args.limit], xte[:args.limit], yte[:args.limit]
    xtr = torch.from_numpy(xtr.copy()).unsqueeze(1)
    ytr = torch.from_numpy(ytr.astype("int64"))
    xte = torch.from_numpy(xte.copy()).unsqueeze(1)
    yte = torch.from_numpy(yte.astype("int64"))
    n = len(ytr)
    data_note = f"shipped sample used: {directory}" if sample else None
    threads = common.threads_label()
    print(f"torch {args.model}: {n} training and {len(yte)} test samples from {directory}, {epochs} epoch(s), "
          f"batch {BATCH}, torch {torch.__version__}, BLAS {common.blas_library()}", file=sys.stderr)

    model = build(torch, args.model)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    gen = torch.Generator().manual_seed(args.seed)
    model.train()
    seconds = []
    for epoch in range(epochs):
        t0 = time.perf_counter()
        perm = torch.randperm(n, generator=gen)
        loss_sum = 0.0
        for start in range(0, n, BATCH):
            idx = perm[start:start + BATCH]
            xb = xtr[idx].float().div_(255.0)
            yb = ytr[idx]
            opt.zero_grad()
            loss = F.cross_entropy(model(xb), yb)
            loss.backward()
            opt.step()
            loss_sum += loss.item() * len(idx)
        s = time.perf_counter() - t0
        seconds.append(s)
        label = f"{case} epoch {epoch + 1}"
        common.report(args.model, label, threads, "epoch_seconds", s, data_note)
        common.report(args.model, label, threads, "epoch_samples_per_second", n / s, data_note)
        print(f"torch {args.model}: epoch {epoch + 1}/{epochs} {s:.2f} s, loss {loss_sum / n:.4f}", file=sys.stderr)

    med = common.median(seconds)
    common.report(args.model, case, threads, "seconds_per_epoch", med, data_note)
    common.report(args.model, case, threads, "samples_per_second", n / med, data_note)
    model.eval()
    correct, loss_sum = 0, 0.0
    with torch.no_grad():
        for start in range(0, len(yte), 256):
            xb = xte[start:start + 256].float().div_(255.0)
            yb = yte[start:start + 256]
            out = model(xb)
            loss_sum += F.cross_entropy(out, yb, reduction="sum").item()
            correct += (out.argmax(1) == yb).sum().item()
    common.report(args.model, case, threads, "test_accuracy", correct / len(yte), data_note)
    common.report(args.model, case, threads, "test_loss", loss_sum / len(yte), data_note)
    rss = common.peak_rss_mb()
    if rss is not None:
        common.report(args.model, case, threads, "peak_rss_mb", rss, data_note)


if __name__ == "__main__":
    main()
