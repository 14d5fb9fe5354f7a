"""TrialResults -> flat tables (one row per trial, per criterion, per fact), for pandas, Parquet and DuckDB.

It reads the results' attributes only (it imports no model), so that TrialResult.to_frames() can call it."""

from __future__ import annotations

from collections.abc import Iterable



TRIAL_COLUMNS = ("trial_id", "id_from", "copies", "source_path", "source_format", "source_record", "title", "conditions",
                 "condition_mesh_ids", "overall_status", "last_update", "sex", "minimum_age", "maximum_age",
                 "healthy_volunteers", "n_criteria",
                 "n_structured", "n_partly_structured", "n_not_structured", "n_warnings", "schema_version",
                 "pipeline_version")
CRITERION_COLUMNS = ("trial_id", "criterion_id", "parent_id", "section", "kind", "depth", "marker", "text",
                     "status", "status_reason", "start", "end")


def trial_row(r) -> dict:
    return {
        "trial_id": r.trial_id, "id_from": r.source.id_from, "source_path": r.source.path, "source_format": r.source.format,
        "source_record": r.source.record, "title": r.title, "conditions": [" ".join(x.split()) for x in r.conditions],
        "condition_mesh_ids": sorted({m.mesh_id for c in r.criteria for m in c.conditions if m.mesh_id}),
        "overall_status": r.overall_status,
        "last_update": r.last_update, "sex": r.sex, "minimum_age": r.minimum_age, "maximum_age": r.maximum_age,
        "healthy_volunteers": r.healthy_volunteers, "n_criteria": len(r.criteria),
        "n_structured": sum(c.status == "structured" for c in r.criteria),
        "n_partly_structured": sum(c.status == "partly_structured" for c in r.criteria),
        "n_not_structured": sum(c.status == "not_structured" for c in r.criteria), "n_warnings": len(r.warnings),
        "schema_version": r.schema_version, "pipeline_version": r.pipeline_version,
    }


def criterion_rows(r) -> list[dict]:
    return [
        {"trial_id": r.trial_id, "criterion_id": c.id, "parent_id": c.parent_id, "section": c.section,
         "kind": c.kind, "depth": c.depth, "marker": c.marker, "text": c.text, "status": c.status,
         "status_reason": c.status_reason, "start": c.start, "end": c.end}
        for c in r.criteria
    ]


LAB_COLUMNS = ("trial_id", "criterion_id", "section", "analyte", "analyte_id", "analyte_text", "loinc", "comparator",
               "value", "value_high", "unit", "reference", "canonical_value", "canonical_value_high", "canonical_unit",
               "condition", "sex", "qualifiers", "equivalents", "formula", "group", "threshold_flags", "assertion",
               "polarity", "start", "end")
_LAB_SPECIAL = ("condition", "qualifiers", "equivalents", "threshold_flags", "assertion", "polarity")


def lab_rows(r) -> list[dict]:
    """One row per lab threshold; `threshold_flags` is the record's `flags` (a column named `flags` would hide
    DataFrame.flags)."""
    rows = []
    for c in r.criteria:
        for t in c.lab_thresholds:
            d = t.model_dump()
            rows.append({
                "trial_id": r.trial_id, "criterion_id": c.id, "section": c.section,
                **{k: d[k] for k in LAB_COLUMNS if k in d and k not in _LAB_SPECIAL},
                "condition": t.condition.text if t.condition else None,
                "qualifiers": [q.text for q in t.qualifiers], "equivalents": [q.text for q in t.equivalents],
                "threshold_flags": list(t.flags), "assertion": t.context.assertion, "polarity": t.context.polarity,
            })
    return rows


WINDOW_COLUMNS = ("trial_id", "criterion_id", "section", "text", "kind", "comparator", "duration", "duration_high",
                  "half_lives", "combine_rule", "direction", "anchor", "anchor_text", "constrains", "assertion", "polarity",
                  "start", "end")
DRUG_COLUMNS = ("trial_id", "criterion_id", "section", "text", "kind", "id", "name", "classes", "atc", "source",
                "timing", "window", "window_text", "assertion", "polarity", "start", "end")
MENTION_COLUMNS = ("trial_id", "criterion_id", "section", "type", "text", "assertion", "polarity", "start", "end")
FACT_COLUMNS = ("trial_id", "criterion_id", "section", "kind", "value", "text", "scale", "comparator", "number",
                "number_high", "value_set", "duration", "sex", "assertion", "polarity", "start", "end")


# columns renamed from their record field, so that no column hides a DataFrame attribute (frame.combine,
# frame.flags, frame.values)
ALIASES = {"combine_rule": "combine", "threshold_flags": "flags", "value_set": "values"}


def _flat(r, attr: str, columns: tuple[str, ...]) -> list[dict]:
    rows = []
    for c in r.criteria:
        for item in getattr(c, attr):
            d = item.model_dump()
            row = {"trial_id": r.trial_id, "criterion_id": c.id, "section": c.section}
            for k in columns:
                if k in row:
                    continue
                f = ALIASES.get(k, k)
                if k in ("assertion", "polarity"):
                    row[k] = d["context"][k]
                elif isinstance(d.get(f), dict):
                    row[k] = d[f]["text"]
                elif isinstance(d.get(f), list):
                    row[k] = [str(x) for x in d[f]]
                else:
                    row[k] = d.get(f)
            rows.append(row)
    return rows


CONDITION_COLUMNS = ("trial_id", "criterion_id", "section", "text", "mesh_id", "name", "tree_numbers", "icd10cm",
                     "status", "window", "window_text", "source", "assertion", "polarity", "start", "end")
