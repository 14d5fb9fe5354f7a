"""The real-distribution gold sample: 120 ClinicalTrials.gov trials drawn at random, stratified by era, phase and
therapeutic area, split 60 dev / 60 test. It reads ../shared only (never the pipeline's output).

    python annotations/tools/real_sample.py draw            # writes annotations/real/sample.tsv (seed below)
    python annotations/tools/real_sample.py text ID [--lines]  # the exact text gold offsets point into
    python annotations/tools/real_sample.py parse -o out/real.jsonl  # the pipeline's results for the sample

Eras and how many trials each gives (records of every era are read through the same readers as the pipeline's):
- `modern-v2`: the real API v2 study records of ../shared/corpora/ctgov-samples (2020s; synthetic ones left out);
- `covid-v1`: classic API v1 records of the 2020 COVID-19 search page in the same folder;
- `legacy-1999`: legacy XML records first submitted 1999-2001 (ctgov-bulk/legacy-xml-6771.zip, NCT0000xxxx);
- `legacy-2006`: legacy XML records first submitted 2006-2007 (NCT0046xxxx, NCT0049xxxx);
- `hint`: criteria text blocks of the HINT benchmark (phases 1-4, mostly 2005-2020; hint-index.tsv).
Inside each bulk era, trials are drawn per therapeutic area (from the record's conditions: oncology at most a
third) and, inside an area, in turn from each phase. Trials of Chia (tuned on) are left out. The split gives
every other trial of each era, in drawing order, to dev and test.
"""

from __future__ import annotations

import argparse
import csv
import random
import re
import sys
import zipfile
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"
OUT = REPO / "annotations" / "real" / "sample.tsv"
SEED = 20261201
QUOTA = {"modern-v2": 12, "covid-v1": 6, "legacy-1999": 34, "legacy-2006": 34, "hint": 34}
ONCOLOGY_SHARE = 1 / 3

AREAS = (
    ("oncology", r"cancer|carcinom|tumou?r|neoplas|lymphoma|leuka?emia|melanoma|sarcoma|myeloma|glioma|blastoma|"
                 r"malignan|metasta|myelodysplas|mesothelioma|oncolog"),
    ("infectious", r"hiv|aids\b|infect|hepatitis|tubercul|malaria|influenza|covid|sars|pneumonia|sepsis|viral|"
                   r"bacteri|vaccin|herpes|fung"),
    ("cardiovascular", r"heart|cardi|coronary|hypertens|atrial|myocard|vascular|stroke|thromb|arrhythm|angina|"
                       r"aneurysm|embol"),
    ("neuro_psych", r"depress|schizo|bipolar|alzheimer|parkinson|epilep|sclerosis|migraine|autis|anxiety|dementia|"
                    r"alcohol|substance|smok|nicotine|opioid|cocaine|insomnia|adhd|attention deficit|psychot|"
                    r"neuropath|pain|brain injur|cognit"),
    ("metabolic", r"diabet|obes|lipid|cholesterol|thyroid|osteopor|metabolic|insulin|gout"),
    ("respiratory", r"asthma|copd|pulmonary|lung disease|cystic fibrosis|bronch|respiratory"),
)


def area_of(conditions: list[str]) -> str:
    text = " ".join(conditions).lower()
    for name, pattern in AREAS:
        if re.search(pattern, text):
            return name
    return "other"


def phase_of(raw: str | None) -> str:
    p = (raw or "").lower()
    if "4" in p:
        return "phase4"
    if "3" in p:
        return "phase3"
    if "2" in p:
        return "phase2"
    if "1" in p:
        return "phase1"
    return "na"


def chia_ids() -> set[str]:
    return {p.name.split("_")[0] for p in (SHARED / "corpora" / "chia" / "brat").glob("NCT*_inc.txt")}


