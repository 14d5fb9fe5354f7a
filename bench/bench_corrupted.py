"""Acceptance check of the batch on a broken dump: 10,000 API v2 studies, 1% of them corrupted (truncated
JSON, broken XML, UTF-16 text). Prints what was written and what went to errors.jsonl, and checks that every
good trial was written and every bad record reported.

    python bench/bench_corrupted.py [--n 10000] [--rate 0.01] [--zip]
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from make_dump import build  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=10000)
    ap.add_argument("--rate", type=float, default=0.01)
    ap.add_argument("--zip", action="store_true")
    args = ap.parse_args()
    out = HERE / "out"
    out.mkdir(exist_ok=True)
    dump = out / f"corrupt-{args.n}"
    shutil.rmtree(dump, ignore_errors=True)
    meta = build(args.n, dump, as_zip=args.zip, corrupt_rate=args.rate)
    result = out / f"corrupt-{args.n}-out"
    shutil.rmtree(result, ignore_errors=True)
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "trialcriteria.cli", "batch", meta["path"], "-o", str(result), "--no-progress"],
                          capture_output=True, text=True)
    seconds = time.perf_counter() - start
    written = sum(p.read_text().count("\n") for p in (result / "index").glob("*.jsonl"))
    errors = [json.loads(line) for line in (result / "errors.jsonl").read_text().splitlines()]
    kinds = Counter(e["reason"].split(" (")[0].split(";")[0] for e in errors)
    print(f"studies {meta['studies']}  corrupted {meta['corrupted']}  written {written}  errors {len(errors)}  "
          f"exit code {proc.returncode}  {seconds:.1f} s")
    for reason, count in sorted(kinds.items()):
        print(f"  {count:>5}  {reason}")
    ok = written == meta["studies"] - meta["corrupted"] and len(errors) == meta["corrupted"] and proc.returncode == 3
    print("OK: every good trial written, every bad record in errors.jsonl" if ok else "MISMATCH")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
