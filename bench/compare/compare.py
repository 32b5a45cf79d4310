"""Runs Nabla's benchmarks and the matching PyTorch scripts side by side and tabulates the ratios.

usage: bench/compare/run.sh [WORKLOAD...] [--repeats N] [--epochs N] [--limit N] [--quick] [--no-build]
                            [--output FILE]
workloads: gemm mlp cnn lstm tiny (default: all of them)

For each workload, Nabla (A) and PyTorch (B) run alternately, A B A B ..., --repeats times each, every run in a
fresh process. Both sides print JSON lines (bench, case, threads, metric, value); figures are paired on
(case, threads, metric) — or, for a metric that only one case per side reports, on the metric alone — and the
table gives the median of each side and Nabla/PyTorch. Repeat r of mlp and cnn trains with seed r on both sides,
so their accuracy medians are over seeds (seeds are not comparable across libraries). PyTorch runs as ANCHORS.md says is fair: /usr/bin/python3,
LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-pthread, OPENBLAS_NUM_THREADS=2 (1 and 2 for the GEMM table),
OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset, torch.set_num_threads(1). Without PyTorch, Nabla runs alone and the
script says how to install it. A Nabla benchmark that does not exist yet is reported as not available.

Writes the markdown table, with the date, the machine and the command, to bench/compare/results.md (--output), and
the paired medians as JSON lines (Nabla's figure with anchor = PyTorch's, measured in this run) next to it
(results.jsonl). Each run's wall time and the CPU other processes used meanwhile are listed, so a table taken on
a busy machine says so.
"""

import argparse
import datetime
import json
import os
import re
import shlex
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
NABLA_DLL = os.path.join(ROOT, "bench", "Nabla.Bench", "bin", "Release", "net10.0", "Nabla.Bench.dll")
PYTHON = "/usr/bin/python3" if os.path.exists("/usr/bin/python3") else sys.executable
OPENBLAS_DIR = "/usr/lib/x86_64-linux-gnu/openblas-pthread"
INSTALL_HINT = ("sudo apt-get install -y python3-torch python3-numpy libopenblas0-pthread dataset-fashion-mnist "
                "(Debian 12; PyTorch 1.13 with OpenBLAS, as ANCHORS.md measured it)")
WORKLOADS = ["gemm", "mlp", "cnn", "lstm", "tiny"]
EPOCH_CASE = re.compile(r" epoch \d+$")
LOWER_IS_BETTER = ("seconds", "us_per_step", "peak_rss", "bytes", "loss")
QUICK_LIMIT = 2560


def parse_args(argv):
    p = argparse.ArgumentParser(prog="bench/compare/run.sh", description=__doc__.splitlines()[0])
    p.add_argument("workloads", nargs="*", metavar="WORKLOAD", help=f"any of {', '.join(WORKLOADS)} (default: all)")
    p.add_argument("--repeats", type=int, default=None, help="runs of each side per workload (default 3; 1 with --quick)")
    p.add_argument("--epochs", type=int, default=None, help="epochs of mlp and cnn (default: 10 and 5)")
    p.add_argument("--limit", type=int, default=None, help="first N training and test samples for mlp and cnn")
    p.add_argument("--quick", action="store_true",
                   help=f"smoke test: 1 repeat, 1 epoch, --limit {QUICK_LIMIT}, short LSTM timing (figures not meaningful)")
    p.add_argument("--no-build", action="store_true", help="use the existing Release build of bench/Nabla.Bench")
    p.add_argument("--output", default=os.path.join(HERE, "results.md"), help="markdown file to write")
    a = p.parse_args(argv)
    for w in a.workloads:
        if w not in WORKLOADS:
            p.error(f"unknown workload '{w}'; choose from {', '.join(WORKLOADS)}")
    for name in ("repeats", "epochs", "limit"):
        v = getattr(a, name)
        if v is not None and v < 1:
            p.error(f"--{name} must be a positive integer, got {v}")
    a.workloads = a.workloads or WORKLOADS
    if a.quick:
        a.repeats = a.repeats or 1
        a.epochs = a.epochs or 1
        a.limit = a.limit or QUICK_LIMIT
    a.repeats = a.repeats or 3
    return a


