"""Large blocks straight from the operating system: the C allocator setting that keeps sharded
work within its memory budget.

glibc's malloc serves a block of more than 128 KB with its own memory mapping and returns it to
the system when freed, but it raises that threshold to the size of every such block freed (up
to 32 MB), so that after the first round of a sharded computation the next rounds' arrays of a
few megabytes come from the heap instead; freed, they leave holes that the heap keeps. Measured
on the national reports repeated 16 times (17.9 M characters, ``analyzer phrases``), those holes
are a tenth of the peak: 1.03-1.07 GB by default, 0.92-0.96 GB with a fixed threshold of 4 MB,
in about the same time (a 1 MB threshold holds less still but maps and faults in so many blocks
that it runs a third slower). The threshold is set once per process, only where glibc's
``mallopt`` exists and only if the user has not set ``MALLOC_MMAP_THRESHOLD_`` themselves.
"""

from __future__ import annotations

import ctypes
import os
import sys

__all__ = ["LARGE_BLOCK", "release_large_blocks"]

#: Blocks of at least this many bytes get a memory mapping of their own.
LARGE_BLOCK = 4 * 2**20
#: mallopt's parameter number for the threshold (malloc.h).
_M_MMAP_THRESHOLD = -3
_state: dict[str, bool] = {}


def release_large_blocks() -> bool:
    """Fix the allocator's mapping threshold at :data:`LARGE_BLOCK` (once); True when it is
    (tested in ``tests/test_budget.py``, in a process of its own)."""
    if "done" not in _state:
        _state["done"] = _set_threshold()
    return _state["done"]


def _set_threshold() -> bool:
    if not sys.platform.startswith("linux") or "MALLOC_MMAP_THRESHOLD_" in os.environ:
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt.restype = ctypes.c_int
    return mallopt(_M_MMAP_THRESHOLD, LARGE_BLOCK) == 1
