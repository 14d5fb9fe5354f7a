"""Predictions vs gold -> precision / recall / F1 tables (pure functions; the CLI only prints them).

Criterion trees: a predicted node counts when its whitespace-trimmed [start, end) in the source document
equals a gold node's. Section accuracy and parent accuracy are computed over the matched nodes: a parent is
right when both are top-level or when the predicted parent's span equals the gold parent's span.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .segment.lines import match_line_marker
from .schema import GoldTree, TrialResult


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    section_ok: int = 0
    parent_ok: int = 0

    def __iadd__(self, other: "Counts") -> "Counts":
        for k in ("tp", "fp", "fn", "section_ok", "parent_ok"):
            setattr(self, k, getattr(self, k) + getattr(other, k))
        return self

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def section_accuracy(self) -> float:
        return self.section_ok / self.tp if self.tp else 1.0

    @property
    def parent_accuracy(self) -> float:
        return self.parent_ok / self.tp if self.tp else 1.0

    def row(self) -> dict:
        return {**asdict(self), "precision": self.precision, "recall": self.recall, "f1": self.f1,
                "section_accuracy": self.section_accuracy, "parent_accuracy": self.parent_accuracy}


@dataclass
class Span:
    start: int
    end: int
    section: str
    parent: tuple[int, int] | None


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def score_tree(source_text: str, gold: list[Span], pred: list[Span]) -> Counts:
    """Compare two trees over the same source text (spans already in source coordinates)."""
    gold_by = {trim(source_text, g.start, g.end): g for g in gold}
    counts = Counts()
    seen = set()
    for p in pred:
        key = trim(source_text, p.start, p.end)
        g = gold_by.get(key)
        if g is None or key in seen:
            counts.fp += 1
            continue
        seen.add(key)
        counts.tp += 1
        counts.section_ok += g.section == p.section
        gp = trim(source_text, *g.parent) if g.parent else None
        pp = trim(source_text, *p.parent) if p.parent else None
        counts.parent_ok += gp == pp
    counts.fn = len(gold_by) - len(seen)
    return counts


# ----------------------------------------------------------------------------------------------- loading


def load_gold(path: Path) -> list[GoldTree]:
    files = sorted(path.glob("*.json")) if path.is_dir() else [path]
    return [GoldTree.model_validate_json(f.read_text(encoding="utf-8")) for f in files]


def gold_source_path(tree: GoldTree, repo: Path, shared: Path) -> Path:
    prefix, _, rel = tree.source.partition(":")
    return (shared if prefix == "shared" else repo) / rel


def gold_source_text(tree: GoldTree, repo: Path, shared: Path) -> str:
    """The text gold offsets point into (see annotations/GUIDELINES.md)."""
    path = gold_source_path(tree, repo, shared)
    if tree.source_kind == "text":
        with open(path, encoding="utf-8", newline="") as fh:
            return fh.read()
    if tree.source_kind == "ctgov_v2":
        data = json.loads(path.read_text(encoding="utf-8"))
        return data["protocolSection"]["eligibilityModule"]["eligibilityCriteria"]
    node = ET.parse(path).getroot().find("eligibility/criteria/textblock")
    return node.text or "" if node is not None else ""


def gold_spans(tree: GoldTree) -> list[Span]:
    by_id = {n.id: n for n in tree.criteria}
    return [
        Span(n.start, n.end, n.section,
             (by_id[n.parent_id].start, by_id[n.parent_id].end) if n.parent_id else None)
        for n in tree.criteria
    ]


def pred_spans(result: TrialResult) -> list[Span]:
    off = result.source.offset
    by_id = {c.id: c for c in result.criteria}
    return [
        Span(c.start + off, c.end + off, c.section,
             (by_id[c.parent_id].start + off, by_id[c.parent_id].end + off) if c.parent_id else None)
        for c in result.criteria
    ]


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


@dataclass
class TreeReport:
    per_doc: dict[str, Counts] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)  # gold documents with no prediction

    @property
    def micro(self) -> Counts:
        total = Counts()
        for c in self.per_doc.values():
            total += c
        return total

    def to_dict(self) -> dict:
        return {"per_document": {k: v.row() for k, v in self.per_doc.items()}, "micro": self.micro.row(),
                "missing_predictions": self.missing}


def score_trees(preds: list[TrialResult], golds: list[GoldTree], repo: Path, shared: Path) -> TreeReport:
    """Match predictions to gold by source file name, then score each document."""
    by_name: dict[str, TrialResult] = {}
    for r in preds:
        if r.source.path:
            by_name.setdefault(Path(r.source.path).name, r)
    report = TreeReport()
    for tree in golds:
        name = Path(tree.source.partition(":")[2]).name
        pred = by_name.get(name)
        text = gold_source_text(tree, repo, shared)
        gold = gold_spans(tree)
        if pred is None:  # listed, not scored: a gold directory may hold more documents than were parsed
            report.missing.append(tree.doc_id)
            continue
        report.per_doc[tree.doc_id] = score_tree(text, gold, pred_spans(pred))
    return report


def format_table(report: TreeReport) -> str:
    head = f"{'document':<14} {'gold':>5} {'pred':>5} {'P':>6} {'R':>6} {'F1':>6} {'section':>8} {'parent':>7}"
    rows = [head, "-" * len(head)]
    for doc, c in list(report.per_doc.items()) + [("micro", report.micro)]:
        if doc == "micro":
            rows.append("-" * len(head))
        rows.append(f"{doc:<14} {c.tp + c.fn:>5} {c.tp + c.fp:>5} {c.precision:>6.3f} {c.recall:>6.3f} {c.f1:>6.3f} "
                    f"{c.section_accuracy:>8.3f} {c.parent_accuracy:>7.3f}")
    if report.missing:
        rows.append("not scored (no prediction): " + ", ".join(report.missing))
    return "\n".join(rows)


# ------------------------------------------------------------------------------- external check on Chia


HEAD_INC, HEAD_EXC = "Inclusion Criteria:\n", "\nExclusion Criteria:\n"


def chia_document(inc: str, exc: str) -> tuple[str, list[Span]]:
    """Chia's `_inc` and `_exc` texts under their headers, and one gold span per non-blank line (its leading
    list marker, which some Chia lines keep, left out as our spans leave markers out)."""
    text = HEAD_INC + inc + HEAD_EXC + exc
    spans: list[Span] = []
    for base, part, section in ((len(HEAD_INC), inc, "inclusion"), (len(HEAD_INC) + len(inc) + len(HEAD_EXC), exc, "exclusion")):
        pos = 0
        for line in part.splitlines(keepends=True):
            body = line.rstrip("\r\n")
            if body.strip():
                s, e = trim(text, base + pos, base + pos + len(body))
                marker = match_line_marker(text, s, 0)
                if marker is not None and marker.end < e:  # our spans exclude list markers; Chia keeps them
                    s, e = trim(text, marker.end, e)
                spans.append(Span(s, e, section, None))
            pos += len(line)
    return text, spans


@dataclass
class ChiaTrial:
    """One Chia trial parsed by the pipeline, with its gold line spans."""

    trial: str
    inc: str
    exc: str
    text: str
    gold: list[Span]
    result: TrialResult

    def line_key(self, offset: int) -> tuple[str, str, int]:
        """(trial, 'inc' | 'exc', 0-based line of the Chia file) of an offset in `text`."""
        exc_start = len(HEAD_INC) + len(self.inc) + len(HEAD_EXC)
        if offset >= exc_start:
            return self.trial, "exc", self.exc.count("\n", 0, offset - exc_start)
        return self.trial, "inc", self.inc.count("\n", 0, offset - len(HEAD_INC))


def parse_chia_trial(brat_dir: Path, trial: str) -> ChiaTrial:
    """Read a trial's `_inc` and `_exc` files (as bytes: BRAT offsets count CRLF) and parse them as a
    registry field under their headers."""
    from .pipeline import parse_record
    from .schema import Source, TrialRecord

    inc, exc = ((brat_dir / f"{trial}_{s}.txt") for s in ("inc", "exc"))
    inc, exc = (p.read_bytes().decode("utf-8") if p.exists() else "" for p in (inc, exc))
    text, gold = chia_document(inc, exc)
    result = parse_record(TrialRecord(trial_id=trial, source=Source(path=str(brat_dir / trial), format="text"),
                                      document_text=text, from_registry_field=True))
    return ChiaTrial(trial, inc, exc, text, gold, result)


def score_chia(brat_dir: Path, limit: int | None = None) -> tuple[Counts, int]:
    """Boundary P/R/F1 of the segmenter against Chia's one-criterion-per-line files (micro over trials)."""
    from .chia import trial_ids

    total, n = Counts(), 0
    for trial in trial_ids(brat_dir)[:limit]:
        t = parse_chia_trial(brat_dir, trial)
        off = t.result.source.offset
        total += score_tree(t.text, t.gold,
                            [Span(c.start + off, c.end + off, c.section, None) for c in t.result.criteria])
        n += 1
    return total, n


