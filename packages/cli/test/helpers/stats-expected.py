"""numpy's statistics per numeric column of each .npy given, as JSON, for stats.test.ts: count, NaN
and ±inf counts, and min/max/mean/std (ddof 0) over the finite values."""
import json
import sys

import numpy as np


def columns(a, name=""):
    if a.dtype.names:
        for f in a.dtype.names:
            yield from columns(a[f], f if name == "" else f"{name}.{f}")
    elif a.dtype.kind == "c":
        yield from columns(a.real, "real" if name == "" else f"{name}.real")
        yield from columns(a.imag, "imag" if name == "" else f"{name}.imag")
    elif a.dtype.kind in "biuf":
        yield name, a.reshape(-1)


out = {}
for path in sys.argv[1:]:
    stats = {}
    for name, x in columns(np.load(path)):
        x = x.astype("f8")
        f = x[np.isfinite(x)]
        with np.errstate(all="ignore"):
            stats[name or "value"] = dict(
                count=int(x.size), nan=int(np.isnan(x).sum()), posInf=int((x == np.inf).sum()),
                negInf=int((x == -np.inf).sum()),
                min=float(f.min()) if f.size else None, max=float(f.max()) if f.size else None,
                mean=float(f.mean()) if f.size else None, std=float(f.std()) if f.size else None,
            )
    out[path] = stats
print(json.dumps(out, allow_nan=True))
