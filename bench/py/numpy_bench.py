"""numpy's side of the benchmark: times measured inside Python with time.perf_counter.

Usage: python3 numpy_bench.py <inputs_dir> <case> <reps>
Prints one JSON object {task: Measurement} (see src/measurement.ts) on stdout. Process start, imports
and input loading are outside the timed region; each task runs once untimed first (warm page cache,
warm allocator), then <reps> timed repetitions; the median is reported.
"""

import gc
import io
import json
import os
import statistics
import sys
import time

import numpy as np


def timed(fn, reps: int) -> dict:
    fn()
    samples = []
    cpu = []
    for _ in range(reps):
        gc.collect()
        c0 = time.process_time()
        t0 = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t0) * 1000.0)
        cpu.append((time.process_time() - c0) * 1000.0)
    return {
        "kind": "time",
        "medianMs": statistics.median(samples),
        "samples": len(samples),
        # user + system CPU of all threads: not inflated by waiting for a core on a shared machine
        "cpuMs": statistics.median(cpu),
    }


def case2(d: str, reps: int) -> dict:
    path = os.path.join(d, "f4.npy")
    return {"numpy np.load": timed(lambda: np.load(path), reps)}


def case3(d: str, reps: int) -> dict:
    path = os.path.join(d, "f8be.npy")
    return {
        "numpy np.load": timed(lambda: np.load(path), reps),
        # np.load keeps >f8; this is the cost of getting native-order values, what npyio returns
        "numpy np.load + astype('<f8')": timed(lambda: np.load(path).astype("<f8"), reps),
    }


def case5(d: str, reps: int) -> dict:
    path = os.path.join(d, "two.npz")

    def load_all():
        # NpzFile is lazy: reading every member is what "read the npz" means
        with np.load(path) as z:
            return [z[k] for k in z.files]

    return {"numpy np.load (all members)": timed(load_all, reps)}


def case6(d: str, reps: int) -> dict:
    a = np.load(os.path.join(d, "npz-a.npy"))
    b = np.load(os.path.join(d, "npz-b.npy"))
    out = {}

    def write():
        buf = io.BytesIO()
        np.savez_compressed(buf, a=a, b=b)
        out["size"] = buf.tell()

    r = timed(write, reps)
    r["bytes"] = a.nbytes + b.nbytes
    return {
        "numpy savez_compressed (to memory)": r,
        "numpy savez_compressed (to memory): output size": {"kind": "value", "value": out["size"], "unit": "bytes"},
    }


def case7(d: str, reps: int) -> dict:
    result = {}
    for name, label in (("u16.npy", "<U16"), ("s16.npy", "S16")):
        path = os.path.join(d, name)
        out_path = os.path.join(d, f"out-{name}")
        with open(path, "rb") as f:
            raw = f.read()
        arr = np.load(io.BytesIO(raw))

        def encode(arr=arr):
            buf = io.BytesIO()
            np.save(buf, arr)

        # in memory (bytes ⇄ array, the same work as npyio's parse/save) and through the file
        # (np.load/np.save of a path: numpy's fromfile/tofile fast paths, page cache)
        runs = {
            f"numpy decode {label} (np.load of bytes in memory)": timed(lambda raw=raw: np.load(io.BytesIO(raw)), reps),
            f"numpy encode {label} (np.save to memory)": timed(encode, reps),
            f"numpy decode {label} (np.load of the file)": timed(lambda path=path: np.load(path), reps),
            f"numpy encode {label} (np.save to a file)": timed(lambda arr=arr, p=out_path: np.save(p, arr), reps),
        }
        for key, r in runs.items():
            r["bytes"] = arr.nbytes
            result[key] = r
    return result


def case8(d: str, reps: int) -> dict:
    with open(os.path.join(d, "struct.npy"), "rb") as f:
        raw = f.read()
    names = np.load(io.BytesIO(raw)).dtype.names

    def columns():
        a = np.load(io.BytesIO(raw))
        return {n: np.ascontiguousarray(a[n]) for n in names}

    return {
        "numpy np.load (records)": timed(lambda: np.load(io.BytesIO(raw)), reps),
        "numpy np.load + contiguous columns": timed(columns, reps),
    }


def case15(d: str, reps: int) -> dict:
    # the array is loaded first, as a numpy user converting it would have it: only the call is timed
    a = np.load(os.path.join(d, "convert-f8.npy"))
    path = os.path.join(d, "out-convert-numpy.npz")
    name = "numpy savez_compressed (to a file, array loaded)"
    r = timed(lambda: np.savez_compressed(path, **{"convert-f8": a}), reps)
    r["bytes"] = os.path.getsize(os.path.join(d, "convert-f8.npy"))
    size = os.path.getsize(path)
    os.remove(path)
    return {name: r, f"{name}: output size": {"kind": "value", "value": size, "unit": "bytes"}}


CASES = {"2": case2, "3": case3, "5": case5, "6": case6, "7": case7, "8": case8, "15": case15}


def main() -> None:
    d, case, reps = sys.argv[1], sys.argv[2], int(sys.argv[3])
    print(json.dumps(CASES[case](d, reps)))


if __name__ == "__main__":
    main()
