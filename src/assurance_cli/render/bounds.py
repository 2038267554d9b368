"""Limits on running a board's template: time, memory and output size.

A board's templates come from many hands (and, in CI, from pull requests). The Jinja sandbox
stops them reaching Python's internals, but not from looping for ever (nested `range`s,
a macro calling itself) or building a string of gigabytes (`'x'|center(10**10)`, a string
doubled in a loop). So a render runs under a timer, a cap on the memory it may add, and a cap
on what it writes; crossing one stops it with `RenderStopped`, saying which.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from types import FrameType


@dataclass(frozen=True)
class Limits:
    seconds: float = 60.0
    output_chars: int = 128 * 1024 * 1024
    memory_bytes: int = 1024 * 1024 * 1024  # on top of what the process holds already


class RenderStopped(Exception):
    """A template crossed one of its limits."""


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise RenderStopped in the code running when `seconds` have passed. Only in the main
    thread of a system with interval timers (elsewhere, no limit)."""
    in_main_thread = threading.current_thread() is threading.main_thread()
    if not hasattr(signal, "setitimer") or not in_main_thread:
        yield
        return

    def stop(signum: int, frame: FrameType | None) -> None:
        raise RenderStopped(f"the template ran longer than {seconds:g} seconds")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextlib.contextmanager
def memory_limit(extra_bytes: int) -> Iterator[None]:
    """Let the process grow by at most `extra_bytes` of address space (allocations beyond
    raise MemoryError), where the system says how much it holds (Linux); else no limit."""
    try:
        import resource
    except ImportError:  # pragma: no cover - not on Windows
        yield
        return
    held = _address_space()
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    wanted = None if held is None else held + extra_bytes
    if hard != resource.RLIM_INFINITY and wanted is not None:
        wanted = min(wanted, hard)
    if wanted is None or (soft != resource.RLIM_INFINITY and soft <= wanted):
        yield  # no figure, or a tighter limit already
        return
    resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def _address_space() -> int | None:
    """The process's virtual memory size in bytes, from /proc (None elsewhere)."""
    try:
        with open("/proc/self/statm", "rb") as stream:
            pages = int(stream.read().split()[0])
    except (OSError, ValueError, IndexError):
        return None
    return pages * os.sysconf("SC_PAGE_SIZE")
