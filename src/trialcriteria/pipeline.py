"""The whole flow: record -> layout (region, sections) -> criterion tree -> spaCy pipeline (nlp) -> assembled
criteria -> TrialResult. It holds no rule of its own: each step is a module of its own."""

from __future__ import annotations

from .version import __version__
from .assemble import assemble, equals_warnings
from .schema import Criterion, Problem, TrialRecord, TrialResult
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
    for (_, criteria, text), doc in zip(todo, docs):
        found = {kind: getattr(doc._, kind) for kind in ("lab_thresholds", "time_windows", "drugs", "facts", "mentions")}
        assemble(criteria, found, doc._.contexts or {}, text)
    return [_result(r, *s) for r, s in zip(records, staged)]


def _tree(record: TrialRecord):
    doc = record.document_text
    layout = find_layout(doc, registry_field=record.from_registry_field)
    base = layout.start
    nodes = build_tree(doc, layout.blocks)
    ids = assign_ids(nodes)
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
        )
        for i, n in enumerate(nodes)
    ]
    return layout, criteria, doc[layout.start : layout.end]


def _result(record: TrialRecord, layout, criteria: list[Criterion], text: str) -> TrialResult:
    warnings = list(layout.warnings)
    if not criteria and not any(w.code == "empty_criteria" for w in warnings):
        warnings.append(Problem(code="no_criteria", message="no criterion found in the eligibility text"))
    warnings.extend(equals_warnings(criteria, text))
    fields = record.model_dump(exclude={"document_text", "from_registry_field", "source"})
    return TrialResult(
        pipeline_version=__version__,
        source=record.source.model_copy(update={"offset": layout.start}),
        eligibility_text=text,
        criteria=criteria,
        warnings=warnings,
        **fields,
    )
