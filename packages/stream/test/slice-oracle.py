"""numpy as the oracle of the slice tests: writes each array described on stdin as a .npy file, then
loads it back with np.load and answers every index with a[index] (or the error numpy raises).

stdin: JSON list of {path, dtype, shape, fortran, seed, indices: [numpy index text, ...]}
stdout: JSON list (one per array) of lists (one per index) of
        {shape, hex} (a[index] in C order) or {error: "IndexError", message}
"""

import json
import sys

import numpy as np


def dtype_of(spec):
    if isinstance(spec, str):
        return np.dtype(spec)
    return np.dtype([tuple([f[0], f[1]] + ([tuple(f[2])] if len(f) > 2 else [])) for f in spec])


ALPHABET = list("abz é字😀")


def fill(dt, n, rng):
    """n random elements of dt, from the whole range of its bytes where every pattern is valid."""
    if dt.names:
        out = np.zeros(n, dt)
        for name in dt.names:
            sub = dt.fields[name][0]
            if sub.subdtype:
                base, shape = sub.subdtype
                out[name] = fill(base, n * int(np.prod(shape)), rng).reshape((n,) + shape)
            else:
                out[name] = fill(sub, n, rng)
        return out
    if dt.kind == "U":
        chars = dt.itemsize // 4
        return np.array(
            ["".join(rng.choice(ALPHABET, size=rng.integers(0, chars + 1))) for _ in range(n)], dt
        )
    if dt.kind == "S":
        return np.array(
            [bytes(rng.integers(1, 128, size=rng.integers(0, dt.itemsize + 1)).astype(np.uint8)) for _ in range(n)],
            dt,
        )
    if dt.kind == "b":
        return rng.integers(0, 2, n).astype(dt)
    return np.frombuffer(rng.bytes(n * dt.itemsize), dtype=dt).copy()


def write(case):
    dt = dtype_of(case["dtype"])
    shape = tuple(case["shape"])
    rng = np.random.default_rng(case["seed"])
    a = fill(dt, int(np.prod(shape)), rng).reshape(shape)
    with open(case["path"], "wb") as f:
        # fortran_order as asked even where numpy's save would pick C (1-D, or an axis of size 1)
        header = {"descr": np.lib.format.dtype_to_descr(dt), "fortran_order": case["fortran"], "shape": shape}
        np.lib.format.write_array_header_1_0(f, header)
        f.write(a.tobytes(order="F" if case["fortran"] else "C"))


def answer(a, text):
    try:
        index = eval("np.s_[" + (text if text.strip() else "()") + "]", {"np": np})
        r = a[index]
    except (IndexError, ValueError, TypeError) as e:
        return {"error": type(e).__name__, "message": str(e)}
    if not isinstance(r, np.ndarray):
        r = np.array(r, dtype=a.dtype)
    assert r.dtype == a.dtype
    return {"shape": list(r.shape), "hex": np.ascontiguousarray(r).tobytes().hex()}


def main():
    cases = json.load(sys.stdin)
    out = []
    for case in cases:
        write(case)
        try:
            a = np.load(case["path"], mmap_mode="r")
        except ValueError:  # numpy cannot map an empty array's zero bytes
            a = np.load(case["path"])
        out.append([answer(a, text) for text in case["indices"]])
    json.dump(out, sys.stdout)


main()
