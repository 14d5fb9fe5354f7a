"""The public Python API (re-exported by trialcriteria/__init__.py).

    import trialcriteria as tc
    result = tc.parse(open("protocol.txt").read())
    frames = result.to_frames()                       # pandas DataFrames, one per table
    results = tc.parse_many(tc.read_dump("ctg-studies.json.zip"), workers=2)
    results.to_frames()["lab_thresholds"].query("analyte_id == 'anc'")
    tc.render(result)                                 # displaCy view of the facts (HTML; inline in Jupyter)
    tc.match(tc.read_patient("patient.json"), result)  # eligible / ineligible / needs_review, explained
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from .ingest import InputError, read_path, text_record, with_trial_id
from .pipeline import parse_record, parse_records
from .schema import RecordError, TrialRecord, TrialResult


class Results(list):
    """A list of TrialResult with table views."""

    errors: list[RecordError]

    def __init__(self, *args) -> None:
        super().__init__(*args)
        self.errors = []

    def __repr__(self) -> str:
        n, e = len(self), len(self.errors)
        shown = ", ".join(r.trial_id for r in self[:5]) + (", ..." if n > 5 else "")
        return (f"<Results: {n} trial{'s' * (n != 1)} [{shown}], {e} error{'s' * (e != 1)}"
                f"{' (see .errors)' if e else ''}>")

    def to_frames(self) -> dict:
        from .frames import to_frames

        return to_frames(self)

    def coverage(self) -> dict:
        from .frames import coverage

        return coverage(self)

    def to_jsonl(self) -> str:
        return "".join(r.model_dump_json() + "\n" for r in self)


def parse(text_or_record: str | TrialRecord, trial_id: str | None = None) -> TrialResult:
    """Parse one eligibility text (a page, a protocol excerpt, a registry field) or one TrialRecord. A text's
    trial id is the NCT id it names (most often), else a hash of the text; `trial_id` sets it."""
    if isinstance(text_or_record, TrialRecord):
        record = with_trial_id(text_or_record, trial_id) if trial_id else text_or_record
    else:
        record = text_record(text_or_record, trial_id=trial_id)
    return parse_record(record)


def parse_many(items: Iterable[str | TrialRecord | InputError], workers: int = 1, chunk_size: int = 200,
               budget=None) -> Results:
    """Parse many texts or records (e.g. read_dump(...)), in order, on `workers` processes. Bad records
    (InputError items, and records that fail or go over the budget) are kept in `.errors`, never silently
    dropped. With workers > 1 (or a `budget`, see trialcriteria.workers.Budget) each record has a time and a
    memory budget and a worker that dies is replaced; with one worker and no budget, records are parsed here."""
    from .batch import parse_records as parse_job
    from .batch import to_error
    from .workers import Budget, guarded_results

    results, errors = Results(), []
    records: list[TrialRecord] = []
    for item in items:
        if isinstance(item, InputError):
            errors.append(to_error(item))
        else:
            records.append(item if isinstance(item, TrialRecord) else text_record(item))
    if workers <= 1 and budget is None:
        results.extend(parse_records(records))
    else:
        budget = Budget() if budget is None else budget
        for out in guarded_results(records, parse_job, budget, workers=max(1, workers), batch=chunk_size,
                                   chunk=chunk_size * 4):
            (errors.append(to_error(out)) if isinstance(out, InputError) else results.append(out))
    results.errors = errors
    return results


def read_dump(path: str | Path) -> Iterator[TrialRecord | InputError]:
    """Every record of a file, directory or zip, in any supported format (bad records come as InputError, to
    be kept in `parse_many(...).errors`). A path that does not exist or cannot be read raises at once
    (FileNotFoundError, PermissionError), before any record is read."""
    import os

    p = Path(path)
    if not p.exists():
        raise FileNotFoundError(f"read_dump: no such file or directory: {p}")
    if not os.access(p, os.R_OK | (os.X_OK if p.is_dir() else 0)):
        raise PermissionError(f"read_dump: cannot read {p} (permission denied)")
    return read_path(p)


def render(result: TrialResult, jupyter: bool | None = None) -> str:
    """displaCy view of a trial's criteria with its facts and their normalized values. Returns the HTML (and
    shows it inline when run in Jupyter)."""
    from .views import render_html

    return render_html(result, jupyter=jupyter)


def read_patient(source):
    """A patient from a FHIR R4/R5 Bundle or a flat JSON patient (path, JSON text or dict): trialcriteria.matcher."""
    from .matcher import read_patient as _read

    return _read(source)


def match(patient, results, reference_date=None, registry: bool = True):
    """The verdict of one or more trials (TrialResult, a list of them, or Results) for one patient (a Patient, or
    anything read_patient reads), at the reference date (default today): a list of TrialVerdict, each with every
    criterion's status (met / not_met / unknown), its reason and the patient evidence used."""
    from .matcher import Patient, match as _match, read_patient as _read

    if not isinstance(patient, Patient):
        patient = _read(patient)
    return _match(patient, results, reference_date, registry=registry)
