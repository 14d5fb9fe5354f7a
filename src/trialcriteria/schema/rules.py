"""The rule and lexicon files of resources/: each is validated by its model when it is loaded."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from .base import Anchor, BiomarkerAlteration, BiomarkerResult, Comparator, StrictModel, TimeComparator

class AnalyteEntry(StrictModel):
    """One analyte of resources/analytes.jsonl."""

    id: str = Field(pattern=r"^[a-z0-9_]+$")
    name: str
    loinc: str | None = Field(None, pattern=r"^\d{1,7}-\d$")
    unit: str = Field(description="Canonical UCUM unit ('1' for a unitless ratio).")
    category: Literal["hematology", "chemistry", "liver", "renal", "coagulation", "urinalysis", "cardiac",
                      "vital_sign", "tumor_marker", "hormone", "metabolic", "lipid", "immunology", "virology",
                      "pathology", "pulmonary", "other"]
    synonyms: list[str] = Field(description="Names matched case-insensitively as whole words.")
    abbreviations: list[str] = Field(default_factory=list, description="Abbreviations matched case-sensitively.")
    molar_mass: float | None = Field(None, gt=0, description="g/mol, for mass <-> molar conversions.")
    plausible: tuple[float, float] | None = Field(None, description="Range of plausible cut-offs in the canonical unit.")
    formulas: list[str] = Field(default_factory=list)
    note: str | None = None


class DrugClassEntry(StrictModel):
    """One drug class of resources/drug_classes.jsonl."""

    id: str = Field(pattern=r"^[a-z0-9_]+$")
    name: str = Field(description="Canonical name, lower case ('strong cyp3a4 inhibitors').")
    parents: list[str] = Field(default_factory=list, description="Ids of broader classes.")
    atc: str | None = Field(None, description="ATC code of the class when it is an ATC group.")
    synonyms: list[str] = Field(default_factory=list, description="Names matched case-insensitively.")
    note: str | None = None


class DrugEntry(StrictModel):
    """One drug of resources/drugs.jsonl."""

    id: str = Field(pattern=r"^[a-z0-9_]+$")
    name: str = Field(description="International non-proprietary name, lower case.")
    classes: list[str] = Field(description="Ids of the classes it belongs to directly (their parents follow).")
    atc: list[str] = Field(default_factory=list)
    synonyms: list[str] = Field(default_factory=list, description="Brand names, code names, spelling variants.")


class GeneEntry(StrictModel):
    """One gene of resources/biomarker_genes.jsonl (built from lexicons/sources/biomarker_genes.tsv and HGNC)."""

    symbol: str = Field(description="HGNC approved symbol.")
    hgnc_id: str = Field(pattern=r"^HGNC:\d+$")
    name: str
    source: Literal["actionable", "corpus", "both"]
    aliases: list[str] = Field(description="Written forms matched case-sensitively (the symbol first).")
    names: list[str] = Field(default_factory=list, description="Names matched case-insensitively, lower case.")


BIOMARKER_ATTRIBUTES = ("exon", "variant", "codon", "tps", "cps", "hscore", "tmbval", "percent", "ihc_range", "ihc_score",
                        "ihc", "ish", "cmpnum", "result", "alteration", "filler", "connector", "separator")
BIOMARKER_PREFIXES = ("result_pos", "result_neg", "result_wt", "mutation", "amplification", "fusion", "overexpression",
                      "expression", "result_def", "high", "low", "coordinated", "filler")


class BiomarkerMarker(StrictModel):
    """A biomarker that is no single gene's written form (MSI-H, dMMR, TMB, hormone receptors, BRCA1/2, Ph+)."""

    pattern: str
    gate: list[str] = Field(description="The pattern is tried only on a text with one of these words (with a capital: "
                                        "as written, else in any case; a final * makes it a word's start; a string "
                                        "of no letters is looked for anywhere).")
    genes: list[str] = Field(default_factory=list, description="HGNC symbols; empty for MSI, MMR and TMB.")
    alteration: BiomarkerAlteration | None = None
    result: BiomarkerResult | None = None


