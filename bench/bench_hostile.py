"""Acceptance check of issue 13 on real records: a batch of N real records from ../shared/corpora/ctgov-bulk
(legacy XML and HINT criteria texts, one file each) with 1% hostile files mixed in must write every good record,
list every broken file with its reason, parse every hostile-but-valid text (stress texts, a bad file name)
within its budget, and take about the time of the clean run.

    python bench/bench_hostile.py [--n 10000] [--rate 0.01] [--workers 2]

The clean run and the hostile run go back to back under the same load; each is `trialcriteria batch`.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
BULK = HERE.parent.parent / "shared" / "corpora" / "ctgov-bulk"
sys.path.insert(0, str(HERE.parent / "tests"))
from stress_texts import FAMILIES  # noqa: E402


def real_records(n: int, root: Path) -> int:
    """n real records, one file each, drawn with a fixed seed from both bulk collections."""
    members = []
    for name in ("legacy-xml-6771.zip", "hint-criteria-4866.zip"):
        with zipfile.ZipFile(BULK / name) as zf:
            members += [(name, m) for m in zf.namelist() if m.endswith((".xml", ".txt"))]
    chosen = sorted(random.Random(13).sample(members, n))
    for name in ("legacy-xml-6771.zip", "hint-criteria-4866.zip"):
        with zipfile.ZipFile(BULK / name) as zf:
            for zname, member in chosen:
                if zname == name:
                    (root / Path(member).name).write_bytes(zf.read(member))
    return len(chosen)


BROKEN = {  # content -> the words its error must hold
    "deep.json": ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
    "bigint.json": ('{"studies": [' + "1" * 5000 + "]}", "digits"),
    "truncated.json": ('{"protocolSection": {"identificationModule": {"nctId": "NCT0', "malformed JSON"),
    "bomb.xml": ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'
                 "<clinical_study>&lol2;</clinical_study>", "unsafe XML"),
    "utf16.txt": ("Inclusion Criteria:\n- Age >= 18".encode("utf-16"), "UTF-16"),
    "binary.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary"),
    "empty.json": ("[]", "no study"),
}


def hostile_files(root: Path, k: int, outside: Path) -> tuple[dict[str, str], list[str]]:
    """k hostile files: broken ones (name -> reason words), FIFOs and symlinks out of the tree (also errors),
    and stress texts and badly named good records (must be parsed: their names)."""
    broken, valid = {}, []
    kinds = ["broken", "fifo", "symlink", "stress", "badname"]
    for i in range(k):
        kind = kinds[i % len(kinds)]
        if kind == "broken":
            name, (content, why) = list(BROKEN.items())[(i // len(kinds)) % len(BROKEN)]
            name = f"h{i:03d}-{name}"
            (root / name).write_bytes(content if isinstance(content, bytes) else content.encode())
            broken[name] = why
        elif kind == "fifo":
            os.mkfifo(root / f"h{i:03d}-pipe.json")
            broken[f"h{i:03d}-pipe.json"] = "FIFO"
        elif kind == "symlink":
            (root / f"h{i:03d}-passwd.txt").symlink_to(outside)
            broken[f"h{i:03d}-passwd.txt"] = "leads out of the input directory"
        elif kind == "stress":
            family = sorted(FAMILIES)[(i // len(kinds)) % len(FAMILIES)]
            (root / f"h{i:03d}-{family}.txt").write_text(FAMILIES[family](64_000), encoding="utf-8")
            valid.append(f"h{i:03d}-{family}.txt")
        else:
            with open(os.fsencode(root) + f"/h{i:03d}-bad".encode() + b"\xff.txt", "wb") as fh:
                fh.write(b"Inclusion Criteria:\n- Age >= 18 years\n- ANC >= 1.5 x 10^9/L\n")
            valid.append(f"h{i:03d}-bad\\xff.txt")
    return broken, valid


def run(dump: Path, out: Path, workers: int) -> tuple[float, int]:
    shutil.rmtree(out, ignore_errors=True)
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "trialcriteria.cli", "batch", str(dump), "-o", str(out),
                           "--workers", str(workers), "--no-progress"], capture_output=True, text=True)
    seconds = time.perf_counter() - start
    print("   ", proc.stderr.strip().splitlines()[0] if proc.stderr.strip() else "", flush=True)
    return seconds, proc.returncode


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--rate", type=float, default=0.01)
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    work = HERE / "out" / "hostile"
    shutil.rmtree(work, ignore_errors=True)
    clean, hostile = work / "clean", work / "hostile"
    clean.mkdir(parents=True)
    n = real_records(args.n, clean)
    shutil.copytree(clean, hostile)
    (work / "secret.txt").write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    broken, valid = hostile_files(hostile, round(args.n * args.rate), work / "secret.txt")
    print(f"{n} real records; {len(broken)} broken or unreadable files and {len(valid)} hostile but valid ones added")

    t_clean, rc_clean = run(clean, work / "out-clean", args.workers)
    t_hostile, rc_hostile = run(hostile, work / "out-hostile", args.workers)

    def written(out: Path) -> set[str]:
        return {json.loads(line)["source"]["path"] for p in (out / "results").glob("*.jsonl") for line in p.open()}

    good_clean, good_hostile = written(work / "out-clean"), written(work / "out-hostile")
    errors_clean = [json.loads(line) for line in (work / "out-clean" / "errors.jsonl").open()]
    # failed records, and the files that hold no study (skipped with their reason: "[]")
    errors = [json.loads(line) for name in ("errors.jsonl", "skipped.jsonl")
              for line in (work / "out-hostile" / name).open()]
    by_name = {Path(e["file"]).name: e["reason"] for e in errors if e.get("file")}
    base = {str(hostile / Path(p).name) for p in good_clean}
    missing_good = base - good_hostile
    listed = {k for k, why in broken.items() if why in by_name.get(k, "")}
    parsed_valid = {v for v in valid if any(p.endswith(v) for p in good_hostile)}
    other_errors = [e for e in errors if Path(e.get("file") or "").name not in broken]
    ratio = t_hostile / t_clean
    print(f"clean:   {len(good_clean)} written, {len(errors_clean)} errors (records without criteria text), "
          f"exit {rc_clean}, {t_clean:.1f} s")
    print(f"hostile: {len(good_hostile)} written, {len(errors)} errors, exit {rc_hostile}, {t_hostile:.1f} s "
          f"({ratio:.2f}x the clean run)")
    print(f"  good records of the clean run missing: {len(missing_good)}")
    print(f"  broken files listed with their reason: {len(listed)} of {len(broken)}")
    print(f"  hostile but valid files parsed: {len(parsed_valid)} of {len(valid)}")
    print(f"  other error entries: {len(other_errors)} (the clean run had {len(errors_clean)})")
    for e in other_errors[:10]:
        print(f"    {e}")
    ok = (not missing_good and len(listed) == len(broken) and len(parsed_valid) == len(valid)
          and len(other_errors) == len(errors_clean) and ratio <= 1.2)
    print("OK" if ok else "NOT OK")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