# -------------------------------------------------------------------------------------- lab thresholds

FIELDS = ("analyte", "comparator", "value", "unit", "reference", "condition", "sex")


def _key(t: dict) -> tuple:
    return (t["analyte"], t["comparator"], round(float(t["value"]), 6), t.get("unit"), t.get("reference", "absolute"))


@dataclass
class FieldCounts:
    gold: int = 0
    pred: int = 0
    strict_tp: int = 0
    field_tp: dict = field(default_factory=lambda: {f: 0 for f in FIELDS})

    def __iadd__(self, other: "FieldCounts") -> "FieldCounts":
        self.gold += other.gold
        self.pred += other.pred
        self.strict_tp += other.strict_tp
        for f in FIELDS:
            self.field_tp[f] += other.field_tp[f]
        return self

    @staticmethod
    def _prf(tp: int, pred: int, gold: int) -> dict:
        p = tp / pred if pred else 1.0
        r = tp / gold if gold else 1.0
        return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}

    def row(self) -> dict:
        out = {"gold": self.gold, "pred": self.pred, "strict": self._prf(self.strict_tp, self.pred, self.gold)}
        for f in FIELDS:
            out[f] = self._prf(self.field_tp[f], self.pred, self.gold)
        return out


def _cond_equal(gold: str | None, pred: str | None) -> bool:
    if gold is None or pred is None:
        return gold is None and pred is None
    norm = lambda s: " ".join(s.lower().replace("(", " ").replace(")", " ").split())  # noqa: E731
    return norm(gold) == norm(pred)


