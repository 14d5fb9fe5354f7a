"""Gold files and predictions: loading them, the text gold offsets point into, and which prediction a gold
document is about.

A gold `source` is `shared:<path under ../shared>` or `repo:<path under the repository>`, optionally with
`!<zip member>` and `#<record locator>` (the record of a multi-record file, as `source.record` names it). The text
its offsets point into is that record's `document_text`, as the readers produce it: the whole file for plain
text, the eligibility field of a registry record (API v2 `eligibilityCriteria`, the legacy XML `textblock`).
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from ..schema import GoldCodingDoc, GoldFactsDoc, GoldThresholdDoc, GoldTree, TrialRecord, TrialResult


def split_source(source: str) -> tuple[str, str, str, str]:
    """'shared:a/b.zip!m/x.xml#r' -> ('shared', 'a/b.zip', 'm/x.xml', 'r')."""
    prefix, _, rest = source.partition(":")
    rest, _, locator = rest.partition("#")
    path, _, member = rest.partition("!")
    return prefix, path, member, locator


def source_path(source: str, repo: Path, shared: Path) -> Path:
    """The file a gold source names (the zip archive for a member)."""
    prefix, path, _, _ = split_source(source)
    return (shared if prefix == "shared" else repo) / path


def source_text(source: str, repo: Path, shared: Path) -> str:
    """The text a gold document's offsets point into (see the module docstring)."""
    from ..ingest import records_from_bytes

    _, _, member, locator = split_source(source)
    full = source_path(source, repo, shared)
    if member:
        with zipfile.ZipFile(full) as zf:
            data, name = zf.read(member), member
    else:
        data, name = full.read_bytes(), str(full)
    for rec in records_from_bytes(data, name):
        if isinstance(rec, TrialRecord) and (not locator or rec.source.record == locator):
            return rec.document_text
    raise ValueError(f"no record {locator or ''} in {source}")


def gold_key(source: str) -> tuple[str, str | None]:
    """(file name, record locator) of a gold source: what a prediction of the same record has."""
    _, path, member, locator = split_source(source)
    return PurePosixPath(member or path).name, locator or None


def pred_key(result: TrialResult) -> tuple[str, str | None] | None:
    if not result.source.path:
        return None
    return PurePosixPath(result.source.path.replace("\\", "/")).name, result.source.record


def predictions_by_key(preds: Iterable[TrialResult]) -> dict[tuple[str, str | None], TrialResult]:
    """Predictions by (file name, record); the first one wins when a record was parsed twice."""
    out: dict[tuple[str, str | None], TrialResult] = {}
    for r in preds:
        key = pred_key(r)
        if key is not None:
            out.setdefault(key, r)
    return out


def _files(path: Path, pattern: str) -> list[Path]:
    return sorted(path.glob(pattern)) if path.is_dir() else [path]


def load_trees(path: Path) -> list[GoldTree]:
    return [GoldTree.model_validate_json(f.read_text(encoding="utf-8")) for f in _files(path, "*.json")]


def load_thresholds(path: Path) -> list[GoldThresholdDoc]:
    return [GoldThresholdDoc.model_validate_json(f.read_text(encoding="utf-8")) for f in _files(path, "*.json")]


def load_facts(path: Path, pattern: str = "seed-*.json") -> list[GoldFactsDoc]:
    return [GoldFactsDoc.model_validate_json(f.read_text(encoding="utf-8")) for f in _files(path, pattern)]


def load_coding(path: Path, pattern: str = "*.json") -> list[GoldCodingDoc]:
    return [GoldCodingDoc.model_validate_json(f.read_text(encoding="utf-8")) for f in _files(path, pattern)]


def load_predictions(path: Path) -> list[TrialResult]:
    """TrialResults from a .json file (one result or a list), a .jsonl file, or a directory of them."""
    files = sorted(p for p in path.rglob("*") if p.suffix in (".json", ".jsonl")) if path.is_dir() else [path]
    out: list[TrialResult] = []
    for f in files:
        text = f.read_text(encoding="utf-8")
        if f.suffix == ".jsonl":
            out += [TrialResult.model_validate_json(line) for line in text.splitlines() if line.strip()]
        else:
            data = json.loads(text)
            out += [TrialResult.model_validate(d) for d in (data if isinstance(data, list) else [data])]
    return out
