"""Object-array fixtures for scripts/gen-fixtures.py: arrays of Python objects that numpy pickles,
written at each pickle protocol, and hostile pickles that npyio must refuse with a typed error.

Files: npy/object-*.npy, npz/object-*.npz and hostile/pickle-*.npy, all listed under "pickle" in
fixtures/expected.json (apart from "npy"/"npz"/"hostile": the readers refuse them unless asked with
allowPickle). Each readable entry carries "json": what np.load(allow_pickle=True) gives, in the
rendering below, which packages/dtype/test/py-json.ts reproduces from npyio's values:

  None, bool, str -> themselves; int -> a number when |v| < 2**53, else {"int": "<decimal>"};
  float -> a number, or {"float": "nan" | "inf" | "-inf"}; complex -> {"complex": [re, im]};
  bytes/bytearray -> {"bytes": "<hex>"}; list/tuple -> a list; dict -> {"dict": [[k, v], ...]};
  set/frozenset -> {"set": [...]} (items sorted by their JSON); a container met again inside itself
  -> {"cycle": true}; an ndarray -> {"ndarray": {"descr", "shape", "fortran", "values"}} with the
  values flat in memory order (C order for object arrays); a numpy scalar -> its .item(), except
  datetime64/timedelta64 -> a 0-d ndarray of its count.

The hostile files are never unpickled here: numpy must refuse them with allow_pickle=False.
"""

import collections
import hashlib
import io
import json
import pickle
import struct
import zipfile

import numpy as np

SAFE = 2**53 - 1
PROTOCOLS = (2, 3, 4, 5)


def _float(x):
    x = float(x)
    if x != x:
        return {"float": "nan"}
    if x in (float("inf"), float("-inf")):
        return {"float": "inf" if x > 0 else "-inf"}
    return x


def _int(x):
    x = int(x)
    return x if -SAFE <= x <= SAFE else {"int": str(x)}


def render(v, path=None):
    path = set() if path is None else path
    if v is None or isinstance(v, (bool, np.bool_)):
        return None if v is None else bool(v)
    if isinstance(v, (np.datetime64, np.timedelta64)):
        return render(np.array(v), path)
    if isinstance(v, np.generic) and not isinstance(v, np.void):
        return render(v.item(), path)
    if isinstance(v, np.void):
        return {"bytes": v.tobytes().hex()}
    if isinstance(v, int):
        return _int(v)
    if isinstance(v, float):
        return _float(v)
    if isinstance(v, complex):
        return {"complex": [_float(v.real), _float(v.imag)]}
    if isinstance(v, str):
        return v
    if isinstance(v, (bytes, bytearray)):
        return {"bytes": bytes(v).hex()}
    if id(v) in path:
        return {"cycle": True}
    path = path | {id(v)}
    if isinstance(v, (list, tuple)):
        return [render(x, path) for x in v]
    if isinstance(v, dict):
        return {"dict": [[render(k, path), render(x, path)] for k, x in v.items()]}
    if isinstance(v, (set, frozenset)):
        items = [render(x, path) for x in v]
        return {"set": sorted(items, key=lambda i: json.dumps(i, sort_keys=True))}
    if isinstance(v, np.ndarray):
        fortran = bool(v.ndim > 1 and v.flags.f_contiguous and not v.flags.c_contiguous and not v.dtype.hasobject)
        flat = v.ravel(order="F" if fortran else "C")
        if v.dtype.kind in "Mm":
            values = [_int(x) for x in flat.view("i8")]
        elif v.dtype.names is not None:
            values = {n: render(np.ascontiguousarray(flat[n]), path)["ndarray"]["values"] for n in v.dtype.names}
        else:
            values = [render(x, path) for x in flat.tolist()] if v.dtype.hasobject else [render(x, path) for x in flat]
        descr = np.lib.format.dtype_to_descr(v.dtype)
        return {"ndarray": {"descr": json.loads(json.dumps(descr)), "shape": list(v.shape), "fortran": fortran,
                            "values": values}}
    raise TypeError(f"no rendering for {type(v)!r}")