def score_thresholds(gold: list[dict], pred: list[dict], overlap: bool) -> FieldCounts:
    """Strict matches (analyte, comparator, value, unit, reference all equal) and per-field agreement.

    With `overlap`, a prediction can only match a gold record whose [start, end) it overlaps (same document);
    without it, records are compared within one unit (a Chia line). Pairs for the per-field figures are made
    greedily: strict matches first, then records of the same analyte, then any remaining overlap."""
    counts = FieldCounts(gold=len(gold), pred=len(pred))
    free_p = list(range(len(pred)))

    def near(g, p):
        return not overlap or (p["start"] < g["end"] and g["start"] < p["end"])

    pairs = []
    free_g = []
    for gi, g in enumerate(gold):
        hit = next((pi for pi in free_p if near(g, pred[pi]) and _key(g) == _key(pred[pi])), None)
        if hit is None:
            free_g.append(gi)
            continue
        free_p.remove(hit)
        counts.strict_tp += 1
        pairs.append((g, pred[hit]))
    for rule in (lambda g, p: near(g, p) and g["analyte"] == p["analyte"], near):
        rest = []
        for gi in free_g:
            g = gold[gi]
            hit = next((pi for pi in free_p if rule(g, pred[pi])), None)
            if hit is None:
                rest.append(gi)
            else:
                free_p.remove(hit)
                pairs.append((g, pred[hit]))
        free_g = rest
    for g, p in pairs:
        for f in FIELDS:
            if f == "condition":
                counts.field_tp[f] += _cond_equal(g.get("condition"), p.get("condition"))
            elif f == "value":
                counts.field_tp[f] += abs(float(g["value"]) - float(p["value"])) < 1e-6
            else:
                counts.field_tp[f] += g.get(f) == p.get(f)
    return counts


