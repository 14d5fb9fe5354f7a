"""Snapshot everything the pipeline writes, so that a change meant to keep behaviour can be proved to keep it.

    python bench/snapshot_outputs.py take DIR     # write the snapshot into DIR
    python bench/snapshot_outputs.py compare A B  # compare two snapshots file by file; exit 1 on any difference

A snapshot holds:
- `seeds.jsonl`: `trialcriteria parse` of the five seeds;
- `samples/`: `trialcriteria batch` of every record in ../shared/corpora/ctgov-samples (one worker);
- `bulk500/`: `trialcriteria batch` of 500 records drawn (seed 11) from ../shared/corpora/ctgov-bulk's legacy XML
  zip, with Parquet tables;
- `score-seeds.txt`, `score-fixtures.txt`, `score-chia.txt`, `evaluate-ner.txt`: what the score commands print.

Batch outputs hold the input paths (run.json, source.path): both snapshots must be taken from the same checkout
path. Timings are not part of any file.
"""

from __future__ import annotations

import filecmp
import random
import subprocess
import sys
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
BULK = SHARED / "corpora" / "ctgov-bulk" / "legacy-xml-6771.zip"
BULK_SEED = 11
BULK_N = 500


def _cli(*args: str, out: Path | None = None) -> None:
    cmd = [sys.executable, "-m", "trialcriteria.cli", *args]
    proc = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True)
    if proc.returncode not in (0, 3):
        sys.exit(f"{' '.join(args)} failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    if out is not None:
        out.write_text(proc.stdout, encoding="utf-8")


def bulk_sample(path: Path) -> Path:
    """A zip of BULK_N members of the bulk legacy-XML zip, drawn with a fixed seed (same bytes every time)."""
    with zipfile.ZipFile(BULK) as zf:
        names = sorted(i.filename for i in zf.infolist() if not i.is_dir())
        chosen = sorted(random.Random(BULK_SEED).sample(names, BULK_N))
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
            for name in chosen:
                info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
                out.writestr(info, zf.read(name))
    return path


def take(dest: Path) -> None:
    dest.mkdir(parents=True, exist_ok=True)
    seeds = sorted(str(p) for p in (REPO / "corpora" / "seeds").glob("*.txt"))
    _cli("parse", *seeds, "--jsonl", "--output", str(dest / "seeds.jsonl"))
    _cli("score", str(dest / "seeds.jsonl"), "annotations", out=dest / "score-seeds.txt")
    fixtures = dest / "fixtures.jsonl"
    _cli("parse", "tests/fixtures/records", "--jsonl", "--output", str(fixtures))
    _cli("score", str(fixtures), "annotations/trees", out=dest / "score-fixtures.txt")
    if not SHARED.is_dir():
        print("../shared is absent: only the seeds and fixtures were snapshot")
        return
    _cli("batch", str(SHARED / "corpora" / "ctgov-samples"), "-o", str(dest / "samples"), "--workers", "1",
         "--no-progress")
    (REPO / "bench" / "out").mkdir(parents=True, exist_ok=True)
    sample = bulk_sample(REPO / "bench" / "out" / "bulk500.zip")
    _cli("batch", str(sample), "-o", str(dest / "bulk500"), "--workers", "2", "--parquet", "--no-progress")
    _cli("score-chia", out=dest / "score-chia.txt")
    _cli("evaluate-ner", out=dest / "evaluate-ner.txt")
    print(f"snapshot written to {dest}")


def _files(root: Path) -> set[Path]:
    return {p.relative_to(root) for p in root.rglob("*") if p.is_file()}


def compare(a: Path, b: Path) -> int:
    fa, fb = _files(a), _files(b)
    bad = 0
    for rel in sorted(fa ^ fb):
        print(f"only in {'first' if rel in fa else 'second'}: {rel}")
        bad += 1
    same = 0
    for rel in sorted(fa & fb):
        if filecmp.cmp(a / rel, b / rel, shallow=False):
            same += 1
        else:
            print(f"differs: {rel}")
            bad += 1
    print(f"{same} files identical, {bad} differences")
    return 1 if bad else 0


def main() -> int:
    if len(sys.argv) == 3 and sys.argv[1] == "take":
        take(Path(sys.argv[2]).resolve())
        return 0
    if len(sys.argv) == 4 and sys.argv[1] == "compare":
        return compare(Path(sys.argv[2]), Path(sys.argv[3]))
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main())
