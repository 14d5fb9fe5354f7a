"""The speed figures of issue 17, side by side in one run:

1. `trialcriteria batch` end to end (NER model included) on N Chia texts wrapped as API v2 records (as
   bench_throughput.py builds them) and on the real legacy-XML zip of ../shared/corpora/ctgov-bulk: trials/s,
   criteria chars/s, peak RSS of the largest process;
2. `trialcriteria parse` of one seed file, cold (a new process each time): wall seconds and peak RSS;
3. on one core, in this process, over the same Chia texts: spaCy's blank English tokenizer, medspaCy's default
   pipeline (`medspacy.load()`), and this pipeline (`parse_records`, after loading): texts/s, the ratio to
   medspaCy and the share of the tokenizer's speed.

    python bench/bench_speed.py [--n 4000] [--workers 2] [--texts 300] [--skip-batch]

Timings vary with the machine's load: run it on a quiet machine and quote the date.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from bench_throughput import OUT, dump_meta, run  # noqa: E402
from make_dump import SHARED, criteria_texts  # noqa: E402

BULK_XML = SHARED / "corpora" / "ctgov-bulk" / "legacy-xml-6771.zip"
SEED = sorted((SHARED / "seeds").glob("000_*.txt"))
RSS_CHILD = """import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def batch_figures(n: int, workers: int) -> None:
    meta = dump_meta(n)
    print(f"{'input':<34} {'trials':>7} {'seconds':>8} {'trials/s':>9} {'chars/s':>10} {'peak RSS MB':>11}")
    seconds, rss = run(meta["path"], OUT / f"speed-{n}", workers)
    print(f"{'Chia texts as API v2':<34} {n:>7} {seconds:>8.1f} {n / seconds:>9.1f} "
          f"{meta['criteria_chars'] / seconds:>10.0f} {rss:>11.0f}", flush=True)
    if BULK_XML.exists():
        outdir = OUT / "speed-bulk"
        seconds, rss = run(str(BULK_XML), outdir, workers)
        written = sum(p.read_bytes().count(b"\n") for p in (outdir / "index").glob("part-*.jsonl"))
        chars = 0
        for part in (outdir / "results").glob("part-*.jsonl"):
            for line in part.open(encoding="utf-8"):
                chars += len(json.loads(line)["eligibility_text"])
        print(f"{'ctgov-bulk legacy XML zip':<34} {written:>7} {seconds:>8.1f} {written / seconds:>9.1f} "
              f"{chars / seconds:>10.0f} {rss:>11.0f}", flush=True)


def cold_parse(repeat: int = 3) -> None:
    if not SEED:
        return
    best, rss = None, 0.0
    for _ in range(repeat):
        start = time.perf_counter()
        proc = subprocess.run([sys.executable, "-c", RSS_CHILD, sys.executable, "-m", "trialcriteria.cli", "parse",
                               str(SEED[0])], capture_output=True, text=True)
        seconds = time.perf_counter() - start
        best = seconds if best is None else min(best, seconds)
        rss = max(rss, int(proc.stdout.strip().splitlines()[-1]) / 1024)
    print(f"trialcriteria parse {SEED[0].name} (cold, best of {repeat}): {best:.2f} s, peak RSS {rss:.0f} MB")


def one_core(texts: list[str]) -> None:
    import spacy
    from loguru import logger

    logger.remove()  # PyRuSH logs every sentence at DEBUG through loguru
    import medspacy

    from trialcriteria.ingest import text_record
    from trialcriteria.nlp import get_nlp
    from trialcriteria.pipeline import parse_records

    def rate(fn) -> float:
        start = time.perf_counter()
        fn()
        return len(texts) / (time.perf_counter() - start)

    blank = spacy.blank("en")
    tok = rate(lambda: [blank.tokenizer(t) for t in texts])
    default = medspacy.load()
    med = rate(lambda: list(default.pipe(texts)))
    get_nlp()
    records = [text_record(t) for t in texts]
    parse_records(records[:5])  # warm: lazy tables
    ours = rate(lambda: parse_records(records))
    print(f"one core, {len(texts)} Chia texts: spaCy blank tokenizer {tok:.0f} texts/s; medspaCy default pipeline "
          f"({', '.join(default.pipe_names)}) {med:.1f} texts/s; trialcriteria {ours:.1f} texts/s")
    print(f"  ratio to medspaCy's default pipeline: {ours / med:.1f}x; share of the blank tokenizer's speed: "
          f"{ours / tok:.1%}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=4000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--texts", type=int, default=300)
    ap.add_argument("--skip-batch", action="store_true")
    args = ap.parse_args()
    print(time.strftime("%Y-%m-%d %H:%M"), flush=True)
    if not args.skip_batch:
        batch_figures(args.n, args.workers)
    cold_parse()
    one_core(criteria_texts()[: args.texts])


if __name__ == "__main__":
    main()