PROCEDURE_COLUMNS = ("trial_id", "criterion_id", "section", "text", "id", "name", "mesh_id", "site", "window",
                     "window_text", "assertion", "polarity", "start", "end")
BIOMARKER_COLUMNS = ("trial_id", "criterion_id", "section", "text", "gene", "hgnc_id", "alteration", "variant", "exon",
                     "scale", "result", "comparator", "value", "assertion", "polarity", "start", "end")
# columns that stay lists (Parquet list<string>), by table
LIST_COLUMNS = {("trials", "conditions"), ("trials", "condition_mesh_ids"), ("conditions", "tree_numbers"),
                ("conditions", "icd10cm"), ("conditions", "status"), ("lab_thresholds", "qualifiers"),
                ("lab_thresholds", "equivalents"), ("lab_thresholds", "threshold_flags"), ("drugs", "classes"),
                ("drugs", "atc"), ("facts", "value_set")}


def _listed(r, attr: str, columns: tuple[str, ...]) -> list[dict]:
    """One row per record of a kind, its list fields kept as lists, its window given by its text too."""
    rows = []
    for c in r.criteria:
        for item in getattr(c, attr, []):
            d = item.model_dump()
            row = {"trial_id": r.trial_id, "criterion_id": c.id, "section": c.section,
                   "assertion": d["context"]["assertion"], "polarity": d["context"]["polarity"]}
            window = d.get("window")
            row["window_text"] = c.time_windows[window].text if window is not None and window < len(c.time_windows) else None
            for k in columns:
                if k not in row:
                    row[k] = list(d[k]) if isinstance(d.get(k), list) else d.get(k)
            rows.append(row)
    return rows


def tables(results: Iterable) -> dict[str, list[dict]]:
    """Rows of every table, keyed by table name: trials, criteria, and one table per kind of fact."""
    out: dict[str, list[dict]] = {k: [] for k in COLUMNS}
    for r in results:
        out["trials"].append(trial_row(r))
        out["criteria"].extend(criterion_rows(r))
        out["lab_thresholds"].extend(lab_rows(r))
        out["time_windows"].extend(_flat(r, "time_windows", WINDOW_COLUMNS))
        out["drugs"].extend(_listed(r, "drugs", DRUG_COLUMNS))
        out["facts"].extend(_flat(r, "facts", FACT_COLUMNS))
        out["mentions"].extend(_flat(r, "mentions", MENTION_COLUMNS))
        out["conditions"].extend(_listed(r, "conditions", CONDITION_COLUMNS))
        out["procedures"].extend(_listed(r, "procedures", PROCEDURE_COLUMNS))
        out["biomarkers"].extend(_listed(r, "biomarkers", BIOMARKER_COLUMNS))
    mark_copies(out["trials"])
    return out


def mark_copies(trials: list[dict]) -> None:
    """`copies`: how many rows of the table share the trial's id (a trial found in several input files is kept
    each time, and marked)."""
    from collections import Counter

    counts = Counter(t["trial_id"] for t in trials)
    for t in trials:
        t["copies"] = counts[t["trial_id"]]


COLUMNS = {"trials": TRIAL_COLUMNS, "criteria": CRITERION_COLUMNS, "lab_thresholds": LAB_COLUMNS,
           "time_windows": WINDOW_COLUMNS, "drugs": DRUG_COLUMNS, "facts": FACT_COLUMNS, "mentions": MENTION_COLUMNS,
           "conditions": CONDITION_COLUMNS, "procedures": PROCEDURE_COLUMNS, "biomarkers": BIOMARKER_COLUMNS}


# Column types, so that every shard of a table has the same Parquet schema whatever its rows hold.
INT_COLUMNS = {"copies", "n_criteria", "n_warnings", "n_structured", "n_partly_structured", "n_not_structured", "depth",
               "start", "end", "group", "window", "exon"}
FLOAT_COLUMNS = {"value", "value_high", "canonical_value", "canonical_value_high", "half_lives", "number",
                 "number_high"}
BOOL_COLUMNS = {"healthy_volunteers"}


STRING_OVERRIDES = {("facts", "value")}


def column_type(name: str, table: str = "") -> str:
    """The Parquet (pyarrow) type name of a column: string, int64, float64, bool_, or list_string for lists."""
    if (table, name) in LIST_COLUMNS:
        return "list_string"
    if (table, name) in STRING_OVERRIDES:
        return "string"
    if name in INT_COLUMNS:
        return "int64"
    if name in FLOAT_COLUMNS:
        return "float64"
    if name in BOOL_COLUMNS:
        return "bool_"
    return "string"


def arrow_type(name: str, table: str = ""):
    """The pyarrow type of a column (column_type as a pyarrow DataType)."""
    import pyarrow as pa

    kind = column_type(name, table)
    return pa.list_(pa.string()) if kind == "list_string" else getattr(pa, kind)()


def to_frames(results: Iterable) -> dict:
    """pandas DataFrames, one per table, with the columns of COLUMNS (also when a table is empty)."""
    import pandas as pd

    rows = tables(results)
    return {name: pd.DataFrame(rows[name], columns=list(COLUMNS[name])) for name in COLUMNS}


def coverage(results: Iterable) -> dict:
    """Criteria per status over the results, and each status's share: structured (typed records account for the
    criterion), partly structured (typed records or mentions with words left over), not structured."""
    counts = {"structured": 0, "partly_structured": 0, "not_structured": 0}
    for r in results:
        for c in r.criteria:
            counts[c.status] += 1
    total = sum(counts.values())
    shares = {f"share_{k}": round(v / total, 4) if total else 0.0 for k, v in counts.items()}
    return {**counts, "criteria": total, **shares}
