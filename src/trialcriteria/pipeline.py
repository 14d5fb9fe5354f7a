"""The whole flow: record -> layout (region, sections) -> criterion tree -> spaCy pipeline (nlp) -> assembled
criteria -> TrialResult. It holds no rule of its own: each step is a module of its own."""

from __future__ import annotations

from .version import __version__
from .assemble import assemble, equals_warnings
from .resources import segmenter_rules
from .schema import Criterion, Header, Problem, TrialRecord, TrialResult
from .segment.coverage import unread_spans
from .segment.logic import add_logic, group_connectors
from .segment.pdq import inline_headers
from .segment.sections import find_layout
from .segment.tree import assign_ids, build_tree


def parse_record(record: TrialRecord) -> TrialResult:
    """Parse one record. Never raises on odd text: what cannot be structured becomes a warning."""
    return parse_records([record])[0]


def parse_records(records: list[TrialRecord]) -> list[TrialResult]:
    """Parse many records: their trees one by one, then the spaCy pipeline over all of them in batches."""
    from .nlp import annotate_many

    staged = [_tree(r) for r in records]
    todo = [s for s in staged if s[1]]
    docs = annotate_many([(text, [(c.start, c.end) for c in criteria], [c.section for c in criteria])
                          for _, criteria, text in todo]) if todo else []
    windowed: dict[int, list[Problem]] = {}
    for staged_item, doc in zip(todo, docs):
        _, criteria, text = staged_item
        found = {kind: getattr(doc._, kind) for kind in ("lab_thresholds", "time_windows", "drugs", "facts", "conditions",
                                                          "procedures", "biomarkers", "mentions")}
        assemble(criteria, found, doc._.contexts or {}, text)
        windowed[id(staged_item)] = (window_warnings(doc.user_data.get("context_windows") or [])
                                     + model_warnings(doc.user_data.get("model_windows") or []))
    return [_result(r, *s, windowed.get(id(s), [])) for r, s in zip(records, staged)]


def window_warnings(spans: list[tuple[int, int]]) -> list[Problem]:
    """Pure: a warning for each sentence too long for ConText to read whole (components/context.py)."""
    from .components.context import WINDOW_TOKENS

    return [Problem(code="context_windows", start=s, end=e,
                    message=f"a sentence of {e - s:,} characters was read in windows of {WINDOW_TOKENS} tokens for its "
                            f"context (negations, exceptions): a cue does not reach past its window")
            for s, e in spans]


def segment_record(record: TrialRecord) -> TrialResult:
    """The criterion tree of one record, its headers and its warnings, without the spaCy pipeline (no facts)."""
    return _result(record, *_tree(record))


def _tree(record: TrialRecord):
    doc = record.document_text
    rules = segmenter_rules()
    layout = find_layout(doc, registry_field=record.from_registry_field, rules=rules)
    base = layout.start
    nodes = group_connectors(build_tree(doc, layout.blocks, rules), rules)
    ids = assign_ids(nodes)
    logic = add_logic(nodes, rules)
    criteria = [
        Criterion(
            id=ids[i],
            parent_id=ids[n.parent] if n.parent is not None else None,
            section=n.section,
            kind=n.kind,
            marker=n.marker,
            text=n.text,
            start=n.start - base,
            end=n.end - base,
            depth=n.depth,
            logic=logic[i][0],
            min_count=logic[i][1],
        )
        for i, n in enumerate(nodes)
    ]
    return layout, criteria, doc[layout.start : layout.end]


def _headers(layout, doc: str) -> list[Header]:
    """The layout's section headers (with their introductions) and the inline sub-headers of old PDQ blocks
    ("--Prior/Concurrent Therapy--"), in eligibility_text offsets (`doc`: the whole document text)."""
    spans = [(b.section, *b.header) for b in layout.blocks if b.header is not None and b.header[1] > b.header[0]]
    spans += [(b.section, s, e) for b in layout.blocks if b.mode == "pdq" for s, e in inline_headers(doc, b.start, b.end)]
    base = layout.start
    return [Header(section=section, text=doc[s:e], start=s - base, end=e - base)
            for section, s, e in sorted(spans, key=lambda h: h[1])]


def _unread(text: str, criteria: list[Criterion], headers: list[Header], warnings: list[Problem]) -> list[Problem]:
    """A warning for each piece of the eligibility text that no criterion, header or warning holds."""
    spans = [(c.start, c.end) for c in criteria] + [(h.start, h.end) for h in headers]
    spans += [(w.start, w.end) for w in warnings if w.start is not None and w.end is not None]
    return [Problem(code="unread_text", start=s, end=e,
                    message=f"text that no criterion holds: {' '.join(text[s:e].split())[:120]!r}")
            for s, e in unread_spans(text, spans, structural=segmenter_rules().connector)]


def model_warnings(spans: list[tuple[int, int]]) -> list[Problem]:
    """Pure: one warning when the NER model read a long text in pieces (nlp.annotate_many)."""
    if not spans:
        return []
    from .nlp import MODEL_TOKENS

    return [Problem(code="model_windows", start=spans[0][0], end=spans[-1][1],
                    message=f"a text of {spans[-1][1] - spans[0][0]:,} characters was read by the NER model in "
                            f"{len(spans)} pieces of at most {MODEL_TOKENS} tokens")]


def _result(record: TrialRecord, layout, criteria: list[Criterion], text: str,
            extra: list[Problem] = ()) -> TrialResult:
    base = layout.start
    warnings = [w.model_copy(update={"start": w.start - base, "end": w.end - base}) if w.start is not None else w
                for w in layout.warnings]
    if not criteria and not any(w.code in ("empty_criteria", "no_criteria_stated") for w in warnings):
        warnings.append(Problem(code="no_criteria", message="no criterion found in the eligibility text"))
    headers = _headers(layout, record.document_text)
    warnings.extend(_unread(text, criteria, headers, warnings))
    warnings.extend(equals_warnings(criteria, text))
    warnings.extend(extra)
    fields = record.model_dump(exclude={"document_text", "from_registry_field", "source"})
    return TrialResult(
        pipeline_version=__version__,
        source=record.source.model_copy(update={"offset": layout.start}),
        eligibility_text=text,
        headers=headers,
        criteria=criteria,
        warnings=warnings,
        **fields,
    )