def pred_threshold_rows(result: TrialResult) -> list[dict]:
    """A result's thresholds as flat dicts in source coordinates (condition as text)."""
    off = result.source.offset
    rows = []
    for c in result.criteria:
        for t in c.lab_thresholds:
            rows.append({"analyte": t.analyte, "comparator": t.comparator, "value": t.value, "unit": t.unit,
                         "reference": t.reference, "condition": t.condition.text if t.condition else None, "sex": t.sex,
                         "start": t.start + off, "end": t.end + off, "criterion": c.id})
    return rows


def format_threshold_table(rows: dict[str, FieldCounts]) -> str:
    head = f"{'document':<16} {'gold':>5} {'pred':>5} {'strict P':>9} {'R':>6} {'F1':>6} " + " ".join(f"{f[:8]:>9}" for f in FIELDS)
    lines = [head, "-" * len(head)]
    total = FieldCounts()
    for name, c in rows.items():
        total += c
    for name, c in list(rows.items()) + [("micro", total)]:
        r = c.row()
        if name == "micro":
            lines.append("-" * len(head))
        lines.append(f"{name:<16} {c.gold:>5} {c.pred:>5} {r['strict']['precision']:>9.3f} {r['strict']['recall']:>6.3f} "
                     f"{r['strict']['f1']:>6.3f} " + " ".join(f"{r[f]['f1']:>9.3f}" for f in FIELDS))
    lines.append("(per-field columns are F1)")
    return "\n".join(lines)


def load_threshold_gold(path: Path) -> list:
    from .schema import GoldThresholdDoc

    files = sorted(path.glob("*.json")) if path.is_dir() else [path]
    return [GoldThresholdDoc.model_validate_json(f.read_text(encoding="utf-8")) for f in files]


def score_threshold_docs(preds: list[TrialResult], golds: list, repo: Path, shared: Path) -> tuple[dict[str, FieldCounts], list[str]]:
    """Per gold document: thresholds matched to predictions whose span overlaps (source coordinates)."""
    by_name = {Path(r.source.path).name: r for r in preds if r.source.path}
    rows: dict[str, FieldCounts] = {}
    missing: list[str] = []
    for doc in golds:
        pred = by_name.get(Path(doc.source.partition(":")[2]).name)
        if pred is None:
            missing.append(doc.doc_id)
            continue
        gold = [t.model_dump() for t in doc.thresholds]
        rows[doc.doc_id] = score_thresholds(gold, pred_threshold_rows(pred), overlap=True)
    return rows, missing


def chia_scored_lines(brat_dir: Path, trials: set[str]) -> set[tuple[str, str, int]]:
    """The Chia lines a threshold annotator reads: every line with a Measurement -Has_value-> Value pair."""
    from .chia import iter_brat_files, line_of

    out = set()
    for f in iter_brat_files(brat_dir, sorted(trials)):
        for rel in f.relations:
            m = f.entities.get(rel.arg1)
            if rel.type == "Has_value" and m is not None and m.type == "Measurement":
                out.add((f.trial, f.section, line_of(f.text, m.start)))
    return out


