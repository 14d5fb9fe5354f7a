"""Batch runs over whole dumps: streamed, parallel, resumable, incremental and deterministic.

The input stream (every record of every input, in a stable order) is cut into chunks of `chunk_size` items.
Chunk k is parsed by a worker and written as `results/part-k.jsonl` (one TrialResult per line),
`errors/part-k.jsonl` (one RecordError per bad record), optionally `tables/<table>/part-k.parquet`, and last
`index/part-k.jsonl` (trial id, content hash and byte range of each result line). Every file is written to a
temporary name and renamed, so a chunk is either wholly there (its index exists) or not at all:

- resume: re-running into the same OUTDIR skips the chunks whose index exists, so a run killed at any point
  (kill -9 included) and re-run ends with exactly the files of an uninterrupted run;
- determinism: chunk boundaries depend only on the input order and results are serialized canonically, so
  the output is byte-identical whatever the number of workers or the engine;
- increments: given a previous OUTDIR, a trial whose record (criteria text and structured fields) and pipeline
  version are unchanged is copied from there instead of parsed again; the run reports the trials added,
  changed and removed since.

Memory stays flat in the number of trials except for two small maps kept for the change report (trial id ->
hash of the previous run, and the set of trial ids seen).
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections import Counter, deque
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .version import __version__
from .ingest import InputError, read_paths
from .schema import SCHEMA_VERSION, RecordError, TrialRecord, TrialResult
from .workers import Budget, chunks

CHUNK_SIZE = 500


class BatchError(Exception):
    """A batch that cannot start (bad OUTDIR, settings that contradict the run already in OUTDIR)."""


# --------------------------------------------------------------------------------------------- pure parts


def record_hash(record: TrialRecord) -> str:
    """What decides whether a trial must be parsed again: its record (less its location) and the versions."""
    payload = record.model_dump(exclude={"source"})
    payload["_versions"] = [__version__, SCHEMA_VERSION]
    blob = json.dumps(payload, sort_keys=True, ensure_ascii=False).encode("utf-8")
    return hashlib.sha256(blob).hexdigest()[:32]


def occurrence_key(trial_id: str, n: int) -> str:
    """The key of the n-th occurrence (from 0) of a trial in the input stream: `NCT01234567`, `NCT01234567#1`."""
    return trial_id if n == 0 else f"{trial_id}#{n}"


def to_error(err: InputError) -> RecordError:
    return RecordError(record_id=err.record_id, file=err.file, reason=str(err.args[0]),
                       skipped=err.not_a_study)


def parse_records(records: list[TrialRecord]) -> list[tuple[str, str]]:
    """The worker's job: ('ok', TrialResult JSON) or ('error', RecordError JSON) per record, in order. The
    records are parsed as one batch; if the batch fails, each record is parsed alone so that one bad record
    cannot take the others with it."""
    from . import pipeline

    try:
        return [("ok", r.model_dump_json()) for r in pipeline.parse_records(records)]
    except Exception:  # noqa: BLE001 - find the record that failed
        pass
    out = []
    for record in records:
        try:
            out.append(("ok", pipeline.parse_record(record).model_dump_json()))
        except Exception as exc:  # noqa: BLE001 - a bad record is reported, never fatal
            err = RecordError(record_id=record.trial_id, file=record.source.path,
                              reason=f"internal error while parsing ({type(exc).__name__}: {exc})")
            out.append(("error", err.model_dump_json()))
    return out


# ------------------------------------------------------------------------------------------------- files


def _write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def _lock(outdir: Path):
    """Hold OUTDIR/.lock for the run, so that two runs never write into one directory (and the temporary files
    of a killed run can be removed safely). Raises BatchError when another run holds it."""
    import fcntl

    fh = open(outdir / ".lock", "a+b")
    try:
        fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        fh.close()
        raise BatchError(f"another batch run is writing into {outdir} (it holds {outdir / '.lock'})") from None
    return fh


def _unlock(outdir: Path, fh) -> None:
    (outdir / ".lock").unlink(missing_ok=True)
    fh.close()


def _remove_temporaries(outdir: Path) -> None:
    """The temporary files of a run that was killed (or stopped by a full disk) before it renamed them."""
    for path in outdir.glob("**/.*.tmp-*"):
        path.unlink(missing_ok=True)


def _part(k: int, ext: str = "jsonl") -> str:
    return f"part-{k:05d}.{ext}"


@dataclass
class PreviousRun:
    """The index of an earlier OUTDIR: occurrence key -> (hash, results part, offset, length)."""

    root: Path
    entries: dict[str, tuple[str, str, int, int]]

    @classmethod
    def load(cls, root: Path) -> "PreviousRun":
        if not (root / "index").is_dir():
            raise BatchError(f"{root}: not a batch output directory (no index/)")
        entries = {}
        for idx in sorted((root / "index").glob("part-*.jsonl")):
            for line in idx.read_text(encoding="utf-8").splitlines():
                row = json.loads(line)
                entries[row["key"]] = (row["hash"], idx.name, row["offset"], row["length"])
        return cls(root, entries)

    def result(self, key: str) -> str:
        _, part, offset, length = self.entries[key]
        with open(self.root / "results" / part, "rb") as fh:
            fh.seek(offset)
            return fh.read(length).decode("utf-8")


# -------------------------------------------------------------------------------------------- executors


class _Done:
    def __init__(self, value):
        self._value = value

    def result(self):
        return self._value


class InlineExecutor:
    def submit(self, fn, *args):
        return _Done(fn(*args))

    def shutdown(self) -> None:
        pass


class DaskExecutor:
    """The same chunk function on a Dask cluster: a scheduler address, or a LocalCluster of `workers`."""

    def __init__(self, workers: int, scheduler: str | None):
        from distributed import Client, LocalCluster

        self.cluster = None
        if scheduler:
            self.client = Client(scheduler)
        else:
            self.cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                        dashboard_address=None)
            self.client = Client(self.cluster)

    def submit(self, fn, *args):
        return self.client.submit(fn, *args, pure=False)

    def shutdown(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def make_executor(engine: str, workers: int, scheduler: str | None, budget: Budget | None = None):
    """Dask, or local worker processes that enforce the per-record budget (see workers.py); in this process
    when there is one worker and no budget."""
    if engine == "dask":
        return DaskExecutor(workers, scheduler)
    if engine != "local":
        raise BatchError(f"unknown engine {engine!r} (local or dask)")
    budget = Budget() if budget is None else budget
    if workers <= 1 and not budget.enabled:
        return InlineExecutor()
    from .workers import GuardedPool

    return GuardedPool(workers=max(1, workers), budget=budget, fn=parse_records)


# ----------------------------------------------------------------------------------------------- the run


@dataclass
class BatchSummary:
    records: int = 0  # records read (good and bad)
    parsed: int = 0  # trials parsed in this run
    reused: int = 0  # trials copied from the previous run
    resumed_chunks: int = 0  # chunks already done in OUTDIR (skipped)
    written: int = 0  # trials in the output
    errors: int = 0  # records that are studies and failed, in errors.jsonl
    skipped: int = 0  # files that hold no study record (RSS feeds, StudyFields selections), in skipped.jsonl
    duplicate_ids: int = 0  # trial ids written more than once (the same trial in several input files)
    duplicate_records: int = 0  # the results that repeat a trial id already written
    seconds: float = 0.0
    changes: dict | None = None
    shards: int = 0
    coverage: dict = field(default_factory=dict)  # criteria per status over the whole output
    replaced: int = 0  # workers replaced (died, or went over a record's budget)

    @property
    def rate(self) -> float:
        return self.parsed / self.seconds if self.seconds else 0.0


@dataclass
class BatchRun:
    inputs: list[str]
    outdir: Path
    workers: int = 1
    chunk_size: int = CHUNK_SIZE
    parquet: bool = False
    previous: Path | None = None
    engine: str = "local"
    scheduler: str | None = None
    progress: bool = False
    budget: Budget = field(default_factory=Budget)
    follow_symlinks: bool = False
    summary: BatchSummary = field(default_factory=BatchSummary)

    def settings(self) -> dict:
        return {"inputs": [str(Path(p).resolve()) for p in self.inputs], "chunk_size": self.chunk_size,
                "pipeline_version": __version__, "schema_version": SCHEMA_VERSION, "parquet": self.parquet}

    def _check_outdir(self) -> None:
        self.outdir.mkdir(parents=True, exist_ok=True)
        self._lock = _lock(self.outdir)
        _remove_temporaries(self.outdir)
        run_file = self.outdir / "run.json"
        if run_file.exists():
            before = json.loads(run_file.read_text(encoding="utf-8"))
            if before != self.settings():
                raise BatchError(
                    f"{self.outdir} holds a run with other settings ({run_file}); use a new output directory, "
                    f"or pass this one as --previous to a new one")
        else:
            _write_atomic(run_file, (json.dumps(self.settings(), indent=1) + "\n").encode("utf-8"))
        if self.previous is not None and self.previous.resolve() == self.outdir.resolve():
            raise BatchError("--previous must be another directory than the output")

    def run(self) -> BatchSummary:
        """The run; an OSError (read-only or full output directory) is raised as it is, after the lock is let
        go: it names the file it could not write."""
        start = time.perf_counter()
        self._lock = None
        try:
            return self._run(start)
        finally:
            if self._lock is not None and not self._lock.closed:
                self._lock.close()

    def _run(self, start: float) -> BatchSummary:
        self._check_outdir()
        prev = PreviousRun.load(self.previous) if self.previous is not None else None
        done = {int(p.name[5:10]) for p in (self.outdir / "index").glob("part-*.jsonl")}
        seen: dict[str, int] = {}  # trial id -> occurrences so far (a dump may hold a trial twice)
        changes = {"added": [], "changed": [], "removed": []}
        executor = make_executor(self.engine, self.workers, self.scheduler, self.budget)
        inflight: deque = deque()
        window = max(2, 2 * self.workers)
        bar = _progress(self.progress, _estimate_total(self.inputs))
        try:
            for k, chunk in enumerate(chunks(read_paths(self.inputs, self.follow_symlinks), self.chunk_size)):
                items = [to_error(i) if isinstance(i, InputError) else i for i in chunk]
                plan = []
                for item in items:
                    if isinstance(item, RecordError):
                        plan.append(("error", item))
                        continue
                    key = occurrence_key(item.trial_id, seen.get(item.trial_id, 0))
                    seen[item.trial_id] = seen.get(item.trial_id, 0) + 1
                    h = record_hash(item)
                    old = prev.entries.get(key) if prev else None
                    if prev is not None:
                        if old is None:
                            changes["added"].append(item.trial_id)
                        elif old[0] != h:
                            changes["changed"].append(item.trial_id)
                    plan.append(("reuse" if old is not None and old[0] == h else "parse", item, h, key))
                self.summary.records += len(items)
                if k in done:
                    self.summary.resumed_chunks += 1
                    bar.update(len(items))
                    continue
                todo = [p[1] for p in plan if p[0] == "parse"]
                inflight.append((k, plan, executor.submit(parse_records, todo)))
                while len(inflight) >= window:
                    self._finish(*inflight.popleft(), prev, bar)
            while inflight:
                self._finish(*inflight.popleft(), prev, bar)
        finally:
            executor.shutdown()
            bar.close()
            self.summary.replaced = getattr(executor, "replaced", 0)
        if prev is not None:
            seen_keys = {occurrence_key(t, i) for t, n in seen.items() for i in range(n)}
            changes["removed"] = [k.split("#")[0] for k in prev.entries if k not in seen_keys]
            self.summary.changes = {k: sorted(set(v)) for k, v in changes.items()}
            _write_atomic(self.outdir / "changes.json",
                          (json.dumps(self.summary.changes, indent=1) + "\n").encode("utf-8"))
        self._collect()
        _unlock(self.outdir, self._lock)
        self.summary.seconds = time.perf_counter() - start
        return self.summary

    def _finish(self, k: int, plan: list, future, prev: PreviousRun | None, bar) -> None:
        parsed = iter(future.result())
        results: list[bytes] = []
        index: list[dict] = []
        errors: list[str] = []
        offset = 0
        for entry in plan:
            if entry[0] == "error":
                errors.append(entry[1].model_dump_json())
                continue
            _, record, h, key = entry
            if entry[0] == "reuse":
                old = TrialResult.model_validate_json(prev.result(key))
                line = old.model_copy(update={"source": old.source.model_copy(
                    update={"path": record.source.path, "record": record.source.record})}).model_dump_json()
                self.summary.reused += 1
            else:
                status, line = next(parsed)
                if status == "error":
                    errors.append(line)
                    continue
                self.summary.parsed += 1
            data = (line + "\n").encode("utf-8")
            index.append({"trial_id": record.trial_id, "key": key, "hash": h, "offset": offset, "length": len(data) - 1})
            results.append(data)
            offset += len(data)
        _write_atomic(self.outdir / "results" / _part(k), b"".join(results))
        _write_atomic(self.outdir / "errors" / _part(k), "".join(e + "\n" for e in errors).encode("utf-8"))
        if self.parquet:
            _write_tables(self.outdir / "tables", k, results)
        _write_atomic(self.outdir / "index" / _part(k),
                      "".join(json.dumps(i) + "\n" for i in index).encode("utf-8"))
        bar.update(len(plan))

    def _collect(self) -> None:
        """errors.jsonl (failed studies) and skipped.jsonl (files that are no study) from the error parts, and
        the counts of what the output holds."""
        parts = sorted((self.outdir / "errors").glob("part-*.jsonl"))
        lines = [line for p in parts for line in p.read_bytes().splitlines(keepends=True)]
        skipped = [line for line in lines if b'"skipped":true' in line]
        failed = [line for line in lines if b'"skipped":true' not in line]
        _write_atomic(self.outdir / "errors.jsonl", b"".join(failed))
        _write_atomic(self.outdir / "skipped.jsonl", b"".join(skipped))
        self.summary.errors, self.summary.skipped = len(failed), len(skipped)
        ids = Counter(json.loads(line)["trial_id"] for p in sorted((self.outdir / "index").glob("part-*.jsonl"))
                      for line in p.read_bytes().splitlines())
        self.summary.written = sum(ids.values())
        self.summary.duplicate_ids = sum(1 for n in ids.values() if n > 1)
        self.summary.duplicate_records = sum(n - 1 for n in ids.values() if n > 1)
        self.summary.shards = len(parts)
        counts = {"structured": 0, "partly_structured": 0, "not_structured": 0}
        for part in sorted((self.outdir / "results").glob("part-*.jsonl")):
            with open(part, "rb") as fh:
                for line in fh:
                    for status in counts:
                        counts[status] += line.count(b'"status":"' + status.encode() + b'"')
        total = sum(counts.values())
        shares = {f"share_{k}": round(v / total, 4) if total else 0.0 for k, v in counts.items()}
        self.summary.coverage = {**counts, "criteria": total, **shares}


def _write_tables(root: Path, k: int, lines: list[bytes]) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    from .frames import COLUMNS, arrow_type, tables

    rows = tables(TrialResult.model_validate_json(line) for line in lines)
    for name, table_rows in rows.items():
        cols = COLUMNS[name]
        schema = pa.schema([(c, arrow_type(c, name)) for c in cols])
        table = pa.Table.from_pylist([{c: row.get(c) for c in cols} for row in table_rows], schema=schema)
        path = root / name / _part(k, "parquet")
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
        pq.write_table(table, tmp)
        os.replace(tmp, path)


def _estimate_total(inputs: list[str]) -> int | None:
    """A cheap count for the progress bar: files in directories, members in zips, 1 per other file."""
    import zipfile

    total = 0
    for p in map(Path, inputs):
        if p.is_dir():
            total += sum(1 for _, _, files in os.walk(p) for f in files if f.lower().endswith((".json", ".xml", ".txt")))
        elif zipfile.is_zipfile(p):
            with zipfile.ZipFile(p) as zf:
                total += sum(1 for i in zf.infolist() if not i.is_dir())
        else:
            total += 1
    return total or None


def _progress(enabled: bool, total: int | None):
    from tqdm import tqdm

    return tqdm(total=total, unit="trial", disable=not enabled, dynamic_ncols=True, smoothing=0.1,
                desc="trialcriteria batch", mininterval=0.5)


def summary_dict(summary: BatchSummary) -> dict:
    d = asdict(summary)
    if d["changes"] is not None:
        d["changes"] = {k: len(v) for k, v in d["changes"].items()}
    d["trials_per_second"] = round(summary.rate, 1)
    return d