def _xml_meta(data: bytes) -> tuple[str | None, list[str]]:
    text = data.decode("utf-8", "replace")
    phase = re.search(r"<phase>(.*?)</phase>", text)
    conditions = re.findall(r"<condition>(.*?)</condition>", text) + re.findall(r"<mesh_term>(.*?)</mesh_term>", text)
    return (phase.group(1) if phase else None), conditions


def candidates() -> dict[str, list[dict]]:
    """Every trial that can be drawn, per era: id, source, kind, phase, area."""
    sys.path.insert(0, str(REPO / "src"))
    from trialcriteria.ingest import read_path
    from trialcriteria.schema import TrialRecord

    skip = chia_ids()
    out: dict[str, list[dict]] = defaultdict(list)
    samples = SHARED / "corpora" / "ctgov-samples"
    seen: set[str] = set()
    for rec in read_path(samples):
        if not isinstance(rec, TrialRecord) or not rec.document_text.strip() or not re.fullmatch(r"NCT\d{8}", rec.trial_id):
            continue
        if rec.trial_id in seen or rec.trial_id in skip:
            continue
        era = {"ctgov_v2": "modern-v2", "ctgov_v1": "covid-v1"}.get(rec.source.format)
        if era is None or (era == "covid-v1" and "covid-19-search" not in rec.source.path):
            continue
        seen.add(rec.trial_id)
        rel = Path(rec.source.path).resolve().relative_to(SHARED.resolve())
        source = f"shared:{rel}" + (f"#{rec.source.record}" if rec.source.record else "")
        out[era].append({"id": rec.trial_id, "source": source, "kind": rec.source.format, "phase": "na",
                         "area": area_of(rec.conditions)})
    bulk = SHARED / "corpora" / "ctgov-bulk"
    with zipfile.ZipFile(bulk / "legacy-xml-6771.zip") as zf:
        for info in zf.infolist():
            if info.is_dir():
                continue
            nct = Path(info.filename).stem
            data = zf.read(info)
            if nct in skip or b"<textblock>" not in data:
                continue
            phase, conditions = _xml_meta(data)
            era = "legacy-1999" if info.filename.startswith("NCT0000") else "legacy-2006"
            out[era].append({"id": nct, "source": f"shared:corpora/ctgov-bulk/legacy-xml-6771.zip!{info.filename}",
                             "kind": "ctgov_xml", "phase": phase_of(phase), "area": area_of(conditions)})
    index = {row["nct_id"]: row for row in csv.DictReader(open(bulk / "hint-index.tsv", encoding="utf-8"), delimiter="\t")}
    with zipfile.ZipFile(bulk / "hint-criteria-4866.zip") as zf:
        for name in zf.namelist():
            nct = Path(name).stem
            if nct in skip or nct not in index or not zf.read(name).strip():
                continue
            row = index[nct]
            out["hint"].append({"id": nct, "source": f"shared:corpora/ctgov-bulk/hint-criteria-4866.zip!{name}",
                                "kind": "text", "phase": phase_of(row["phase"]), "area": area_of([row["diseases"]])})
    for era in out:
        out[era].sort(key=lambda r: r["id"])
    return out


def draw_era(pool: list[dict], n: int, rng: random.Random) -> list[dict]:
    """n trials: areas in proportion to the pool (oncology capped at a third), phases in turn inside an area."""
    if len(pool) <= n:
        return rng.sample(pool, len(pool))
    by_area: dict[str, list[dict]] = defaultdict(list)
    for r in pool:
        by_area[r["area"]].append(r)
    quota = {a: len(rs) * n / len(pool) for a, rs in by_area.items()}
    if quota.get("oncology", 0) > n * ONCOLOGY_SHARE:
        quota["oncology"] = int(n * ONCOLOGY_SHARE)
        rest = sum(len(rs) for a, rs in by_area.items() if a != "oncology")
        for a in quota:
            if a != "oncology":
                quota[a] = len(by_area[a]) * (n - quota["oncology"]) / rest
    counts = {a: int(q) for a, q in quota.items()}
    for a in sorted(quota, key=lambda a: quota[a] - int(quota[a]), reverse=True)[: n - sum(counts.values())]:
        counts[a] += 1
    chosen = []
    for area in sorted(counts):
        by_phase: dict[str, list[dict]] = defaultdict(list)
        for r in by_area[area]:
            by_phase[r["phase"]].append(r)
        for rs in by_phase.values():
            rng.shuffle(rs)
        phases = sorted(by_phase)
        rng.shuffle(phases)
        k = 0
        while len([c for c in chosen if c["area"] == area]) < counts[area] and any(by_phase.values()):
            ph = phases[k % len(phases)]
            if by_phase[ph]:
                chosen.append(by_phase[ph].pop())
            k += 1
    rng.shuffle(chosen)
    return chosen