class BiomarkerRules(StrictModel):
    """resources/biomarkers.json: what makes a biomarker mention around a gene (extract/biomarkers.py)."""

    doc: str | None = Field(None, alias="_doc")
    markers: list[BiomarkerMarker]
    fusion_joiner: str
    drug_after: str
    drug_before: str
    attributes: list[tuple[str, str]] = Field(description="(kind, pattern), tried in this order at each position.")
    prefixes: list[tuple[str, str]]
    orphan_start: str = Field(description="Where an attribute written apart from its gene may start ('IHC 3+', 'L858R').")
    orphan_gate: list[str] = Field(description="orphan_start is tried only on a text holding one of these (as `gate`) "
                                               "or a variant_token.")
    variant_token: str
    mmr_genes: list[str] = Field(description="The mismatch-repair genes: their loss or presence is MMR status.")
    placeholder_after: str = Field(description="After a marker without a result: it states no requirement ('Hormone "
                                               "receptor status: Not specified').")
    placeholder_before: str = Field(description="Before such a marker: 'any HER2 status', 'regardless of'.")
    ish_alteration: dict[str, BiomarkerAlteration]
    variant_genes: dict[str, str] = Field(description="Hotspot (residue and position) -> the gene it names alone.")
    amino_acids: dict[str, str]

    @model_validator(mode="after")
    def _patterns(self) -> "BiomarkerRules":
        import re

        kinds = [k for k, _ in self.attributes]
        if sorted(kinds) != sorted(BIOMARKER_ATTRIBUTES):
            raise ValueError(f"attributes must list each of {', '.join(BIOMARKER_ATTRIBUTES)} once")
        if any(k not in BIOMARKER_PREFIXES for k, _ in self.prefixes):
            raise ValueError(f"prefix kinds are {', '.join(BIOMARKER_PREFIXES)}")
        cmp = r"(?:>=|<=|>|<)"
        for i, m in enumerate(self.markers):
            _check_pattern(f"markers[{i}]", m.pattern, flags=re.I)
        for key in ("fusion_joiner", "drug_after", "drug_before", "orphan_start", "variant_token", "placeholder_after",
                    "placeholder_before"):
            _check_pattern(key, getattr(self, key), flags=re.I)
        for kind, pattern in [*self.attributes, *self.prefixes]:
            _check_pattern(kind, pattern.replace("{CMP}", cmp), flags=re.I)
        return self


class ComparatorRule(StrictModel):
    canonical: Comparator
    patterns: list[str]


class UnitRule(StrictModel):
    ucum: str
    patterns: list[str] = Field(description="Regexes (case-insensitive unless (?-i:...)) of the unit as written.")


class ReferenceRule(StrictModel):
    reference: Literal["ULN", "LLN", "predicted"]
    pattern: str


class PostComparatorRule(StrictModel):
    canonical: Comparator
    pattern: str


class SpecialConversion(StrictModel):
    analyte: str
    from_unit: str
    to_unit: str
    scale: float
    offset: float
    comment: str | None = None


class ThresholdResources(StrictModel):
    """resources/thresholds.json: comparators, units, references and cue words of lab thresholds."""

    comparators: list[ComparatorRule]
    post_comparators: list[PostComparatorRule]
    units: list[UnitRule]
    references: list[ReferenceRule]
    normal_range: str
    condition_openers: list[str]
    qualifiers: list[str]
    blood_pressure_sides: dict[str, str]
    formulas: dict[str, str]
    special_conversions: list[SpecialConversion]
    number_words: dict[str, float] = Field(description="Multipliers written as words: 'twice the ULN', 'three times normal'.")
    glue_stop_words: str = Field(description="Regex of words that, between an analyte and a number, mean the number is not its level ('weight change > 2 kg').")
    after_stop_words: str = Field(description="Regex of words that, right after a value, mean it is a change, not a level ('< 15% rise per day').")
    sex_after: str = Field(description="Regex of the sex a cut-off is for, right after it ('> 450 ms in males', '(female)').")
    sex_before: str = Field(description="Regex of the sex a cut-off is for, right before it ('women: > 470 ms').")


class SectionHeaderRule(StrictModel):
    section: Literal["inclusion", "exclusion", "eligibility", "nci"]
    pattern: str = Field(description="Python regex matched (case-insensitive) against a line with its marker removed.")
    comment: str | None = None


class CueRule(StrictModel):
    pattern: str
    weight: float
    comment: str | None = None


