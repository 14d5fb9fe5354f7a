"""HTML views of results: displaCy (manual mode) for one trial's facts, and the self-contained review page.

Everything a curator needs is in the page: the criterion tree, each criterion's facts highlighted with their
normalized values, its status (structured / partly structured / not structured, with the reason), the text no
criterion read and the trial's warnings, with a control that shows only what needs review. No script and no
external resource is loaded. The page only displays: markdown escapes ("\\>") are shown unescaped, while every
offset stays an offset into eligibility_text."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import PurePath

from .schema import Criterion, Problem, TrialResult

COLORS = {"LAB": "#f4a261", "WINDOW": "#8ecae6", "DRUG": "#b5e48c", "FACT": "#e9c46a", "CONDITION": "#cdb4db",
          "PROCEDURE": "#ffafcc", "BIOMARKER": "#a2d2ff", "MENTION": "#dddddd"}
STATUS_COLORS = {"structured": "#2a9d8f", "partly_structured": "#e9c46a", "not_structured": "#e76f51"}


def fact_spans(c: Criterion) -> list[tuple[int, int, str, str]]:
    """(start, end, label, normalized value) of a criterion's facts, in eligibility_text offsets."""
    out = []
    for t in c.lab_thresholds:
        ref = " × ULN" if t.reference == "ULN" else (" × LLN" if t.reference == "LLN" else "")
        value = f"{t.analyte} {t.comparator} {t.value:g}{(' ' + t.unit) if t.unit else ''}{ref}"
        if t.canonical_value is not None and t.canonical_unit and t.reference == "absolute":
            value += f" (= {t.canonical_value:g} {t.canonical_unit})"
        if t.condition:
            value += f" [{t.condition.text}]"
        out.append((t.start, t.end, "LAB", value))
    for w in c.time_windows:
        value = f"{w.comparator} {w.duration or ''} {w.direction or ''} {w.anchor}".replace("  ", " ")
        out.append((w.start, w.end, "WINDOW", value + f" · {w.context.polarity}"))
    for d in c.drugs:
        out.append((d.start, d.end, "DRUG", f"{d.kind} {d.name} · {d.context.polarity}"))
    for f in c.facts:
        out.append((f.start, f.end, "FACT", f"{f.kind} {f.value} · {f.context.polarity}"))
    for m in c.conditions:
        code = f"{m.name} {m.mesh_id}" if m.mesh_id else "uncoded"
        extra = "".join(f" {x}" for x in (", ".join(m.status) if m.status else None,
                                          f"[{c.time_windows[m.window].text}]" if m.window is not None
                                          and m.window < len(c.time_windows) else None) if x)
        out.append((m.start, m.end, "CONDITION", f"{code}{extra} · {m.context.polarity}"))
    for p in c.procedures:
        out.append((p.start, p.end, "PROCEDURE", f"{p.name}{(' to ' + p.site) if p.site else ''} · {p.context.polarity}"))
    for b in c.biomarkers:
        value = " ".join(str(x) for x in (b.gene, b.alteration, b.variant, b.scale, b.comparator, b.value, b.result)
                         if x is not None)
        out.append((b.start, b.end, "BIOMARKER", f"{value} · {b.context.polarity}"))
    return out


def _non_overlapping(spans: list[tuple[int, int, str, str]]) -> list[tuple[int, int, str, str]]:
    """The longest spans first at each start, each kept when it overlaps no span kept before it. Kept spans are
    sorted and their ends never decrease, so only the last few can overlap a new one (linear in the spans)."""
    kept: list[tuple[int, int, str, str]] = []
    for s in sorted(spans, key=lambda x: (x[0], -(x[1] - x[0]))):
        clash = False
        for k in reversed(kept):
            if k[1] <= s[0]:
                break
            if not s[1] <= k[0]:
                clash = True
                break
        if not clash:
            kept.append(s)
    return kept