def torch_env(openblas_threads):
    env = dict(os.environ)
    env.pop("OPENBLAS_CORETYPE", None)
    env.pop("OPENBLAS_L2_SIZE", None)
    env["LD_LIBRARY_PATH"] = OPENBLAS_DIR + (":" + env["LD_LIBRARY_PATH"] if env.get("LD_LIBRARY_PATH") else "")
    env["OPENBLAS_NUM_THREADS"] = str(openblas_threads)
    return env


def torch_info():
    """(torch version, BLAS library) or None when PyTorch cannot be imported."""
    code = "import sys; sys.path.insert(0, %r); import common, torch; print(torch.__version__); print(common.blas_library())" % HERE
    r = subprocess.run([PYTHON, "-c", code], env=torch_env(2), capture_output=True, text=True)
    if r.returncode != 0:
        return None
    lines = r.stdout.strip().splitlines()
    return lines[0], lines[1] if len(lines) > 1 else "unknown"


def nabla_names():
    r = subprocess.run(["dotnet", NABLA_DLL, "list"], capture_output=True, text=True, cwd=ROOT)
    if r.returncode != 0:
        sys.exit(f"compare: '{NABLA_DLL} list' failed:\n{r.stderr}")
    return set(r.stdout.split())


def commands(workload, side, a, rep):
    """[(argv, env)] of one run of a side; several entries form one run (PyTorch's GEMM at 1 and 2 threads).
    Repeat rep of mlp and cnn trains with seed rep on both sides, so their medians are over seeds."""
    train_opts = (["--epochs", str(a.epochs)] if a.epochs else []) + (["--limit", str(a.limit)] if a.limit else [])
    train_opts += ["--seed", str(rep)]
    if side == "nabla":
        extra = train_opts if workload in ("mlp", "cnn") else []
        return [(["dotnet", NABLA_DLL, workload] + extra, None)]
    script = lambda name, *args: [PYTHON, os.path.join(HERE, name), *args]
    if workload == "gemm":
        return [(script("torch_gemm.py"), torch_env(1)), (script("torch_gemm.py"), torch_env(2))]
    if workload in ("mlp", "cnn"):
        return [(script("torch_fashion.py", workload, *train_opts), torch_env(2))]
    if workload == "lstm":
        quick = ["--steps", "5", "--samples", "3", "--warmup", "2"] if a.quick else []
        return [(script("torch_lstm.py", *quick), torch_env(2))]
    return [(script("torch_tiny.py"), torch_env(2))]


def busy_ticks():
    try:
        with open("/proc/stat") as f:
            v = [int(x) for x in f.readline().split()[1:]]
        return v[0] + v[1] + v[2] + v[5] + v[6] + (v[7] if len(v) > 7 else 0)  # user nice system irq softirq steal
    except (OSError, ValueError, IndexError):
        return None


def children_cpu():
    import resource
    u = resource.getrusage(resource.RUSAGE_CHILDREN)
    return u.ru_utime + u.ru_stime


def copy_bandwidth():
    """GB/s of a 64 MB array copy (read + write), best of 5, or None without numpy. A neighbour on the host that
    saturates memory shows here although /proc/stat shows no other load; memory-bound kernels then run up to 2-3x
    slower."""
    try:
        import numpy as np
    except ImportError:
        return None
    src = np.ones(16 << 20, dtype=np.float32)
    dst = np.empty_like(src)
    best = float("inf")
    for _ in range(5):
        t = time.perf_counter()
        np.copyto(dst, src)
        best = min(best, time.perf_counter() - t)
    return 2 * src.nbytes / best / 1e9


