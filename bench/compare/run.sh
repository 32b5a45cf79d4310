#!/bin/sh
# Nabla vs PyTorch side by side: bench/compare/run.sh [gemm mlp cnn lstm tiny] [--repeats N] [--epochs N]
# [--limit N] [--quick] [--no-build] [--output FILE]. See compare.py for what it runs and writes.
here=$(cd "$(dirname "$0")" && pwd)
python=/usr/bin/python3
[ -x "$python" ] || python=$(command -v python3) || { echo "run.sh: python3 is needed to drive the comparison" >&2; exit 2; }
exec "$python" "$here/compare.py" "$@"