def objects(items, shape=None):
    """An object array holding exactly `items` (np.array would make ragged lists into more dims)."""
    a = np.empty(len(items), dtype=object)
    for i, x in enumerate(items):
        a[i] = x
    return a if shape is None else a.reshape(shape)


def arrays():
    """(name, object array) for every readable fixture."""
    cyclic = [1, "x"]
    cyclic.append(cyclic)
    shared = [1, 2]
    nested = objects([np.arange(3, dtype="<f8"), np.array([0, -1], dtype=">i4")])
    return [
        ("str", objects(["a", "bb", "", "\u00fcn\u00ef", "\U0001F600", "tab\there"])),
        ("ragged", objects([np.arange(3, dtype="<f8"), np.array([0.5, -1.5]), np.array([], dtype="<f8")])),
        ("nested-lists", objects([[1, [2, [3, []]]], [], ["x", [None, (4, 5)]]])),
        ("dicts", objects([{"a": 1, "b": [1, 2]}, {1: "x", (1, 2): None}, {}, collections.OrderedDict([("z", 0), ("y", 1)])])),
        ("none", objects([None, None, None])),
        ("big-ints", objects([2**53 - 1, 2**53, -(2**53), -(2**63), 2**64, 10**30, -(10**40), 0, -1])),
        ("mixed", objects(["a", None, 3, [1, 2], 1.5, True, False, float("nan"), -0.25, 2**70, (1, "t"), {"k": None}])),
        ("complex", objects([1 + 2j, complex(0, -1), complex(float("inf"), 0.5), 0j])),
        ("bytes", objects([b"", b"\x00\xff", bytearray(b"ab"), b"x" * 300])),
        ("sets", objects([{1, 2, 3}, frozenset([4]), set(), {(1, 2), 3}])),
        ("numpy-scalars", objects([np.float32(1.5), np.float64(-0.25), np.float16(0.5), np.int8(-5), np.uint8(200),
                                   np.int16(-300), np.uint32(4000000000), np.int64(-7), np.uint64(2**64 - 1),
                                   np.bool_(True), np.complex64(1 - 1j), np.complex128(2j), np.str_("hi"),
                                   np.bytes_(b"z\x00y"), np.datetime64("2020-01-02", "D"),
                                   np.datetime64("2001-01-01T00:00:00.5", "ms"), np.timedelta64(5, "s"),
                                   np.timedelta64(25, "m")])),
        ("numpy-arrays", objects([np.asfortranarray(np.arange(6, dtype="<f8").reshape(2, 3)),
                                  np.array(["ab", "c"], dtype="<U2"), np.array([b"xy"], dtype="S2"),
                                  np.array([True, False]), np.array([0, 1, 2, 3], dtype=">u2").reshape(2, 2),
                                  np.array(3.5), np.array([1 + 1j], dtype="<c8"),
                                  np.array(["2020-01-01"], dtype="<M8[D]"),
                                  np.zeros(2, dtype=[("x", "<i4"), ("y", "<f8")]), nested])),
        ("2d", objects(["a", 1, None, [2], 2.5, {"k": 1}], (2, 3))),
        ("fortran", np.asfortranarray(objects(["a", "b", "c", "d", "e", "f"], (2, 3)))),
        ("3d", objects(list(range(24)), (2, 3, 4))),
        ("0d", np.array({"k": [1, 2]}, dtype=object)),
        ("empty", np.empty((0, 3), dtype=object)),
        ("shared-and-cyclic", objects([shared, shared, cyclic])),
    ]


def header_bytes(arr, version=(1, 0)):
    buf = io.BytesIO()
    assert version == (1, 0)
    np.lib.format.write_array_header_1_0(buf, np.lib.format.header_data_from_array_1_0(arr))
    return buf.getvalue()


def npy_bytes(arr, protocol):
    """What np.save writes for `arr`, with its pickle at `protocol` (np.save itself uses 4)."""
    data = header_bytes(arr) + pickle.dumps(arr, protocol=protocol)
    if protocol == 4:
        buf = io.BytesIO()
        np.save(buf, arr, allow_pickle=True)
        assert buf.getvalue() == data, "np.save no longer writes protocol 4"
    return data


