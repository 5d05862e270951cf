"""Writes the input of bench case 15 (`npyio convert --compress`): <count> random float64 (numpy's
default generator, a fixed seed) as convert-f8.npy, a random-ish array like the one the issue's user
converted. A file that exists with the same count (its stamp) is kept.

Usage: python3 gen_convert.py <out_dir> <count> (33554432 = 256 MiB at scale 1)
"""

import os
import sys

import numpy as np


def main() -> None:
    out, count = sys.argv[1], int(sys.argv[2])
    os.makedirs(out, exist_ok=True)
    path = os.path.join(out, "convert-f8.npy")
    stamp = f"{path}.{count}.done"
    if os.path.exists(stamp) and os.path.exists(path):
        return
    np.save(path, np.random.default_rng(20261204).random(count))
    open(stamp, "w").close()


if __name__ == "__main__":
    main()
