"""Pure-ish: Chia BRAT files -> spaCy Docs with entities, split by trial (80/10/10, seed 13).

Kept types: Condition, Drug, Procedure, Measurement, Observation, Device, Value, Temporal, Qualifier. The
other Chia types are left to the rule components (Negation, Mood -> ConText; Reference_point, Visit -> time
windows; Multiplier -> lab thresholds) or carry no computable fact (Person, Scope, Informed_consent...).

Discontinuous spans ("T1 Drug 10 20;25 30") become one span from the first fragment's start to the last
fragment's end when the gap holds at most 3 tokens ("breast [and ovarian] cancer"); otherwise the longest
fragment alone. Overlapping spans cannot both be NER entities: the longer one is kept (on a tie, the earlier).
"""

from __future__ import annotations

from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, DocBin

from .brat import iter_brat_files, split_trials, trial_ids

TYPES = ("Condition", "Drug", "Procedure", "Measurement", "Observation", "Device", "Value", "Temporal", "Qualifier")
MAX_GAP_TOKENS = 3


def entity_spans(text: str, entities, nlp_tokenize) -> list[tuple[int, int, str]]:
    """(start, end, label) char spans after the discontinuous/overlap rules (before token alignment)."""
    spans = []
    for e in entities.values():
        if e.type not in TYPES:
            continue
        if len(e.spans) == 1:
            s, t = e.spans[0]
        else:
            gap_tokens = sum(len(nlp_tokenize(text[a[1] : b[0]])) for a, b in zip(e.spans, e.spans[1:]))
            if gap_tokens <= MAX_GAP_TOKENS:
                s, t = e.spans[0][0], e.spans[-1][1]
            else:
                s, t = max(e.spans, key=lambda x: x[1] - x[0])
        spans.append((s, t, e.type))
    spans.sort(key=lambda x: (-(x[1] - x[0]), x[0]))
    kept: list[tuple[int, int, str]] = []
    for s, t, lab in spans:
        if all(t <= a or s >= b for a, b, _ in kept):
            kept.append((s, t, lab))
    return sorted(kept)


def chia_docs(nlp: Language, brat_dir: Path, trials: list[str]) -> tuple[list[Doc], int, int]:
    """Docs (one per Chia file) with entities; also (aligned, dropped) entity counts."""
    docs, aligned, dropped = [], 0, 0
    tokenize = lambda s: [t for t in nlp.tokenizer(s) if not t.is_space]  # noqa: E731
    for f in iter_brat_files(brat_dir, trials):
        text, entities = f.text, f.entities
        doc = nlp.make_doc(text)
        ents = []
        for s, t, lab in entity_spans(text, entities, tokenize):
            while t > s and text[t - 1].isspace():
                t -= 1
            while s < t and text[s].isspace():
                s += 1
            try:
                span = doc.char_span(s, t, label=lab, alignment_mode="expand") if 0 <= s < t <= len(text) else None
            except (IndexError, ValueError):
                span = None
            if span is None or any(span.start < e.end and e.start < span.end for e in ents):
                dropped += 1
                continue
            ents.append(span)
            aligned += 1
        doc.ents = sorted(ents, key=lambda e: e.start)
        doc.user_data["trial"] = f.trial
        docs.append(doc)
    return docs, aligned, dropped


def write_splits(nlp: Language, brat_dir: Path, out_dir: Path) -> dict:
    """train.spacy / dev.spacy / test.spacy under out_dir; returns counts per split."""
    out_dir.mkdir(parents=True, exist_ok=True)
    splits = split_trials(trial_ids(brat_dir))
    counts = {}
    for name, trials in splits.items():
        docs, aligned, dropped = chia_docs(nlp, brat_dir, trials)
        DocBin(docs=docs, store_user_data=True).to_disk(out_dir / f"{name}.spacy")
        counts[name] = {"trials": len(trials), "docs": len(docs), "entities": aligned, "dropped": dropped}
    return counts