def run_side(workload, side, a, rep):
    """Runs one side once; returns (lines, info) where info has wall seconds, exit code, others' load and the copy
    bandwidth measured just before."""
    lines, rc = [], 0
    bandwidth = copy_bandwidth()
    t0, b0, c0 = time.perf_counter(), busy_ticks(), children_cpu()
    for argv, env in commands(workload, side, a, rep):
        print(f"compare: {side} {workload}: {' '.join(shlex.quote(x) for x in argv)}", file=sys.stderr, flush=True)
        r = subprocess.run(argv, env=env, cwd=ROOT, stdout=subprocess.PIPE, text=True)
        rc = rc or r.returncode
        for raw in r.stdout.splitlines():
            raw = raw.strip()
            if raw.startswith("{"):
                try:
                    lines.append(json.loads(raw))
                except json.JSONDecodeError:
                    print(f"compare: unreadable line from {side} {workload}: {raw}", file=sys.stderr)
    wall = time.perf_counter() - t0
    b1, c1 = busy_ticks(), children_cpu()
    others = None
    if b0 is not None and b1 is not None and wall >= 0.1:
        others = max(0.0, ((b1 - b0) / 100.0 - (c1 - c0)) / wall)
    return lines, {"wall": wall, "rc": rc, "others": others, "bandwidth": bandwidth}