def check_readable(name, data, arr):
    back = np.load(io.BytesIO(data), allow_pickle=True)
    assert back.shape == arr.shape and back.dtype == arr.dtype, name
    # what np.load gives is the truth; it may differ from `arr` (numpy's ndarray.__setstate__ turns
    # big-endian data native: a pickled >u2 array loads as <u2 with the same values)
    return render(back)


def fixtures():
    """(name, bytes, entry) for every object fixture, in a fixed order."""
    out = []
    for kind, arr in arrays():
        for p in PROTOCOLS:
            name = f"npy/object-{kind}-p{p}.npy"
            data = npy_bytes(arr, p)
            out.append((name, data, {"protocol": p, "shape": list(arr.shape), "sha256": hashlib.sha256(data).hexdigest(),
                                     "json": check_readable(name, data, arr)}))
    mixed = dict(arrays())["mixed"]
    for p in (0, 1):
        name = f"npy/object-mixed-p{p}.npy"
        data = npy_bytes(mixed, p)
        out.append((name, data, {"protocol": p, "shape": list(mixed.shape), "sha256": hashlib.sha256(data).hexdigest(),
                                 "json": check_readable(name, data, mixed)}))

    table = dict(arrays())
    members = {"text": table["str"], "ragged": table["ragged"], "meta": table["dicts"],
               "plain": np.arange(4, dtype="<i4")}
    for compress in (False, True):
        buf = io.BytesIO()
        (np.savez_compressed if compress else np.savez)(buf, **members)
        out.append((f"npz/object-savez{'-compressed' if compress else ''}.npz", buf.getvalue(), npz_entry(buf.getvalue())))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for p in PROTOCOLS:
            info = zipfile.ZipInfo(f"mixed_p{p}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.external_attr = 0o644 << 16
            zf.writestr(info, npy_bytes(table["mixed"], p))
    out.append(("npz/object-protocols.npz", buf.getvalue(), npz_entry(buf.getvalue())))
    return out


def npz_entry(data):
    with np.load(io.BytesIO(data), allow_pickle=True) as npz:
        members = {key: render(npz[key]) for key in npz.files}
    return {"sha256": hashlib.sha256(data).hexdigest(), "members": members}


# ---------------------------------------------------------------------------------------------
# hostile pickles: the header says |O, the data is a pickle that must never run


def hostile_npy(payload):
    return header_bytes(np.empty(1, dtype=object)) + payload


def _array_of(element):
    """A protocol 2 pickle of a 1-element object array whose element is the opcodes `element`."""
    return (b"\x80\x02cnumpy._core.multiarray\n_reconstruct\ncnumpy\nndarray\nK\x00\x85C\x01b\x87R"
            b"(K\x01K\x01\x85cnumpy\ndtype\nX\x02\x00\x00\x00O8\x89\x88\x87R"
            b"(K\x03X\x01\x00\x00\x00|NNNJ\xff\xff\xff\xffJ\xff\xff\xff\xffK?tb\x89]" + element + b"atb.")


def hostile():
    """(name, bytes, code, why) for every hostile pickle, in a fixed order."""
    out = []

    def add(name, payload, code, why):
        out.append((f"hostile/pickle-{name}.npy", hostile_npy(payload), code, why))

    add("os-system", b"cos\nsystem\n(S'echo pwned'\ntR.", "UNSAFE_PICKLE",
        "protocol 0: os.system('echo pwned'), the classic; refused at the GLOBAL, before any call")
    add("posix-system", _array_of(b"cposix\nsystem\nX\x0a\x00\x00\x00echo pwned\x85R"), "UNSAFE_PICKLE",
        "posix.system inside an otherwise genuine object array")
    add("builtins-eval", b"\x80\x02c__builtin__\neval\nX\x0e\x00\x00\x00__import__('os')\x85R.", "UNSAFE_PICKLE",
        "builtins.eval (Python 2 spelling __builtin__) of an import")
    add("subprocess-popen", b"\x80\x04\x8c\nsubprocess\x8c\x05Popen\x93]\x8c\x04echo\x85\x85R.", "UNSAFE_PICKLE",
        "subprocess.Popen(['echo']) through STACK_GLOBAL (protocol 4)")
    add("user-class", b"\x80\x04\x8c\x08__main__\x8c\x04Evil\x93)\x81}\x8c\x01x\x4b\x01sb.", "UNSAFE_PICKLE",
        "a user class: NEWOBJ then BUILD (its __setstate__ would run)")
    add("getattr-chain", b"\x80\x02c__builtin__\ngetattr\ncos\nsystem\n.", "UNSAFE_PICKLE",
        "builtins.getattr, the first link of the usual getattr(module, name)(args) chain")
    add("reduce-chain", b"\x80\x02c_codecs\nencode\nX\x01\x00\x00\x00aX\x06\x00\x00\x00latin1\x86R)R.", "UNSAFE_PICKLE",
        "REDUCE on the result of an allowed call (_codecs.encode(...)() calls bytes, which is not callable)")
    add("ndarray-called", b"\x80\x02cnumpy\nndarray\nK\x01\x85R.", "UNSAFE_PICKLE",
        "numpy.ndarray is allowed as _reconstruct's argument, never as a callable")
    add("ndarray-subclass", b"\x80\x02cnumpy._core.multiarray\n_reconstruct\ncnumpy.ma.core\nMaskedArray\nK\x00\x85C\x01b\x87R.",
        "UNSAFE_PICKLE", "_reconstruct of a MaskedArray: a subclass would run its own code")
    add("persistent-id", b"\x80\x02X\x01\x00\x00\x00xQ.", "UNSAFE_PICKLE", "BINPERSID would call persistent_load")
    add("extension-code", b"\x80\x02\x82\x01)R.", "UNSAFE_PICKLE", "EXT1 names a global from copyreg's extension registry")
    # each step: a new list holding the one in memo slot 0, which it then replaces (POP keeps the stack flat)
    deep = b"]q\x000" + b"]h\x00aq\x000" * 5000 + b"h\x00"
    add("deep-nesting", _array_of(deep), "LIMIT_EXCEEDED",
        "a list nested 5001 deep built in 35 kB through the memo (past maxDepth 1000)")
    add("memo-unset", _array_of(b"j\xff\xff\xff\xff"), "BAD_PICKLE", "LONG_BINGET of a memo slot never written")
    add("long4-huge", _array_of(b"\x8b\xff\xff\xff\x7f\x00"), "TRUNCATED",
        "LONG4 declares a 2 GiB int; 1 byte follows: refused before allocating")
    add("binunicode8-huge", _array_of(b"\x8d" + struct.pack("<Q", 2**63 - 1) + b"a"), "TRUNCATED",
        "BINUNICODE8 declares 2^63 - 1 bytes of text")
    add("binbytes8-huge", _array_of(b"\x8e" + struct.pack("<Q", 2**62) + b"a"), "TRUNCATED",
        "BINBYTES8 declares 2^62 bytes")
    add("frame-huge", b"\x80\x04\x95" + struct.pack("<Q", 2**40) + b"N.", "TRUNCATED",
        "a protocol 4 FRAME declares 1 TiB")
    whole = pickle.dumps(dict(arrays())["mixed"], protocol=4)
    add("truncated", whole[: len(whole) // 2], "TRUNCATED", "a genuine protocol 4 object array cut in half")
    add("unknown-opcode", b"\x80\x02\xff.", "BAD_PICKLE", "opcode 0xff is in no protocol")
    add("shape-mismatch", _array_of(b"N")[:-4] + b"aNatb.", "BAD_PICKLE",
        "the ndarray state declares 1 element and lists 2")
    return out


def check_refused(name, data):
    """numpy must refuse the file without allow_pickle (and it is never loaded with it here)."""
    try:
        np.load(io.BytesIO(data), allow_pickle=False)
    except ValueError:
        return
    raise AssertionError(f"numpy read {name} without allow_pickle")
