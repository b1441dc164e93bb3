"""Give freed memory back to the system promptly (glibc only), for the command line.

NumPy allocates large arrays with ``malloc``. glibc serves a block above its *mmap threshold*
with its own mapping, returned to the system when freed; but the threshold is dynamic: each
time such a block is freed, the threshold rises to its size, so that the next arrays of that
size come from the heap, where freed memory stays with the process. Phrase discovery allocates
and frees arrays of every size from kilobytes to hundreds of megabytes, round after round, on
several threads (each with its own heap), so the process holds far more than it uses. Fixing
the threshold at one megabyte keeps every large array in its own mapping: the peak resident
memory of ``analyzer phrases`` on 17.6 M characters drops by about a seventh, for the same
table. Only the command line does this (it owns its process); a library must not change a
process-wide allocator setting behind its caller's back.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys

__all__ = ["MMAP_THRESHOLD", "fix_mmap_threshold"]

#: Blocks from this size up get their own mapping (bytes).
MMAP_THRESHOLD = 1 << 20
_M_MMAP_THRESHOLD = -3  # glibc's mallopt parameter number (malloc.h)


def fix_mmap_threshold(size: int = MMAP_THRESHOLD) -> bool:
    """Fix glibc's mmap threshold at ``size`` bytes; False (and nothing done) where the C
    library is not glibc or does not accept it."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt.restype = ctypes.c_int
    return mallopt(_M_MMAP_THRESHOLD, int(size)) == 1
