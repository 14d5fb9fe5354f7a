"""Speed of the reference matcher: N trials x M patients (default 1,000 x 100), on one process.

    python bench/bench_match.py [--trials 1000] [--patients 100] [--results out/trials.jsonl]

Trials: the first N records of a real dump (../shared/corpora/ctgov-bulk/legacy-xml-6771.zip) parsed once (the
parse is not timed), or the TrialResults of --results, cycled to N. Patients: synthetic, drawn with a fixed seed
(labs with reference ranges in varied units, ECOG, pregnancy, conditions, dated medications). The figure is the
wall time of `match` for every pair, trials compiled once (plan_trial) as `trialcriteria match` does.
"""

from __future__ import annotations

import argparse
import itertools
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from trialcriteria.matcher import Patient, match, plan_trial  # noqa: E402

DUMP = ROOT.parent / "shared" / "corpora" / "ctgov-bulk" / "legacy-xml-6771.zip"
LABS = [("anc", "10*9/L", 0.5, 6, None), ("anc", "/uL", 500, 6000, None), ("platelets", "10*9/L", 40, 400, None),
        ("hemoglobin", "g/dL", 7, 16, None), ("hemoglobin", "g/L", 70, 160, None), ("alt", "U/L", 10, 200, 40),
        ("ast", "U/L", 10, 200, 40), ("total_bilirubin", "mg/dL", 0.2, 3, 1.2), ("serum_creatinine", "umol/L", 50, 200, 97),
        ("creatinine_clearance", "mL/min", 20, 120, None), ("inr", "1", 0.8, 2.5, None), ("qtcf", "ms", 380, 520, None)]
DRUGS = ["warfarin", "apixaban", "aspirin", "prednisone", "ketoconazole", "carboplatin", "everolimus", "metformin",
         "atorvastatin", "omeprazole", "octreotide", "pembrolizumab"]
CONDITIONS = [("C7A.1", "neuroendocrine tumor"), ("C34.90", "lung cancer"), ("E11.9", "type 2 diabetes"),
              ("I10", "hypertension"), ("C79.31", "brain metastases"), ("B18.2", "chronic hepatitis C"),
              ("I50.9", "heart failure"), ("C78.7", "liver metastases")]


def synthetic_patient(i: int, rng: random.Random, ref: date) -> Patient:
    obs = []
    for analyte, unit, lo, hi, uln in rng.sample(LABS, k=rng.randint(4, len(LABS))):
        obs.append({"code": analyte, "value": round(rng.uniform(lo, hi), 2), "unit": unit,
                    **({"high": uln} if uln and rng.random() < 0.8 else {}), "source": f"Observation/{i}-{analyte}"})
    obs.append({"code": "ecog", "value": rng.randint(0, 3)})
    sex = rng.choice(["female", "male"])
    if sex == "female":
        obs.append({"code": "pregnancy", "text": rng.choice(["yes", "no", "no", "no"])})
    meds = [{"name": d, "start": (ref - timedelta(days=rng.randint(10, 400))).isoformat(),
             "active": rng.random() < 0.6} for d in rng.sample(DRUGS, k=rng.randint(0, 4))]
    conds = [{"name": n, "codes": [{"system": "icd10cm", "code": c}], "active": True}
             for c, n in rng.sample(CONDITIONS, k=rng.randint(1, 3))]
    return Patient.model_validate({"id": f"synthetic-{i}", "sex": sex, "birth_date": (ref - timedelta(days=rng.randint(18, 85) * 365)).isoformat(),
                                   "observations": obs, "medications": meds, "conditions": conds,
                                   "complete": ["medications"] if rng.random() < 0.5 else []})


def load_trials(n: int, results: Path | None):
    if results is not None:
        from trialcriteria.evaluate.gold import load_predictions

        base = load_predictions(results)
        how = f"{len(base)} results of {results}, cycled"
    elif DUMP.exists():
        from trialcriteria.api import parse_many, read_dump

        t0 = time.perf_counter()
        base = list(parse_many(itertools.islice(read_dump(DUMP), n)))
        how = f"the first {len(base)} records of {DUMP.name} (parsed in {time.perf_counter() - t0:.0f} s, not timed)"
    else:
        from trialcriteria.api import parse_many, read_dump

        base = list(parse_many(list(read_dump(ROOT / "corpora" / "seeds")) + list(read_dump(ROOT / "tests" / "fixtures" / "records"))))
        how = f"the {len(base)} seed and fixture records, cycled"
    trials = [r.model_copy(update={"trial_id": f"{r.trial_id}-{k}"}) for k, r in zip(range(n), itertools.cycle(base))]
    return trials, how


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--trials", type=int, default=1000)
    ap.add_argument("--patients", type=int, default=100)
    ap.add_argument("--results", type=Path)
    args = ap.parse_args()
    ref = date(2026, 6, 1)
    trials, how = load_trials(args.trials, args.results)
    rng = random.Random(20261201)
    patients = [synthetic_patient(i, rng, ref) for i in range(args.patients)]
    t0, c0 = time.perf_counter(), time.process_time()
    plans = [plan_trial(t) for t in trials]
    t1 = time.perf_counter()
    counts: dict[str, int] = {}
    for p in patients:
        for v in match(p, plans, ref):
            counts[v.verdict] = counts.get(v.verdict, 0) + 1
    t2, c2 = time.perf_counter(), time.process_time()
    criteria = sum(len(t.criteria) for t in trials)
    print(f"trials: {how}; {criteria:,} criteria")
    print(f"{len(trials):,} trials x {len(patients)} patients = {len(trials) * len(patients):,} verdicts "
          f"in {t2 - t0:.1f} s (compiling the trials {t1 - t0:.1f} s, matching {t2 - t1:.1f} s; "
          f"{(t2 - t1) / (len(trials) * len(patients)) * 1e6:.0f} us per trial and patient); "
          f"CPU time {c2 - c0:.1f} s (the wall time of an idle machine; this one is shared)")
    print("verdicts: " + ", ".join(f"{k} {v:,}" for k, v in sorted(counts.items())))


if __name__ == "__main__":
    main()
