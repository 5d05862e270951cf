"""Writes the benchmark inputs with numpy into a directory (bench/.tmp/scale-*/, git-ignored).

Usage: python3 gen_inputs.py <out_dir> <scale>
Sizes are the issue's (256 MiB, 96 MB npz, 1 M elements, 1 GiB rows file) times <scale>.
Files that already exist with the same parameters (manifest.json) are not rewritten.
"""

import json
import os
import sys

import numpy as np

MIB = 1 << 20


def sizes(scale: float) -> dict:
    return {
        # case 1-3: 256 MiB of <f4 / >f8
        "f4_count": max(1024, int(256 * MIB * scale) // 4),
        "f8_count": max(1024, int(256 * MIB * scale) // 8),
        # case 5/6: two 48 MB members, 96 MB uncompressed
        "npz_member_count": max(1024, int(48_000_000 * scale) // 4),
        # case 7/8: 1 M elements / records
        "str_count": max(1024, int(1_000_000 * scale)),
        "struct_count": max(1024, int(1_000_000 * scale)),
        # case 9: 1 GiB of (rows, 256) <f4, 1 KiB per row
        "rows_count": max(4096, int(1024 * MIB * scale) // 1024),
        "rows_width": 256,
    }


STRUCT_DTYPE = np.dtype(
    [("id", "<i8"), ("x", "<f4"), ("y", "<f4"), ("z", "<f8"), ("flag", "?"), ("label", "S7")]
)


def random_text(rng, n: int, width: int, alphabet: np.ndarray) -> np.ndarray:
    """n code-point rows of `width`, each a random-length string (NUL padded, like numpy stores it)."""
    codes = alphabet[rng.integers(0, len(alphabet), size=(n, width))]
    lengths = rng.integers(0, width + 1, size=n)
    codes[np.arange(width)[None, :] >= lengths[:, None]] = 0
    return codes


def write_all(out: str, p: dict) -> dict:
    rng = np.random.default_rng(20261126)
    files = {}

    def save(name: str, arr: np.ndarray) -> None:
        np.save(os.path.join(out, name), arr)
        files[name] = os.path.getsize(os.path.join(out, name))

    save("f4.npy", rng.random(p["f4_count"], dtype=np.float32))
    save("f4-small.npy", rng.random(256, dtype=np.float32))
    save("f8be.npy", rng.random(p["f8_count"]).astype(">f8"))

    a = rng.standard_normal(p["npz_member_count"], dtype=np.float32)
    b = rng.integers(0, 1000, p["npz_member_count"]).astype("<i4")
    np.savez_compressed(os.path.join(out, "two.npz"), a=a, b=b)
    files["two.npz"] = os.path.getsize(os.path.join(out, "two.npz"))
    # the same members as plain .npy, so writers (case 6) start from identical arrays
    save("npz-a.npy", a)
    save("npz-b.npy", b)

    # <U16: mostly ASCII, some Latin-1, CJK and astral characters (surrogate pairs in JS)
    alphabet_u = np.array(
        [ord(c) for c in "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 _-"]
        + [0xE9, 0xFC, 0x4E2D, 0x6587, 0x1F600],
        dtype=np.uint32,
    )
    u = random_text(rng, p["str_count"], 16, alphabet_u).astype("<u4").view("<U16").reshape(-1)
    save("u16.npy", u)
    alphabet_s = np.frombuffer(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 _-", np.uint8)
    s = random_text(rng, p["str_count"], 16, alphabet_s).astype(np.uint8).view("S16").reshape(-1)
    save("s16.npy", s)

    rec = np.zeros(p["struct_count"], dtype=STRUCT_DTYPE)
    rec["id"] = np.arange(p["struct_count"])
    rec["x"] = rng.random(p["struct_count"], dtype=np.float32)
    rec["y"] = rng.random(p["struct_count"], dtype=np.float32)
    rec["z"] = rng.standard_normal(p["struct_count"])
    rec["flag"] = rng.random(p["struct_count"]) < 0.5
    rec["label"] = random_text(rng, p["struct_count"], 7, alphabet_s).astype(np.uint8).view("S7").reshape(-1)
    save("struct.npy", rec)

    # 1 GiB of rows, written in slabs so generation stays within a few hundred MiB
    rows_path = os.path.join(out, "rows.npy")
    mm = np.lib.format.open_memmap(rows_path, mode="w+", dtype="<f4", shape=(p["rows_count"], p["rows_width"]))
    slab = 65536
    for i in range(0, p["rows_count"], slab):
        j = min(i + slab, p["rows_count"])
        mm[i:j] = rng.random((j - i, p["rows_width"]), dtype=np.float32)
    mm.flush()
    del mm
    files["rows.npy"] = os.path.getsize(rows_path)
    return files


def main() -> None:
    out, scale = sys.argv[1], float(sys.argv[2])
    os.makedirs(out, exist_ok=True)
    p = sizes(scale)
    manifest_path = os.path.join(out, "manifest.json")
    params = {"scale": scale, "numpy": np.__version__, **p}
    if os.path.exists(manifest_path):
        with open(manifest_path) as f:
            old = json.load(f)
        if old.get("params") == params and all(os.path.exists(os.path.join(out, n)) for n in old["files"]):
            print(json.dumps(old))
            return
    files = write_all(out, p)
    manifest = {"params": params, "files": files}
    with open(manifest_path, "w") as f:
        json.dump(manifest, f, indent=2)
    print(json.dumps(manifest))


if __name__ == "__main__":
    main()
