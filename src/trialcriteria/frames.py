"""TrialResults -> flat tables (one row per trial, per criterion, per fact), for pandas, Parquet and DuckDB."""

from __future__ import annotations

from collections.abc import Iterable

from .schema import TrialResult

TRIAL_COLUMNS = ("trial_id", "source_path", "source_format", "source_record", "title", "overall_status",
                 "last_update", "sex", "minimum_age", "maximum_age", "healthy_volunteers", "n_criteria",
                 "n_warnings", "schema_version", "pipeline_version")
CRITERION_COLUMNS = ("trial_id", "criterion_id", "parent_id", "section", "kind", "depth", "marker", "text",
                     "start", "end")


def trial_row(r: TrialResult) -> dict:
    return {
        "trial_id": r.trial_id, "source_path": r.source.path, "source_format": r.source.format,
        "source_record": r.source.record, "title": r.title, "overall_status": r.overall_status,
        "last_update": r.last_update, "sex": r.sex, "minimum_age": r.minimum_age, "maximum_age": r.maximum_age,
        "healthy_volunteers": r.healthy_volunteers, "n_criteria": len(r.criteria), "n_warnings": len(r.warnings),
        "schema_version": r.schema_version, "pipeline_version": r.pipeline_version,
    }


def criterion_rows(r: TrialResult) -> list[dict]:
    return [
        {"trial_id": r.trial_id, "criterion_id": c.id, "parent_id": c.parent_id, "section": c.section,
         "kind": c.kind, "depth": c.depth, "marker": c.marker, "text": c.text, "start": c.start, "end": c.end}
        for c in r.criteria
    ]


def tables(results: Iterable[TrialResult]) -> dict[str, list[dict]]:
    """Rows of every table, keyed by table name."""
    out: dict[str, list[dict]] = {"trials": [], "criteria": []}
    for r in results:
        out["trials"].append(trial_row(r))
        out["criteria"].extend(criterion_rows(r))
    return out


COLUMNS = {"trials": TRIAL_COLUMNS, "criteria": CRITERION_COLUMNS}