def draw() -> None:
    rng = random.Random(SEED)
    pools = candidates()
    rows = []
    for era, n in QUOTA.items():
        for i, r in enumerate(draw_era(pools[era], n, rng)):
            rows.append({**r, "era": era, "split": "dev" if i % 2 == 0 else "test"})
    OUT.parent.mkdir(parents=True, exist_ok=True)
    cols = ("id", "split", "era", "phase", "area", "kind", "source")
    with open(OUT, "w", encoding="utf-8", newline="") as fh:
        fh.write("\t".join(cols) + "\n")
        for r in rows:
            fh.write("\t".join(r[c] for c in cols) + "\n")
    onc = sum(r["area"] == "oncology" for r in rows)
    print(f"{OUT}: {len(rows)} trials ({onc} oncology); pools: " + ", ".join(f"{e} {len(p)}" for e, p in pools.items()))


def sample_records(rows: list[dict]) -> list:
    """The TrialRecord of each sampled trial, read from its source as the readers read it (so that its
    source names the same file and record as the gold)."""
    sys.path.insert(0, str(REPO / "src"))
    from trialcriteria.evaluate.gold import source_path, split_source
    from trialcriteria.ingest import records_from_bytes
    from trialcriteria.schema import TrialRecord

    out = []
    for row in rows:
        _, _, member, locator = split_source(row["source"])
        full = source_path(row["source"], REPO, SHARED)
        if member:
            with zipfile.ZipFile(full) as zf:
                data, name = zf.read(member), member
        else:
            data, name = full.read_bytes(), str(full)
        out += [r for r in records_from_bytes(data, name)
                if isinstance(r, TrialRecord) and (not locator or r.source.record == locator)]
    return out


def parse_sample(sample: Path, output: Path) -> None:
    from trialcriteria.pipeline import parse_records

    rows = read_sample(sample)
    results = parse_records(sample_records(rows))
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text("".join(r.model_dump_json() + "\n" for r in results), encoding="utf-8")
    print(f"{output}: {len(results)} results for {len(rows)} sampled trials")


def read_sample(path: Path = OUT) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    sub.add_parser("draw")
    pp = sub.add_parser("parse")
    pp.add_argument("-o", "--output", type=Path, required=True)
    pp.add_argument("--sample", type=Path, default=OUT, help="a sample file with id and source columns")
    t = sub.add_parser("text")
    t.add_argument("id")
    t.add_argument("--lines", action="store_true", help="prefix each line with its start offset")
    args = ap.parse_args()
    if args.cmd == "draw":
        draw()
        return 0
    if args.cmd == "parse":
        parse_sample(args.sample, args.output)
        return 0
    from sources import source_text

    row = next((r for r in read_sample() if r["id"] == args.id), None)
    if row is None:
        print(f"{args.id} is not in {OUT}", file=sys.stderr)
        return 1
    text = source_text(row["source"])
    if not args.lines:
        sys.stdout.write(text)
        return 0
    pos = 0
    for line in text.split("\n"):
        print(f"{pos:>6}| {line}")
        pos += len(line) + 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
