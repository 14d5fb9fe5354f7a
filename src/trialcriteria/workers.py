"""Worker processes that no record can stall or sink: a time and a memory budget per record, and a worker that
dies or goes over budget is replaced while the run goes on.

`GuardedPool(workers, budget)` parses records on forked worker processes (they inherit a pipeline the parent
has already loaded, or load it once each). `submit(records)` returns a future whose `result()` is one
`("ok", TrialResult JSON)` or `("error", RecordError JSON)` per record, in order, exactly what
`batch.parse_records` returns. Records go to the workers in batches of BATCH records (the spaCy components
run over a batch at once, as `annotate_many` batches them). The parent watches each busy worker:

- a batch that runs past the time budget, or a worker whose resident memory passes the memory budget, is
  killed (SIGKILL); each record of that batch is then parsed alone, and a record that still goes over budget
  alone becomes an error entry whose reason starts with "budget:" and gives the record's size;
- a worker that dies (killed from outside, the kernel's OOM killer, a crash in native code) is replaced: its
  batch is parsed again record by record, and a record whose worker dies twice becomes an error entry;
- workers die with their parent (PR_SET_PDEATHSIG on Linux, and a watchdog thread everywhere), so killing
  the main process, even with kill -9, leaves no orphan parsing on.

The budgets count from when a warm worker (pipeline loaded) receives the batch, so loading the pipeline is
never charged to a record. The memory budget is checked every POLL seconds from /proc (Linux only).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import wait

from .schema import RecordError, TrialRecord

BATCH = 64  # records per task: the batch size of annotate_many, so results are those of one in-process run
POLL = 0.1  # seconds between checks of the busy workers
DEFAULT_SECONDS = 120.0  # per record (or batch): the slowest real record parses in about a second
DEFAULT_MEMORY_MB = 4096  # per worker: a worker holds about 0.4-0.8 GB


@dataclass(frozen=True)
class Budget:
    """Per-record limits; None (or 0) switches a limit off."""

    seconds: float | None = DEFAULT_SECONDS
    memory_mb: float | None = DEFAULT_MEMORY_MB

    @property
    def enabled(self) -> bool:
        return bool(self.seconds) or bool(self.memory_mb)


# ----------------------------------------------------------------------------------------------- the worker


def _die_with_parent(parent: int) -> None:
    """Ask the kernel to kill this process when its parent dies; watch the parent as well where it cannot."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


def _worker_main(conn, fn: Callable, warm: Callable | None, parent: int) -> None:
    _die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    try:
        if warm is not None:
            warm()
        conn.send(("ready", None))
    except BaseException as exc:  # noqa: BLE001 - reported to the parent, which stops the run
        conn.send(("failed", f"{type(exc).__name__}: {exc}"))
        return
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        task_id, records = message
        try:
            out = fn(records)
        except BaseException as exc:  # noqa: BLE001 - fn reports bad records itself; this is a last resort
            out = [("error", _error(r, f"internal error while parsing ({type(exc).__name__}: {exc})"))
                   for r in records]
        conn.send((task_id, out))


def _error(record: TrialRecord, reason: str) -> str:
    return RecordError(record_id=record.trial_id, file=record.source.path, reason=reason).model_dump_json()


def _rss_mb(pid: int) -> float | None:
    try:
        with open(f"/proc/{pid}/statm", "rb") as fh:
            pages = int(fh.read().split()[1])
    except (OSError, ValueError, IndexError):
        return None
    return pages * os.sysconf("SC_PAGE_SIZE") / 1048576


# -------------------------------------------------------------------------------------------- the parent


@dataclass(eq=False)
class _Task:
    future: "PoolFuture"
    offset: int  # where its results go in the future's list
    records: list
    alone: bool = False  # parsed alone after its batch failed: a failure is this record's
    deaths: int = 0


class PoolFuture:
    def __init__(self, pool: "GuardedPool", n: int):
        self._pool, self._out, self._missing = pool, [None] * n, n

    def done(self) -> bool:
        return self._missing == 0

    def _set(self, offset: int, values: list) -> None:
        self._out[offset : offset + len(values)] = values
        self._missing -= len(values)

    def result(self) -> list[tuple[str, str]]:
        while not self.done():
            self._pool._pump()
        return self._out


class PoolError(RuntimeError):
    """The workers cannot start (the pipeline does not load)."""


@dataclass(eq=False)
class _Worker:
    process: multiprocessing.process.BaseProcess
    conn: object
    ready: bool = False
    task: _Task | None = None
    started: float = 0.0


