"""Thin spaCy components over the pure functions of the package. Registered by entry point, so that
`nlp.add_pipe("lab_thresholds")` works in any pipeline once trialcriteria is installed."""

from .tokenizer import create_tokenizer  # noqa: F401
from .criteria_sentences import CriterionSentences  # noqa: F401
from .analytes import AnalyteMatcher  # noqa: F401
from .lab_thresholds import LabThresholds  # noqa: F401
from .drugs import DrugMatcher  # noqa: F401
from .conditions import ConditionMatcher  # noqa: F401
from .criterion_facts import CriterionFacts  # noqa: F401
from .biomarkers import CriterionBiomarkers  # noqa: F401
from .context import CriteriaContext  # noqa: F401
from .ner_types import NerTypeRulesComponent  # noqa: F401
