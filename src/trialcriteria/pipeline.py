"""The whole flow for one record: record -> sections -> criterion tree -> TrialResult.

Later stages (spaCy components, normalizers) add facts to each criterion; this module is where they join.
"""

from __future__ import annotations

from . import __version__
from .criteria import assign_ids, build_tree
from .schema import Criterion, LabThreshold, Problem, TrialRecord, TrialResult
from .sections import find_layout


def parse_record(record: TrialRecord) -> TrialResult:
    """Parse one record. Never raises on odd text: what cannot be structured becomes a warning."""
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
    if criteria:
        _add_facts(doc[layout.start : layout.end], criteria)
    warnings = list(layout.warnings)
    if not criteria and not any(w.code == "empty_criteria" for w in warnings):
        warnings.append(Problem(code="no_criteria", message="no criterion found in the eligibility text"))
    fields = record.model_dump(exclude={"document_text", "from_registry_field", "source"})
    return TrialResult(
        pipeline_version=__version__,
        source=record.source.model_copy(update={"offset": base}),
        eligibility_text=doc[layout.start : layout.end],
        criteria=criteria,
        warnings=warnings,
        **fields,
    )


def _add_facts(text: str, criteria: list[Criterion]) -> None:
    """Run the spaCy pipeline over the eligibility text and put each criterion's facts on it."""
    from .nlp import annotate

    doc = annotate(text, [(c.start, c.end) for c in criteria])
    for c, labs in zip(criteria, doc._.lab_thresholds):
        c.lab_thresholds = [LabThreshold.model_validate(x) for x in labs]
