"""Polarity (and the timing of study drugs) of the seeds' threshold, window, drug and fact records, read by hand
for scoring by execution (annotations/real/GUIDELINES.md, 'Polarity'). Every record gets `polarity`: the section's
(required in inclusion, forbidden in exclusion) unless listed below, where reading the criterion gives another.

    python annotations/tools/seed_polarity.py        # writes polarity into annotations/{thresholds,facts}/seed-*.json

Keys: (doc, kind, index in the file's list); kinds T thresholds, W time_windows, D drugs, F facts.
"""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2] / "annotations"

# what reading the criterion gives, where it differs from the section's polarity
OVERRIDES = {
    # seed-000
    ("seed-000", "D", 5): "forbidden",   # ANC ... without G-CSF support
    ("seed-000", "D", 6): "allowed",     # an acceptable method: hormonal contraception plus a barrier method
    ("seed-000", "F", 13): "forbidden",  # must not be pregnant at screening
    ("seed-000", "W", 4): "allowed",     # ... of childbearing potential unless ... 12 months of amenorrhea
    ("seed-000", "F", 14): "allowed",    # ... > 45 years-of-age
    ("seed-000", "F", 15): "allowed",    # ... < 55 years-of-age
    ("seed-000", "T", 20): "allowed",    # ... FSH > 40 mIU/mL
    ("seed-000", "D", 8): "allowed",     # prior use of lanreotide is acceptable
    ("seed-000", "F", 17): "allowed",    # brain metastases unless adequately treated
    ("seed-000", "F", 18): "allowed",    # ... and stable for at least 4 weeks
    ("seed-000", "W", 10): "allowed",
    ("seed-000", "W", 11): "allowed",
    ("seed-000", "F", 19): "allowed",    # eligible subjects must be ... without corticosteroid treatment
    ("seed-000", "D", 15): "allowed",
    ("seed-000", "D", 25): "allowed",    # Allowed anticoagulants are the following:
    **{("seed-000", "D", i): "allowed" for i in range(26, 37)},  # the allowed anticoagulants (exc-6.1, exc-6.2)
    ("seed-000", "F", 20): "allowed",    # ... in subjects without known brain metastases (a condition of the allowance)
    ("seed-000", "W", 12): "allowed",    # ... on a stable dose for at least 1 week
    ("seed-000", "W", 14): "allowed",    # incidental PE or DVT within 6 months are allowed if ...
    ("seed-000", "D", 38): "allowed",
    ("seed-000", "W", 15): "allowed",
    # seed-001
    ("seed-001", "F", 5): "forbidden",   # negative pregnancy test
    ("seed-001", "D", 17): "allowed",    # except for erythropoietin
    **{("seed-001", "D", i): "allowed" for i in range(38, 45)},  # EXCEPT for the following: steroids
    ("seed-001", "D", 46): "allowed",    # ... not requiring immunosuppressive treatment are eligible
    ("seed-001", "F", 16): "allowed",    # sensory neuropathy Grade <= 2 ... acceptable
    ("seed-001", "F", 17): "allowed",    # other Grade <= 2 ... acceptable
    ("seed-001", "D", 50): "allowed",    # except for administration of inactivated vaccines
    ("seed-001", "D", 49): "required",   # the study drug the window is anchored to (timing planned)
    # seed-002
    ("seed-002", "D", 0): "allowed",     # concurrent therapy with SSAs was permitted
    ("seed-002", "W", 1): "allowed",     # ... on a stable dose for at least 2 months
    ("seed-002", "F", 9): "allowed",     # patients with known brain metastases could be enrolled only if ...
    # seed-003
    ("seed-003", "D", 0): "forbidden",   # no blood products/growth factors within 14 days prior
    ("seed-003", "W", 0): "forbidden",
    ("seed-003", "F", 9): "forbidden",   # negative serum pregnancy test
    ("seed-003", "W", 1): "forbidden",   # ... within 72 hours prior to dosing
    ("seed-003", "D", 1): "allowed",     # an example of an acceptable method (oral contraceptives)
    **{("seed-003", k, i): "allowed" for k, i in (("F", 13), ("F", 14), ("W", 4), ("F", 15), ("D", 2), ("W", 5))},
    # seed-004
    ("seed-004", "D", 0): "allowed",     # a prior line other than somatostatin analogs
}

# study drugs named as what the patient will receive: timing planned
PLANNED = {("seed-001", "D", 6), ("seed-001", "D", 7), ("seed-001", "D", 49)}


def node_section(tree: dict, start: int) -> str:
    best = None
    for n in tree["criteria"]:
        if n["start"] <= start < n["end"] and (best is None or n["end"] - n["start"] < best["end"] - best["start"]):
            best = n
    return best["section"]


def apply(doc: str) -> None:
    tree = json.loads((ROOT / "trees" / f"{doc}.json").read_text(encoding="utf-8"))
    for folder, lists in (("thresholds", (("T", "thresholds"),)),
                          ("facts", (("W", "time_windows"), ("D", "drugs"), ("F", "facts")))):
        path = ROOT / folder / f"{doc}.json"
        data = json.loads(path.read_text(encoding="utf-8"))
        for kind, key in lists:
            for i, rec in enumerate(data.get(key, [])):
                default = "forbidden" if node_section(tree, rec["start"]) == "exclusion" else "required"
                rec["polarity"] = OVERRIDES.get((doc, kind, i), default)
                if kind == "D" and (doc, kind, i) in PLANNED:
                    rec["timing"] = "planned"
        path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    for n in range(5):
        apply(f"seed-00{n}")
