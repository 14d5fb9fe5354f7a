"""Guarded workers (workers.py): per-record time and memory budgets, dead workers replaced, workers that die
with their parent. The parse function is a stand-in (forked workers inherit it), so these tests take seconds."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time

import pytest

from trialcriteria.schema import RecordError, Source, TrialRecord
from trialcriteria.workers import Budget, GuardedPool, _rss_mb

from conftest import REPO


def _record(i: int, text: str) -> TrialRecord:
    return TrialRecord(trial_id=f"NCT0000{i:04d}", source=Source(path=f"r{i}.txt", format="text"),
                       document_text=text, from_registry_field=True)


def fake_parse(records):
    """Stands in for batch.parse_records: 'STALL' sleeps, 'HOG' takes memory, 'SLOW' sleeps a little."""
    out = []
    for r in records:
        if "STALL" in r.document_text:
            time.sleep(60)
        if "HOG" in r.document_text:
            hog = []
            for _ in range(15):  # 1.5 GB at most, 100 MB at a time
                hog.append(b"x" * (100 << 20))
                time.sleep(0.05)
        if "SLOW" in r.document_text:
            time.sleep(1.5)
        out.append(("ok", json.dumps({"id": r.trial_id})))
    return out


def _pool(**kw) -> GuardedPool:
    return GuardedPool(fn=fake_parse, warm=lambda: None, **kw)


def test_a_record_over_the_time_budget_is_an_error_and_the_others_are_parsed():
    records = [_record(i, "STALL" if i == 2 else "fine") for i in range(5)]
    pool = _pool(workers=2, budget=Budget(seconds=1.0, memory_mb=None), batch=3)
    start = time.monotonic()
    try:
        out = pool.map(records)
    finally:
        pool.shutdown()
    assert time.monotonic() - start < 20
    assert [s for s, _ in out] == ["ok", "ok", "error", "ok", "ok"]
    err = RecordError.model_validate_json(out[2][1])
    assert err.record_id == "NCT00000002" and err.file == "r2.txt"
    assert err.reason.startswith("budget:") and "time budget" in err.reason and "5 characters" in err.reason
    assert pool.replaced >= 2  # the batch's worker, then the record's own


@pytest.mark.skipif(not os.path.exists("/proc/self/statm"), reason="the memory budget reads /proc")
def test_a_record_over_the_memory_budget_is_an_error_and_its_worker_replaced():
    limit = _rss_mb(os.getpid()) + 500  # a forked worker starts at its parent's size
    records = [_record(0, "fine"), _record(1, "HOG"), _record(2, "fine")]
    pool = _pool(workers=1, budget=Budget(seconds=60, memory_mb=limit), batch=1)
    try:
        out = pool.map(records)
    finally:
        pool.shutdown()
    assert [s for s, _ in out] == ["ok", "error", "ok"]
    reason = RecordError.model_validate_json(out[1][1]).reason
    assert reason.startswith("budget:") and "memory budget" in reason and "3 characters" in reason


def test_a_worker_killed_from_outside_is_replaced_and_its_records_parsed(tmp_path):
    records = [_record(i, "SLOW") for i in range(3)]
    pool = _pool(workers=1, budget=Budget(seconds=60, memory_mb=None), batch=3)
    future = pool.submit(fake_parse, records)

    def kill_soon():
        time.sleep(0.7)
        busy = [w for w in pool._pool if w.task is not None]
        if busy:
            os.kill(busy[0].process.pid, signal.SIGKILL)

    killer = threading.Thread(target=kill_soon)
    killer.start()
    try:
        out = future.result()
    finally:
        killer.join()
        pool.shutdown()
    assert [json.loads(v)["id"] for _, v in out] == ["NCT00000000", "NCT00000001", "NCT00000002"]
    assert pool.replaced == 1


SCRIPT = """
import sys, time
sys.path.insert(0, {tests!r})
from test_workers import _pool, _record
from trialcriteria.workers import Budget
pool = _pool(workers=2, budget=Budget(seconds=600, memory_mb=None), batch=1)
future = pool.submit(pool.fn, [_record(0, "STALL"), _record(1, "STALL")])
for _ in range(50):
    pool._pump()
print(" ".join(str(w.process.pid) for w in pool._pool), flush=True)
future.result()
"""


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().split()[2] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(sys.platform != "linux", reason="reads /proc")
def test_workers_die_with_their_parent_even_after_kill_9():
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO / "src"), os.environ.get("PYTHONPATH", "")])}
    proc = subprocess.Popen([sys.executable, "-c", SCRIPT.format(tests=str(REPO / "tests"))], stdout=subprocess.PIPE,
                            text=True, env=env)
    pids = [int(p) for p in proc.stdout.readline().split()]
    assert len(pids) == 2 and all(_alive(p) for p in pids)
    proc.kill()  # SIGKILL: the parent cannot clean up
    proc.wait()
    deadline = time.monotonic() + 10
    while any(_alive(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_alive(p) for p in pids)
