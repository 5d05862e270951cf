#!/usr/bin/env python3
"""Write npyio's test fixtures with numpy: fixtures/{npy,npz,hostile}/ and fixtures/expected.json.

Regenerate (from the repository root, with the numpy, Python and zlib versions recorded under
"generator" in fixtures/expected.json, so the output is byte-identical):

    python3 scripts/gen-fixtures.py                 # rewrites fixtures/ in place
    python3 scripts/gen-fixtures.py --out /tmp/fx   # writes a fresh copy elsewhere (the drift test does this)

then run `pnpm vitest run fixtures`, which checks that every file matches expected.json and that
every file under fixtures/ is listed. The output is deterministic: fixed seeds, no timestamps (zip
entries carry zipfile's fixed 1980-01-01 date), and fixtures/expected.json is written with a fixed
layout. Files the generator does not own (fixtures/index.ts, fixtures/test/) are left alone.

expected.json follows docs/ARCHITECTURE.md ("Fixtures"). Canonical values, compared exactly by tests:
bool -> 0/1; integers and datetime/timedelta counts -> decimal strings; floats -> the bit pattern of
the logical value as fixed-width lower-case hex, whatever the file's byte order; complex -> [re, im];
S -> latin1 text without trailing NULs; U -> text; V -> hex; structured -> one object per record keyed
by field name (padding omitted), subarray fields flat in C order. "values" is in FILE element order
(arr.ravel(order='F') for Fortran-order files).
"""

import argparse
import ast
import hashlib
import io
import json
import os
import shutil
import struct
import sys
import warnings
import zipfile
import zlib

import numpy as np

# scripts/object_fixtures.py: object arrays (pickles), section "pickle"; found beside this file also
# when another program loads this one as a module (the dtype tests do)
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import object_fixtures  # noqa: E402

GENERATED_DIRS = ("npy", "npz", "hostile")

# ---------------------------------------------------------------------------------------------
# canonical values


def _float_bits(a):
    """Bit patterns of a float array (any byte order) as fixed-width hex, NaN payloads intact."""
    size = a.dtype.itemsize
    # view as an unsigned integer of the same width and byte order: no float passes through the
    # FPU, so signalling NaNs and payloads survive.
    u = np.ascontiguousarray(a).view(a.dtype.str[0] + f"u{size}")
    return [f"0x{int(x):0{size * 2}x}" for x in u.ravel()]


def canon(a):
    """Canonical values of a 1-d array (already in file element order), as a list."""
    dt = a.dtype
    if dt.names is not None:
        cols = {}
        for name in dt.names:
            sub = a[name]
            n = sub.shape[0]
            flat = canon(np.ascontiguousarray(sub).reshape(-1))
            if sub.ndim > 1:
                k = int(np.prod(sub.shape[1:]))
                cols[name] = [flat[i * k:(i + 1) * k] for i in range(n)]
            else:
                cols[name] = flat
        return [{name: cols[name][i] for name in dt.names} for i in range(a.shape[0])]
    kind = dt.kind
    if kind == "b":
        return [int(x) for x in a.view(np.uint8)]
    if kind in "iu":
        return [str(int(x)) for x in a]
    if kind in "Mm":
        return [str(int(x)) for x in np.ascontiguousarray(a).view(dt.str[0] + "i8")]
    if kind == "f":
        return _float_bits(a)
    if kind == "c":
        return [list(p) for p in zip(_float_bits(a.real), _float_bits(a.imag))]
    if kind == "S":
        return [x.decode("latin1") for x in a.tolist()]
    if kind == "U":
        return [str(x) for x in a.tolist()]
    if kind == "V":
        raw = np.ascontiguousarray(a).tobytes()
        size = dt.itemsize
        return [raw[i * size:(i + 1) * size].hex() for i in range(a.shape[0])]
    raise TypeError(f"no canonical form for {dt!r}")


# ---------------------------------------------------------------------------------------------
# reading back what numpy wrote (independently of numpy's reader)


def parse_npy(data):
    """(version, header dict, data offset) of .npy bytes."""
    assert data[:6] == b"\x93NUMPY", data[:8]
    major, minor = data[6], data[7]
    if major == 1:
        (hlen,) = struct.unpack("<H", data[8:10])
        start = 10
    else:
        (hlen,) = struct.unpack("<I", data[8:12])
        start = 12
    text = data[start:start + hlen].decode("utf8" if major == 3 else "latin1")
    return f"{major}.{minor}", ast.literal_eval(text), start + hlen


def descr_json(descr, top=True):
    """The header's descr with Python tuples as JSON arrays (docs/ARCHITECTURE.md, "Descr")."""
    if isinstance(descr, str):
        return descr
    if isinstance(descr, tuple) and top:
        # a top-level (descr, shape) subarray tuple: numpy never writes one, non-numpy writers may
        return {"base": descr_json(descr[0], False), "shape": list(descr[1])}
    if isinstance(descr, list):
        return [descr_json(f, False) for f in descr]
    if isinstance(descr, tuple):
        return [descr_json(x, False) if not isinstance(x, int) else x for x in descr]
    raise TypeError(repr(descr))


def describe_npy(data, arr=None):
    """An expected.json entry for .npy bytes; values come from `arr`, the array numpy wrote."""
    version, header, offset = parse_npy(data)
    entry = {
        "descr": descr_json(header["descr"]),
        "descrRepr": repr(header["descr"]),
        "shape": list(header["shape"]),
        "fortranOrder": header["fortran_order"],
        "version": version,
        "dataOffset": offset,
        "sha256": hashlib.sha256(data).hexdigest(),
    }
    if arr is not None and not arr.dtype.hasobject:
        assert list(arr.shape) == entry["shape"]
        order = "F" if header["fortran_order"] else "C"
        flat = np.asarray(arr).ravel(order=order)
        entry["values"] = canon(flat)
    return entry