def render_html(result: TrialResult, jupyter: bool | None = None) -> str:
    """displaCy 'ent' view of the eligibility text with every fact labelled by its normalized value."""
    from spacy import displacy

    spans = _non_overlapping([s for c in result.criteria for s in fact_spans(c)])
    # displaCy escapes the text but writes the title and the labels as they are: escape them here (a record's
    # NCT id, a condition or a drug name may hold markup)
    data = {"text": result.eligibility_text, "title": html.escape(result.trial_id),
            "ents": [{"start": s, "end": e, "label": f"{label}: {html.escape(value)}"} for s, e, label, value in spans]}
    colors = {f"{label}: {html.escape(value)}": COLORS[label] for _, _, label, value in spans}
    return displacy.render(data, style="ent", manual=True, jupyter=jupyter, page=jupyter is not True,
                           options={"colors": colors})


# a markdown escape: a backslash before an ASCII punctuation character ("\>", "\*", "\_", "\[", "\\")
_MD_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
UNREAD = "unread_text"


def _escape_backslashes(text: str) -> frozenset[int]:
    """Positions in `text` of the backslashes of markdown escapes (read left to right, so "\\\\" keeps one)."""
    return frozenset(m.start() for m in _MD_ESCAPE.finditer(text))


def _shown(text: str, lo: int, hi: int, drops: frozenset[int]) -> str:
    """text[lo:hi] as the page shows it: without the backslashes at `drops`, html-escaped."""
    return html.escape("".join(ch for i, ch in enumerate(text[lo:hi], lo) if i not in drops))


def _highlight(text: str, base: int, spans: list[tuple[int, int, str, str]]) -> str:
    """`text` (eligibility_text from offset `base`) with its facts marked. The spans are cut on the raw offsets
    and markdown escapes are dropped piece by piece after, so each mark stays on its own characters."""
    drops = _escape_backslashes(text)
    out, pos = [], base
    for s, e, label, value in _non_overlapping(spans):
        if s < pos or e > base + len(text):
            continue
        out.append(_shown(text, pos - base, s - base, drops))
        out.append(f'<mark class="{label.lower()}" title="{html.escape(value)}">{_shown(text, s - base, e - base, drops)}'
                   f'<span class="v">{html.escape(value)}</span></mark>')
        pos = e
    out.append(_shown(text, pos - base, len(text), drops))
    return "".join(out)


CSS = """
body{font:14px/1.45 system-ui,sans-serif;margin:2em;max-width:1100px;color:#222}
h1{font-size:20px} h2{font-size:16px;margin-top:2em;border-bottom:1px solid #ccc}
h2 .anchor{color:#bbb;text-decoration:none} h2 .title{font-weight:normal}
h2 .src{font-size:12px;font-weight:normal;color:#666;font-family:monospace;margin-left:.6em}
ul.tree{list-style:none;padding-left:1.2em} li{margin:.35em 0}
.crit > .line{border-left:4px solid #ccc;padding-left:.5em}
.crit.structured > .line{border-color:#2a9d8f} .crit.partly_structured > .line{border-color:#e9c46a}
.crit.not_structured > .line{border-color:#e76f51;background:#fff4f1}
li.unread{border-left:4px dashed #999;padding-left:.5em;color:#666;font-style:italic;background:#f3f3f3}
li.unread .label{font-size:11px;font-style:normal;margin-right:.6em;color:#555}
li.unread .text{white-space:pre-wrap}
.status{font-size:11px;color:#555;margin-left:.5em} .id{font-family:monospace;color:#777;margin-right:.4em}
mark{border-radius:3px;padding:0 2px} mark .v{font-size:10px;margin-left:3px;color:#333;font-weight:600}
mark.lab{background:#f4a26155} mark.window{background:#8ecae655} mark.drug{background:#b5e48c66}
mark.fact{background:#e9c46a66} mark.condition{background:#cdb4db77} mark.procedure{background:#ffafcc77}
mark.biomarker{background:#a2d2ff77} .warn{color:#b00} .badge{font-size:11px;margin-left:.5em}
.summary td{padding:2px 10px} .help{font-size:12px;color:#555;margin-top:.2em}
#only-review:checked ~ main .calm{display:none}
#only-review:checked ~ main li.crit:not(.needs) > .line{opacity:.5}
"""

