"""Arrays and numpy's str() of them, as JSON on stdout, for array-format.test.ts.

Numeric data travels as the hex of its little-endian bytes; strings as lists; structs as one
entry per field. Every case is printed by this numpy, the ground truth for the printer.
"""
import json
import sys

import numpy as np

rng = np.random.default_rng(int(sys.argv[1]) if len(sys.argv) > 1 else 7)
cases = []


def column(a):
    dt = a.dtype
    if dt.names is not None:
        return {
            "kind": "struct",
            "itemsize": dt.itemsize,
            "fields": [
                {"name": n, "shape": list(dt[n].shape), "column": column(np.ascontiguousarray(a[n]).reshape(-1))}
                for n in dt.names
            ],
        }
    base = {"kind": dt.kind, "itemsize": dt.itemsize}
    if dt.kind in "Mm":
        unit, count = np.datetime_data(dt)
        base.update(unit=unit, multiplier=count)
    flat = a.reshape(-1)
    if dt.kind == "U":
        base["strings"] = [str(x) for x in flat]
    elif dt.kind == "S":
        base["strings"] = [bytes(x).decode("latin1") for x in flat]
    elif dt.kind == "V":
        base["voids"] = [bytes(x).hex() for x in flat]
    else:
        base["hex"] = flat.astype(dt.newbyteorder("<")).tobytes().hex()
    return base


def add(name, a):
    a = np.asarray(a)
    cases.append({"name": name, "shape": list(a.shape), "column": column(np.ascontiguousarray(a)), "str": str(a)})


def floats(n, dtype):
    kind = rng.integers(0, 6)
    if kind == 0:
        x = rng.normal(size=n)
    elif kind == 1:
        x = rng.normal(size=n) * 10.0 ** rng.integers(-12, 12)
    elif kind == 2:
        x = rng.integers(-1000, 1000, size=n).astype(float)
    elif kind == 3:
        x = rng.uniform(0, 1, size=n) * 10.0 ** rng.integers(-3, 9, size=n)
    elif kind == 4:
        x = np.round(rng.normal(size=n), rng.integers(0, 5))
    else:
        x = rng.normal(size=n) * 10.0 ** rng.integers(-300, 300)
    x = x.astype(dtype)
    if rng.random() < 0.3 and n > 2:
        x[rng.integers(0, n)] = rng.choice([np.nan, np.inf, -np.inf, -0.0, 0.0])
    return x


with np.errstate(all="ignore"):
    for dtype in ["f8", "f4", "f2"]:
        for i in range(60):
            add(f"{dtype}-{i}", floats(int(rng.integers(1, 14)), dtype))
    for i in range(20):
        add(f"c16-{i}", floats(int(rng.integers(1, 8)), "f8") + 1j * floats(1, "f8")[0])
        add(f"c8-{i}", (floats(int(rng.integers(1, 8)), "f4") - 1j * floats(int(1), "f4")[0]).astype("c8"))
    add("f8-ties", np.array([0.001953125, 0.005859375, 1.0]))
    add("f8-carry", np.array([9.999999999, 0.5]))
    add("f8-specials", np.array([np.nan, -np.inf]))
    add("f8-onlynan", np.array([np.nan]))
    add("f8-big", np.array([1e8, 1.0]))
    add("f8-tiny", np.array([1e-300, 5e-324]))
    add("f4-edge", np.array([3.4028235e38, 1.0e-45], dtype="f4"))
    add("f2-edge", np.array([65504, 6e-8, 0.1], dtype="f2"))
    for t in ["i1", "u1", "i2", "u2", "i4", "u4", "i8", "u8"]:
        info = np.iinfo(t)
        add(f"{t}-range", np.array([info.min, 0, info.max], dtype=t))
        add(f"{t}-rand", rng.integers(info.min, info.max, size=int(rng.integers(1, 30)), dtype=t, endpoint=True))
    add("b1", np.array([True, False, True]))
    add("b1-true", np.array([True]))
    add("i4-2d", np.arange(12, dtype="i4").reshape(3, 4))
    add("i4-3d", np.arange(24, dtype="i4").reshape(2, 3, 4) - 7)
    add("i4-4d", np.arange(36, dtype="i4").reshape(3, 1, 3, 4))
    add("f8-wrap", rng.normal(size=40))
    add("f8-2d-wrap", rng.normal(size=(3, 25)))
    add("i8-summary", np.arange(2000, dtype="i8"))
    add("f8-summary-2d", rng.normal(size=(50, 40)))
    add("f4-summary-3d", rng.normal(size=(20, 10, 10)).astype("f4"))
    add("u1-summary-4d", (np.arange(5 * 6 * 7 * 8) % 251).astype("u1").reshape(5, 6, 7, 8))
    add("i4-summary-short-axis", np.arange(1500, dtype="i4").reshape(500, 3))
    add("S", np.array([b"a'b", b"\xff\x00", b"", b'"q\'', b"\\\n\t"], dtype="S4"))
    add("U", np.array(["a\\b\n", "\x7f\x85\U0001f600 ", "it's \"q\"", "é\u200b", "'"], dtype="U6"))
    add("U-wrap", np.array([f"word{i}" * (i % 4) for i in range(30)]))
    add("V", np.array([b"\x00\x01ab", b"x"], dtype="V4"))
    for unit in ["Y", "M", "W", "D", "h", "m", "s", "ms", "us", "ns", "ps", "fs", "as"]:
        vals = rng.integers(-(10**6), 10**6, size=4).astype("i8")
        a = vals.view(f"M8[{unit}]").copy()
        a[1] = np.datetime64("NaT")
        add(f"M8-{unit}", a)
        add(f"m8-{unit}", vals.view(f"m8[{unit}]"))
    add("M8-25s", np.array([0, 1, 1000], dtype="i8").view("M8[25s]"))
    add("M8-years", np.array(["10000-01-01", "-0001-03-04", "0000-12-31"], dtype="M8[D]"))
    add("m8-nat", np.array([1, -20000, "NaT"], dtype="m8[s]"))
    add("struct", np.array([(1, 2.5, b"ab"), (-300, np.nan, b"")], dtype="i4,f8,S2"))
    add("struct-one", np.array([(1,), (20,)], dtype=[("a", "i2")]))
    add("struct-sub", np.array([([1, 2, 3], (0.5, b"x")), ([40, 5, 6], (1e-7, b""))],
                                dtype=[("a", "i4", (3,)), ("b", [("c", "f4"), ("d", "S1")])]))
    add("struct-sub2d", np.zeros(2, dtype=[("m", "f8", (2, 2)), ("t", "?")]))
    add("struct-summary", np.zeros(1200, dtype="i4,f4"))
    add("struct-bigsub", np.zeros(2, dtype=[("big", "i2", (1001,))]))
    add("struct-wrap", np.array([(i, float(i) / 3, "x" * i) for i in range(12)], dtype="i4,f8,U12"))
    add("empty", np.zeros((0,), dtype="f8"))
    add("empty-2d", np.zeros((2, 0), dtype="i4"))
    add("0d-f8", np.array(0.1))
    add("0d-f4", np.array(1e-5, dtype="f4"))
    add("0d-b1", np.array(True))
    add("0d-U", np.array("héllo"))
    add("0d-S", np.array(b"x\x01"))
    add("0d-M8", np.array("2020-01-01", dtype="M8[D]"))
    add("0d-m8", np.array(3, dtype="m8[10ms]"))
    add("0d-c16", np.array(1 + 2j))
    add("0d-struct", np.zeros((), dtype="i4,f4"))
    add("0d-i8", np.array(-(2**63), dtype="i8"))

json.dump(cases, sys.stdout)