@dataclass
class GuardedPool:
    workers: int = 1
    budget: Budget = field(default_factory=Budget)
    fn: Callable | None = None  # records -> [(status, json)], as batch.parse_records
    warm: Callable | None = None  # run once in each worker before its first task; default: load the pipeline
    batch: int = BATCH
    replaced: int = 0  # workers replaced so far (died or over budget)

    def __post_init__(self):
        if self.fn is None:
            raise ValueError("GuardedPool needs its parse function (batch.parse_records)")
        if self.warm is None:
            from .nlp import get_nlp

            self.warm = get_nlp
        self._ctx = multiprocessing.get_context("fork")
        self._queue: deque[_Task] = deque()
        self._pool: list[_Worker] = []
        self._unready = 0  # workers that died before they were ready

    # -- the executor interface of batch.py

    def submit(self, fn: Callable, records: list) -> PoolFuture:
        """Parse `records` with `fn`, which must be the pool's function (the workers were forked with it)."""
        if fn is not self.fn:
            raise ValueError("a GuardedPool runs only the function it was made with")
        future = PoolFuture(self, len(records))
        for k in range(0, len(records), self.batch):
            self._queue.append(_Task(future, k, records[k : k + self.batch]))
        return future

    def shutdown(self) -> None:
        for worker in self._pool:
            self._stop(worker, kill=worker.task is not None or not worker.ready)
        self._pool = []

    def map(self, records: list) -> list[tuple[str, str]]:
        return self.submit(self.fn, records).result() if records else []

    # -- the loop

    def _pump(self) -> None:
        self._start_workers()
        for worker in self._pool:
            if worker.ready and worker.task is None and self._queue:
                self._send(worker, self._queue.popleft())
        waits = {w.conn: w for w in self._pool}
        waits.update({w.process.sentinel: w for w in self._pool})
        for ready in wait(list(waits), timeout=POLL):
            worker = waits[ready]
            if worker in self._pool:
                self._receive(worker)
        for worker in list(self._pool):
            self._check(worker)

    def _start_workers(self) -> None:
        wanted = min(self.workers, len(self._queue) + sum(w.task is not None for w in self._pool))
        while len(self._pool) < max(1, wanted):
            parent, child = self._ctx.Pipe()
            process = self._ctx.Process(target=_worker_main, args=(child, self.fn, self.warm, os.getpid()),
                                        daemon=True)
            process.start()
            child.close()
            self._pool.append(_Worker(process, parent))

    def _send(self, worker: _Worker, task: _Task) -> None:
        worker.task, worker.started = task, time.monotonic()
        try:
            worker.conn.send((id(task), task.records))
        except (OSError, ValueError):  # the worker is gone: _check sees it
            pass

    def _receive(self, worker: _Worker) -> None:
        try:
            kind, payload = worker.conn.recv()
        except (EOFError, OSError):
            return self._failed(worker, None)
        if kind == "ready":
            worker.ready = True
        elif kind == "failed":
            self.shutdown()
            raise PoolError(f"a worker could not load the pipeline ({payload})")
        elif worker.task is not None and kind == id(worker.task):
            task, worker.task = worker.task, None
            task.future._set(task.offset, payload)

    def _check(self, worker: _Worker) -> None:
        if not worker.process.is_alive():
            return self._failed(worker, None)
        if worker.task is None:
            return
        seconds, memory = self.budget.seconds, self.budget.memory_mb
        if seconds and time.monotonic() - worker.started > seconds:
            return self._failed(worker, f"parsing took more than {seconds:g} s (the time budget)")
        rss = _rss_mb(worker.process.pid) if memory else None
        if rss is not None and rss > memory:
            return self._failed(worker, f"parsing took more than {memory:g} MB of memory (the memory budget)")

    def _failed(self, worker: _Worker, budget: str | None) -> None:
        """A worker died (budget None) or went over budget: replace it and deal with its task."""
        task = worker.task
        self._stop(worker, kill=True)
        self._pool.remove(worker)
        self.replaced += 1
        if not worker.ready:
            self._unready += 1
            if self._unready >= 3:
                self.shutdown()
                raise PoolError(f"workers die while loading the pipeline (exit code {worker.process.exitcode})")
        if task is None:
            return
        if not task.alone:  # find which record it was: each one alone, first in line
            singles = [_Task(task.future, task.offset + i, [r], alone=True) for i, r in enumerate(task.records)]
            self._queue.extendleft(reversed(singles))
            return
        record = task.records[0]
        size = f"the record has {len(record.document_text):,} characters"
        if budget is not None:
            task.future._set(task.offset, [("error", _error(record, f"budget: {budget}; {size}"))])
        elif task.deaths == 0:  # killed from outside? try once more
            task.deaths += 1
            self._queue.appendleft(task)
        else:
            code = worker.process.exitcode
            how = f"killed by signal {-code}" if code is not None and code < 0 else f"exit code {code}"
            task.future._set(task.offset, [("error", _error(record, f"worker died twice while parsing it ({how}); {size}"))])

    @staticmethod
    def _stop(worker: _Worker, kill: bool = False) -> None:
        if kill and worker.process.is_alive():
            worker.process.kill()
        elif not kill:
            try:
                worker.conn.send(None)
            except (OSError, ValueError):
                pass
        worker.process.join(timeout=5)
        if worker.process.is_alive():
            worker.process.kill()
            worker.process.join()
        worker.conn.close()


# ------------------------------------------------------------------------------------------ streams of results


def chunks(items: Iterable, size: int) -> Iterator[list]:
    """The items in lists of `size` (the last one shorter)."""
    chunk: list = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def guarded_results(items: Iterable, parse_records: Callable, budget: Budget | None = None, workers: int = 1,
                    batch: int = 1, chunk: int = 64) -> Iterator:
    """TrialResult (or InputError) for each item of a stream of TrialRecord and InputError, in order: records
    are parsed by `parse_records` (batch.parse_records) `batch` at a time on `workers` guarded workers (in this
    process, one by one, when there is one worker and no budget); a record that fails or goes over budget comes
    as an InputError naming it."""
    from .ingest import InputError
    from .schema import TrialResult

    budget = Budget() if budget is None else budget
    pool = GuardedPool(workers=workers, budget=budget, fn=parse_records, batch=batch) \
        if budget.enabled or workers > 1 else None
    try:
        for group in chunks(items, chunk):
            records = [i for i in group if isinstance(i, TrialRecord)]
            done = iter(pool.map(records) if pool is not None else [parse_records([r])[0] for r in records])
            for item in group:
                if not isinstance(item, TrialRecord):
                    yield item
                    continue
                status, data = next(done)
                if status == "ok":
                    yield TrialResult.model_validate_json(data)
                else:
                    err = RecordError.model_validate_json(data)
                    yield InputError(err.reason, file=err.file, record_id=err.record_id)
    finally:
        if pool is not None:
            pool.shutdown()
