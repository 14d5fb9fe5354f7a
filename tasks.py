#!/usr/bin/env python3
"""Set everything up and run a job. Needs only Python 3.11 with pip (and venv).

    python3 tasks.py seeds   # set up, then parse the five seed texts to out/seeds.jsonl and score them
    python3 tasks.py test    # set up, then run the whole test suite
    python3 tasks.py bench   # set up, then run the benchmarks in bench/
    python3 tasks.py ner     # set up, then rebuild the pretraining text from ../shared, pretrain the tok2vec,
                             # train the NER model on Chia into models/chia_ner (hours on 2 cores)

The virtual environment lives in .venv/ and is reinstalled only when pyproject.toml changes.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / "python"


def _python311() -> str:
    if sys.version_info[:2] == (3, 11):
        return sys.executable
    found = shutil.which("python3.11")
    if not found:
        sys.exit("trialcriteria needs Python 3.11 (spaCy 3.7 and medspaCy); install it and run `python3.11 tasks.py ...`")
    return found


def setup() -> None:
    stamp = VENV / ".installed"
    want = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if PY.exists() and stamp.exists() and stamp.read_text() == want:
        return
    if not PY.exists():
        print("creating .venv", flush=True)
        if sys.version_info[:2] == (3, 11):
            venv.create(VENV, with_pip=True)
        else:
            subprocess.run([_python311(), "-m", "venv", str(VENV)], check=True)
    print("installing trialcriteria and its pinned dependencies into .venv", flush=True)
    subprocess.run([str(PY), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-e", f"{ROOT}[test]"], check=True)
    stamp.write_text(want)


def run(*args: str) -> int:
    return subprocess.run([str(BIN / args[0]), *args[1:]], cwd=ROOT).returncode


def seeds() -> int:
    (ROOT / "out").mkdir(exist_ok=True)
    seeds = sorted(str(p) for p in (ROOT / "corpora" / "seeds").glob("*.txt"))
    code = run("trialcriteria", "parse", *seeds, "--jsonl", "--output", "out/seeds.jsonl")
    if code:
        return code
    print(f"wrote out/seeds.jsonl ({len(seeds)} trials); scores against the gold in annotations/:")
    return run("trialcriteria", "score", "out/seeds.jsonl", "annotations")


def test() -> int:
    code = run("python", "-m", "pytest", "-q", "-p", "no:cacheprovider")
    return 1 if code == 5 else code  # 5 = no test ran: a failure for CI


def bench() -> int:
    code = 0
    for script in sorted((ROOT / "bench").glob("bench_*.py")):
        code |= run("python", str(script))
    return code


def ner() -> int:
    # the pretrained variant goes beside the shipped default model, never over it
    return run("trialcriteria", "train", "--pretrain", "--output", "models/chia_ner_pretrained")


def main() -> int:
    jobs = {"seeds": seeds, "test": test, "bench": bench, "ner": ner}
    if len(sys.argv) != 2 or sys.argv[1] not in jobs:
        print(__doc__)
        return 2
    setup()
    return jobs[sys.argv[1]]()


if __name__ == "__main__":
    sys.exit(main())