FILTER = ("<input type='checkbox' id='only-review'><label for='only-review'> show only what needs review</label>"
          "<p class='help'>Needs review: a criterion not structured or partly structured, text not read by any "
          "criterion, and warnings. With the box ticked, structured criteria without a warning are hidden (a "
          "structured heading stays, dimmed, when an item under it needs review), and so are trials with nothing "
          "to review.</p>")


@dataclass
class _TrialView:
    """One trial as the page lays it out: the children of each criterion (None: the top level), the unread
    pieces under each criterion, and the warnings that lie within each criterion's own text."""

    result: TrialResult
    children: dict[str | None, list[Criterion]] = field(default_factory=dict)
    unread: dict[str | None, list[Problem]] = field(default_factory=dict)
    warns: dict[str, list[Problem]] = field(default_factory=dict)


def _extents(criteria: list[Criterion]) -> dict[str, int]:
    """The end of each criterion's subtree (its own end, or the end of its last descendant)."""
    ext = {c.id: c.end for c in criteria}
    for c in sorted(criteria, key=lambda c: -c.depth):
        if c.parent_id in ext:
            ext[c.parent_id] = max(ext[c.parent_id], ext[c.id])
    return ext


def _holder(criteria: list[Criterion], ends: dict[str, int], start: int, end: int) -> str | None:
    """The deepest criterion whose [start, ends[id]] holds [start, end] (None: none does)."""
    held = [c for c in criteria if c.start <= start and end <= ends[c.id]]
    return max(held, key=lambda c: (c.start, c.depth)).id if held else None


def _trial_view(r: TrialResult) -> _TrialView:
    view = _TrialView(r)
    for c in r.criteria:
        view.children.setdefault(c.parent_id, []).append(c)
    ext = _extents(r.criteria)
    own = {c.id: c.end for c in r.criteria}
    for w in r.warnings:
        if w.start is None or w.end is None:
            continue
        if w.code == UNREAD:  # placed among the criteria of the subtree it lies in
            view.unread.setdefault(_holder(r.criteria, ext, w.start, w.end), []).append(w)
        elif (cid := _holder(r.criteria, own, w.start, w.end)) is not None:  # within a criterion's own text
            view.warns.setdefault(cid, []).append(w)
    return view


def _unread_item(text: str, w: Problem) -> str:
    piece = text[w.start : w.end]
    return (f"<li class='unread'><span class='label'>not read by any criterion</span>"
            f"<span class='text'>{_shown(piece, 0, len(piece), _escape_backslashes(piece))}</span></li>")


def _criterion_item(view: _TrialView, c: Criterion) -> tuple[str, bool]:
    """The criterion's <li>: its own line (status colour, facts, warnings), then its subtree; and whether
    nothing in it needs review."""
    sub, sub_calm = _tree(view, c.id)
    warns = view.warns.get(c.id, [])
    needs = c.status != "structured" or bool(warns)
    calm = not needs and sub_calm
    cls = f"crit {c.status}{' needs' if needs else ''}{' calm' if calm else ''}"
    badges = "".join(f"<span class='warn badge' title='{html.escape(w.message)}'>⚠ {html.escape(w.code)}</span>"
                     for w in warns)
    marker = f" {html.escape(c.marker)}" if c.marker else ""
    status = f"{html.escape(c.section)} · {html.escape(c.status.replace('_', ' '))}: {html.escape(c.status_reason)}"
    body = _highlight(view.result.eligibility_text[c.start : c.end], c.start, fact_spans(c))
    line = (f"<div class='line'><span class='id'>{html.escape(c.id)}{marker}</span>{body}"
            f"<span class='status'>[{status}]</span>{badges}</div>")
    return f"<li class='{html.escape(cls)}' data-status='{html.escape(c.status)}'>{line}{sub}</li>", calm


