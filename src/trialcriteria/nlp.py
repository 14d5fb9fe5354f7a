"""Builds the spaCy pipeline from the components and resources (loaded once per process)."""

from __future__ import annotations

import logging
import os
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from . import components  # noqa: F401  (registers the factories)
from .components.tokenizer import BoundedTokenizer, bounded_parenthesis_matcher, create_tokenizer

PIPE_NAMES = ("criterion_sentences", "abbreviation_detector", "analyte_matcher", "drug_matcher", "condition_matcher",
              "lab_thresholds", "criterion_facts", "criterion_biomarkers", "criteria_context")


MODEL_NAME = "chia_ner"
log = logging.getLogger("trialcriteria")


def shipped_model() -> Path:
    """The model that ships with the package (package data `trialcriteria.models`, from models/ in the
    repository)."""
    from importlib import resources

    return Path(str(resources.files("trialcriteria.models") / MODEL_NAME))


def model_path() -> Path | None:
    """The trained NER pipeline: $TRIALCRITERIA_MODEL, else the one shipped with the package; None if absent
    (set TRIALCRITERIA_MODEL=none to run with rules only)."""
    env = os.environ.get("TRIALCRITERIA_MODEL")
    if env is not None:
        return None if env.lower() in ("", "none", "0") else Path(env)
    path = shipped_model()
    return path if (path / "meta.json").exists() else None


def build_nlp(with_model: bool = True) -> Language:
    import warnings

    import scispacy.abbreviation  # noqa: F401  (registers abbreviation_detector)

    # the AbbreviationDetector runs an empty matcher on docs that define no abbreviation: harmless
    warnings.filterwarnings("ignore", message=r".*\[W036\]")

    nlp = spacy.blank("en")
    nlp.tokenizer = BoundedTokenizer(create_tokenizer()(nlp))
    nlp.add_pipe("criterion_sentences")
    abbreviations = nlp.add_pipe("abbreviation_detector", config={"make_serializable": True})
    abbreviations.matcher = bounded_parenthesis_matcher(nlp.vocab)
    nlp.add_pipe("analyte_matcher")
    nlp.add_pipe("drug_matcher")
    nlp.add_pipe("condition_matcher")
    path = model_path() if with_model else None
    if path is not None and (path / "meta.json").exists():
        # only the trained components are taken: their pipeline's own tokenizer (the scispaCy one, 13,000
        # special cases) is neither built nor read, a third of the model's load time
        trained = spacy.load(path, exclude=["tokenizer"],
                             config={"nlp": {"tokenizer": {"@tokenizers": "spacy.Tokenizer.v1"}}})
        for name in trained.pipe_names:  # tok2vec, ner and the type rules that correct the model's entities
            nlp.add_pipe(name, source=trained)
    elif with_model:
        log.warning("no trained NER model (looked for %s): running with rules only", path or shipped_model())
    nlp.add_pipe("lab_thresholds")
    nlp.add_pipe("criterion_facts")
    nlp.add_pipe("criterion_biomarkers")
    nlp.add_pipe("criteria_context")
    return nlp


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    return build_nlp()


def _make_doc(nlp: Language, text: str, criteria: list[tuple[int, int]], sections: list[str] | None) -> Doc:
    doc = nlp.make_doc(text)
    doc.user_data["text"] = text  # doc.text is rebuilt from the tokens on each access
    doc.user_data["criteria"] = list(criteria)
    if sections is not None:
        doc.user_data["sections"] = list(sections)
    return doc


def annotate(text: str, criteria: list[tuple[int, int]], sections: list[str] | None = None) -> Doc:
    """Run the pipeline over one trial's eligibility text, its criteria given as character spans (and their
    sections: a fact that only an inclusion criterion states is no fact of an exclusion one)."""
    nlp = get_nlp()
    doc = _make_doc(nlp, text, criteria, sections)
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    return doc


MODEL_TOKENS = 8192  # the NER model reads a longer doc in pieces of this size (real records stay far below)
MODEL = ("tok2vec", "ner")


def annotate_many(items: list[tuple[str, list[tuple[int, int]], list[str] | None]], batch_size: int = 64) -> list[Doc]:
    """annotate() over many trials at once: each component runs over the whole batch (the trainable ones,
    tok2vec and ner, batch their matrix work), which is much faster than one trial at a time. A doc of more
    than MODEL_TOKENS tokens goes through the model in pieces cut at sentence starts, so that its matrices stay
    bounded (listed in doc.user_data["model_windows"] for a warning)."""
    nlp = get_nlp()
    docs = [_make_doc(nlp, *item) for item in items]
    names = [name for name, _ in nlp.pipeline]
    for name, proc in nlp.pipeline:
        if name == "ner" or (name == "tok2vec" and "ner" in names):
            if name == "tok2vec":
                docs = _model_pieces(nlp, docs, batch_size)
            continue
        if hasattr(proc, "pipe"):
            docs = list(proc.pipe(docs, batch_size=batch_size))
        else:
            docs = [proc(d) for d in docs]
    return docs


def _model_pieces(nlp: Language, docs: list[Doc], batch_size: int) -> list[Doc]:
    """tok2vec and ner over the docs: as they are when short, piece by piece (entities copied back) when long."""
    from spacy.tokens import Span

    tok2vec, ner = nlp.get_pipe("tok2vec"), nlp.get_pipe("ner")
    short = [d for d in docs if len(d) <= MODEL_TOKENS]
    for d in ner.pipe(tok2vec.pipe(short, batch_size=batch_size), batch_size=batch_size):
        pass
    for doc in (d for d in docs if len(d) > MODEL_TOKENS):
        cuts = _cuts(doc)
        doc.user_data["model_windows"] = [(doc[a].idx, doc[b - 1].idx + len(doc[b - 1])) for a, b in cuts]
        ents = []
        for a, b in cuts:
            piece = ner(tok2vec(doc[a:b].as_doc()))
            ents += [Span(doc, a + e.start, a + e.end, label=e.label_) for e in piece.ents]
        doc.set_ents(ents, default="outside")
    return docs


def _cuts(doc: Doc) -> list[tuple[int, int]]:
    """Pieces of at most MODEL_TOKENS tokens, cut at the last sentence start in each piece's second half."""
    out, a = [], 0
    while len(doc) - a > MODEL_TOKENS:
        b = a + MODEL_TOKENS
        cut = next((i for i in range(b, a + MODEL_TOKENS // 2, -1) if doc[i].is_sent_start), b)
        out.append((a, cut))
        a = cut
    return [*out, (a, len(doc))]
