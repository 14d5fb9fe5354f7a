"""HTML views of results: displaCy (manual mode) for one trial's facts, and the self-contained review page.

Everything a curator needs is in the page: the criterion tree, each criterion's facts highlighted with their
normalized values, its status (structured / partly structured / not structured, with the reason) and the
trial's warnings. No script and no external resource is loaded."""

from __future__ import annotations

import html
from collections.abc import Iterable

from .schema import Criterion, TrialResult

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
    kept: list[tuple[int, int, str, str]] = []
    for s in sorted(spans, key=lambda x: (x[0], -(x[1] - x[0]))):
        if all(s[0] >= k[1] or s[1] <= k[0] for k in kept):
            kept.append(s)
    return kept


def render_html(result: TrialResult, jupyter: bool | None = None) -> str:
    """displaCy 'ent' view of the eligibility text with every fact labelled by its normalized value."""
    from spacy import displacy

    spans = _non_overlapping([s for c in result.criteria for s in fact_spans(c)])
    data = {"text": result.eligibility_text, "title": result.trial_id,
            "ents": [{"start": s, "end": e, "label": f"{label}: {value}"} for s, e, label, value in spans]}
    colors = {f"{label}: {value}": COLORS[label] for _, _, label, value in spans}
    return displacy.render(data, style="ent", manual=True, jupyter=jupyter, page=jupyter is not True,
                           options={"colors": colors})


def _highlight(text: str, base: int, spans: list[tuple[int, int, str, str]]) -> str:
    out, pos = [], base
    for s, e, label, value in _non_overlapping(spans):
        if s < pos or e > base + len(text):
            continue
        out.append(html.escape(text[pos - base : s - base]))
        out.append(f'<mark class="{label.lower()}" title="{html.escape(value)}">{html.escape(text[s - base : e - base])}'
                   f'<span class="v">{html.escape(value)}</span></mark>')
        pos = e
    out.append(html.escape(text[pos - base :]))
    return "".join(out)


CSS = """
body{font:14px/1.45 system-ui,sans-serif;margin:2em;max-width:1100px;color:#222}
h1{font-size:20px} h2{font-size:16px;margin-top:2em;border-bottom:1px solid #ccc}
ul.tree{list-style:none;padding-left:1.2em} li{margin:.35em 0}
.crit{border-left:4px solid #ccc;padding-left:.5em} .structured{border-color:#2a9d8f}
.partly_structured{border-color:#e9c46a} .not_structured{border-color:#e76f51;background:#fff4f1}
.status{font-size:11px;color:#555;margin-left:.5em} .id{font-family:monospace;color:#777;margin-right:.4em}
mark{border-radius:3px;padding:0 2px} mark .v{font-size:10px;margin-left:3px;color:#333;font-weight:600}
mark.lab{background:#f4a26155} mark.window{background:#8ecae655} mark.drug{background:#b5e48c66}
mark.fact{background:#e9c46a66} mark.condition{background:#cdb4db77} mark.procedure{background:#ffafcc77}
mark.biomarker{background:#a2d2ff77} .warn{color:#b00} .summary td{padding:2px 10px}
"""


def review_page(results: Iterable[TrialResult], errors: Iterable = ()) -> str:
    """One self-contained HTML page for curators."""
    from .frames import coverage

    results = list(results)
    cov = coverage(results)
    parts = [f"<!doctype html><html><head><meta charset='utf-8'><title>trialcriteria review</title><style>{CSS}</style></head><body>",
             "<h1>trialcriteria review</h1>",
             "<table class='summary'>"
             f"<tr><td>trials</td><td id='n-trials'>{len(results)}</td></tr>"
             f"<tr><td>criteria</td><td>{cov['criteria']}</td></tr>"
             f"<tr><td>structured (typed records account for the criterion)</td><td>{cov['structured']} "
             f"({cov['share_structured']:.1%})</td></tr>"
             f"<tr><td>partly structured (words left over)</td><td>{cov['partly_structured']} "
             f"({cov['share_partly_structured']:.1%})</td></tr>"
             f"<tr><td>not structured (to check)</td><td id='n-not-structured'>{cov['not_structured']}</td></tr>"
             "</table>"]
    for e in errors:
        parts.append(f"<p class='warn'>error: {html.escape(str(e))}</p>")
    for r in results:
        parts.append(f"<h2 id='{html.escape(r.trial_id)}'>{html.escape(r.trial_id)}"
                     f"{(' — ' + html.escape(r.title)) if r.title else ''}</h2>")
        for w in r.warnings:
            parts.append(f"<p class='warn'>warning: {html.escape(w.message)}</p>")
        children: dict[str | None, list[Criterion]] = {}
        for c in r.criteria:
            children.setdefault(c.parent_id, []).append(c)

        def tree(parent: str | None) -> str:
            items = []
            for c in children.get(parent, []):
                raw = r.eligibility_text[c.start : c.end]
                body = _highlight(raw, c.start, fact_spans(c))
                items.append(
                    f"<li class='crit {c.status}' data-status='{c.status}'><span class='id'>{html.escape(c.id)}"
                    f"{' ' + html.escape(c.marker) if c.marker else ''}</span>{body}"
                    f"<span class='status'>[{c.section} · {c.status.replace('_', ' ')}: {html.escape(c.status_reason)}]</span>"
                    f"{tree(c.id)}</li>")
            return f"<ul class='tree'>{''.join(items)}</ul>" if items else ""

        parts.append(tree(None))
    parts.append("</body></html>")
    return "".join(parts)
