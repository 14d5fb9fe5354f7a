"""Turn the eligibility criteria of clinical trials into computable JSON.

Each command reads its arguments and calls the library (the logic is in the modules it imports).

Exit codes (all commands): 0 success; 1 nothing could be done (every input failed, or a fatal error);
2 wrong usage; 3 partial success (some records failed, the others were written).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from . import paths
from .version import __version__
from .ingest import InputError, display_path, read_path, records_from_bytes, with_trial_id
from .schema import GoldTree, TrialRecord, TrialResult
from .workers import DEFAULT_MEMORY_MB, DEFAULT_SECONDS

EXIT_OK, EXIT_FAIL, EXIT_USAGE, EXIT_PARTIAL = 0, 1, 2, 3

HELP = """Turn the eligibility criteria of clinical trials (ClinicalTrials.gov records, pasted pages, protocol text)
into computable JSON: a tree of inclusion and exclusion criteria with lab thresholds, time windows, drugs, ages
and other facts, and coded conditions.

Start with: trialcriteria parse NCT06385925.txt

Whole dumps: trialcriteria batch ctg-studies.json.zip -o out/

A page to check the results: trialcriteria review ctg-studies.json.zip -o review.html

Exit codes: 0 done; 1 nothing could be done; 2 wrong usage; 3 some records failed (the others were written).
"""


def _plain_help() -> None:
    """Help in the words users meet elsewhere. typer 0.29 writes a flag as '--jsonl <bool>' and a required list
    argument as '{paths}...'; flags are shown bare here and arguments as 'PATHS...' ('[PATHS]...' when optional)."""
    from typer import core

    option_type = core.TyperOption.display_type_rich

    def flag_bare(self, ctx):
        return None if self.is_flag else option_type(self, ctx)

    def usage_name(self):
        name = self.display_name_raw.upper()
        return (name if self.required else f"[{name}]") + ("..." if self.nargs != 1 else "")

    core.TyperOption.display_type_rich = flag_bare
    core.TyperArgument.display_type_rich = lambda self, ctx: None
    core.TyperArgument._usage_display_name = usage_name


_plain_help()
app = typer.Typer(add_completion=False, no_args_is_help=True, help=HELP, rich_markup_mode="markdown")


def _error(message: str) -> None:
    typer.secho(f"error: {message}", fg=typer.colors.RED, err=True)


def _records(paths: list[str], follow_symlinks: bool = False):
    for p in paths:
        if p == "-":
            yield from records_from_bytes(sys.stdin.buffer.read(), "<stdin>")
        elif not Path(p).exists():
            yield InputError("no such file or directory", file=display_path(p))
        else:
            yield from read_path(p, follow_symlinks)


def _skipped(err: InputError) -> bool:
    """A file that holds no study record (an RSS feed, a StudyFields selection) is skipped with a note."""
    if err.not_a_study:
        typer.echo(f"skipped: {err}", err=True)
        return True
    return False


def _with_id(records, trial_id: str | None):
    """The records, with `trial_id` set on the only one (--id); more than one record is a usage error."""
    if not trial_id:
        yield from records
        return
    items = list(records)
    studies = [r for r in items if not isinstance(r, InputError)]
    if len(studies) != 1:
        _error(f"--id names one trial, but the inputs hold {len(studies)} records")
        raise typer.Exit(EXIT_USAGE)
    for r in items:
        yield r if isinstance(r, InputError) else with_trial_id(r, trial_id)


def _budget(seconds: float, memory: float):
    from .workers import Budget

    return Budget(seconds=seconds or None, memory_mb=memory or None)


def _write(path: Path, text: str) -> None:
    """Write an output file; a path that cannot be written ends the command with one clear line."""
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        _error(f"cannot write {display_path(path)}: {exc.strerror or exc}")
        raise typer.Exit(EXIT_FAIL) from None


TimeBudget = Annotated[float, typer.Option("--time-budget", help="Seconds a record may take to parse (0: no limit); over it, the record is an error with reason 'budget' and the run goes on.")]
MemoryBudget = Annotated[float, typer.Option("--memory-budget", help="Megabytes a worker may hold while parsing a record (0: no limit); over it, the record is an error with reason 'budget'.")]
FollowSymlinks = Annotated[bool, typer.Option("--follow-symlinks", help="Read symbolic links that lead out of an input directory (skipped by default, with an error).")]


@app.command()
def parse(
    paths: Annotated[list[str], typer.Argument(help="Files or directories to parse; '-' reads standard input.")],
    jsonl: Annotated[bool, typer.Option("--jsonl", help="One TrialResult per line (for many inputs).")] = False,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write here instead of standard output.")] = None,
    html_out: Annotated[Optional[Path], typer.Option("--html", help="Also write a displaCy view of the facts here.")] = None,
    time_budget: TimeBudget = DEFAULT_SECONDS,
    memory_budget: MemoryBudget = DEFAULT_MEMORY_MB,
    follow_symlinks: FollowSymlinks = False,
    trial_id: Annotated[Optional[str], typer.Option("--id", metavar="ID", help="Trial id to give the one record parsed (by default: the record's NCT id, else an NCT id in the file name or the text, else text- and a hash of the text).")] = None,
) -> None:
    """Read trial records or texts and print their criteria as JSON (one TrialResult per record).

    Inputs can be ClinicalTrials.gov records (API v2 or classic JSON, legacy XML, AACT files), pasted registry
    pages or protocol text, or folders and zip files of them. Each record gets a time and memory limit; a record
    over it is reported and the others go on. Files that hold no study (an RSS feed) are skipped with a note.

    Example: trialcriteria parse NCT06385925.txt -o NCT06385925.json

    Example: trialcriteria parse records/ --jsonl -o results.jsonl --html facts.html

    Example: cat protocol.txt | trialcriteria parse - --id MY-TRIAL-01
    """
    from .batch import parse_records
    from .workers import guarded_results

    results: list[str] = []
    parsed: list[TrialResult] = []
    failed = 0
    records = _with_id(_records(paths, follow_symlinks), trial_id)
    for result in guarded_results(records, parse_records, _budget(time_budget, memory_budget)):
        if isinstance(result, InputError):
            if not _skipped(result):
                failed += 1
                _error(str(result))
            continue
        results.append(result.model_dump_json(indent=None if jsonl else 2))
        parsed.append(result)
    if jsonl:
        text = "".join(line + "\n" for line in results)
    elif len(results) == 1:
        text = results[0] + "\n"
    else:
        text = "[\n" + ",\n".join(results) + "\n]\n" if results else ""
    if output:
        _write(output, text)
    else:
        sys.stdout.write(text)
    if html_out is not None:
        from .views import render_html

        _write(html_out, "".join(render_html(r, jupyter=False) for r in parsed))
    if failed:
        raise typer.Exit(EXIT_PARTIAL if results else EXIT_FAIL)


@app.command()
def batch(
    inputs: Annotated[list[str], typer.Argument(help="Dumps: files, directories (any depth) or zip archives.")],
    outdir: Annotated[Path, typer.Option("--output", "-o", help="Output directory (re-running into it resumes).")],
    workers: Annotated[int, typer.Option(help="Worker processes (default: all cores).")] = 0,
    chunk_size: Annotated[int, typer.Option(help="Records per output shard.")] = 500,
    parquet: Annotated[bool, typer.Option("--parquet", help="Also write Parquet tables under tables/.")] = False,
    previous: Annotated[Optional[Path], typer.Option(help="A previous output: unchanged trials are copied, changes reported.")] = None,
    engine: Annotated[str, typer.Option(help="local (worker processes) or dask.")] = "local",
    scheduler: Annotated[Optional[str], typer.Option(help="Dask scheduler address (default: a local cluster).")] = None,
    progress: Annotated[Optional[bool], typer.Option("--progress/--no-progress", help="Progress bar (default: when stderr is a terminal).")] = None,
    time_budget: TimeBudget = DEFAULT_SECONDS,
    memory_budget: MemoryBudget = DEFAULT_MEMORY_MB,
    follow_symlinks: FollowSymlinks = False,
) -> None:
    """Parse whole dumps on all cores into an output folder: results in parts of 500 trials, failed records in
    errors.jsonl, files that hold no study in skipped.jsonl, and tables with --parquet.

    Running again into the same folder goes on where a stopped run ended; with --previous, trials that did not
    change are copied instead of parsed again. Each record gets a time and memory limit; a worker that stops or
    goes over it is replaced and the run goes on.

    Exit code 0 when every study record succeeded, 3 when some failed (they are in errors.jsonl), 1 when none
    succeeded or the run could not start.

    Example: trialcriteria batch ctg-studies.json.zip -o out/ --parquet

    Example: trialcriteria batch new-dump.zip -o out-2026-12/ --previous out/
    """
    import os

    from .batch import BatchError, BatchRun, summary_dict
    from .workers import PoolError

    missing = [p for p in inputs if not Path(p).exists()]
    if missing:
        _error(f"no such file or directory: {', '.join(display_path(m) for m in missing)}")
        raise typer.Exit(EXIT_FAIL)
    run = BatchRun(inputs=inputs, outdir=outdir, workers=workers or os.cpu_count() or 1, chunk_size=chunk_size,
                   parquet=parquet, previous=previous, engine=engine, scheduler=scheduler,
                   progress=sys.stderr.isatty() if progress is None else progress,
                   budget=_budget(time_budget, memory_budget), follow_symlinks=follow_symlinks)
    try:
        summary = run.run()
    except (BatchError, PoolError) as exc:
        _error(str(exc))
        raise typer.Exit(EXIT_FAIL) from None
    except OSError as exc:  # the output directory: read-only, full, not a directory, ...
        where = display_path(exc.filename) if exc.filename else display_path(outdir)
        _error(f"cannot write to the output directory ({where}: {exc.strerror or exc})")
        raise typer.Exit(EXIT_FAIL) from None
    info = summary_dict(summary)
    typer.echo(
        f"records {info['records']}  written {info['written']}  errors {info['errors']}  parsed {info['parsed']}  "
        f"reused {info['reused']}  resumed chunks {info['resumed_chunks']}  "
        f"{info['seconds']:.1f} s  ({info['trials_per_second']} parsed trials/s)", err=True)
    cov = info["coverage"]
    if cov:
        typer.echo(f"coverage: {cov['criteria']} criteria: {cov['share_structured']:.1%} structured, "
                   f"{cov['share_partly_structured']:.1%} partly structured, {cov['share_not_structured']:.1%} not "
                   f"structured ({cov['structured']} / {cov['partly_structured']} / {cov['not_structured']})", err=True)
    if info["changes"] is not None:
        c = info["changes"]
        typer.echo(f"since {previous}: added {c['added']}  changed {c['changed']}  removed {c['removed']} "
                   f"(ids in {outdir / 'changes.json'})", err=True)
    if info["duplicate_ids"]:
        typer.echo(f"duplicates: {info['duplicate_ids']} trials appear in more than one record "
                   f"({info['duplicate_records']} extra copies kept; the trials table's `copies` column counts them)",
                   err=True)
    if summary.skipped:
        typer.echo(f"skipped {summary.skipped} files that hold no study record (RSS feeds, StudyFields selections, "
                   f"empty pages): {outdir / 'skipped.jsonl'}", err=True)
    if summary.errors:
        typer.echo(f"failed records: {summary.errors}, listed in {outdir / 'errors.jsonl'}", err=True)
        raise typer.Exit(EXIT_PARTIAL if summary.written else EXIT_FAIL)


@app.command()
def review(
    inputs: Annotated[list[str], typer.Argument(help="Files, directories or zips to parse (or batch output .jsonl files).")],
    output: Annotated[Path, typer.Option("--output", "-o", help="The HTML page to write.")] = Path("review.html"),
    time_budget: TimeBudget = DEFAULT_SECONDS,
    memory_budget: MemoryBudget = DEFAULT_MEMORY_MB,
    follow_symlinks: FollowSymlinks = False,
) -> None:
    """Write one HTML page to check the results by eye: each trial's criteria as a tree, the facts found
    highlighted with their normalized values, warnings, and what needs a curator's review marked.

    The page needs no internet access and can be opened in any browser.

    Example: trialcriteria review ctg-studies.json.zip -o review.html
    """
    from .batch import parse_records
    from .views import review_page
    from .workers import guarded_results

    results, errors = [], []
    for result in guarded_results(_records(inputs, follow_symlinks), parse_records, _budget(time_budget, memory_budget)):
        if isinstance(result, InputError):
            if not _skipped(result):
                errors.append(result)
        else:
            results.append(result)
    _write(output, review_page(results, errors))
    from .frames import coverage

    cov = coverage(results)
    typer.echo(f"{output}: {len(results)} trials, {cov['criteria']} criteria, {cov['not_structured']} not structured, "
               f"{len(errors)} errors", err=True)
    if errors:
        raise typer.Exit(EXIT_PARTIAL if results else EXIT_FAIL)


@app.command()
def schema(
    model: Annotated[str, typer.Option(help="result (TrialResult), gold (GoldTree) or record (TrialRecord).")] = "result",
) -> None:
    """Print the JSON Schema of the output (or of a gold file or a record), to validate files elsewhere.

    Example: trialcriteria schema > trialresult.schema.json
    """
    models = {"result": TrialResult, "gold": GoldTree, "record": TrialRecord}
    if model not in models:
        _error(f"unknown model {model!r}; choose one of {', '.join(models)}")
        raise typer.Exit(EXIT_USAGE)
    typer.echo(json.dumps(models[model].model_json_schema(), indent=2, ensure_ascii=False))


@app.command()
def score(
    pred: Annotated[Path, typer.Argument(exists=True, help="Predictions: a .json / .jsonl file or a directory.")],
    gold: Annotated[Path, typer.Argument(exists=True, help="Gold: annotations/ (trees, thresholds, facts, coding), or one gold file or directory (annotations/coding/biomarkers).")],
    shared: Annotated[Optional[Path], typer.Option(help="The shared data that 'shared:' gold sources refer to (default: $TRIALCRITERIA_SHARED or ../shared).")] = None,
    json_out: Annotated[Optional[Path], typer.Option("--json", help="Also write the tables as JSON here.")] = None,
    split: Annotated[Optional[str], typer.Option(help="Score only the documents of this split (dev, test) of the gold folder's sample.tsv (or FOLDER_sample.tsv beside it).")] = None,
    errors: Annotated[Optional[Path], typer.Option(help="Write each missed, extra or differing record (thresholds, windows, drugs, facts, conditions, procedures, biomarkers) to this JSONL file.")] = None,
) -> None:
    """Score predictions against gold: criterion trees (boundary P/R/F1, section, parent and logic accuracy),
    lab thresholds (strict and per-field P/R/F1), time windows, drugs and facts, conditions and procedures
    (mention P/R/F1, exact and same-or-ancestor MeSH coding), biomarkers (mention P/R/F1 and coding accuracy), and
    the polarity and timing of the matched records.

    Example: trialcriteria score out/real.jsonl annotations/real --split dev
    """
    from .evaluate.gold import load_predictions
    from .evaluate.report import format_report, report_json, score_gold, split_docs

    try:
        found: list[dict] | None = [] if errors is not None else None
        report = score_gold(load_predictions(pred), gold, paths.repo(), shared or paths.shared(), split_docs(gold, split),
                            found)
    except (OSError, ValueError) as exc:
        _error(str(exc))
        raise typer.Exit(EXIT_FAIL) from None
    typer.echo(format_report(report))
    if errors is not None:
        errors.write_text("".join(json.dumps(e, ensure_ascii=False) + "\n" for e in found), encoding="utf-8")
        typer.echo(f"{len(found)} differences written to {errors}")
    if json_out:
        json_out.write_text(json.dumps(report_json(report), indent=2) + "\n", encoding="utf-8")


@app.command("score-chia")
def score_chia_cmd(
    brat: Annotated[Optional[Path], typer.Option(help="Chia's BRAT directory (default: ../shared/corpora/chia/brat).")] = None,
    thresholds: Annotated[Optional[Path], typer.Option(help="Also score lab thresholds against this Chia-derived gold.")] = Path("annotations/thresholds/chia.jsonl"),
    facts: Annotated[Optional[Path], typer.Option(help="Also score time windows, drugs and facts against this Chia-derived gold.")] = Path("annotations/facts/chia.jsonl"),
    errors: Annotated[Optional[Path], typer.Option(help="Write the time windows, drugs and facts missed or extra, line by line, to this JSONL file.")] = None,
) -> None:
    """Score on the Chia corpus: criterion boundaries against Chia's one-criterion-per-line files, and lab
    thresholds, time windows, drugs and the other facts against the project's Chia-derived gold.

    Example: trialcriteria score-chia --errors chia-errors.jsonl
    """
    from .chia.score import score_chia, score_chia_facts, score_chia_thresholds
    from .evaluate.report import format_fact_table, format_threshold_table

    brat = brat or paths.chia_brat()
    if not brat.is_dir():
        _error(f"{brat}: not a directory (Chia's BRAT files are expected there)")
        raise typer.Exit(EXIT_FAIL)
    counts, n = score_chia(brat)
    typer.echo(f"Chia trials: {n}  lines: {counts.tp + counts.fn}  predicted: {counts.tp + counts.fp}")
    typer.echo(f"criterion boundaries: P {counts.precision:.4f}  R {counts.recall:.4f}  F1 {counts.f1:.4f}")
    if thresholds is not None and thresholds.exists():
        typer.echo("\nLab thresholds (lines of the dev and test splits with a Measurement-Has_value pair)")
        typer.echo(format_threshold_table(score_chia_thresholds(brat, thresholds)))
    if facts is not None and facts.exists():
        found: list[dict] = []
        typer.echo("\nTime windows, drugs and facts (annotations/facts/chia.jsonl)")
        typer.echo(format_fact_table(score_chia_facts(brat, facts, found)))
        if errors is not None:
            errors.write_text("".join(json.dumps(e, ensure_ascii=False) + "\n" for e in found), encoding="utf-8")
            typer.echo(f"{len(found)} lines with differences written to {errors}")


@app.command()
def train(
    brat: Annotated[Optional[Path], typer.Option(help="Chia's BRAT directory (default: ../shared/corpora/chia/brat).")] = None,
    output: Annotated[Path, typer.Option(help="Where the trained pipeline goes.")] = Path("models/chia_ner"),
    work: Annotated[Path, typer.Option(help="Working directory for the corpus and checkpoints.")] = Path("out/training"),
    max_steps: Annotated[Optional[int], typer.Option(help="Override training.max_steps.")] = None,
    pretrain: Annotated[bool, typer.Option("--pretrain", help="First pretrain the tok2vec (`spacy pretrain`) on the "
                                           "criteria of ../shared/corpora/ctgov-bulk, less Chia's dev and test trials "
                                           "and every trial named under annotations/.")] = False,
    pretrained: Annotated[Optional[Path], typer.Option(help="Start the tok2vec from these pretrained weights.")] = None,
    pretrained_meta: Annotated[Optional[Path], typer.Option(help="JSON describing --pretrained's data and settings, "
                                                            "recorded in the model's meta.")] = None,
) -> None:
    """Train the NER model on Chia (80/10/10 split by trial, seed 13) and write it with its test scores.

    Example: trialcriteria train --output models/chia_ner
    """
    from .evaluate.ner import format_scores
    from .training.train import pretrain_bulk
    from .training.train import train as run_training

    brat = brat or paths.chia_brat()
    if not brat.is_dir():
        _error(f"{brat}: not a directory (Chia's BRAT files are expected there)")
        raise typer.Exit(EXIT_FAIL)
    overrides = {"training.max_steps": max_steps} if max_steps else None
    info = json.loads(pretrained_meta.read_text()) if pretrained_meta else None
    if pretrain and pretrained is None:
        pretrained, info = pretrain_bulk(paths.shared() / "corpora" / "ctgov-bulk", brat, Path("annotations"), work)
    scores = run_training(brat, output, work, overrides, init_tok2vec=pretrained, pretraining=info)
    typer.echo(format_scores(scores))


@app.command("evaluate-ner")
def evaluate_ner(
    model: Annotated[Optional[Path], typer.Option(help="A trained pipeline (default: the one shipped with the package).")] = None,
    brat: Annotated[Optional[Path], typer.Option(help="Chia's BRAT directory (default: ../shared/corpora/chia/brat).")] = None,
    split: Annotated[str, typer.Option(help="train, dev or test.")] = "test",
) -> None:
    """Score the NER model on a Chia split: strict and relaxed precision, recall and F1 per entity type.

    Example: trialcriteria evaluate-ner --split dev
    """
    import tempfile

    from .chia.corpus import write_splits
    from .evaluate.ner import evaluate_dir, format_scores
    from .nlp import shipped_model
    from .training.train import blank_nlp

    model, brat = model or shipped_model(), brat or paths.chia_brat()
    if not model.is_dir() or not brat.is_dir():
        _error(f"need a model at {model} and Chia at {brat}")
        raise typer.Exit(EXIT_FAIL)
    with tempfile.TemporaryDirectory() as tmp:
        write_splits(blank_nlp(), brat, Path(tmp))
        typer.echo(format_scores(evaluate_dir(model, Path(tmp) / f"{split}.spacy")))


@app.command("match")
def match_cmd(
    patients: Annotated[list[Path], typer.Argument(help="Patients: FHIR R4/R5 Bundles or flat JSON patients (files or directories of .json).")],
    trials: Annotated[Path, typer.Option("--trials", exists=True, help="TrialResults: a .json / .jsonl file or a directory (the output of parse or batch).")],
    date: Annotated[Optional[str], typer.Option(help="Reference (screening) date, YYYY-MM-DD (default: today).")] = None,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write every verdict, with each criterion's status, reason and evidence, as JSONL here.")] = None,
    complete: Annotated[Optional[str], typer.Option(help="Read these lists of every patient as complete (closed world): conditions,medications,procedures,biomarkers.")] = None,
    registry: Annotated[bool, typer.Option("--registry/--no-registry", help="Apply the registry's sex and age limits too.")] = True,
) -> None:
    """Match patients against trials: each trial eligible, ineligible or needs_review, with the reason.

    Example: trialcriteria match patient.json --trials out/seeds.jsonl --date 2026-06-01 -o verdicts.jsonl
    """
    from .evaluate.gold import load_predictions
    from .matcher import PatientError, match, plan_trial, read_patient

    files = [f for p in patients for f in (sorted(p.rglob("*.json")) if p.is_dir() else [p])]
    try:
        plans = [plan_trial(t) for t in load_predictions(trials)]
        ref = __import__("datetime").date.fromisoformat(date) if date else None
    except ValueError as exc:
        _error(str(exc))
        raise typer.Exit(EXIT_USAGE if "date" in str(exc).lower() or "isoformat" in str(exc) else EXIT_FAIL) from None
    lines, failed = [], 0
    for f in files:
        try:
            patient = read_patient(f)
        except PatientError as exc:
            _error(str(exc))
            failed += 1
            continue
        if complete:
            patient = patient.model_copy(update={"complete": sorted({*patient.complete, *complete.split(",")})})
        for v in match(patient, plans, ref, registry=registry):
            typer.echo(f"{v.patient_id}\t{v.trial_id}\t{v.verdict}\t{v.reason[:200]}")
            lines.append(json.dumps(v.to_dict(), ensure_ascii=False))
    if output is not None:
        output.write_text("".join(x + "\n" for x in lines), encoding="utf-8")
    if failed:
        raise typer.Exit(EXIT_FAIL if failed == len(files) else EXIT_PARTIAL)


@app.command("export")
def export_cmd(
    results: Annotated[Path, typer.Argument(exists=True, help="TrialResults: a .json / .jsonl file or a directory.")],
    format: Annotated[str, typer.Option("--format", help="Only 'fhir': a Bundle of FHIR R5 EvidenceVariables.")] = "fhir",
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write the Bundle here instead of standard output.")] = None,
) -> None:
    """Export each trial's computable criteria as FHIR R5 (EvidenceVariable), validated with fhir.resources; every
    criterion that cannot be expressed is kept as a described characteristic and listed on standard error.

    Example: trialcriteria export out/seeds.jsonl --format fhir -o seeds.fhir.json
    """
    from .evaluate.gold import load_predictions
    from .export.fhir import export_bundle

    if format != "fhir":
        _error(f"unknown format {format!r}; the only format is 'fhir'")
        raise typer.Exit(EXIT_USAGE)
    bundle, missing = export_bundle(load_predictions(results))
    text = json.dumps(bundle, indent=1, ensure_ascii=False)
    if output is not None:
        output.write_text(text + "\n", encoding="utf-8")
    else:
        typer.echo(text)
    for m in missing:
        typer.echo(f"not expressed: {m['trial_id']} {m['criterion']}: {m['what'][:80]!r} ({m['reason']})", err=True)
    typer.echo(f"{len(bundle['entry'])} trial(s) exported; {len(missing)} criteria or records not expressed", err=True)


@app.command("score-execution")
def score_execution_cmd(
    pred: Annotated[Path, typer.Argument(exists=True, help="Predictions: a .json / .jsonl file or a directory.")],
    gold: Annotated[Path, typer.Argument(exists=True, help="Gold folder: annotations (the seeds) or annotations/real.")],
    split: Annotated[Optional[str], typer.Option(help="Score only the documents of this split (dev, test) of the gold folder's sample.tsv.")] = None,
    json_out: Annotated[Optional[Path], typer.Option("--json", help="Also write the table and every disagreement as JSON here.")] = None,
    errors: Annotated[Optional[Path], typer.Option(help="Write every disagreement (probe patient, both verdicts and reasons) to this JSONL file.")] = None,
) -> None:
    """Score by execution: boundary patients from each gold record, matched with the gold facts and with the
    predicted ones; the share of decisions that agree, per kind and overall.

    Example: trialcriteria score-execution out/real.jsonl annotations/real --split dev
    """
    from .evaluate.execution import format_execution, score_execution
    from .evaluate.gold import load_predictions
    from .evaluate.report import split_docs

    try:
        report = score_execution(load_predictions(pred), gold, split_docs(gold, split))
    except (OSError, ValueError) as exc:
        _error(str(exc))
        raise typer.Exit(EXIT_FAIL) from None
    typer.echo(format_execution(report))
    if errors is not None:
        errors.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in report.disagreements),
                          encoding="utf-8")
    if json_out is not None:
        json_out.write_text(json.dumps(report.to_dict(), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


lexicons_app = typer.Typer(help="The lexicons: build the resource files from their sources (lexicons/sources/).\n\n"
                            "Example: trialcriteria lexicons build --check", rich_markup_mode="markdown")
app.add_typer(lexicons_app, name="lexicons")


@lexicons_app.command("build")
def lexicons_build(
    check: Annotated[bool, typer.Option("--check", help="Only compare a fresh build with the shipped files.")] = False,
) -> None:
    """Build the drug, drug-class, analyte and procedure lexicons from their sources, and the conditions lexicon
    (MeSH, Disease Ontology -> ICD-10-CM) and the biomarker gene lexicon (HGNC) from ../shared/vocab, checking them
    on the way.

    Example: trialcriteria lexicons build --check
    """
    from .lexicons.build import LexiconError, build

    try:
        differ = build(write=not check, report=lambda line: typer.echo(line))
    except LexiconError as exc:
        _error(str(exc))
        raise typer.Exit(EXIT_FAIL) from None
    if check and differ:
        _error(f"the shipped {', '.join(differ)} differ(s) from a fresh build: run `trialcriteria lexicons build`")
        raise typer.Exit(EXIT_FAIL)


@app.command()
def version() -> None:
    """Print the pipeline and schema versions.

    Example: trialcriteria version
    """
    from .schema import SCHEMA_VERSION

    typer.echo(f"trialcriteria {__version__} (schema {SCHEMA_VERSION})")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
