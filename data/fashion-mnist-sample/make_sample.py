#!/usr/bin/env python3
"""Draw the class-balanced Fashion-MNIST sample shipped in this folder.

Selection (deterministic, no randomness involved):
  * train: the first 300 images of each of the 10 classes, in official train-file order (3,000 images);
  * test:  the first 100 images of each of the 10 classes, in official test-file order (1,000 images).
Selected images keep their original relative order (they are NOT grouped by class), so the sample
interleaves classes just like the official files do.

Usage:
  python3 make_sample.py [SOURCE_DIR] [OUTPUT_DIR]
  SOURCE_DIR defaults to /usr/share/datasets/fashion-mnist (the official gzip IDX files),
  OUTPUT_DIR defaults to the folder of this script.

The output gzip files are written with mtime 0 and no file name in the header, so rerunning the script
reproduces them byte for byte.
"""
import gzip
import hashlib
import os
import struct
import sys

import numpy as np

TRAIN_PER_CLASS = 300
TEST_PER_CLASS = 100
NUM_CLASSES = 10


def read_idx(path, expected_magic, expected_dims):
    with gzip.open(path, "rb") as f:
        data = f.read()
    if len(data) < 4:
        sys.exit(f"{path}: too short for an IDX header")
    magic = struct.unpack(">I", data[:4])[0]
    if magic != expected_magic:
        sys.exit(f"{path}: magic number {magic:#010x}, expected {expected_magic:#010x}")
    ndim = magic & 0xFF
    header = 4 + 4 * ndim
    dims = struct.unpack(">" + "I" * ndim, data[4:header])
    if dims[1:] != expected_dims:
        sys.exit(f"{path}: dimensions {dims}, expected (N, {expected_dims})")
    count = int(np.prod(dims))
    if len(data) != header + count:
        sys.exit(f"{path}: {len(data) - header} payload bytes, expected {count}")
    return np.frombuffer(data, dtype=np.uint8, offset=header).reshape(dims)


def write_idx(path, array, magic):
    header = struct.pack(">I", magic) + struct.pack(">" + "I" * array.ndim, *array.shape)
    with open(path, "wb") as raw:
        # filename="" and mtime=0 keep the output reproducible byte for byte.
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=9, mtime=0) as f:
            f.write(header + np.ascontiguousarray(array, dtype=np.uint8).tobytes())


def first_per_class(labels, per_class):
    picked = []
    counts = np.zeros(NUM_CLASSES, dtype=np.int64)
    for i, y in enumerate(labels):
        if counts[y] < per_class:
            counts[y] += 1
            picked.append(i)
    if not np.all(counts == per_class):
        sys.exit(f"not enough images per class: {counts.tolist()}")
    return np.array(picked, dtype=np.int64)


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/datasets/fashion-mnist"
    out = sys.argv[2] if len(sys.argv) > 2 else os.path.dirname(os.path.abspath(__file__))
    os.makedirs(out, exist_ok=True)
    for prefix, per_class in (("train", TRAIN_PER_CLASS), ("t10k", TEST_PER_CLASS)):
        images = read_idx(os.path.join(src, f"{prefix}-images-idx3-ubyte.gz"), 0x00000803, (28, 28))
        labels = read_idx(os.path.join(src, f"{prefix}-labels-idx1-ubyte.gz"), 0x00000801, ())
        if len(images) != len(labels):
            sys.exit(f"{prefix}: {len(images)} images but {len(labels)} labels")
        idx = first_per_class(labels, per_class)
        write_idx(os.path.join(out, f"{prefix}-images-idx3-ubyte.gz"), images[idx], 0x00000803)
        write_idx(os.path.join(out, f"{prefix}-labels-idx1-ubyte.gz"), labels[idx], 0x00000801)
        print(f"{prefix}: {len(idx)} of {len(labels)} images, "
              f"per class {np.bincount(labels[idx], minlength=NUM_CLASSES).tolist()}, "
              f"last source index {idx[-1]}")
    for name in sorted(os.listdir(out)):
        if name.endswith(".gz"):
            with open(os.path.join(out, name), "rb") as f:
                blob = f.read()
            print(f"{hashlib.sha256(blob).hexdigest()}  {name} ({len(blob)} bytes)")


if __name__ == "__main__":
    main()