class SegmenterResources(StrictModel):
    """resources/segmenter.json: the data the section finder and the criterion splitter run on."""

    section_headers: list[SectionHeaderRule]
    section_intro: list[str] = Field(description="Regexes of sentences that only introduce a section's list.")
    note_prefixes: list[str]
    region_stop: list[str] = Field(description="Regexes of whole lines that end an eligibility region in a pasted page.")
    page_noise: list[str] = Field(description="Regexes of lines that are page furniture (PDF headers and footers).")
    criterion_cues: list[CueRule] = Field(description="Weighted regexes: how much a line reads like a criterion.")
    inclusion_cues: list[CueRule]
    exclusion_cues: list[CueRule]
    prose_openers: list[CueRule] = Field(description="Sentences that open a prose eligibility passage, with their section weight.")
    prose_cues: list[CueRule] = Field(description="Sentences that continue a prose eligibility passage (weight > 0: inclusion, < 0: exclusion).")
    prose_skip: list[str] = Field(description="Regexes of sentences in a prose criteria field that state no eligibility (study design).")
    abbreviations_no_split: list[str] = Field(description="Abbreviations after which a period does not end a sentence.")
    connector: str = Field(description="A node whose whole text is a connector ('OR', '- AND -'): a group of the siblings it joins.")
    logic_min: str = Field(description="'At least two of the following': any, with the minimum in group `n`.")
    logic_all: str = Field(description="Cues of a node whose children must all hold ('all of the following').")
    logic_any: str = Field(description="Cues of a node one of whose children is enough ('one of the following').")
    pdq_labels: str = Field(description="The labels of old NCI/PDQ records ('Age:', 'Hepatic:', 'Biologic therapy:').")
    pdq_connectors: str = Field(description="Words after which a capitalized word goes on the same PDQ statement.")
    pdq_inside_words: str = Field(description="Capitalized words that stand inside a phrase (names, eponyms, months).")
    pdq_starters: str = Field(description="Capitalized words that open a PDQ statement ('No', 'At', 'Prior').")
    prose_list_opener: str = Field(description="A prose sentence that lists criteria: 'Key exclusion criteria included'.")
    prose_list_starts: str = Field(description="Words that start the next element of such a list after a comma.")
    placeholders: list[str] = Field(description="Regexes of a whole criteria field that states no criterion "
                                                "('No eligibility criteria', 'Please contact site for information').")


# ------------------------------------------------------------------- patterns and the groups the code reads

def _check_pattern(where: str, pattern: str, groups: frozenset[str] = frozenset(), flags: int = 0) -> None:
    """A regex of a rule file compiles and has the named groups the code reads."""
    import re

    try:
        compiled = re.compile(pattern, flags)
    except re.error as exc:
        raise ValueError(f"{where}: not a valid regex ({exc})") from None
    missing = groups - set(compiled.groupindex)
    if missing:
        raise ValueError(f"{where}: the pattern lacks the named group(s) {', '.join(sorted(missing))}")


ContextCategory = Literal["NEGATED_EXISTENCE", "INELIGIBLE", "EXCEPTION", "CONDITIONAL", "HYPOTHETICAL", "TERMINATE",
                          "DOSE_LIMIT"]


class ContextRule(StrictModel):
    """One ConText cue: a literal phrase (matched case-insensitively), or a spaCy token pattern when the cue has a
    number in it ("4 weeks since", "no more than 2"); `literal` then names the rule."""

    literal: str
    category: ContextCategory
    direction: Literal["FORWARD", "BACKWARD", "BIDIRECTIONAL", "TERMINATE", "PSEUDO"]
    max_scope: int | None = None
    pattern: list[dict] | None = None
    terminated_by: list[ContextCategory] = Field(default_factory=list, description="Categories whose cues end this cue's scope (medspaCy's terminated_by).")
    comment: str | None = None