def check_npy(name, data, arr, entry):
    """numpy must read back exactly what the entry describes."""
    if arr.dtype.hasobject:
        return
    order = "F" if entry["fortranOrder"] else "C"
    assert data[entry["dataOffset"]:] == np.asarray(arr).tobytes(order=order), name
    back = np.load(io.BytesIO(data), allow_pickle=False, max_header_size=1 << 30)
    assert back.dtype == arr.dtype and back.shape == arr.shape, name
    assert canon(back.ravel(order=order)) == entry["values"], name


def check_hostile(name, data, code):
    """numpy must refuse each hostile file too (except where npyio is stricter, listed here)."""
    # numpy reads these; npyio refuses them
    lenient = {"hostile/longdouble.npy", "hostile/clongdouble.npy", "hostile/npz-duplicate-name.npz"}
    try:
        if name.endswith(".npz"):
            with np.load(io.BytesIO(data), allow_pickle=False) as npz:
                for key in npz.files:
                    npz[key]
        else:
            np.load(io.BytesIO(data), allow_pickle=False)
    except Exception:  # noqa: BLE001 - any refusal will do
        assert name not in lenient, f"numpy now refuses {name}: drop it from `lenient`"
        return
    assert name in lenient, f"numpy accepted {name}, expected {code}"


def npy_bytes(arr, version=None, allow_pickle=False):
    buf = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # "Stored array in format 2.0/3.0"
        np.lib.format.write_array(buf, arr, version=version, allow_pickle=allow_pickle)
    return buf.getvalue()


# ---------------------------------------------------------------------------------------------
# npy fixtures


def _from_bits(bits, fdtype):
    size = np.dtype(fdtype).itemsize
    return np.array(bits, dtype=f"<u{size}").view(f"<f{size}")


FLOAT_BITS = {
    # +0, -0, 1, -1.5, +inf, -inf, quiet NaN, negative NaN with payload, signalling NaN with payload,
    # max, min normal, max subnormal, min subnormal, -min subnormal, pi-ish, epsilon
    2: [0x0000, 0x8000, 0x3C00, 0xBE00, 0x7C00, 0xFC00, 0x7E00, 0xFE01, 0x7C01, 0x7BFF, 0x0400,
        0x03FF, 0x0001, 0x8001, 0x4248, 0x1400],
    4: [0x00000000, 0x80000000, 0x3F800000, 0xBFC00000, 0x7F800000, 0xFF800000, 0x7FC00000,
        0xFFC12345, 0x7F800001, 0x7F7FFFFF, 0x00800000, 0x007FFFFF, 0x00000001, 0x80000001,
        0x40490FDB, 0x34000000],
    8: [0x0000000000000000, 0x8000000000000000, 0x3FF0000000000000, 0xBFF8000000000000,
        0x7FF0000000000000, 0xFFF0000000000000, 0x7FF8000000000000, 0xFFF8000000012345,
        0x7FF0000000000001, 0x7FEFFFFFFFFFFFFF, 0x0010000000000000, 0x000FFFFFFFFFFFFF,
        0x0000000000000001, 0x8000000000000001, 0x400921FB54442D18, 0x3CB0000000000000],
}


def float_values(size):
    return _from_bits(FLOAT_BITS[size], f"f{size}")