def score_chia_thresholds(brat_dir: Path, gold_path: Path, splits: tuple[str, ...] = ("test", "dev")) -> dict[str, FieldCounts]:
    """Lab thresholds against annotations/thresholds/chia.jsonl, line by line, per split."""
    from .chia import split_trials, trial_ids
    from .schema import ChiaGoldThreshold

    gold = [ChiaGoldThreshold.model_validate_json(line) for line in gold_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    split_of = {t: s for s, ts in split_trials(trial_ids(brat_dir)).items() for t in ts}
    out: dict[str, FieldCounts] = {}
    for split in splits:
        trials = {t for t, s in split_of.items() if s == split}
        lines = chia_scored_lines(brat_dir, trials)
        gold_by: dict[tuple, list[dict]] = {}
        for g in gold:
            if split_of.get(g.trial) == split:
                gold_by.setdefault((g.trial, g.section, g.line), []).append(g.model_dump())
        lines |= set(gold_by)
        pred_by: dict[tuple, list[dict]] = {}
        for trial in sorted({t for t, _, _ in lines}):
            parsed = parse_chia_trial(brat_dir, trial)
            for row in pred_threshold_rows(parsed.result):
                pred_by.setdefault(parsed.line_key(row["start"]), []).append(row)
        total = FieldCounts()
        for key in lines:
            total += score_thresholds(gold_by.get(key, []), pred_by.get(key, []), overlap=False)
        out[f"chia-{split}"] = total
    return out


# ------------------------------------------------------------------- time windows, drugs, other facts

FACT_TYPES = ("time_windows", "drugs", "facts")


def fact_key(kind: str, item: dict) -> tuple:
    if kind == "time_windows":
        return (item.get("duration"), item.get("comparator"), item.get("anchor"))
    if kind == "drugs":
        return (item.get("kind"), item.get("id"), tuple(sorted(item.get("classes") or [])))
    return (item.get("kind"), item.get("value"))


def diff_items(gold: list[dict], pred: list[dict], kind: str, overlap: bool) -> tuple[int, list[dict], list[dict]]:
    """Multiset matching of keys; with `overlap`, a match also needs overlapping spans.
    Returns (matched, gold items missed, predicted items left over)."""
    free = list(range(len(pred)))
    missed = []
    for g in gold:
        hit = next((i for i in free if fact_key(kind, pred[i]) == fact_key(kind, g) and
                    (not overlap or (pred[i]["start"] < g["end"] and g["start"] < pred[i]["end"]))), None)
        if hit is None:
            missed.append(g)
        else:
            free.remove(hit)
    return len(gold) - len(missed), missed, [pred[i] for i in free]


def score_items(gold: list[dict], pred: list[dict], kind: str, overlap: bool) -> Counts:
    tp, missed, extra = diff_items(gold, pred, kind, overlap)
    return Counts(tp=tp, fp=len(extra), fn=len(missed))


def pred_fact_rows(result: TrialResult, kind: str) -> list[dict]:
    off = result.source.offset
    rows = []
    for c in result.criteria:
        for item in getattr(c, kind):
            d = item.model_dump()
            d["start"] += off
            d["end"] += off
            rows.append(d)
    return rows


def load_facts_gold(path: Path) -> list:
    from .schema import GoldFactsDoc

    files = sorted(path.glob("seed-*.json")) if path.is_dir() else [path]
    return [GoldFactsDoc.model_validate_json(f.read_text(encoding="utf-8")) for f in files]


def score_fact_docs(preds: list[TrialResult], golds: list) -> dict[str, dict[str, Counts]]:
    """{kind: {doc_id: Counts}} for time windows, drugs and facts."""
    by_name = {Path(r.source.path).name: r for r in preds if r.source.path}
    out: dict[str, dict[str, Counts]] = {k: {} for k in FACT_TYPES}
    for doc in golds:
        pred = by_name.get(Path(doc.source.partition(":")[2]).name)
        if pred is None:
            continue
        for kind in FACT_TYPES:
            gold = [x.model_dump() for x in getattr(doc, kind)]
            out[kind][doc.doc_id] = score_items(gold, pred_fact_rows(pred, kind), kind, overlap=True)
    return out


RECORD_KINDS = {"time_window": "time_windows", "drug": "drugs", "fact": "facts"}  # gold record type -> result list


def read_chia_lines(path: Path) -> dict[tuple[str, str, int], tuple[str, ...]]:
    """annotations/facts/chia_lines.txt: every line the annotators read, with the kinds annotated on it
    (a fourth column `all`, or record types such as `fact`; missing means all)."""
    out: dict[tuple[str, str, int], tuple[str, ...]] = {}
    for row in path.read_text(encoding="utf-8").splitlines():
        if not row.strip():
            continue
        t, s, n, *rest = row.split("\t")
        kinds = rest[0].split(",") if rest and rest[0] != "all" else list(RECORD_KINDS)
        out[(t, s, int(n))] = tuple(RECORD_KINDS[k] for k in kinds)
    return out


def _distinct(kind: str, items: list[dict]) -> list[dict]:
    seen: dict[tuple, dict] = {}
    for x in items:
        seen.setdefault(fact_key(kind, x), x)
    return list(seen.values())


def score_chia_facts(brat_dir: Path, gold_path: Path, errors: list[dict] | None = None) -> dict[str, Counts]:
    """Time windows, drugs and facts against annotations/facts/chia.jsonl, line by line (the lines annotated,
    each for the kinds annotated on it); facts also per split. With `errors`, each line's missed and extra
    items are appended to it."""
    from .chia import split_trials, trial_ids
    from .schema import ChiaGoldFact

    gold = [ChiaGoldFact.model_validate_json(line) for line in gold_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    read = gold_path.with_name("chia_lines.txt")  # every line the annotators read, with or without records
    lines = read_chia_lines(read) if read.exists() else {}
    for g in gold:
        lines.setdefault((g.trial, g.section, g.line), FACT_TYPES)
    gold_by: dict[tuple, list[dict]] = {}
    for g in gold:
        d = g.model_dump()
        if g.type == "fact":
            d = {"kind": g.kind, "value": g.value}
        elif g.type == "drug":
            d = {"kind": g.kind, "id": g.id, "classes": g.classes}
        gold_by.setdefault((g.trial, g.section, g.line, RECORD_KINDS[g.type]), []).append(d)
    pred_by: dict[tuple, list[dict]] = {}
    for trial in sorted({t for t, _, _ in lines}):
        parsed = parse_chia_trial(brat_dir, trial)
        for kind in FACT_TYPES:
            for row in pred_fact_rows(parsed.result, kind):
                pred_by.setdefault((*parsed.line_key(row["start"]), kind), []).append(row)
    split_of = {t: s for s, ts in split_trials(trial_ids(brat_dir)).items() for t in ts}
    out = {k: Counts() for k in FACT_TYPES}
    for (t, s, n), kinds in sorted(lines.items()):
        for kind in kinds:
            gold_items, pred_items = gold_by.get((t, s, n, kind), []), pred_by.get((t, s, n, kind), [])
            if kind == "facts":  # a line's facts are a set: "pregnant ... positive pregnancy test" states one fact
                gold_items, pred_items = _distinct(kind, gold_items), _distinct(kind, pred_items)
            tp, missed, extra = diff_items(gold_items, pred_items, kind, overlap=False)
            c = Counts(tp=tp, fp=len(extra), fn=len(missed))
            if errors is not None and (missed or extra):
                errors.append({"trial": t, "section": s, "line": n, "kind": kind,
                               "missed": [fact_key(kind, x) for x in missed],
                               "extra": [(*fact_key(kind, x), x.get("text")) for x in extra]})
            out[kind] += c
            if kind == "facts":
                out.setdefault(f"facts-{split_of.get(t, 'other')}", Counts())
                out[f"facts-{split_of.get(t, 'other')}"] += c
    return out


def format_fact_table(rows: dict[str, Counts]) -> str:
    head = f"{'kind':<14} {'gold':>5} {'pred':>5} {'P':>6} {'R':>6} {'F1':>6}"
    lines = [head, "-" * len(head)]
    for name, c in rows.items():
        lines.append(f"{name:<14} {c.tp + c.fn:>5} {c.tp + c.fp:>5} {c.precision:>6.3f} {c.recall:>6.3f} {c.f1:>6.3f}")
    return "\n".join(lines)
