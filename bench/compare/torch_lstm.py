"""PyTorch side of Nabla's `lstm` benchmark (issue 9): the single-layer LSTM of ANCHORS.md.

nn.LSTM(input 32, hidden 128, batch_first) over sequences of 50 steps at batch 64, a Linear(128, 10) head on the
last step's output, cross-entropy against fixed random labels, Adam lr 1e-3; one training step = zero_grad,
forward, loss, backward, optimizer step on a fixed random batch (seed 0). Reports steps_per_second (median of
--samples samples of --steps steps after --warmup warm-up steps) and peak_rss_mb.

usage: python3 torch_lstm.py [--steps N] [--samples N] [--warmup N]   (see common.py for the environment)
"""

import argparse
import time

import common

CASE = "lstm_seq50_in32_h128_b64_adam"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=20, help="training steps per timed sample")
    parser.add_argument("--samples", type=int, default=5)
    parser.add_argument("--warmup", type=int, default=10)
    args = parser.parse_args()

    torch = common.setup_torch(0)
    lstm = torch.nn.LSTM(32, 128, batch_first=True)
    head = torch.nn.Linear(128, 10)
    opt = torch.optim.Adam(list(lstm.parameters()) + list(head.parameters()), lr=1e-3)
    x = torch.randn(64, 50, 32)
    y = torch.randint(0, 10, (64,))

    def step():
        opt.zero_grad()
        out, _ = lstm(x)
        loss = torch.nn.functional.cross_entropy(head(out[:, -1]), y)
        loss.backward()
        opt.step()

    for _ in range(args.warmup):
        step()
    rates = []
    for _ in range(args.samples):
        t = time.perf_counter()
        for _ in range(args.steps):
            step()
        rates.append(args.steps / (time.perf_counter() - t))
    threads = common.threads_label()
    common.report("lstm", CASE, threads, "steps_per_second", common.median(rates))
    rss = common.peak_rss_mb()
    if rss is not None:
        common.report("lstm", CASE, threads, "peak_rss_mb", rss)


if __name__ == "__main__":
    main()
