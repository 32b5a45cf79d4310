"""PyTorch side of Nabla's `tiny` benchmark (bench/Nabla.Bench/TinyBenchmark.cs): the framework-overhead regime.

One training step of the MLP 10-32-2 (ReLU) at batch 32 — zero_grad, forward, cross-entropy written as
-mean(log_softmax gathered at the labels), backward, optimizer step — for SGD (lr 0.01) and Adam (lr 1e-3), one
thread; microseconds per step as the median of 15 samples of at least 0.05 s after 200 warm-up steps; then the
optimizer step alone (case suffix _update_only). Same case labels and metrics as the Nabla benchmark.

usage: python3 torch_tiny.py   (see common.py for the environment)
"""

import common


def main():
    torch = common.setup_torch(0)
    g = torch.Generator().manual_seed(0)
    for label, make in (("mlp_10_32_2_b32_sgd", lambda ps: torch.optim.SGD(ps, lr=0.01)),
                        ("mlp_10_32_2_b32_adam", lambda ps: torch.optim.Adam(ps, lr=1e-3))):
        w1 = (torch.rand(32, 10, generator=g) * 0.6 - 0.3).requires_grad_()
        b1 = (torch.rand(32, generator=g) * 0.6 - 0.3).requires_grad_()
        w2 = (torch.rand(2, 32, generator=g) * 0.34 - 0.17).requires_grad_()
        b2 = (torch.rand(2, generator=g) * 0.34 - 0.17).requires_grad_()
        x = torch.randn(32, 10, generator=g)
        y = (torch.arange(32) % 2).reshape(32, 1)
        opt = make([w1, b1, w2, b2])

        def step():
            opt.zero_grad()
            hidden = torch.nn.functional.linear(x, w1, b1).relu()
            logits = torch.nn.functional.linear(hidden, w2, b2)
            loss = -logits.log_softmax(1).gather(1, y).mean()
            loss.backward()
            opt.step()

        times = common.measure(step, warmup=200, repeats=15, min_sample_seconds=0.05)
        common.report("tiny", label, 1, "us_per_step", common.median(times) * 1e6)
        update = common.measure(opt.step, warmup=100, repeats=15, min_sample_seconds=0.02)
        common.report("tiny", label + "_update_only", 1, "us_per_step", common.median(update) * 1e6)


if __name__ == "__main__":
    main()