class ContextRules(StrictModel):
    """resources/context_rules.json: medspaCy ConText rules written for criteria, the assertion each category
    sets, their priority, and the heading whose items are exceptions."""

    comment: str | None = None
    assertions: dict[ContextCategory, Literal["negated", "ineligible", "exception", "conditional", "hypothetical"]]
    priority: list[Literal["negated", "ineligible", "exception", "conditional", "hypothetical"]]
    allowed_heading: str
    sentence_negation: str = Field(description="A criterion that opens with it negates the records of its first sentence.")
    indication: str = Field("(?!)", description="Words before a condition that make it a treatment's indication or the current episode: required.")
    category_kinds: dict[ContextCategory, list[str]] = Field(default_factory=dict, description="Categories that apply to these kinds of records only (DOSE_LIMIT: drugs).")
    negated_permission: str = Field("(?!)", description="An EXCEPTION cue that grants a permission ('is allowed'): after a negation cue that precedes the record, in the same clause, it is negated ('No G-CSF is allowed'), not an exception.")
    clause_break: str = Field("(?!)", description="What ends a clause between a negation cue and a permission cue (', but', ';').")
    permission_scope_break: str = Field("(?!)", description="What a permission cue's scope does not cross back to a record (';', 'but').")
    context_rules: list[ContextRule]

    @model_validator(mode="after")
    def _consistent(self) -> "ContextRules":
        import re

        _check_pattern("allowed_heading", self.allowed_heading, flags=re.I)
        _check_pattern("sentence_negation", self.sentence_negation, flags=re.I)
        _check_pattern("indication", self.indication, flags=re.I)
        _check_pattern("negated_permission", self.negated_permission, flags=re.I)
        _check_pattern("clause_break", self.clause_break, flags=re.I)
        _check_pattern("permission_scope_break", self.permission_scope_break, flags=re.I)
        if set(self.priority) != set(self.assertions.values()):
            raise ValueError("priority must list every assertion of `assertions` once")
        return self


class NamedPattern(StrictModel):
    pattern: str


class TimeComparatorRule(NamedPattern):
    comparator: TimeComparator


class AnchorRule(NamedPattern):
    anchor: Anchor


class TimeResources(StrictModel):
    """resources/time.json: the vocabulary of durations, comparators, directions and anchors of time windows."""

    number_words: dict[str, float]
    units: dict[Literal["D", "W", "M", "Y", "H", "MIN"], str]
    article_after: list[str] = Field(description="Words after which 'a'/'an' is the number one ('within a year').")
    comparators: list[TimeComparatorRule] = Field(description="Matched at the end of the words before a duration, in order.")
    gap_cue: str = Field(description="A comparator that names a gap ('a gap of two weeks between ... and ...').")
    anchors: list[AnchorRule] = Field(description="Matched after a direction word; the longest match wins, ties in order.")
    anchor_prefix: str = Field(description="'the date of', 'the planned': read past before an anchor ('the date of informed consent').")
    event_anchor: str = Field(description="Another named event, when no anchor matches ('hospital admission').")
    anchor_inside: list[AnchorRule] = Field(description="An anchor named inside another event phrase ('prior to administration of chemotherapy on Day 1 of Cycle 1').")
    post_anchors: list[AnchorRule] = Field(description="'2 years post-menopausal', 'postoperative': the event after 'post'.")
    direction_before: str
    direction_after: str
    direction_from: str = Field(description="'of', 'from', 'since', 'at the time of': the anchor gives the direction.")
    direction_join: str = Field(description="'prior to and throughout the study': skipped before the anchor.")
    direction_between: str = Field(description="'between the last surgery and the day of randomization'.")
    ago: str
    thereafter: str
    treatment_period: str = Field(description="'during treatment and for 3 months thereafter': the anchor is the last dose.")
    intent: str = Field(description="A planned or intended event falls after a study anchor ('intending to become pregnant within 6 months of screening').")
    prior_cue: str = Field(description="'completion of treatment' of a prior treatment is an event, not the last dose.")
    any_time: str = Field(description="'ever', 'at any time in their life': a window without a duration.")
    half_lives: str = Field(description="Its first group is the number of half-lives.")
    half_lives_tail: str
    combine: dict[Literal["max", "min"], str]
    combine_lead: dict[Literal["max", "min"], str] = Field(description="'within the longer of 30 days or ...', before the duration.")
    state_cues: str = Field(description="States that make a duration that is not a 'within' window a state_duration.")
    state_strong: str = Field(description="Cues that make a duration that is not a 'within' window a state_duration ('stable', 'unchanged', 'duration').")
    state_within: str = Field(description="Cues that make even a 'within' window a state_duration ('remained stable in the 2 months prior').")
    since_stop: str = Field(description="Where the event named after 'since' ends ('since prior radiotherapy and recovered', a next label 'Surgery:').")
    skip_after: str
    skip_after_years: str = Field(description="After a number of years: an age ('61 years or above').")
    skip_before: str
    old: str
    person_cues: str = Field(description="'6 months old' is an age after these words, else the age of a thing ('of at least three months old').")
    compound_keep: str = Field(description="Nouns after 'N-day' that keep it a window ('a 4-week washout'); other nouns make it an adjective ('a 3-day diary').")
    bare_state: str
    post_comparators: list[TimeComparatorRule]
    implicit_one: str = Field(description="'in the previous year': must name the unit in a group `unit`.")
    implicit_more: list[str] = Field(description="Other windows of one unit without a number; each names the unit in a group `unit`.")
    gap_before_direction: str

    @model_validator(mode="after")
    def _patterns(self) -> "TimeResources":
        import re

        strings = {k: v for k, v in self.model_dump().items() if isinstance(v, str)}
        strings |= {f"units.{k}": v for k, v in self.units.items()} | {f"combine.{k}": v for k, v in self.combine.items()}
        strings |= {f"combine_lead.{k}": v for k, v in self.combine_lead.items()}
        strings |= {f"implicit_more[{i}]": v for i, v in enumerate(self.implicit_more)}
        for key, pattern in strings.items():
            groups = frozenset({"unit"}) if key == "implicit_one" or key.startswith("implicit_more") else frozenset()
            _check_pattern(key, pattern, groups, re.I)
        for key in ("comparators", "anchors", "anchor_inside", "post_anchors", "post_comparators"):
            for i, rule in enumerate(getattr(self, key)):
                _check_pattern(f"{key}[{i}]", rule.pattern, flags=re.I)
        return self


