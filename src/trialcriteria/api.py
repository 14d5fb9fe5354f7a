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

from .ingest import InputError, read_path, text_record
from .pipeline import parse_record, parse_records
from .schema import RecordError, TrialRecord, TrialResult


class Results(list):
    """A list of TrialResult with table views."""

    errors: list[RecordError]

    def to_frames(self) -> dict:
        from .frames import to_frames

        return to_frames(self)

    def coverage(self) -> dict:
        from .frames import coverage

        return coverage(self)

    def to_jsonl(self) -> str:
        return "".join(r.model_dump_json() + "\n" for r in self)


def parse(text_or_record: str | TrialRecord) -> TrialResult:
    """Parse one eligibility text (a page, a protocol excerpt, a registry field) or one TrialRecord."""
    record = text_or_record if isinstance(text_or_record, TrialRecord) else text_record(text_or_record)
    return parse_record(record)


def parse_many(items: Iterable[str | TrialRecord | InputError], workers: int = 1, chunk_size: int = 200) -> Results:
    """Parse many texts or records (e.g. read_dump(...)), in order, on `workers` processes. Bad records
    (InputError items) are kept in `.errors`, never silently dropped."""
    from .batch import chunks, to_error

    results, errors = Results(), []
    records: list[TrialRecord] = []
    for item in items:
        if isinstance(item, InputError):
            errors.append(to_error(item))
        else:
            records.append(item if isinstance(item, TrialRecord) else text_record(item))
    if workers <= 1:
        results.extend(parse_records(records))
    else:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=workers) as pool:
            for batch in pool.map(parse_records, chunks(records, chunk_size)):
                results.extend(batch)
    results.errors = errors
    return results


def read_dump(path: str | Path) -> Iterator[TrialRecord | InputError]:
    """Every record of a file, directory or zip, in any supported format (bad records come as InputError)."""
    return read_path(path)


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
