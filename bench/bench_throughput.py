"""Throughput of the whole pipeline (`trialcriteria batch`) on synthetic API v2 dumps.

For N = 1,000 and 10,000 studies and 1 and 2 workers, prints trials/s, criteria chars/s and the peak RSS
of the largest process (the main process or one worker). The target: all of ClinicalTrials.gov (600,000
studies) on 2 cores in an hour, i.e. >= 170 trials/s, under 1 GB per worker.

    python bench/bench_throughput.py [--sizes 1000 10000] [--workers 1 2]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from make_dump import build  # noqa: E402

OUT = HERE / "out"


# Runs the batch as its child and reports the peak RSS of the largest process under it (workers included).
WRAPPER = """import resource, subprocess, sys
code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
sys.stderr.buffer.write(code.stderr[-2000:])
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
sys.exit(code.returncode)
"""


def run(dump: str, outdir: Path, workers: int, extra: list[str] | None = None, model: bool = True) -> tuple[float, float]:
    shutil.rmtree(outdir, ignore_errors=True)
    cmd = [sys.executable, "-m", "trialcriteria.cli", "batch", dump, "-o", str(outdir), "--workers", str(workers),
           "--no-progress", *(extra or [])]
    start = time.perf_counter()
    env = dict(os.environ)
    if not model:
        env["TRIALCRITERIA_MODEL"] = "none"
    proc = subprocess.run([sys.executable, "-c", WRAPPER, *cmd], capture_output=True, text=True, env=env)
    seconds = time.perf_counter() - start
    if proc.returncode not in (0, 3):
        sys.exit(f"batch failed ({proc.returncode}): {proc.stderr[-2000:]}")
    return seconds, int(proc.stdout.strip().splitlines()[-1]) / 1024


def dump_meta(n: int) -> dict:
    """The synthetic dump of n studies under bench/out (built once) and its figures (path, criteria chars)."""
    OUT.mkdir(exist_ok=True)
    dump, meta_file = OUT / f"dump-{n}", OUT / f"dump-{n}.json"
    if not meta_file.exists():
        shutil.rmtree(dump, ignore_errors=True)
        meta_file.write_text(json.dumps(build(n, dump)))
    return json.loads(meta_file.read_text())


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--model", choices=["with", "without", "both"], default="both",
                    help="run with the trained NER model, without it (rules only), or both")
    args = ap.parse_args()
    OUT.mkdir(exist_ok=True)
    print(f"{'trials':>7} {'workers':>7} {'model':>7} {'seconds':>8} {'trials/s':>9} {'chars/s':>10} {'peak RSS MB':>11}")
    modes = {"with": [True], "without": [False], "both": [False, True]}[args.model]
    for n in args.sizes:
        meta = dump_meta(n)
        for model in modes:
            for w in args.workers:
                seconds, rss = run(meta["path"], OUT / f"run-{n}-{w}", w, model=model)
                print(f"{n:>7} {w:>7} {'yes' if model else 'no':>7} {seconds:>8.1f} {n / seconds:>9.0f} "
                      f"{meta['criteria_chars'] / seconds:>10.0f} {rss:>11.0f}", flush=True)


if __name__ == "__main__":
    main()
