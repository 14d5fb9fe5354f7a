"""Time against length for each stress family (tests/stress_texts.py): does any step grow faster than the text?

    python bench/bench_stress.py [--sizes 1000 2000 ... 64000] [--families nested_brackets colon_run ...]

Each family runs in a fresh process that loads the pipeline and parses a warm-up text first, then parses the
family's text at each size (best of --repeat runs). Printed per family: seconds at each size, the growth
exponent between the two largest sizes (1.0 is linear, 2.0 quadratic), and the process's peak RSS.
"""

from __future__ import annotations

import argparse
import json
import math
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))
from stress_texts import FAMILIES  # noqa: E402

SIZES = [1000, 2000, 4000, 8000, 16000, 32000, 64000]

CHILD = """
import json, resource, sys, time
sys.path.insert(0, {tests!r})
from stress_texts import FAMILIES
import trialcriteria as tc
tc.parse("Inclusion Criteria:\\n- ANC >= 1.5 x 10^9/L; age 18 years or older; no warfarin\\n")
make = FAMILIES[{family!r}]
out = []
for n in {sizes!r}:
    text = make(n)
    best = None
    for _ in range({repeat}):
        t = time.perf_counter()
        tc.parse(text)
        d = time.perf_counter() - t
        best = d if best is None else min(best, d)
    out.append(best)
print(json.dumps({{"seconds": out, "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""


def run_family(family: str, sizes: list[int], repeat: int) -> dict:
    code = CHILD.format(tests=str(HERE.parent / "tests"), family=family, sizes=sizes, repeat=repeat)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    if proc.returncode != 0:
        return {"error": proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else f"exit {proc.returncode}"}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def exponent(sizes: list[int], seconds: list[float]) -> float:
    """The growth exponent between the two largest sizes: log(t2/t1) / log(n2/n1)."""
    (n1, t1), (n2, t2) = list(zip(sizes, seconds))[-2:]
    return math.log(max(t2, 1e-6) / max(t1, 1e-6)) / math.log(n2 / n1)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=SIZES)
    ap.add_argument("--families", nargs="+", default=list(FAMILIES))
    ap.add_argument("--repeat", type=int, default=1)
    args = ap.parse_args()
    head = "".join(f"{n // 1000:>6}k" for n in args.sizes)
    print(f"{'family':<16}{head}  exponent  peak RSS")
    worst = 0.0
    for family in args.families:
        res = run_family(family, args.sizes, args.repeat)
        if "error" in res:
            print(f"{family:<16} failed: {res['error']}")
            continue
        secs = res["seconds"]
        k = exponent(args.sizes, secs)
        worst = max(worst, k)
        cells = "".join(f"{s:7.2f}" for s in secs)
        print(f"{family:<16}{cells}  {k:8.2f}  {res['rss_mb']:6.0f} MB", flush=True)
    print(f"largest growth exponent: {worst:.2f} (1.0 = linear)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
