"""Progress reporting for batches: a bar for people, plain lines for logs, nothing when asked.

A bar full of carriage returns is unreadable in a cluster job's log file, and
a run that prints nothing for an hour looks hung; so on a terminal we draw a
tqdm bar (docs/s, ETA) and elsewhere we print a plain line every few seconds:
`1200/5000 docs, 85.3 docs/s, ETA 45 s`. Everything goes to stderr, so stdout
stays clean for pipes.
"""

from __future__ import annotations

import os
import sys
import time
from typing import TextIO


class Progress:
    """The interface the batch runner talks to."""

    def start(self, total: int | None, initial: int = 0) -> None:
        """A run begins: `total` documents expected (None: unknown), `initial` already done earlier."""

    def update(self, n: int) -> None:
        """`n` more documents are finished."""

    def close(self) -> None:
        """The run ended (successfully or not)."""


class NullProgress(Progress):
    """`--quiet`: nothing at all."""


class LineProgress(Progress):
    """Plain periodic lines for logs and pipes (stderr not a terminal)."""

    def __init__(self, stream: TextIO | None = None, interval: float = 5.0) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.interval = interval
        self.total: int | None = None
        self.initial = 0
        self.done = 0
        self._t0 = 0.0
        self._last = 0.0

    def start(self, total: int | None, initial: int = 0) -> None:
        self.total, self.initial, self.done = total, initial, 0
        self._t0 = self._last = time.monotonic()

    def line(self) -> str:
        """The current state as one line (rate over this run only, so a resume does not inflate it)."""
        elapsed = max(time.monotonic() - self._t0, 1e-9)
        rate = self.done / elapsed
        count = self.initial + self.done
        if self.total is None:
            return f"{count} docs, {rate:.1f} docs/s"
        left = max(self.total - count, 0)
        eta = f"{left / rate:.0f} s" if rate > 0 else "?"
        return f"{count}/{self.total} docs, {rate:.1f} docs/s, ETA {eta}"

    def update(self, n: int) -> None:
        self.done += n
        now = time.monotonic()
        if now - self._last >= self.interval:
            self._last = now
            print(self.line(), file=self.stream, flush=True)

    def close(self) -> None:
        if self.done:
            print(self.line(), file=self.stream, flush=True)


class BarProgress(Progress):
    """A tqdm bar on a terminal."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.bar = None

    def start(self, total: int | None, initial: int = 0) -> None:
        from tqdm import tqdm

        self.bar = tqdm(total=total, initial=initial, unit="doc", file=self.stream, dynamic_ncols=True,
                        smoothing=0.1)

    def update(self, n: int) -> None:
        if self.bar is not None:
            self.bar.update(n)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None


def make_progress(quiet: bool = False, stream: TextIO | None = None, interval: float = 5.0) -> Progress:
    """The right reporter for where stderr goes: nothing, a bar (terminal, tqdm installed) or lines."""
    if quiet:
        return NullProgress()
    stream = stream if stream is not None else sys.stderr
    isatty = getattr(stream, "isatty", None)
    if isatty is not None and isatty() and _columns(stream) > 0:
        try:
            import tqdm  # noqa: F401
        except ImportError:
            return LineProgress(stream, interval)
        return BarProgress(stream)
    return LineProgress(stream, interval)


def _columns(stream: TextIO) -> int:
    """The terminal's width; 0 for a pseudo-terminal without a size, where a bar would draw nothing."""
    try:
        return os.get_terminal_size(stream.fileno()).columns
    except (OSError, ValueError, AttributeError):
        return 0
