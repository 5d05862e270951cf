#!/usr/bin/env python3
"""Write the demo's sample files with numpy into apps/demo/public/samples/.

    python3 scripts/gen-demo-samples.py

Deterministic (fixed seeds, zip entries carry zipfile's fixed 1980-01-01 date), small (a few
hundred KB in all) and chosen to show each view of the demo:

    image.npy    2-D float32 (160, 240), an interference pattern with noise     -> heatmap
    signal.npy   1-D float64 (4096,), a chirp with noise                        -> line plot
    table.npy    structured (300,): int, unicode, float, datetime64, bool       -> columns
    bundle.npz   several members: big-endian float, strings, bytes, a 3-D stack, datetimes, Fortran order
"""

import os
import zipfile

import numpy as np

OUT = os.path.join(os.path.dirname(__file__), "..", "apps", "demo", "public", "samples")


def image():
    y, x = np.mgrid[0:160, 0:240].astype(np.float64)
    r1 = np.hypot(x - 70, y - 60)
    r2 = np.hypot(x - 170, y - 100)
    rng = np.random.default_rng(1)
    img = np.cos(r1 / 6) + np.cos(r2 / 9) + 0.15 * rng.standard_normal((160, 240))
    return img.astype("<f4")


def signal():
    t = np.linspace(0, 1, 4096)
    rng = np.random.default_rng(2)
    chirp = np.sin(2 * np.pi * (5 * t + 40 * t * t)) * np.exp(-2 * t)
    return (chirp + 0.05 * rng.standard_normal(t.size)).astype("<f8")


def table():
    rng = np.random.default_rng(3)
    dt = np.dtype(
        [("id", "<i4"), ("name", "<U12"), ("mass", "<f8"), ("seen", "<M8[s]"), ("ok", "?")]
    )
    n = 300
    names = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa"]
    rows = np.zeros(n, dtype=dt)
    rows["id"] = np.arange(n)
    rows["name"] = [f"{names[i % len(names)]}-{i}" for i in range(n)]
    rows["mass"] = np.round(rng.gamma(2.0, 3.0, n), 3)
    start = np.datetime64("2024-03-01T08:00:00", "s")
    rows["seen"] = start + np.cumsum(rng.integers(1, 3600, n)).astype("m8[s]")
    rows["ok"] = rng.random(n) > 0.3
    return rows


def bundle():
    rng = np.random.default_rng(4)
    lat = np.linspace(-1, 1, 48)[:, None]
    lon = np.linspace(-1, 1, 64)[None, :]
    temperature = (15 + 10 * np.cos(3 * lat) * np.sin(2 * lon) + rng.standard_normal((48, 64))).astype(">f8")
    stack = (np.arange(4)[:, None, None] * 40 + np.add.outer(np.arange(32), np.arange(32)) * 2).astype("u1")
    return {
        "temperature": temperature,  # big-endian
        "stations": np.array(["Oslo", "Lima", "Perth", "Nairobi", "Reykjavík", "Ushuaia"], dtype="<U10"),
        "codes": np.array([b"OSL", b"LIM", b"PER", b"NBO", b"KEF", b"USH"], dtype="S3"),
        "stack": stack,
        "counts": rng.integers(-500, 500, 200).astype("<i2"),
        "updated": np.array(["2024-01-01T00:00", "2024-06-30T12:30", "NaT"], dtype="<M8[m]"),
        # column-major: element (i, j) is 100 i + j, so a table cell shows whether strides are right
        "grid": np.asfortranarray(np.add.outer(np.arange(12) * 100, np.arange(20)).astype("<i4")),
    }


def save_npz(path, arrays):
    # np.savez writes entries with a fixed date, so the archive is byte-identical run to run
    np.savez(path, **arrays)
    with zipfile.ZipFile(path) as z:
        assert sorted(z.namelist()) == sorted(f"{k}.npy" for k in arrays)


def main():
    os.makedirs(OUT, exist_ok=True)
    np.save(os.path.join(OUT, "image.npy"), image())
    np.save(os.path.join(OUT, "signal.npy"), signal())
    np.save(os.path.join(OUT, "table.npy"), table())
    save_npz(os.path.join(OUT, "bundle.npz"), bundle())
    for name in sorted(os.listdir(OUT)):
        print(f"{name:14} {os.path.getsize(os.path.join(OUT, name)):8} bytes")


if __name__ == "__main__":
    main()
