"""Prints "same" when every array numpy loads from archive A (argv[1]) is in archive B (argv[2])
with equal dtype, shape, memory order and values; else prints what differs."""
import sys

import numpy as np

with np.load(sys.argv[1]) as a, np.load(sys.argv[2]) as b:
    want = {k: a[k] for k in a.files if isinstance(a[k], np.ndarray)}
    got = {k: b[k] for k in b.files}
problems = []
if list(want) != list(got):
    problems.append(f"keys {list(want)} != {list(got)}")
for k, x in want.items():
    y = got.get(k)
    if y is None:
        continue
    if x.dtype != y.dtype or x.shape != y.shape or x.flags.f_contiguous != y.flags.f_contiguous:
        problems.append(f"{k}: {x.dtype} {x.shape} != {y.dtype} {y.shape}")
    elif x.tobytes("A") != y.tobytes("A"):
        problems.append(f"{k}: values differ")
print("same" if not problems else "; ".join(problems))
