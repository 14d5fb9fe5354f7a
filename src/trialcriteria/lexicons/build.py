"""The build step of the lexicons: their sources (lexicons/sources/*.tsv, data edited by hand) -> the files the
runtime reads (resources/*.jsonl), checked on the way. `trialcriteria lexicons build` writes them; `--check`
compares a fresh build with the shipped files (a test does the same).

The conditions lexicon (resources/conditions.jsonl.gz) is built from ../shared/vocab with the curated
conditions_*.tsv sources (lexicons/mesh.py); procedures.jsonl from procedures.tsv. The gene lexicon of the
biomarkers (resources/biomarker_genes.jsonl) is built from biomarker_genes.tsv and HGNC's complete set in
../shared/vocab/hgnc (lexicons/genes.py). Without the vocabularies both are left as shipped.

Checks: every row validates against its schema model; class parents and drug classes exist; no surface form
names two entries; ATC codes have the ATC shape; LOINC codes carry a right check digit (mod 10); canonical units
are UCUM codes that the conversion engine reads.
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Callable
from importlib import resources
from pathlib import Path

from ..schema import AnalyteEntry, DrugClassEntry, DrugEntry

SOURCES = "trialcriteria.lexicons.sources"
CONDITIONS = "conditions.jsonl.gz"
GENES = "biomarker_genes.jsonl"
ATC = re.compile(r"^[A-Z](?:\d{2}(?:[A-Z](?:[A-Z](?:\d{2})?)?)?)?$")


class LexiconError(ValueError):
    """A source row that does not build: the message names the file, the row and the problem."""


def read_tsv(name: str) -> list[dict[str, str]]:
    """Rows of a source table (a header line, then tab-separated rows; lines starting with '#' are comments)."""
    text = resources.files(SOURCES).joinpath(name).read_text(encoding="utf-8")
    lines = [ln for ln in text.splitlines() if ln and not ln.startswith("#")]
    header = lines[0].split("\t")
    rows = []
    for n, line in enumerate(lines[1:], start=2):
        cells = line.split("\t")
        if len(cells) != len(header):
            raise LexiconError(f"{name}: row {n} has {len(cells)} cells where the header has {len(header)}")
        rows.append(dict(zip(header, cells)))
    return rows


def _list(cell: str, sep: str) -> list[str]:
    return [x.strip() for x in cell.split(sep) if x.strip()]


def loinc_ok(code: str) -> bool:
    """The mod 10 check digit of a LOINC code ('751-8')."""
    body, _, check = code.partition("-")
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d // 10 + d % 10
    return check == str((10 - total % 10) % 10)


def drug_classes(rows: list[dict] | None = None) -> list[dict]:
    out = []
    for r in rows if rows is not None else read_tsv("drug_classes.tsv"):
        entry = {"id": r["id"], "name": r["name"], "parents": _list(r["parents"], ","), "atc": r["atc"] or None,
                 "synonyms": _list(r["synonyms"], ";"), "note": None}
        DrugClassEntry.model_validate(entry)
        out.append(entry)
    ids = {c["id"] for c in out}
    for c in out:
        for p in c["parents"]:
            if p not in ids:
                raise LexiconError(f"drug_classes.tsv: {c['id']}: unknown parent {p!r}")
    return out


def drugs(class_ids: set[str], rows: list[dict] | None = None) -> list[dict]:
    out = []
    for r in rows if rows is not None else read_tsv("drugs.tsv"):
        name = r["name"].lower()
        entry = {"id": re.sub(r"[^a-z0-9]+", "_", name).strip("_"), "name": name, "classes": _list(r["classes"], ","),
                 "atc": _list(r["atc"], ","), "synonyms": _list(r["synonyms"], ";")}
        DrugEntry.model_validate(entry)
        unknown = [c for c in entry["classes"] if c not in class_ids]
        if unknown:
            raise LexiconError(f"drugs.tsv: {name}: unknown class(es) {', '.join(unknown)}")
        out.append(entry)
    return out


def unique_surfaces(classes: list[dict], drug_list: list[dict]) -> None:
    seen: dict[str, tuple[str, str]] = {}
    for kind, items in (("class", classes), ("drug", drug_list)):
        for it in items:
            for s in [it["name"], *it["synonyms"]]:
                key = s.lower()
                if key in seen and seen[key] != (kind, it["id"]):
                    raise LexiconError(f"{s!r} names both {seen[key]} and {(kind, it['id'])}")
                seen[key] = (kind, it["id"])
    for kind, items, key in (("class", classes, "atc"), ("drug", drug_list, "atc")):
        for it in items:
            for code in ([it[key]] if kind == "class" else it[key]):
                if code and not ATC.match(code):
                    raise LexiconError(f"{kind} {it['id']}: {code!r} is no ATC code")


def analytes(rows: list[dict] | None = None) -> list[dict]:
    from ..normalize.units import ucum_unit

    out = []
    for r in rows if rows is not None else read_tsv("analytes.tsv"):
        entry = {"id": r["id"], "name": r["name"], "loinc": r["loinc"] or None, "unit": r["unit"],
                 "category": r["category"], "synonyms": _list(r["synonyms"], ";"),
                 "abbreviations": _list(r["abbreviations"], ";"),
                 "molar_mass": json.loads(r["molar_mass"]) if r["molar_mass"] else None,
                 "plausible": json.loads(r["plausible"]) if r["plausible"] else None,
                 "formulas": _list(r["formulas"], ";"), "note": r["note"] or None}
        AnalyteEntry.model_validate(entry)
        if entry["loinc"] and not loinc_ok(entry["loinc"]):
            raise LexiconError(f"analytes.tsv: {entry['id']}: {entry['loinc']} has a wrong LOINC check digit")
        if ucum_unit(entry["unit"]) is None:
            raise LexiconError(f"analytes.tsv: {entry['id']}: {entry['unit']!r} is no UCUM unit the converter reads")
        out.append(entry)
    return out


def _jsonl(rows: list[dict]) -> bytes:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode("utf-8")


PROCEDURE_KINDS = {"surgery", "radiotherapy", "transplant", "dialysis", "transfusion", "ventilation", "biopsy", "device",
                   "other"}


def procedures(rows: list[dict] | None = None) -> list[dict]:
    """The procedure vocabulary (procedures.tsv): ids unique, kinds known, MeSH ids shaped D######."""
    out, seen = [], set()
    for r in rows if rows is not None else read_tsv("procedures.tsv"):
        entry = {"id": r["id"], "name": r["name"], "kind": r["kind"], "qualifier": r["qualifier"] or None,
                 "mesh_id": r["mesh_id"] or None, "synonyms": _list(r["synonyms"], ";")}
        if entry["id"] in seen:
            raise LexiconError(f"procedures.tsv: {entry['id']}: listed twice")
        if entry["kind"] not in PROCEDURE_KINDS:
            raise LexiconError(f"procedures.tsv: {entry['id']}: unknown kind {entry['kind']!r}")
        if entry["mesh_id"] and not re.match(r"^D\d{6,9}$", entry["mesh_id"]):
            raise LexiconError(f"procedures.tsv: {entry['id']}: {entry['mesh_id']!r} is no MeSH descriptor id")
        seen.add(entry["id"])
        out.append(entry)
    return out


