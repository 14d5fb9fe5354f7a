"""Builds the spaCy pipeline from the components and resources (loaded once per process)."""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from . import components  # noqa: F401  (registers the factories)
from .components.tokenizer import create_tokenizer

PIPE_NAMES = ("criterion_sentences", "abbreviation_detector", "analyte_matcher", "drug_matcher", "lab_thresholds",
              "criterion_facts", "criteria_context")


def build_nlp() -> Language:
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
    nlp.add_pipe("lab_thresholds")
    nlp.add_pipe("criterion_facts")
    nlp.add_pipe("criteria_context")
    return nlp


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    return build_nlp()


def annotate(text: str, criteria: list[tuple[int, int]]) -> Doc:
    """Run the pipeline over one trial's eligibility text, its criteria given as character spans."""
    nlp = get_nlp()
    doc = nlp.make_doc(text)
    doc.user_data["criteria"] = list(criteria)
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    return doc