def median(values):
    s = sorted(values)
    n = len(s)
    return s[n // 2] if n % 2 else 0.5 * (s[n // 2 - 1] + s[n // 2])


def collect(lines_per_run):
    """{(case, threads, metric): [value per run]} and {key: note}, leaving out per-epoch lines."""
    values, notes = {}, {}
    for lines in lines_per_run:
        for line in lines:
            if EPOCH_CASE.search(line.get("case", "")) or line.get("value") is None:
                continue
            key = (line["case"], line["threads"], line["metric"])
            values.setdefault(key, []).append(line["value"])
            if line.get("note"):
                notes[key] = line["note"]
    return values, notes


def pair(nabla, torch):
    """Rows (case label, threads, metric, nabla key, torch key); exact keys first, then unique metrics."""
    rows, used_t = [], set()
    lone_n = []
    for key in nabla:
        if key in torch:
            rows.append((key[0], key[1], key[2], key, key))
            used_t.add(key)
        else:
            lone_n.append(key)
    lone_t = [k for k in torch if k not in used_t]
    for key in list(lone_n):
        n_same = [k for k in lone_n if k[2] == key[2]]
        t_same = [k for k in lone_t if k[2] == key[2]]
        if len(n_same) == 1 and len(t_same) == 1:
            t = t_same[0]
            case = key[0] if key[0] == t[0] else f"{key[0]} / PyTorch: {t[0]}"
            threads = key[1] if key[1] == t[1] else f"{key[1]} / {t[1]}"
            rows.append((case, threads, key[2], key, t))
            lone_n.remove(key)
            lone_t.remove(t)
    rows += [(k[0], k[1], k[2], k, None) for k in lone_n]
    rows += [(k[0], k[1], k[2], None, k) for k in lone_t]
    return rows


def fmt(v):
    if v is None:
        return "—"
    if v == 0 or abs(v) >= 1000:
        return f"{v:,.0f}"
    return f"{v:.4g}"


def reading(metric, nv, tv):
    if nv is None or tv is None or tv == 0 or nv == 0:
        return ""
    if "accuracy" in metric:
        return f"{nv - tv:+.4f}"
    if "loss" in metric:
        return f"{nv - tv:+.4f}"
    r = nv / tv
    lower = any(s in metric for s in LOWER_IS_BETTER)
    if "rss" in metric or "bytes" in metric:
        return f"Nabla uses {r:.2f}x"
    faster = r < 1 if lower else r > 1
    factor = 1 / r if lower else r
    factor = factor if faster else 1 / factor
    return f"Nabla {factor:.2f}x {'faster' if faster else 'slower'}"


def machine():
    model, cpus = "unknown", str(os.cpu_count())
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
        for line in out.splitlines():
            k, _, v = line.partition(":")
            if k.strip() == "Model name":
                model = v.strip()
            elif k.strip() == "CPU(s)":
                cpus = v.strip()
    except OSError:
        pass
    mem = ""
    try:
        with open("/proc/meminfo") as f:
            kb = int(f.readline().split()[1])
        mem = f", {kb / 2**20:.0f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    flags = ""
    try:
        with open("/proc/cpuinfo") as f:
            text = f.read()
        flags = ", AVX-512" if " avx512f" in text else ", AVX2" if " avx2" in text else ""
    except OSError:
        pass
    return f"{model}, {cpus} cores{flags}{mem}"


def loadavg():
    try:
        with open("/proc/loadavg") as f:
            return " ".join(f.read().split()[:3])
    except OSError:
        return "unknown"


def main(argv):
    a = parse_args(argv)
    command = "bench/compare/run.sh " + " ".join(shlex.quote(x) for x in argv)
    if not a.no_build:
        print("compare: building bench/Nabla.Bench (Release)", file=sys.stderr, flush=True)
        r = subprocess.run(["dotnet", "build", "-c", "Release", "-v", "q", "-nologo",
                            os.path.join(ROOT, "bench", "Nabla.Bench")], cwd=ROOT)
        if r.returncode != 0:
            sys.exit("compare: the Nabla build failed")
    names = nabla_names()
    info = torch_info()
    if info is None:
        print(f"compare: PyTorch is not installed for {PYTHON}; running Nabla alone. To compare, install it: "
              f"{INSTALL_HINT}", file=sys.stderr)
    elif "openblas" not in info[1]:
        print(f"compare: warning: PyTorch loaded {info[1]}, not OpenBLAS; install libopenblas0-pthread, or PyTorch runs "
              f"on the reference BLAS (~30x slower) and the comparison is not fair", file=sys.stderr)
    started = datetime.datetime.now(datetime.timezone.utc)
    load_start = loadavg()

    results, runs = {}, []
    for w in a.workloads:
        have_nabla = w in names
        if not have_nabla:
            print(f"compare: Nabla has no '{w}' benchmark yet; the table says not available", file=sys.stderr)
        side_runs = {"nabla": [], "pytorch": []}
        for rep in range(a.repeats):
            for side in ("nabla", "pytorch"):
                if side == "nabla" and not have_nabla or side == "pytorch" and info is None:
                    continue
                lines, run_info = run_side(w, side, a, rep)
                runs.append((w, side, rep + 1, run_info))
                if run_info["rc"] == 0:
                    side_runs[side].append(lines)
                else:
                    print(f"compare: {side} {w} run {rep + 1} failed (exit {run_info['rc']})", file=sys.stderr)
        results[w] = (have_nabla, side_runs)

    md = render(a, command, info, started, load_start, results, runs)
    with open(a.output, "w") as f:
        f.write(md)
    write_jsonl(os.path.splitext(a.output)[0] + ".jsonl", results)
    print(md)
    print(f"compare: wrote {a.output}", file=sys.stderr)
    return 0


def table_rows(w, have_nabla, side_runs, torch_installed):
    nv, nnotes = collect(side_runs["nabla"])
    tv, _ = collect(side_runs["pytorch"])
    if not have_nabla or not side_runs["nabla"]:
        why = "not available (no Nabla benchmark)" if not have_nabla else "failed"
        if not tv:
            return [f"| {w} | — | — | — | {why} | {'not installed' if not torch_installed else 'failed'} | | | |"]
        rows = []
        for (case, threads, metric), vals in sorted(tv.items()):
            rows.append(f"| {w} | {case} | {threads} | {metric} | {why} | {fmt(median(vals))} | | | 0/{len(vals)} |")
        return rows
    rows = []
    for case, threads, metric, nk, tk in pair(nv, tv):
        n_med = median(nv[nk]) if nk else None
        t_med = median(tv[tk]) if tk else None
        if tk is None:
            t_text = "not installed" if not torch_installed else "—"
        else:
            t_text = fmt(t_med)
        ratio = f"{n_med / t_med:.3g}" if n_med is not None and t_med else ""
        runs_n = len(nv[nk]) if nk else 0
        runs_t = len(tv[tk]) if tk else 0
        rows.append(f"| {w} | {case} | {threads} | {metric} | {fmt(n_med)} | {t_text} | {ratio} | "
                    f"{reading(metric, n_med, t_med)} | {runs_n}/{runs_t} |")
    return rows


def render(a, command, info, started, load_start, results, runs):
    out = ["# Nabla vs PyTorch, side by side", ""]
    out.append(f"- Date: {started:%Y-%m-%d %H:%M} UTC")
    out.append(f"- Machine: {machine()}; load average {load_start} at the start, {loadavg()} at the end")
    if info is None:
        out.append(f"- PyTorch: not installed (Nabla ran alone). Install: `{INSTALL_HINT}`")
    else:
        out.append(f"- PyTorch {info[0]} on {info[1]}: /usr/bin/python3, LD_LIBRARY_PATH={OPENBLAS_DIR}, "
                   "torch.set_num_threads(1), OPENBLAS_NUM_THREADS=2 (GEMM: 1 and 2)")
    out.append(f"- Nabla: Release build of bench/Nabla.Bench, all cores ({os.cpu_count()}) unless the case says otherwise")
    out.append(f"- Command: `{command}`")
    mode = (f"{a.repeats} run(s) of each side per workload, alternating (Nabla, PyTorch, Nabla, ...)"
            + (f"; mlp/cnn: {a.epochs or 'default'} epoch(s)" + (f" on the first {a.limit} samples" if a.limit else "")))
    out.append(f"- Runs: {mode}")
    sample_used = any("shipped sample" in (line.get("note") or "")
                      for _, side_runs in results.values() for lines in side_runs.values() for run in lines for line in run)
    if sample_used:
        out.append("- **The full Fashion-MNIST was not found: mlp/cnn ran on the shipped sample (3,000/1,000 images). "
                   "Install it with `apt-get install dataset-fashion-mnist` (or set NABLA_DATA).**")
    if a.quick:
        out.append("- **Quick mode (smoke test): too short to be representative (Nabla's single short epoch is dominated "
                   "by JIT compilation); do not quote these figures.**")
    out.append("")
    out.append("Medians over the runs. Ratio = Nabla / PyTorch in the metric's own unit (for seconds, µs and memory "
               "lower is better; for throughput, GFLOP/s and accuracy higher is better).")
    out.append("")
    out.append("| workload | case | threads | metric | Nabla | PyTorch | ratio | reading | runs (Nabla/PyTorch) |")
    out.append("|---|---|---|---|---|---|---|---|---|")
    for w, (have_nabla, side_runs) in results.items():
        out += table_rows(w, have_nabla, side_runs, info is not None)
    out.append("")
    out.append("## Runs")
    out.append("")
    out.append("Other processes' CPU use during each run, in cores (from /proc/stat minus the run's own CPU time); "
               "above ~0.1 the figures are disturbed. Copy GB/s: a 64 MB array copy just before the run (numpy, one "
               "thread); well below its usual value, a neighbour on the host is using the memory bandwidth and "
               "memory-bound work (the CNN's pooling and batch-norm) runs slower.")
    out.append("")
    out.append("| workload | side | run | wall s | exit | other load (cores) | copy GB/s |")
    out.append("|---|---|---|---|---|---|---|")
    for w, side, rep, r in runs:
        load = "—" if r["others"] is None else f"{r['others']:.2f}"
        bandwidth = "—" if r["bandwidth"] is None else f"{r['bandwidth']:.1f}"
        out.append(f"| {w} | {side} | {rep} | {r['wall']:.1f} | {r['rc']} | {load} | {bandwidth} |")
    out.append("")
    return "\n".join(out)


def write_jsonl(path, results):
    with open(path, "w") as f:
        for w, (have_nabla, side_runs) in results.items():
            nv, notes = collect(side_runs["nabla"])
            tv, _ = collect(side_runs["pytorch"])
            for case, threads, metric, nk, tk in pair(nv, tv):
                if nk is None:
                    continue
                line = {"bench": w, "case": nk[0], "threads": nk[1], "metric": metric, "value": median(nv[nk])}
                if tk is not None and median(tv[tk]):
                    tmed = median(tv[tk])
                    line.update(anchor="pytorch_" + metric, anchor_value=tmed, ratio=line["value"] / tmed,
                                note=f"anchor measured in the same run by bench/compare (median of {len(tv[tk])} run(s))")
                f.write(json.dumps(line) + "\n")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