# The named groups the fact rules read, per key of resources/facts.json.
FACT_GROUPS: dict[str, frozenset[str]] = {
    "performance_status": frozenset({"scale", "expr", "scale2"}), "life_expectancy": frozenset({"cmp", "n", "unit"}),
    "nyha": frozenset({"classes"}), "nyha_after": frozenset({"classes"}), "nyha_per": frozenset({"classes"}),
    "child_pugh": frozenset({"classes"}), "child_pugh_before": frozenset({"classes"}),
    "child_pugh_score": frozenset({"cmp", "score"}), "ctcae": frozenset({"cmp", "cmp2", "post", "g"}),
    "contraception_after": frozenset({"n", "unit", "n2", "unit2"}), "prior_lines": frozenset({"naive", "n", "n2", "n3", "ge"}),
    "recist": frozenset({"i", "v", "v2"}), "tumor_grade": frozenset({"g", "a", "b"}),
    "brain_stable": frozenset({"n", "unit"}), "brain_stable_rev": frozenset({"n", "unit"}),
    "sex": frozenset({"f", "m"}), "sex_subject": frozenset({"f", "m"}),
    "pregnancy_test": frozenset({"neg", "pos", "neg2", "pos2", "neg3", "pos3"}),
}


# Every rule pattern of resources/facts.json (a key not listed here is a typo).
FACT_PATTERNS = frozenset(FACT_GROUPS) | {
    "pregnancy", "lactation", "contraception", "measurable", "differentiation", "brain_metastases", "brain_treated",
    "off_steroids", "contraception_use", "contraception_lack", "pregnancy_not", "sex_topics", "contraception_asks",
    "sex_condition", "non_prefix", "prior_lines_negated"}


class AgeRules(StrictModel):
    """The age forms of resources/facts.json (placeholders {CMP}, {N}, {U}, {CUE}, {TAIL})."""

    doc: str | None = Field(None, alias="_doc")
    cue: str
    unit: str
    number: str
    tail: str
    forms: list[tuple[Literal["two_sided", "range", "cmp_age_of", "post", "pre", "plus"], str]]
    subject_prefix: str
    subject_before: str
    duration_after: str
    no_unit_after: str
    not_cue_before: str


class StatusRules(StrictModel):
    """resources/status.json: when typed records account for a criterion's content (it is then `structured`)."""

    comment: str | None = None
    max_unread_words: int = Field(ge=0)
    generic_words: list[str]