def int_values(code):
    info = np.iinfo(code)
    vals = [info.min, info.max, 0, 1, 2, 100, info.max - 1, info.min + 1]
    if info.min < 0:
        vals += [-1, -2, -100]
    else:
        vals += [info.max // 2, info.max // 2 + 1, 0x5A]
    return np.array(vals, dtype=code)


def records(dtype, rows):
    """A structured array whose padding bytes are zero (np.array(rows, dtype) leaves them undefined)."""
    a = np.zeros(len(rows), dtype=dtype)
    a[:] = rows
    return a


def npy_fixtures():
    """(name, array, write options) for every npy/ fixture, in a fixed order."""
    rng = np.random.default_rng(20240601)
    out = []

    def add(name, arr, **opts):
        out.append((f"npy/{name}.npy", arr, opts))

    # numeric dtypes, both byte orders (1-byte types have none)
    add("b1", np.array([True, False, False, True, True], dtype="?"))
    for code in ["i1", "u1"]:
        add(code, int_values(code))
    for code in ["i2", "i4", "i8", "u2", "u4", "u8"]:
        vals = int_values(code)
        add(f"{code}-le", vals.astype("<" + code))
        add(f"{code}-be", vals.astype(">" + code))
    for size in [2, 4, 8]:
        vals = float_values(size)
        # byteswap + view keeps every bit (astype would round-trip signalling NaNs through the FPU)
        add(f"f{size}-le", vals)
        add(f"f{size}-be", vals.byteswap().view(f">f{size}"))
    for size in [8, 16]:
        half = size // 2
        bits = FLOAT_BITS[half]
        re = _from_bits(bits, f"f{half}")
        im = _from_bits(bits[5:] + bits[:5], f"f{half}")
        c = np.zeros(len(bits), dtype=f"<c{size}")
        # assign through integer views so no float conversion happens
        pairs = c.view(f"<u{half}").reshape(-1, 2)
        pairs[:, 0] = re.view(f"<u{half}")
        pairs[:, 1] = im.view(f"<u{half}")
        add(f"c{size}-le", c)
        add(f"c{size}-be", c.byteswap().view(f">c{size}"))

    # shapes and memory order
    add("f8-0d", np.array(3.5))
    add("i4-be-0d", np.array(-7, dtype=">i4"))
    add("b1-0d", np.array(True))
    add("f4-empty", np.zeros((0,), dtype="<f4"))
    add("i8-empty-2d", np.zeros((0, 3), dtype="<i8"))
    add("u2-be-empty-3d", np.zeros((2, 0, 3), dtype=">u2"))  # empty arrays are always written C-order
    add("i2-1d", np.arange(-5, 6, dtype="<i2"))
    add("i4-2d", np.arange(12, dtype="<i4").reshape(3, 4))
    add("f8-3d", rng.standard_normal((2, 3, 4)))
    add("i4-2d-fortran", np.asfortranarray(np.arange(12, dtype="<i4").reshape(3, 4)))
    add("f8-be-3d-fortran", np.asfortranarray(np.arange(24, dtype=">f8").reshape(2, 3, 4) / 8))
    add("u1-4d", np.arange(2 * 3 * 2 * 2, dtype="u1").reshape(2, 3, 2, 2))
    add("i4-shape-1x1x1", np.array([[[42]]], dtype="<i4"))
    add("f4-random-1000", rng.standard_normal(1000).astype("<f4"))

    # strings and void
    add("S5", np.array([b"", b"abc", b"abcde", b"a\x00b", b"\xe9\xff\x01"], dtype="S5"))
    add("S1-2d", np.array([[b"a", b"b"], [b"", b"z"]], dtype="S1"))
    texts = ["", "abc", "h\u00e9llo", "\U0001F600", "\U0001D11E\u6c34", "a\x00b", "\u00ff\u0100\U0010FFFF"]
    add("U6-le", np.array(texts, dtype="<U6"))
    add("U6-be", np.array(texts, dtype=">U6"))
    add("U1-fortran", np.asfortranarray(np.array([["x", "\U0001F40D"], ["\u00e9", ""]], dtype="<U1")))
    add("V4", np.array([b"\x00\x01\x02\x03", b"\xff\xfe\xfd\xfc", b"\x00\x00\x00\x00"], dtype="V4"))
    add("V3-0d", np.array(b"\x10\x20\x30", dtype="V3"))

    # datetimes and timedeltas
    nat = np.iinfo(np.int64).min
    for unit in ["Y", "M", "W", "D", "h", "m", "s", "ms", "us", "ns", "ps", "fs", "as"]:
        vals = np.array([0, 1, -1, 1000, nat, np.iinfo(np.int64).max], dtype="<i8")
        add(f"M8-{unit}", vals.view(f"<M8[{unit}]"))
    add("M8-ns-be", np.array(["2024-02-29T12:34:56.789012345", "NaT", "1969-12-31T23:59:59"],
                             dtype=">M8[ns]"))
    add("M8-D-real", np.array(["1970-01-01", "2000-02-29", "1066-10-14", "NaT"], dtype="<M8[D]"))
    add("M8-10ms", np.array([0, 7, nat], dtype="<i8").view("<M8[10ms]"))
    add("M8-generic-nat", np.array(["NaT", "NaT"], dtype="<M8"))
    for unit in ["D", "h", "s", "ns", "ps"]:
        add(f"m8-{unit}", np.array([0, 1, -1, 86400, nat], dtype="<i8").view(f"<m8[{unit}]"))
    add("m8-15m-be", np.array([0, 4, -4, nat], dtype=">i8").view(">m8[15m]"))

    # structured dtypes (built with records() so padding bytes are deterministic)
    simple = np.dtype([("x", "<i4"), ("y", "<f8")])
    add("struct-simple", records(simple, [(1, 0.5), (-2, -0.0), (3, np.inf)]))
    mixed = np.dtype([("a", ">u2"), ("b", "<f4"), ("c", "S3"), ("d", "?"), ("e", "<U2")])
    add("struct-mixed-endian", records(mixed, [(1, 1.5, b"ab", True, "\U0001F600"),
                                               (65535, -0.0, b"", False, "xy")]))
    nested = np.dtype([("id", "<u4"), ("pos", [("x", "<f4"), ("y", ">f4")]),
                       ("meta", [("tag", "S2"), ("inner", [("k", "i1")])])])
    add("struct-nested", records(nested, [(1, (0.5, -1.0), (b"ok", (3,))), (2, (2.0, 4.0), (b"no", (-4,)))]))
    subarr = np.dtype([("m", "<f4", (2, 3)), ("v", ">i2", (4,)), ("p", [("q", "u1")], (2,)), ("s", "S2", (2,))])
    sa = np.zeros(2, dtype=subarr)
    sa["m"] = np.arange(12, dtype="<f4").reshape(2, 2, 3)
    sa["v"] = np.arange(-4, 4, dtype=">i2").reshape(2, 4)
    sa["p"]["q"] = [[1, 2], [3, 4]]
    sa["s"] = [[b"a", b"bc"], [b"", b"d"]]
    add("struct-subarray", sa)
    aligned = np.dtype([("a", "u1"), ("b", "<i4"), ("c", "u1"), ("d", "<f8"), ("e", "u1")], align=True)
    add("struct-aligned", records(aligned, [(1, -2, 3, 4.5, 5), (255, 2**31 - 1, 0, -0.0, 9)]))
    offsets = np.dtype({"names": ["a", "b"], "formats": ["u1", "<i4"], "offsets": [0, 4], "itemsize": 12})
    add("struct-offsets-gaps", records(offsets, [(7, 8), (9, -10)]))
    titled = np.dtype({"names": ["a", "b"], "formats": ["<i4", "<f4"], "titles": ["Alpha", "Beta"]})
    add("struct-titles", records(titled, [(1, 1.0), (2, 2.0)]))
    kinds = np.dtype([("flag", "?"), ("when", "<M8[s]"), ("span", ">m8[ms]"), ("z", ">c8"), ("h", "<f2"),
                      ("raw", "V2")])
    add("struct-kinds", records(kinds, [(True, 86400, -5, 1 + 2j, 0.5, b"\x01\x02"),
                                        (False, nat, nat, complex(np.nan, -np.inf), -np.inf, b"\x00\xff")]))
    add("struct-0d", records(simple, [(5, 6.25)]).reshape(()))
    add("struct-2d-fortran", np.asfortranarray(records(simple, [(i, i / 4) for i in range(6)]).reshape(2, 3)))
    add("struct-empty", np.zeros((0,), dtype=nested))

    # header versions
    many = np.dtype([(f"field_{i:04d}", "u1") for i in range(4000)])
    rec = np.zeros(1, dtype=many)
    rec.view("u1")[:] = np.arange(4000) % 251
    add("v2-many-fields", rec)  # header > 65535 bytes: numpy picks 2.0 by itself
    add("v2-explicit", np.arange(6, dtype="<i4").reshape(2, 3), version=(2, 0))
    utf8 = np.dtype([("\u6e29\u5ea6", "<i4"), ("\u03c0\U0001F600", "<f8")])
    add("v3-utf8-field-names", records(utf8, [(1, 2.5), (3, -1.0)]))
    add("v3-explicit", np.array([1.0, 2.0], dtype=">f4"), version=(3, 0))

    # object arrays: pickled, for the refusal test (no "values")
    add("object", np.array([1, "two", None, 4.5], dtype=object), allow_pickle=True)
    return out


# ---------------------------------------------------------------------------------------------
# npz fixtures


class NonSeekable(io.RawIOBase):
    """A write-only stream that cannot seek or tell, like a pipe: zipfile then writes data descriptors."""

    def __init__(self):
        super().__init__()
        self.data = bytearray()

    def writable(self):
        return True

    def seekable(self):
        return False

    def write(self, b):
        self.data += bytes(b)
        return len(b)


def zip_info(name, compress):
    # an explicit ZipInfo: writestr(str, ...) would stamp the current time into the entry
    info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
    info.external_attr = 0o644 << 16
    return info


def npz_fixtures():
    """(name, zip bytes, {np.load key: array}) for every npz/ fixture, in a fixed order."""
    rng = np.random.default_rng(20240602)
    out = []
    mixed = {
        "ints": np.arange(6, dtype="<i4").reshape(2, 3),
        "floats_be": float_values(8).byteswap().view(">f8"),
        "text": np.array(["a", "\U0001F600b", ""], dtype="<U2"),
        "scalar": np.array(2.5, dtype="<f4"),
        "fortran": np.asfortranarray(np.arange(6, dtype="<i2").reshape(2, 3)),
        "records": records(np.dtype([("x", "<i4"), ("y", "<f8")]), [(1, 0.5), (2, -1.5)]),
        "empty": np.zeros((0, 2), dtype="|u1"),
    }

    def savez(name, *args, compress=False, stream=False, **kwds):
        target = NonSeekable() if stream else io.BytesIO()
        (np.savez_compressed if compress else np.savez)(target, *args, **kwds)
        data = bytes(target.data) if stream else target.getvalue()
        arrays = dict(kwds)
        arrays.update({f"arr_{i}": a for i, a in enumerate(args)})
        out.append((f"npz/{name}.npz", data, arrays))

    savez("savez", **mixed)
    savez("savez-compressed", **mixed, compress=True)
    savez("savez-positional", np.arange(3, dtype="<i8"), np.array([b"xy"], dtype="S2"), np.eye(2))
    savez("savez-positional-and-named", np.arange(3, dtype="u1"), named=np.array([True, False]))
    savez("savez-empty")
    many = {f"m{i:03d}": np.array([i, -i], dtype="<i2") for i in range(300)}
    savez("savez-300-members", **many)
    savez("savez-subdirectory-names", **{"group/sub/x": np.arange(4, dtype=">u4"), "y": np.array(1.0)})
    big = rng.integers(0, 16, size=20000, dtype="u1")  # compressible, spans many deflate blocks
    savez("savez-compressed-large-member", small=np.array([1, 2, 3], dtype="<i4"), big=big, compress=True)
    savez("savez-nonseekable", **mixed, stream=True)
    savez("savez-compressed-nonseekable", **mixed, compress=True, stream=True)

    # written with zipfile directly: a member that is not .npy beside ones that are
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(zip_info("a.npy", False), npy_bytes(mixed["ints"]))
        zf.writestr(zip_info("README.txt", False), b"not an array\n")
        zf.writestr(zip_info("meta/info.json", True), b'{"units": "m", "note": "deflated, not .npy"}')
        zf.writestr(zip_info("b.npy", True), npy_bytes(mixed["text"]))
    out.append(("npz/zip-non-npy-member.npz", buf.getvalue(), {"a": mixed["ints"], "b": mixed["text"]}))
    return out


def describe_npz(name, data, arrays):
    entry = {"sha256": hashlib.sha256(data).hexdigest(), "members": {}, "raw": {}}
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for info in zf.infolist():
            content = zf.read(info)
            if info.filename.endswith(".npy"):
                key = info.filename[:-4]
                member = describe_npy(content, arrays[key])
                member["member"] = info.filename
                check_npy(f"{name}:{info.filename}", content, arrays[key], member)
                entry["members"][key] = member
            else:
                entry["raw"][info.filename] = content.hex()
    # numpy's own reader must see the same keys
    with np.load(io.BytesIO(data), allow_pickle=False) as npz:
        assert sorted(npz.files) == sorted(list(entry["members"]) + list(entry["raw"])), name
    assert sorted(entry["members"]) == sorted(arrays), name
    return entry


# ---------------------------------------------------------------------------------------------
# hostile fixtures: malformed input and the NpyErrorCode each must produce
# (packages/header/src/npy-error.ts). Guided by the malformed-input lists in numpy's
# numpy/lib/tests/test_format.py: bad version magics, malformed magics, short headers, bad dicts.

MAGIC = b"\x93NUMPY"


def wrap_header(text, version=(1, 0), encoding=None):
    """Preamble + header text padded the way numpy pads it (data starts on a 64-byte boundary)."""
    fmt = "<H" if version[0] == 1 else "<I"
    raw = text.encode(encoding or ("utf8" if version[0] == 3 else "latin1")) if isinstance(text, str) else text
    hlen = len(raw) + 1
    pad = 64 - ((len(MAGIC) + 2 + struct.calcsize(fmt) + hlen) % 64)
    return MAGIC + bytes(version) + struct.pack(fmt, hlen + pad) + raw + b" " * pad + b"\n"


def header_dict(descr="'<i4'", fortran="False", shape="(3,)"):
    return f"{{'descr': {descr}, 'fortran_order': {fortran}, 'shape': {shape}, }}"


def x87_zero_padding(a):
    """x87 long doubles use 10 of their 16 bytes and numpy leaves the other 6 undefined: zero them."""
    if np.finfo(np.longdouble).nmant == 63:
        a.view(np.uint8).reshape(-1, 16)[:, 10:] = 0
    return a


I4X3 = np.array([1, 2, 3], dtype="<i4").tobytes()


def hostile_fixtures():
    """(name, bytes, code, why) for every hostile/ fixture, in a fixed order."""
    out = []
    good = npy_bytes(np.array([1, 2, 3], dtype="<i4"))  # 128-byte header + 12 bytes of data
    good_v2 = npy_bytes(np.array([1, 2, 3], dtype="<i4"), version=(2, 0))
    good_v3 = npy_bytes(records(np.dtype([("\u00b5\u03c0", "<i4")]), [(1,), (2,), (3,)]), version=(3, 0))

    def add(name, data, code, why):
        out.append((f"hostile/{name}", data, code, why))

    def bad_header(name, text, code, why, data=I4X3, **kw):
        add(name, wrap_header(text, **kw) + data, code, why)

    # magic
    for name, magic, why in [
        ("bad-magic-first-byte.npy", b"\x92NUMPY", "first byte 0x92, not 0x93"),
        ("bad-magic-zero-byte.npy", b"\x00NUMPY", "first byte 0x00, not 0x93"),
        ("bad-magic-lowercase.npy", b"\x93numpy", "'numpy' in lower case"),
        ("bad-magic-matlb.npy", b"\x93MATLB", "'MATLB' instead of 'NUMPY'"),
    ]:
        add(name, magic + good[6:], "BAD_MAGIC", f"magic string: {why}")
    add("bad-magic-text.npy", b"this is a text file, not an array\n", "BAD_MAGIC", "plain text, no magic string")
    add("bad-magic-zip.npy", b"PK\x03\x04" + b"\x00" * 60, "BAD_MAGIC",
        "starts like a zip (an .npz): not an .npy magic string")
    add("bad-magic-short.npy", b"\x93NX", "BAD_MAGIC",
        "3 bytes that already differ from the magic string: wrong, not merely short")

    # versions
    for major, minor in [(0, 0), (0, 1), (1, 1), (2, 2), (3, 1), (4, 0), (255, 255)]:
        add(f"version-{major}.{minor}.npy", MAGIC + bytes([major, minor]) + good[8:], "UNSUPPORTED_VERSION",
            f"format version {major}.{minor}; only 1.0, 2.0 and 3.0 exist")

    # truncation at every stage
    add("truncated-empty.npy", b"", "TRUNCATED", "empty file")
    add("truncated-in-magic.npy", good[:3], "TRUNCATED", "ends inside the magic string (3 of 6 bytes)")
    add("truncated-magic-no-version.npy", good[:6], "TRUNCATED", "magic string without the version bytes")
    add("truncated-in-version.npy", good[:7], "TRUNCATED", "ends after the major version byte")
    add("truncated-no-length.npy", good[:8], "TRUNCATED", "magic and version 1.0, no header length")
    add("truncated-in-length-v1.npy", good[:9], "TRUNCATED", "ends inside the 2-byte header length (1.0)")
    add("truncated-in-length-v2.npy", good_v2[:11], "TRUNCATED", "ends inside the 4-byte header length (2.0)")
    add("truncated-no-header.npy", good[:10], "TRUNCATED", "header length 118 declared, no header bytes follow")
    add("truncated-in-header-dict.npy", good[:40], "TRUNCATED", "ends inside the header dict")
    add("truncated-in-header-padding.npy", good[:100], "TRUNCATED",
        "ends in the header's space padding, before the newline")
    add("truncated-before-newline.npy", good[:127], "TRUNCATED", "header complete except its final newline")
    add("truncated-in-header-v2.npy", good_v2[:60], "TRUNCATED", "ends inside a 2.0 header dict")
    cut = good_v3.index("\u00b5".encode("utf8")) + 1
    add("truncated-in-utf8-char-v3.npy", good_v3[:cut], "TRUNCATED",
        "ends in the middle of a two-byte UTF-8 character of a 3.0 header")
    add("truncated-no-data.npy", good[:128], "TRUNCATED", "header declares shape (3,) of <i4, no data follows")
    add("truncated-in-data.npy", good[:134], "TRUNCATED", "6 of 12 data bytes: ends inside the second element")
    add("truncated-last-byte.npy", good[:-1], "TRUNCATED", "one byte short of the declared data")
    big = npy_bytes(np.arange(1000, dtype=">f8"))
    add("truncated-large-data.npy", big[:4000], "TRUNCATED", "8000 data bytes declared, 3872 present")

    # header dict syntax
    bad_header("header-unclosed-brace.npy", "{'descr': '<i4', 'fortran_order': False, 'shape': (3,), ",
               "HEADER_SYNTAX", "dict literal without its closing brace")
    bad_header("header-not-a-literal.npy", "not a dict at all", "HEADER_SYNTAX", "header is not a Python literal")
    bad_header("header-list-not-dict.npy", "['<i4', False, (3,)]", "HEADER_SYNTAX",
               "header is a list literal, not a dict")
    bad_header("header-function-call.npy", header_dict(descr="__import__('os').getcwd()"), "HEADER_SYNTAX",
               "a function call where a literal belongs: never evaluate the header")
    bad_header("header-unquoted-key.npy", "{descr: '<i4', fortran_order: False, shape: (3,), }", "HEADER_SYNTAX",
               "dict keys are bare names, not strings")
    bad_header("header-unterminated-string.npy", header_dict(descr="'<i4"), "HEADER_SYNTAX",
               "string literal without its closing quote")
    bad_header("header-unbalanced-tuple.npy", header_dict(shape="(3,"), "HEADER_SYNTAX",
               "shape tuple without its closing parenthesis")
    bad_header("header-empty.npy", "", "HEADER_SYNTAX", "header is only padding")

    # header dict keys
    bad_header("header-missing-fortran-order.npy", "{'descr': '<i4', 'shape': (3,), }", "HEADER_KEYS",
               "no 'fortran_order' key")
    bad_header("header-missing-descr.npy", "{'fortran_order': False, 'shape': (3,), }", "HEADER_KEYS",
               "no 'descr' key")
    bad_header("header-extra-key.npy", "{'descr': '<i4', 'extra': -1, 'fortran_order': False, 'shape': (3,), }",
               "HEADER_KEYS", "an unexpected key 'extra' beside the three required ones")
    bad_header("header-empty-dict.npy", "{}", "HEADER_KEYS", "empty dict")

    # shape
    bad_header("shape-list.npy", header_dict(shape="[3]"), "BAD_SHAPE", "shape is a list, not a tuple")
    bad_header("shape-int.npy", header_dict(shape="3"), "BAD_SHAPE", "shape is an int, not a tuple")
    bad_header("shape-string.npy", header_dict(shape="'3'"), "BAD_SHAPE", "shape is a string")
    bad_header("shape-float-dim.npy", header_dict(shape="(3.0,)"), "BAD_SHAPE", "a dimension is a float")
    bad_header("shape-negative.npy", header_dict(shape="(-1,)"), "BAD_SHAPE", "a negative dimension")
    bad_header("shape-negative-2d.npy", header_dict(shape="(3, -2)"), "BAD_SHAPE",
               "a negative dimension after a valid one")
    bad_header("shape-product-over-2-53.npy", header_dict(descr="'|u1'", shape="(134217728, 134217729)"),
               "BAD_SHAPE", "element count 2^54 + 2^27 exceeds 2^53 (Number.MAX_SAFE_INTEGER)", data=b"")
    bad_header("shape-dim-over-2-53.npy", header_dict(descr="'|u1'", shape="(9007199254740993,)"),
               "BAD_SHAPE", "dimension 2^53 + 1 is not exactly representable in JavaScript", data=b"")
    bad_header("shape-dim-huge.npy", header_dict(descr="'|u1'", shape="(1000000000000000000000000000000,)"),
               "BAD_SHAPE", "dimension 10^30", data=b"")

    # fortran_order
    bad_header("fortran-order-int.npy", header_dict(fortran="0"), "BAD_FORTRAN_ORDER", "fortran_order is 0, not a bool")
    bad_header("fortran-order-string.npy", header_dict(fortran="'False'"), "BAD_FORTRAN_ORDER",
               "fortran_order is the string 'False'")
    bad_header("fortran-order-none.npy", header_dict(fortran="None"), "BAD_FORTRAN_ORDER", "fortran_order is None")

    # descr
    bad_header("descr-int.npy", header_dict(descr="5"), "BAD_DESCR", "descr is an int, neither str nor list")
    bad_header("descr-none.npy", header_dict(descr="None"), "BAD_DESCR", "descr is None")
    bad_header("descr-dict.npy", header_dict(descr="{'names': ['a'], 'formats': ['<i4']}"), "BAD_DESCR",
               "descr is a dict (a dtype spec numpy never writes in a header)")
    bad_header("descr-unknown-type.npy", header_dict(descr="'x'"), "BAD_DESCR", "descr 'x' names no dtype")
    bad_header("descr-bad-itemsize.npy", header_dict(descr="'<i3'"), "BAD_DESCR", "no 3-byte integer exists")
    bad_header("descr-field-one-element.npy", header_dict(descr="[('a',)]"), "BAD_DESCR",
               "a field tuple without a type")
    bad_header("descr-field-bad-shape.npy", header_dict(descr="[('a', '<i4', 'x')]"), "BAD_DESCR",
               "a field's subarray shape is a string")
    bad_header("descr-field-name-int.npy", header_dict(descr="[(1, '<i4')]"), "BAD_DESCR",
               "a field name is an int")

    # header size and encoding
    bad_header("header-too-large.npy", header_dict() + " " * 12000, "HEADER_TOO_LARGE",
               "a valid header padded past 10000 characters (numpy's default max_header_size)")
    add("header-length-4gib-v2.npy", MAGIC + b"\x02\x00" + struct.pack("<I", 0xFFFFFFFF) + good[10:],
        "HEADER_TOO_LARGE", "2.0 header length field declares 4 GiB; refuse before reading it")
    bad_header("header-invalid-utf8-v3.npy", header_dict(descr="[('\xff\xfe', '<i4')]").encode("latin1"),
               "HEADER_ENCODING", "a 3.0 header that is not valid UTF-8", version=(3, 0))

    # dtypes that cannot be decoded
    obj_field = np.empty(2, dtype=[("id", "<i4"), ("payload", "O")])
    obj_field["id"] = [1, 2]
    obj_field["payload"] = [None, "x"]
    add("object-field.npy", npy_bytes(obj_field, allow_pickle=True), "OBJECT_DTYPE",
        "a structured dtype with an object field: the data is a pickle")
    add("object-header-only.npy", npy_bytes(np.array([None, 1], dtype=object), allow_pickle=True)[:128],
        "OBJECT_DTYPE", "object dtype header without its pickle: refuse on the descr, before any data")
    add("longdouble.npy", npy_bytes(x87_zero_padding(np.array([1.5, -2.0], dtype=np.longdouble))),
        "UNSUPPORTED_DTYPE", "<f16 (x87 extended / quad): no JavaScript representation")
    add("clongdouble.npy", npy_bytes(x87_zero_padding(np.array([1.5 + 1j], dtype=np.clongdouble))),
        "UNSUPPORTED_DTYPE", "<c32: complex of two <f16")

    # npz archives
    npz = io.BytesIO()
    np.savez(npz, a=np.arange(4, dtype="<i4"), b=np.arange(3, dtype="<f8"))
    npz = npz.getvalue()
    add("npz-truncated.npz", npz[:len(npz) // 2], "BAD_ZIP", "the second half, with the central directory, is missing")
    corrupt = bytearray(npz)
    at = npz.index(b"\x93NUMPY") + 128  # first data byte of the first (stored) member
    corrupt[at] ^= 0xFF
    add("npz-crc-mismatch.npz", bytes(corrupt), "CRC_MISMATCH", "one data byte of stored member a.npy flipped")
    dup = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # "Duplicate name"
        with zipfile.ZipFile(dup, "w") as zf:
            zf.writestr(zip_info("a.npy", False), npy_bytes(np.arange(2, dtype="<i4")))
            zf.writestr(zip_info("a.npy", False), npy_bytes(np.arange(3, dtype="<i4")))
    add("npz-duplicate-name.npz", dup.getvalue(), "DUPLICATE_NAME", "two members named a.npy")
    return out


# ---------------------------------------------------------------------------------------------
# fuzz findings: minimal inputs on which the fuzz harness (fuzz/, `pnpm fuzz`) once saw a package
# break an invariant (a non-NpyError throw, a hang, an over-allocation, a round trip that differs).
# They live in hostile/fuzz/ and under "fuzz" in expected.json, not "hostile": most are valid files,
# and every one must now pass all the harness invariants (fuzz/test/fuzz-findings.test.ts).


def fuzz_fixtures():
    """(name, bytes, entry) for every hostile/fuzz/ fixture, in a fixed order."""
    out = []

    def add(name, data, package, found, why):
        out.append((f"hostile/fuzz/{name}", data, {"package": package, "found": found, "why": why}))

    empty_first = np.zeros(2, dtype=[("e", []), ("x", "<i4")])
    empty_first["x"] = [1, -2]
    add("struct-empty-first-field.npy", npy_bytes(empty_first), "@npyio/dtype", "seed 20261126 #15009",
        "a struct whose first field is an empty struct (itemsize 0): decode works, encode counts 0 records "
        "from that field and refuses the other columns (BAD_DATA), so decode -> encode -> decode fails")
    add("subarray-zero-size.npy", wrap_header(header_dict(descr="('<i1', (0,))", shape="(3,)")), "@npyio/dtype",
        "seed 20261126 #16504",
        "a top-level subarray descr with a 0 in its shape (itemsize 0, no data): decode gives an empty array, "
        "encode refuses it (BAD_DATA 'a multiple of 0 elements'); numpy itself refuses to read this file")

    # archives whose members declare an uncompressed size far above what their data inflates to
    small = npz_of(np.savez_compressed, a=np.arange(3, dtype="<i4"))
    add("npz-declared-4gib-central.npz", zip_declared_size(small, 0xFFFFFFFE), "@npyio/npz",
        "seed 3 #243",
        "a 183-byte deflated member whose central directory entry declares 4 GiB - 2 uncompressed: "
        "NpzReader (native DecompressionStream codec) allocates the declared size before inflating")
    stored = bytearray(npz_of(np.savez, a=np.arange(3, dtype="<i4")))
    # numpy writes 0xFFFFFFFF sizes and a zip64 extra field in the local header; drop the extra field
    assert stored[:4] == b"PK\x03\x04" and struct.unpack_from("<I", stored, 22)[0] == 0xFFFFFFFF
    struct.pack_into("<H", stored, 28, 0)
    add("npz-local-sizes-4gib.npz", bytes(stored), "@npyio/npz", "seed 3 #565",
        "a numpy-written stored member whose local header keeps its 0xFFFFFFFF sizes but loses the zip64 "
        "extra field (length set to 0): the sequential reader (readNpzStream, MemberSink) allocates 4 GiB - 1 "
        "before reading the data")

    add("header-length-0-streamed.npy", MAGIC + b"\x01\x00" + struct.pack("<H", 0) + header_dict().encode() + b"\n",
        "@npyio/stream", "seed 1 #309740",
        "a 1.0 header whose length field is 0, so the header ends at byte 10; streamed in chunks of 5 and 6 bytes, "
        "HeaderCollector collects 12 preamble bytes (the 2.0 preamble), overshoots the header by one, computes "
        "a negative `take` on the next chunk and Uint8Array.set throws a RangeError (NpyDecoderStream, readNpy)")

    archive = dict((name, data) for name, data, _ in npz_fixtures())["npz/zip-non-npy-member.npz"]
    member = next(i for i in zipfile.ZipFile(io.BytesIO(archive)).infolist() if i.filename == "b.npy")
    name_len, extra_len = struct.unpack_from("<HH", archive, member.header_offset + 26)
    at = member.header_offset + 30 + name_len + extra_len + 10
    distance = bytearray(archive)
    distance[at] ^= 0x10
    try:
        zlib.decompress(bytes(distance[at - 10:at - 10 + member.compress_size]), -15)
        raise AssertionError("the flipped member still inflates")
    except zlib.error as err:
        assert "invalid distance too far back" in str(err), err
    add("npz-deflate-distance-too-far.npz", bytes(distance), "@npyio/npz", "seed 20261126 #5980",
        "npz/zip-non-npy-member.npz with one bit flipped in the deflate data of b.npy: Node's zlib "
        "(the native DecompressionStream engine) fails with 'invalid distance too far back', which escapes "
        "NpzReader (get, stream) as a plain Error instead of an NpyError BAD_ZIP")
    return out


def npz_of(save, **arrays):
    buf = io.BytesIO()
    save(buf, **arrays)
    return buf.getvalue()


def zip_declared_size(data, size):
    """`data` (a one-member zip) with the central directory's uncompressed size of the member set to `size`."""
    out = bytearray(data)
    at = out.index(b"PK\x01\x02")
    struct.pack_into("<I", out, at + 24, size)
    return bytes(out)


# ---------------------------------------------------------------------------------------------
# output


def write_expected(path, doc):
    """expected.json with one line per fixture, so diffs show which fixture changed."""
    def dump(x):
        return json.dumps(x, ensure_ascii=True, separators=(", ", ": "))

    lines = ["{", f'  "generator": {dump(doc["generator"])},']
    sections = [k for k in ("npy", "npz", "hostile", "fuzz", "pickle") if k in doc]
    for si, section in enumerate(sections):
        entries = doc[section]
        lines.append(f'  "{section}": {{')
        for i, (name, entry) in enumerate(entries.items()):
            comma = "," if i < len(entries) - 1 else ""
            lines.append(f"    {dump(name)}: {dump(entry)}{comma}")
        lines.append("  }" + ("," if si < len(sections) - 1 else ""))
    lines.append("}")
    with open(path, "w", encoding="ascii", newline="\n") as f:
        f.write("\n".join(lines) + "\n")


def main():
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures")
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=root, help="output directory (default: the repository's fixtures/)")
    args = ap.parse_args()
    out = os.path.abspath(args.out)
    for d in GENERATED_DIRS:
        shutil.rmtree(os.path.join(out, d), ignore_errors=True)
        os.makedirs(os.path.join(out, d))

    doc = {
        "generator": {
            "numpy": np.__version__,
            "python": ".".join(map(str, sys.version_info[:3])),
            "zlib": zlib.ZLIB_RUNTIME_VERSION,
        },
        "npy": {},
        "npz": {},
        "hostile": {},
        "fuzz": {},
        "pickle": {},
    }
    for name, arr, opts in npy_fixtures():
        data = npy_bytes(arr, **opts)
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)
        doc["npy"][name] = describe_npy(data, arr)
        check_npy(name, data, arr, doc["npy"][name])

    for name, data, arrays in npz_fixtures():
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)
        doc["npz"][name] = describe_npz(name, data, arrays)

    for name, data, code, why in hostile_fixtures():
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)
        check_hostile(name, data, code)
        doc["hostile"][name] = {"code": code, "why": why}

    os.makedirs(os.path.join(out, "hostile", "fuzz"))
    for name, data, entry in fuzz_fixtures():
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)
        doc["fuzz"][name] = entry

    # object arrays, read only with allowPickle; hostile pickles are never unpickled here
    for name, data, entry in object_fixtures.fixtures():
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)
        doc["pickle"][name] = entry
    for name, data, code, why in object_fixtures.hostile():
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)
        object_fixtures.check_refused(name, data)
        doc["pickle"][name] = {"code": code, "why": why}

    write_expected(os.path.join(out, "expected.json"), doc)
    total = sum(os.path.getsize(os.path.join(dp, f)) for d in GENERATED_DIRS
                for dp, _, fs in os.walk(os.path.join(out, d)) for f in fs)
    print(f"wrote {sum(len(doc[k]) for k in (*GENERATED_DIRS, 'fuzz', 'pickle'))} fixtures ({total} bytes) to {out}")


if __name__ == "__main__":
    main()
