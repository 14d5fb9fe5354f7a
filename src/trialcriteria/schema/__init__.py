"""Every pydantic model of the project, by role: what the readers produce (records), what the pipeline writes
(output, versioned by SCHEMA_VERSION), the hand-annotated gold files (gold) and the rule and lexicon files
(rules). Every model forbids unknown keys, so that a gold or rule file with a typo fails loudly instead of being
read as empty. Import from here: ``from trialcriteria.schema import TrialResult``."""

from .base import (Anchor, Assertion, BiomarkerAlteration, BiomarkerResult, BiomarkerScale, Comparator,  # noqa: F401
                   ConditionStatus, DrugTiming, FactKind, GoldNodeKind, GoldSourceKind, IdSource, Logic, NodeKind, Polarity,
                   Reference, Section, Sex, SourceFormat, StrictModel, TimeComparator)
from .gold import (ChiaGoldFact, ChiaGoldThreshold, GoldBiomarker, GoldCodingDoc, GoldCondition, GoldDrug,  # noqa: F401
                   GoldFact, GoldFactsDoc, GoldNode, GoldProcedure, GoldThreshold,
                   GoldThresholdDoc, GoldTree, GoldWindow)
from .output import (SCHEMA_VERSION, BiomarkerMention, ConditionMention, Context, Criterion, DrugMention, Fact,  # noqa: F401
                     Header, LabThreshold, Mention, Problem, ProcedureMention, TextSpan, TimeWindow, TrialResult)
from .records import RecordError, Source, TrialRecord  # noqa: F401
from .rules import (AnalyteEntry, ComparatorRule, CueRule, DrugClassEntry, DrugEntry, MatchResources,  # noqa: F401
                    PostComparatorRule,
                    ReferenceRule, SectionHeaderRule, SegmenterResources, SpecialConversion, ThresholdResources,
                    UnitRule)
