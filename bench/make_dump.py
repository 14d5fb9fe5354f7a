"""Build a synthetic ClinicalTrials.gov dump in API v2 format from texts in ../shared.

Criteria texts come from the Chia trials (their `_inc` and `_exc` files under the usual headers) and from the
API v2 / legacy XML samples, cycled to reach N studies; each study gets a fake NCT id `NCT8xxxxxxx` and the
layout of `ctg-studies.json.zip` once unpacked (100 shard directories keyed by the id's last two digits), or a
zip archive of the same. With --corrupt, a fraction of the records is broken: truncated JSON, a legacy XML
record with a broken tag, or text in a wrong encoding (UTF-16).

    python bench/make_dump.py 10000 bench/out/dump-10000 [--zip] [--corrupt 0.01]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


def criteria_texts(shared: Path = SHARED) -> list[str]:
    texts = []
    chia = shared / "corpora" / "chia" / "brat"
    for inc in sorted(chia.glob("NCT*_inc.txt")):
        exc = inc.with_name(inc.name.replace("_inc", "_exc"))
        body = "Inclusion Criteria:\n\n" + inc.read_bytes().decode("utf-8")
        if exc.exists():
            body += "\n\nExclusion Criteria:\n\n" + exc.read_bytes().decode("utf-8")
        texts.append(body)
    samples = shared / "corpora" / "ctgov-samples" / "api_v2_and_v1_json"
    for p in sorted(samples.glob("NCT*.json")):
        crit = json.loads(p.read_text(encoding="utf-8")).get("protocolSection", {}).get("eligibilityModule", {}).get("eligibilityCriteria")
        if crit:
            texts.append(crit)
    if not texts:
        sys.exit(f"no texts found under {shared}")
    return texts


def study(i: int, criteria: str) -> dict:
    nct = f"NCT8{i:07d}"
    return {"protocolSection": {
        "identificationModule": {"nctId": nct, "briefTitle": f"Synthetic study {i}"},
        "statusModule": {"overallStatus": "RECRUITING", "lastUpdatePostDateStruct": {"date": "2026-01-01"}},
        "conditionsModule": {"conditions": ["Neoplasms"]},
        "eligibilityModule": {"eligibilityCriteria": criteria, "sex": "ALL", "minimumAge": "18 Years",
                              "healthyVolunteers": False, "stdAges": ["ADULT", "OLDER_ADULT"]},
    }}


def corrupt(i: int, data: bytes, rng: random.Random) -> tuple[str, bytes]:
    kind = i % 3
    if kind == 0:
        return "json", data[: rng.randint(10, max(11, len(data) // 2))]  # truncated JSON
    if kind == 1:
        nct = f"NCT8{i:07d}"
        return "xml", f"<clinical_study><id_info><nct_id>{nct}</nct_id></id_info><eligibility><criteria>".encode()
    return "json", data.decode("utf-8").encode("utf-16")  # wrong encoding


def build(n: int, out: Path, as_zip: bool = False, corrupt_rate: float = 0.0, seed: int = 13) -> dict:
    texts = criteria_texts()
    rng = random.Random(seed)
    bad = set(rng.sample(range(n), int(round(n * corrupt_rate)))) if corrupt_rate else set()
    chars = 0
    zf = zipfile.ZipFile(out.with_suffix(".zip"), "w", zipfile.ZIP_DEFLATED) if as_zip else None
    for i in range(n):
        text = texts[i % len(texts)]
        data = json.dumps(study(i, text), ensure_ascii=False).encode("utf-8")
        ext = "json"
        if i in bad:
            ext, data = corrupt(i, data, rng)
        else:
            chars += len(text)
        name = f"{i % 100:02d}/NCT8{i:07d}.{ext}"
        if zf is not None:
            zf.writestr(name, data)
        else:
            path = out / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
    if zf is not None:
        zf.close()
    return {"studies": n, "corrupted": len(bad), "criteria_chars": chars,
            "path": str(out.with_suffix(".zip") if as_zip else out)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("n", type=int)
    ap.add_argument("out", type=Path)
    ap.add_argument("--zip", action="store_true")
    ap.add_argument("--corrupt", type=float, default=0.0)
    args = ap.parse_args()
    print(json.dumps(build(args.n, args.out, args.zip, args.corrupt)))


if __name__ == "__main__":
    main()
