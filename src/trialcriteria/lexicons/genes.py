"""The gene lexicon of the biomarkers: lexicons/sources/biomarker_genes.tsv (the genes trials use as biomarkers,
chosen by hand and from the bulk corpus) + HGNC's complete set (../shared/vocab/hgnc) -> resources/
biomarker_genes.jsonl, one entry per gene: the approved symbol, HGNC id and name, the written forms matched
case-sensitively (`aliases`) and the names matched case-insensitively (`names`).

Which of HGNC's alias and previous symbols a gene keeps (HGNC lists many that are English words, units or
other genes' symbols: BCR's `CML` and `ALL`, CALR's `RO`, FGFR1's `H2`):
- the approved symbol always;
- an alias or previous symbol when it looks like a gene symbol (letters, digits and hyphens, at least three
  characters, two letters and a digit: `HER2`, `PD-L1`, `CD20`; `NEU`, `HGFR` and `MLL` do not), is no clone
  name (`FLJ21816`, `KIAA0132`, `MGC5370`) and names no other approved gene in the whole set (`HNPCC` is
  MLH1's and MSH2's);
- the `keep` column overrides the filter (`MLL`, `BCMA`, `PR`), the `drop` column removes what it kept, and the
  `extra` column adds the forms trials write that HGNC lacks (`HER2/neu`, `ER`, `PgR`, `c-MET`).
Names: HGNC's name and alias names of two words or more, without commas or brackets, naming no other gene and no
disease ('kennedy disease' is an alias name of AR), and the `names` column. No written form may name two genes of the lexicon.
"""

from __future__ import annotations

import csv
import gzip
import re
from collections import defaultdict
from pathlib import Path

from ..schema.rules import GeneEntry

HGNC_FILE = Path("hgnc") / "hgnc_complete_set.txt.gz"  # under ../shared/vocab
SYMBOL_LIKE = re.compile(r"^(?=(?:[^A-Za-z]*[A-Za-z]){2})(?=.*\d)[A-Za-z][A-Za-z0-9-]{2,}$")
CLONE = re.compile(r"^(?:FLJ|KIAA|MGC|DKFZ|LOC|bA\d|RP\d|CT\d)")
# names of a disease or of what a gene was first found in, not of the gene ('kennedy disease' for AR,
# 'promyelocytic leukemia' for PML, 'li-fraumeni syndrome' for TP53)
DISEASE_NAME = re.compile(r"disease|syndrome|feminization|leuka?emia|lymphoma|cancer|carcinoma|adenomatosis|"
                          r"wilms|autoantigen|mutated in|specific$", re.I)


class GeneLexiconError(ValueError):
    """A gene row that does not build."""


def _cells(cell: str) -> list[str]:
    return [x.strip() for x in cell.strip().strip('"').split("|") if x.strip()]


def read_hgnc(path: Path) -> list[dict[str, str]]:
    """The approved genes of HGNC's complete set."""
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return [r for r in csv.DictReader(fh, delimiter="\t") if r["status"] == "Approved"]


def owners(hgnc: list[dict[str, str]]) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """Which approved genes each symbol-like form names (symbol, alias, previous symbol), and each name."""
    forms: dict[str, set[str]] = defaultdict(set)
    names: dict[str, set[str]] = defaultdict(set)
    for r in hgnc:
        for f in [r["symbol"], *_cells(r["alias_symbol"]), *_cells(r["prev_symbol"])]:
            forms[f].add(r["symbol"])
        for n in [r["name"], *_cells(r["alias_name"])]:
            names[n.lower()].add(r["symbol"])
    return forms, names


def _split(cell: str) -> list[str]:
    return [x.strip() for x in cell.split(";") if x.strip()]


def gene_entry(row: dict[str, str], hgnc_row: dict[str, str], forms: dict[str, set[str]],
               names: dict[str, set[str]]) -> dict:
    """One gene of the source table with HGNC's forms filtered (see the module docstring)."""
    symbol = hgnc_row["symbol"]
    keep, drop = set(_split(row["keep"])), set(_split(row["drop"]))
    aliases = [symbol]
    for f in [*_cells(hgnc_row["alias_symbol"]), *_cells(hgnc_row["prev_symbol"])]:
        usable = SYMBOL_LIKE.match(f) and not CLONE.match(f) and forms.get(f, set()) <= {symbol}
        if (usable or f in keep) and f not in drop:
            aliases.append(f)
    aliases += _split(row["extra"])
    unknown = keep - set(_cells(hgnc_row["alias_symbol"])) - set(_cells(hgnc_row["prev_symbol"]))
    if unknown:
        raise GeneLexiconError(f"biomarker_genes.tsv: {symbol}: keep names no HGNC alias: {', '.join(sorted(unknown))}")
    own = [n for n in [hgnc_row["name"], *_cells(hgnc_row["alias_name"])]
           if len(n.split()) >= 2 and not re.search(r"[,()\[\]]", n) and not DISEASE_NAME.search(n)
           and names.get(n.lower(), set()) <= {symbol}]
    entry = {"symbol": symbol, "hgnc_id": hgnc_row["hgnc_id"], "name": hgnc_row["name"], "source": row["source"],
             "aliases": list(dict.fromkeys(aliases)),
             "names": list(dict.fromkeys(n.lower() for n in [*own, *_split(row["names"])]))}
    GeneEntry.model_validate(entry)
    return entry


def unique_forms(entries: list[dict]) -> None:
    """No written form (case-sensitive alias, or case-insensitive name) may name two genes."""
    seen: dict[str, str] = {}
    for e in entries:
        for key in [*e["aliases"], *(f"name:{n}" for n in e["names"])]:
            if seen.setdefault(key, e["symbol"]) != e["symbol"]:
                raise GeneLexiconError(f"{key!r} names both {seen[key]} and {e['symbol']}")


def biomarker_genes(rows: list[dict[str, str]], hgnc: list[dict[str, str]]) -> list[dict]:
    """The lexicon entries of the source rows, in the rows' order."""
    by_symbol = {r["symbol"]: r for r in hgnc}
    forms, names = owners(hgnc)
    out = []
    for row in rows:
        hgnc_row = by_symbol.get(row["symbol"])
        if hgnc_row is None:
            raise GeneLexiconError(f"biomarker_genes.tsv: {row['symbol']} is not an approved HGNC symbol")
        out.append(gene_entry(row, hgnc_row, forms, names))
    unique_forms(out)
    return out