def _tree(view: _TrialView, parent: str | None) -> tuple[str, bool]:
    """The children of `parent` and the unread pieces among them, in text order; and whether all are calm."""
    entries = [(c.start, *_criterion_item(view, c)) for c in view.children.get(parent, [])]
    entries += [(w.start, _unread_item(view.result.eligibility_text, w), False) for w in view.unread.get(parent, [])]
    entries.sort(key=lambda x: x[0])
    if not entries:
        return "", True
    return f"<ul class='tree'>{''.join(h for _, h, _ in entries)}</ul>", all(ok for _, _, ok in entries)


def _anchors(results: list[TrialResult]) -> list[str]:
    """A stable anchor per trial: 'trial-' and its id (other characters than letters, digits, '.', '_' and '-'
    as '-'), with '-2', '-3' ... for an anchor already taken."""
    used: set[str] = set()
    out = []
    for r in results:
        base = "trial-" + re.sub(r"[^A-Za-z0-9._-]+", "-", r.trial_id)
        anchor, n = base, 1
        while anchor in used:
            n += 1
            anchor = f"{base}-{n}"
        used.add(anchor)
        out.append(anchor)
    return out


def _heading(r: TrialResult, anchor: str) -> str:
    """The trial's heading: its NCT id, its title, the name of its input file and the record in it."""
    a = html.escape(anchor)
    title = f" — <span class='title'>{html.escape(r.title)}</span>" if r.title else ""
    where = [PurePath(r.source.path).name if r.source.path else None,
             f"record {r.source.record}" if r.source.record else None]
    src = " · ".join(x for x in where if x)
    src = f"<span class='src'>{html.escape(src)}</span>" if src else ""
    return (f"<h2 id='{a}'><a class='anchor' href='#{a}' title='link to this trial'>#</a> "
            f"<span class='nct'>{html.escape(r.trial_id)}</span>{title} {src}</h2>")


def _trial_section(r: TrialResult, anchor: str) -> tuple[str, bool]:
    """The trial's section, and whether nothing in it needs review (no warning, every criterion structured)."""
    tree, calm = _tree(_trial_view(r), None)
    calm = calm and not r.warnings
    warns = "".join(f"<p class='warn'>warning: {html.escape(w.message)}</p>" for w in r.warnings if w.code != UNREAD)
    return f"<section class='trial{' calm' if calm else ''}'>{_heading(r, anchor)}{warns}{tree}</section>", calm


def _summary(results: list[TrialResult], to_review: int) -> str:
    from .frames import coverage

    cov = coverage(results)
    unread = sum(w.code == UNREAD for r in results for w in r.warnings)
    return ("<table class='summary'>"
            f"<tr><td>trials</td><td id='n-trials'>{len(results)}</td></tr>"
            f"<tr><td>trials with something to review</td><td id='n-review'>{to_review}</td></tr>"
            f"<tr><td>criteria</td><td>{cov['criteria']}</td></tr>"
            f"<tr><td>structured (typed records account for the criterion)</td><td>{cov['structured']} "
            f"({cov['share_structured']:.1%})</td></tr>"
            f"<tr><td>partly structured (words left over)</td><td>{cov['partly_structured']} "
            f"({cov['share_partly_structured']:.1%})</td></tr>"
            f"<tr><td>not structured (to check)</td><td id='n-not-structured'>{cov['not_structured']}</td></tr>"
            f"<tr><td>pieces of text not read by any criterion</td><td id='n-unread'>{unread}</td></tr>"
            "</table>")


def review_page(results: Iterable[TrialResult], errors: Iterable = ()) -> str:
    """One self-contained HTML page for curators (no script, no external resource)."""
    results = list(results)
    sections = [_trial_section(r, a) for r, a in zip(results, _anchors(results))]
    errs = "".join(f"<p class='warn'>error: {html.escape(str(e))}</p>" for e in errors)
    return (f"<!doctype html><html><head><meta charset='utf-8'><title>trialcriteria review</title><style>{CSS}</style>"
            "</head><body><h1>trialcriteria review</h1>"
            f"{_summary(results, sum(not calm for _, calm in sections))}{FILTER}"
            f"<main>{errs}{''.join(s for s, _ in sections)}</main></body></html>")
