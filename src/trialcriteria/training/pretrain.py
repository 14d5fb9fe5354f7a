"""The unlabeled text for pretraining the NER model's tok2vec (`spacy pretrain`): the eligibility criteria of the
bulk ClinicalTrials.gov records in <shared>/corpora/ctgov-bulk, less every trial that gold is scored on.

Excluded by NCT id: Chia's dev and test trials (the NER model is chosen on dev and scored on test) and every
NCT id named anywhere under annotations/ (the real-distribution sample, both halves, and the coding samples).
The legacy XML wraps lines at about 80 characters and indents them: a paragraph (lines between blank lines) is
joined into one line, bullets and indentation stripped, so the text reads like Chia's one-criterion-per-line
files. Paragraphs are packed into documents of at most MAX_WORDS words (`spacy pretrain` skips longer docs),
and the documents are shuffled with a fixed seed.
"""

from __future__ import annotations

import json
import random
import re
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from xml.etree.ElementTree import Element

MAX_WORDS = 200
SHUFFLE_SEED = 0  # the documents are shuffled so that a partial epoch sees every source
NCT = re.compile(r"NCT\d{8}")
BULLET = re.compile(r"^\s*(?:[-*\u2022\u00b7o]|\d{1,2}[.)])\s+")
LEGACY_ZIP = "legacy-xml-6771.zip"
HINT_ZIP = "hint-criteria-4866.zip"


def paragraphs(text: str) -> list[str]:
    """Pure: the blank-line separated paragraphs of a criteria block, each on one line, bullets and indentation
    gone; paragraphs left empty (a lone '-') are dropped."""
    out = []
    for block in re.split(r"\n\s*\n", text.replace("\r\n", "\n")):
        lines = [BULLET.sub("", line).strip() for line in block.split("\n")]
        joined = " ".join(line for line in lines if line)
        if joined and not re.fullmatch(r"[-*\u2022\s]*", joined):
            out.append(joined)
    return out


def pack(paras: Iterable[str], max_words: int = MAX_WORDS) -> Iterator[str]:
    """Pure: paragraphs joined by newlines into documents of at most max_words whitespace words (a longer
    paragraph is a document of its own, cut at max_words)."""
    doc: list[str] = []
    size = 0
    for para in paras:
        words = para.split()
        if len(words) > max_words:
            para, words = " ".join(words[:max_words]), words[:max_words]
        if doc and size + len(words) > max_words:
            yield "\n".join(doc)
            doc, size = [], 0
        doc.append(para)
        size += len(words)
    if doc:
        yield "\n".join(doc)


def gold_trial_ids(annotations: Path) -> set[str]:
    """Every NCT id written in any file under annotations/ (the gold the project scores on)."""
    ids: set[str] = set()
    for path in annotations.rglob("*"):
        if path.is_file():
            ids.update(NCT.findall(path.read_text(encoding="utf-8", errors="replace")))
    return ids


def _criteria_xml(data: bytes) -> tuple[str | None, str]:
    from ..ingest.ctgov_xml import parse_xml

    root: Element = parse_xml(data)
    nct = root.findtext("id_info/nct_id")
    return (nct.strip() if nct else None), root.findtext("eligibility/criteria/textblock") or ""


def bulk_criteria(bulk: Path) -> Iterator[tuple[str, str, str]]:
    """(source, NCT id, criteria text) of every bulk record with criteria, legacy XML first, then HINT; a trial
    present in both is read once (from the XML)."""
    seen: set[str] = set()
    with zipfile.ZipFile(bulk / LEGACY_ZIP) as zf:
        for info in sorted(zf.infolist(), key=lambda i: i.filename):
            if info.is_dir():
                continue
            nct, text = _criteria_xml(zf.read(info))
            nct = nct or Path(info.filename).stem
            if text.strip() and nct not in seen:
                seen.add(nct)
                yield LEGACY_ZIP, nct, text
    with zipfile.ZipFile(bulk / HINT_ZIP) as zf:
        for name in sorted(zf.namelist()):
            nct = Path(name).stem
            text = zf.read(name).decode("utf-8", errors="replace")
            if text.strip() and nct not in seen:
                seen.add(nct)
                yield HINT_ZIP, nct, text


def write_pretrain_corpus(bulk: Path, exclude: set[str], out: Path, max_docs: int | None = None) -> dict:
    """JSONL of {"text": ...} for `spacy pretrain` (the first max_docs shuffled documents when given); returns the
    counts recorded in the model's meta."""
    counts = {"records": 0, "excluded": 0, "docs": 0, "words": 0, "by_source": {}, "shuffle_seed": SHUFFLE_SEED}
    docs: list[str] = []
    for source, nct, text in bulk_criteria(bulk):
        if nct in exclude:
            counts["excluded"] += 1
            continue
        counts["records"] += 1
        counts["by_source"][source] = counts["by_source"].get(source, 0) + 1
        docs += pack(paragraphs(text))
    random.Random(SHUFFLE_SEED).shuffle(docs)
    counts["docs_available"] = len(docs)
    docs = docs[:max_docs] if max_docs else docs
    counts["docs"], counts["words"] = len(docs), sum(len(d.split()) for d in docs)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as fh:
        fh.writelines(json.dumps({"text": d}, ensure_ascii=False) + "\n" for d in docs)
    return counts
