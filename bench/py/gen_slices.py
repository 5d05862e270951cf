"""Writes the inputs of bench case 14 (slices of a remote array): a side x side <f4 array in C order
and the same in Fortran order, as sparse files (the header, then a hole up to the file's size), with values written only where the case reads: rows row0:row0+100 and column 7, a[i, j] = i*side + j
(as float32). Files that exist with the same size are kept.

Usage: python3 gen_slices.py <out_dir> <side> <first row> (5000 at scale 1)
"""

import os
import sys

import numpy as np


def write(path: str, side: int, row0: int, fortran: bool) -> None:
    stamp = f"{path}.{side}.{row0}.done"
    if os.path.exists(stamp):
        return
    # the header, then a hole up to the file's size (sparse: the zeros are never written), then the
    # values with positioned writes (a memory map would allocate the whole file on this filesystem)
    with open(path, "wb") as f:
        header = {"descr": "<f4", "fortran_order": fortran, "shape": (side, side)}
        np.lib.format.write_array_header_1_0(f, header)
        offset = f.tell()
        f.truncate(offset + side * side * 4)
        fd = f.fileno()
        idx = np.arange(side, dtype=np.float64)
        value = lambda i, j: (np.asarray(i, np.float64) * side + j).astype("<f4")  # noqa: E731
        # element (i, j) is at i*side + j in C order, j*side + i in Fortran order
        at = (lambda i, j: i * side + j) if not fortran else (lambda i, j: j * side + i)
        rows = range(row0, min(row0 + 100, side))
        if not fortran:
            for i in rows:
                os.pwrite(fd, value(i, idx).tobytes(), offset + 4 * at(i, 0))
            for i in range(side):
                os.pwrite(fd, value(i, 7).tobytes(), offset + 4 * at(i, 7))
        else:
            for j in range(side):
                os.pwrite(fd, value(np.arange(rows.start, rows.stop), j).tobytes(), offset + 4 * at(rows.start, j))
            os.pwrite(fd, value(idx, 7).tobytes(), offset + 4 * at(0, 7))
    open(stamp, "w").close()


def main() -> None:
    out, side, row0 = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    os.makedirs(out, exist_ok=True)
    write(os.path.join(out, "slices-c.npy"), side, row0, False)
    write(os.path.join(out, "slices-f.npy"), side, row0, True)


if __name__ == "__main__":
    main()
