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
from .components.tokenizer import create_tokenizer

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
    nlp.tokenizer = create_tokenizer()(nlp)
    nlp.add_pipe("criterion_sentences")
    nlp.add_pipe("abbreviation_detector", config={"make_serializable": True})
    nlp.add_pipe("analyte_matcher")
    nlp.add_pipe("drug_matcher")
    nlp.add_pipe("condition_matcher")
    path = model_path() if with_model else None
    if path is not None and (path / "meta.json").exists():
        trained = spacy.load(path)
        nlp.add_pipe("tok2vec", source=trained)
        nlp.add_pipe("ner", source=trained)
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


def annotate_many(items: list[tuple[str, list[tuple[int, int]], list[str] | None]], batch_size: int = 64) -> list[Doc]:
    """annotate() over many trials at once: each component runs over the whole batch (the trainable ones,
    tok2vec and ner, batch their matrix work), which is much faster than one trial at a time."""
    nlp = get_nlp()
    docs = [_make_doc(nlp, *item) for item in items]
    for _, proc in nlp.pipeline:
        if hasattr(proc, "pipe"):
            docs = list(proc.pipe(docs, batch_size=batch_size))
        else:
            docs = [proc(d) for d in docs]
    return docs
