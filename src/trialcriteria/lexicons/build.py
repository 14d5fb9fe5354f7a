"""The build step of the lexicons: their sources (lexicons/sources/*.tsv, data edited by hand) -> the files the
runtime reads (resources/*.jsonl), checked on the way. `trialcriteria lexicons build` writes them; `--check`
compares a fresh build with the shipped files (a test does the same).

The gene lexicon of the biomarkers is built from its source table and HGNC's complete set in ../shared/vocab
(lexicons/genes.py); without ../shared it is left as shipped.

Checks: every row validates against its schema model; class parents and drug classes exist; no surface form
names two entries; ATC codes have the ATC shape; LOINC codes carry a right check digit (mod 10); canonical units
are UCUM codes that the conversion engine reads.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from importlib import resources
from pathlib import Path

from ..schema import AnalyteEntry, DrugClassEntry, DrugEntry

SOURCES = "trialcriteria.lexicons.sources"
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


def gene_lexicon(shared: Path) -> bytes | None:
    """resources/biomarker_genes.jsonl from its source table and HGNC (lexicons/genes.py); None when
    ../shared/vocab/hgnc is absent."""
    from .genes import HGNC_FILE, GeneLexiconError, biomarker_genes, read_hgnc

    path = shared / HGNC_FILE
    if not path.exists():
        return None
    try:
        return _jsonl(biomarker_genes(read_tsv("biomarker_genes.tsv"), read_hgnc(path)))
    except GeneLexiconError as exc:
        raise LexiconError(str(exc)) from None


def build_all(shared: Path | None = None) -> dict[str, bytes]:
    """Every built file, by its name under resources/ (the ones built from ../shared only when it is there)."""
    from .. import paths

    classes = drug_classes()
    drug_list = drugs({c["id"] for c in classes})
    unique_surfaces(classes, drug_list)
    out = {"drug_classes.jsonl": _jsonl(classes), "drugs.jsonl": _jsonl(drug_list), "analytes.jsonl": _jsonl(analytes())}
    genes = gene_lexicon(shared if shared is not None else paths.shared())
    if genes is not None:
        out["biomarker_genes.jsonl"] = genes
    return out


def resources_dir() -> Path:
    return Path(str(resources.files("trialcriteria.resources")))


def build(write: bool, report: Callable[[str], None] = print, shared: Path | None = None) -> list[str]:
    """Build every lexicon; write the files (write=True) or list the shipped files that differ from a fresh
    build. Returns the names of the files that differ (before writing). The files built from the vocabularies
    of ../shared (`shared`) are skipped, with a note, when it is absent."""
    built = build_all(shared)
    if "biomarker_genes.jsonl" not in built:
        report("biomarker_genes.jsonl: not built (no vocab/hgnc under the shared data); the shipped file is kept")
    target = resources_dir()
    differ = [name for name, data in built.items()
              if not (target / name).exists() or (target / name).read_bytes() != data]
    for name, data in built.items():
        if write:
            (target / name).write_bytes(data)
        entries = data.count(b"\n")
        report(f"{name}: {entries} entries{' (differs from the shipped file)' if name in differ else ''}")
    return differ
