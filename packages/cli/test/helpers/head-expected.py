"""numpy's print() of the first rows of every fixture, as JSON {path: text}, for head.test.ts."""
import json
import sys
import zipfile

import numpy as np

rows = int(sys.argv[1])
paths = sys.argv[2:]
# --allow-pickle: object arrays (only ever the repository's own numpy-written fixtures)
allow_pickle = "--allow-pickle" in paths
paths = [p for p in paths if p != "--allow-pickle"]
out = {}


def shown(a):
    return str(a if a.ndim == 0 else a[:rows])


for path in paths:
    if path.endswith(".npz"):
        with np.load(path, allow_pickle=allow_pickle) as npz:
            for key in npz.files:
                value = npz[key]
                if isinstance(value, np.ndarray):
                    out[f"{path}:{key}"] = shown(value)
    else:
        out[path] = shown(np.load(path, max_header_size=10**6, allow_pickle=allow_pickle))
json.dump(out, sys.stdout)