class FactsResources(StrictModel):
    """resources/facts.json: the patterns of the fact rules (extract/facts/), the comparator phrases and number
    words they share, and the keyword gates that skip a rule when none of its words is in the criterion. Every
    pattern must compile (with {CMP}, any comparator phrase) and have the named groups the rules read."""

    model_config = {"extra": "allow"}  # one key per rule pattern, checked below

    age: AgeRules
    comparators: dict[str, Comparator]
    numbers: dict[str, int]
    gates: dict[str, list[str] | str]
    histology: list[tuple[str, str]]
    sex_opposite: dict[Literal["f", "m"], str]

    @model_validator(mode="after")
    def _patterns(self) -> "FactsResources":
        import re

        cmp = "(?:" + "|".join(re.escape(c) for c in self.comparators) + ")"
        for key, value in (self.model_extra or {}).items():
            if not isinstance(value, str):
                raise ValueError(f"{key}: a rule pattern must be a string")
            _check_pattern(key, value.replace("{CMP}", cmp), FACT_GROUPS.get(key, frozenset()), re.I)
        keys = set(self.model_extra or {})
        if keys != FACT_PATTERNS:
            raise ValueError(f"facts.json: unknown rule pattern(s) {sorted(keys - FACT_PATTERNS)}, "
                             f"missing {sorted(FACT_PATTERNS - keys)}")
        for name, pattern in self.histology:
            _check_pattern(f"histology {name}", pattern, flags=re.I)
        for key, pattern in self.sex_opposite.items():
            _check_pattern(f"sex_opposite.{key}", pattern, flags=re.I)
        unknown = {k for k in self.gates if not k.startswith("_")} - set(self.model_extra or {}) - {"histology"}
        if unknown:
            raise ValueError(f"gates name no rule: {', '.join(sorted(unknown))}")
        return self


class MatchResources(StrictModel):
    """resources/match.json: the rules of the reference matcher (trialcriteria.matcher) and of the FHIR export."""

    comment: str = ""
    code_systems: dict[str, str] = Field(description="FHIR code system URI -> short name (loinc, icd10cm, atc, ...).")
    export_systems: dict[str, str] = Field(description="Short name -> the URI the FHIR export writes.")
    assessment_loinc: dict[str, str] = Field(description="LOINC code -> assessment kind (ecog, pregnancy, ...).")
    assessment_names: dict[str, list[str]]
    kps_to_ecog: list[tuple[int, int]] = Field(description="(lowest Karnofsky score, ECOG grade), highest first.")
    true_words: list[str]
    false_words: list[str]
    rxnorm_to_atc: list[tuple[str, str, str]] = Field(description="(RxCUI, ingredient name in the drug lexicon, ATC).")
    histology: dict[str, list[str]]
    brain_metastases: dict[Literal["icd10cm", "mesh", "names"], list[str]]
    reference_anchors: list[Anchor] = Field(description="Anchors read as the reference (screening) date.")
    future_anchors: list[Anchor] = Field(description="Anchors after the screening date: windows after them are "
                                         "commitments, not checked at screening.")
    clinical_status_active: list[str]
    medication_status_negative: list[str]
    condition_verification_negative: list[str]

    @model_validator(mode="after")
    def _loinc(self) -> "MatchResources":
        import re

        for code in self.assessment_loinc:
            if not re.fullmatch(r"\d{1,7}-\d", code):
                raise ValueError(f"match.json: {code!r} is not a LOINC code")
        for rxcui, _, atc in self.rxnorm_to_atc:
            if not rxcui.isdigit() or not re.fullmatch(r"[A-Z]\d\d[A-Z][A-Z]\d\d", atc):
                raise ValueError(f"match.json: rxnorm_to_atc row {rxcui} {atc} is malformed")
        return self


NER_LABELS = ("Condition", "Drug", "Procedure", "Measurement", "Observation", "Device", "Value", "Temporal", "Qualifier")


class NerRelabelRule(StrictModel):
    """An entity of one of `from_labels` whose last word is one of `heads` takes `label`."""

    label: Literal[NER_LABELS]  # type: ignore[valid-type]
    from_labels: list[Literal[NER_LABELS]]  # type: ignore[valid-type]
    heads: list[str] = Field(description="Lower-case last words (singular and plural written out).")
    note: str | None = None


class NerTypeRules(StrictModel):
    """resources/ner_types.json: rules that correct the NER model's entity types after it runs."""

    comment: str | None = None
    relabel: list[NerRelabelRule]