def curated_conditions() -> tuple[set[str], dict[str, list[str]], dict[str, set[str]]]:
    """(stop list, curated terms by descriptor, curated ICD-10-CM codes by descriptor) from the sources."""
    stop = {r["term"].strip().lower() for r in read_tsv("conditions_stop.tsv")}
    curated: dict[str, list[str]] = {}
    for r in read_tsv("conditions_terms.tsv"):
        if r["mesh_id"] in curated:
            raise LexiconError(f"conditions_terms.tsv: {r['mesh_id']} listed twice")
        curated[r["mesh_id"]] = _list(r["terms"], ";")
    icd = {r["mesh_id"]: set(_list(r["icd10cm"], ",")) for r in read_tsv("conditions_icd10cm.tsv")}
    return stop, curated, icd


def conditions(vocab: Path) -> bytes:
    """resources/conditions.jsonl.gz from the vocabularies at `vocab` (lexicons/mesh.py)."""
    from .mesh import VocabError, conditions_rows, gzip_jsonl

    try:
        return gzip_jsonl(conditions_rows(vocab, *curated_conditions()))
    except (VocabError, OSError) as exc:
        raise LexiconError(str(exc)) from None


def gene_lexicon(vocab: Path) -> bytes | None:
    """resources/biomarker_genes.jsonl from its source table and HGNC (lexicons/genes.py); None when the
    vocabularies at `vocab` hold no hgnc/."""
    from .genes import HGNC_FILE, GeneLexiconError, biomarker_genes, read_hgnc

    path = vocab / HGNC_FILE
    if not path.exists():
        return None
    try:
        return _jsonl(biomarker_genes(read_tsv("biomarker_genes.tsv"), read_hgnc(path)))
    except GeneLexiconError as exc:
        raise LexiconError(str(exc)) from None


def build_all(vocab: Path | None = None) -> dict[str, bytes]:
    """Every built file, by its name under resources/; the conditions and gene lexicons only when the
    vocabularies (../shared/vocab) are at `vocab`."""
    classes = drug_classes()
    drug_list = drugs({c["id"] for c in classes})
    unique_surfaces(classes, drug_list)
    out = {"drug_classes.jsonl": _jsonl(classes), "drugs.jsonl": _jsonl(drug_list), "analytes.jsonl": _jsonl(analytes()),
           "procedures.jsonl": _jsonl(procedures())}
    if vocab is not None and (vocab / "mesh").is_dir():
        out[CONDITIONS] = conditions(vocab)
    genes = gene_lexicon(vocab) if vocab is not None else None
    if genes is not None:
        out[GENES] = genes
    return out


def resources_dir() -> Path:
    return Path(str(resources.files("trialcriteria.resources")))


def build(write: bool, report: Callable[[str], None] = print, vocab: Path | None = None) -> list[str]:
    """Build every lexicon; write the files (write=True) or list the shipped files that differ from a fresh
    build. Returns the names of the files that differ (before writing). The conditions and gene lexicons are
    built from the vocabularies at `vocab` (default: <shared>/vocab); without them they are left as shipped, and
    said so."""
    from ..paths import shared

    vocab = vocab if vocab is not None else shared() / "vocab"
    built = build_all(vocab)
    if CONDITIONS not in built:
        report(f"{CONDITIONS}: not built ({vocab} holds no mesh/): the shipped file is kept")
    if GENES not in built:
        report(f"{GENES}: not built ({vocab} holds no hgnc/): the shipped file is kept")
    target = resources_dir()
    differ = [name for name, data in built.items()
              if not (target / name).exists() or (target / name).read_bytes() != data]
    for name, data in built.items():
        if write:
            (target / name).write_bytes(data)
        entries = (gzip.decompress(data) if name.endswith(".gz") else data).count(b"\n")
        report(f"{name}: {entries} entries{' (differs from the shipped file)' if name in differ else ''}")
    return differ
