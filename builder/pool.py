"""Worker processes for `build` and `extract`: ordered, bounded, and a stuck or crashed task costs only itself.

`ProcessPoolExecutor` was replaced because it cannot do three things the builder needs: `map`
submits every task at once (results finished out of order pile up in memory at 50 000 articles),
a task stuck in C code cannot be stopped, and one worker killed by the kernel breaks the whole
pool. Here each worker has its own pipe and at most one task, so the parent knows what every
worker is doing: a task past its wall-clock limit gets its worker killed and replaced, a worker
that dies is replaced, and in both cases only that task becomes a `Failure`.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
import sys
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import wait


@dataclass(frozen=True)
class Done:
    """An item whose result is already known (a cache hit): passed through in order, never sent to a worker."""

    result: object


@dataclass(frozen=True)
class Failure:
    """A task that produced no result: its worker was killed at the time limit, died, or raised."""

    reason: str          # "timeout", "crash" or "error"
    detail: str


def _context():
    # fork starts a worker in milliseconds with the lexicons and compiled patterns already loaded;
    # elsewhere (macOS, Windows) fork is unsafe or missing.
    return multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")


def _serve(conn, fn: Callable) -> None:
    """Worker loop: receive (seq, item), send (seq, fn(item)); None or a closed pipe stops it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)      # Ctrl-C is the parent's to handle
    while True:
        try:
            msg = conn.recv()
        except EOFError:
            return
        if msg is None:
            return
        seq, item = msg
        try:
            result = fn(item)
        except Exception as exc:  # noqa: BLE001 - reported as this task's failure, the worker lives on
            where = traceback.extract_tb(exc.__traceback__)[-1]
            result = Failure("error", f"{type(exc).__name__}: {exc} (at {os.path.basename(where.filename)}:{where.lineno})")
        try:
            conn.send((seq, result))
        except OSError:
            return                                    # the parent is gone


class _Worker:
    def __init__(self, ctx, fn: Callable):
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_serve, args=(child, fn), daemon=True)
        self.proc.start()
        child.close()
        self.seq: int | None = None       # the task it is working on
        self.started = 0.0

    def give(self, seq: int, item) -> None:
        self.seq, self.started = seq, time.monotonic()
        self.conn.send((seq, item))

    def stop(self, kill: bool = False) -> None:
        if not kill:
            try:
                self.conn.send(None)
            except OSError:
                kill = True
        if kill:
            self.proc.kill()
        self.proc.join(timeout=5)
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join()
        self.conn.close()


class Workers:
    """`jobs` worker processes running `fn`, started now: a forked child shares the parent's memory
    and is charged for it, so a build starts them before it holds anything large. With jobs <= 1
    there are none and `map` runs in this process (no time limit: the caller's own budget applies)."""

    def __init__(self, fn: Callable, jobs: int):
        self.fn, self.jobs = fn, jobs
        self.ctx = _context()
        self.workers: list[_Worker] = [self._start() for _ in range(jobs if jobs > 1 else 0)]

    def _start(self) -> _Worker:
        gc.freeze()          # the child's garbage collector then leaves the shared pages alone
        try:
            return _Worker(self.ctx, self.fn)
        finally:
            gc.unfreeze()

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc) -> None:
        for w in self.workers:
            w.stop(kill=w.seq is not None)
        self.workers = []

    def map(self, items: Iterable, time_limit: float | None = None, window: int | None = None) -> Iterator:
        """fn(item) for every item, in input order; `Done` items pass through; a lost task yields a `Failure`.

        Items are drawn lazily and at most `window` (default 4 per worker) are in flight or waiting
        to be yielded, so memory stays bounded whatever the number of items.
        """
        if self.jobs <= 1:
            for item in items:
                yield item.result if isinstance(item, Done) else self.fn(item)
            return
        workers = self.workers
        window = window or 4 * self.jobs
        source = iter(items)
        ready: dict[int, object] = {}        # finished, waiting for their turn
        next_in = next_out = 0
        held = None                          # drawn from `source` while every worker was busy
        exhausted = False
        while True:
            while next_in - next_out < window:
                if held is None:
                    held = next(source, _END)
                    if held is _END:
                        held, exhausted = None, True
                        break
                if isinstance(held, Done):
                    ready[next_in] = held.result
                else:
                    worker = next((w for w in workers if w.seq is None), None)
                    if worker is None and len(workers) < self.jobs:
                        worker = self._start()           # replaces one that was killed or died
                        workers.append(worker)
                    if worker is None:
                        break
                    worker.give(next_in, held)
                held = None
                next_in += 1
            while next_out in ready:
                yield ready.pop(next_out)
                next_out += 1
            if exhausted and next_out == next_in:
                return
            busy = [w for w in workers if w.seq is not None]
            if not busy:
                continue
            timeout = None
            if time_limit is not None:
                timeout = max(0.0, min(w.started for w in busy) + time_limit - time.monotonic())
            for conn in wait([w.conn for w in busy], timeout):
                worker = next(w for w in busy if w.conn is conn)
                try:
                    seq, result = conn.recv()
                except (EOFError, OSError):
                    worker.proc.join(timeout=1)
                    ready[worker.seq] = Failure("crash", f"worker process died (exit code {worker.proc.exitcode})")
                    _drop(workers, worker)
                    continue
                ready[seq] = result
                worker.seq = None
            if time_limit is not None:
                now = time.monotonic()
                for worker in [w for w in workers if w.seq is not None and now - w.started > time_limit]:
                    ready[worker.seq] = Failure("timeout", f"still running after {time_limit:g} s: worker killed")
                    _drop(workers, worker)


def ordered_map(fn: Callable, items: Iterable, jobs: int, time_limit: float | None = None,
                window: int | None = None) -> Iterator:
    """`Workers(fn, jobs).map(items, ...)`, the workers stopped at the end."""
    with Workers(fn, jobs) as workers:
        yield from workers.map(items, time_limit, window)


_END = object()


def _drop(workers: list[_Worker], worker: _Worker) -> None:
    """Kill a worker that is stuck or dead; a fresh one is started when there is work for it."""
    worker.seq = None
    worker.stop(kill=True)
    workers.remove(worker)
