"""Pure: what each criterion says of a patient -> the trial's verdict with its explanation.

Statuses: `met` (the patient is as the criterion describes), `not_met`, `unknown`. An inclusion criterion not met,
or an exclusion criterion met, makes the trial `ineligible`; the trial is `eligible` when every top-level criterion
(and the registry's sex and age limits) is decided in the patient's favour, and `needs_review` otherwise."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date

from ..schema import TrialResult
from .index import PatientIndex
from .outcome import Outcome, unknown
from .plan import TrialPlan

STATUS = {True: "met", False: "not_met", None: "unknown"}


@dataclass
class CriterionVerdict:
    id: str
    section: str
    status: str
    reason: str
    evidence: list[str]
    text: str = ""
    parent_id: str | None = None
    notes: list[str] = field(default_factory=list)


class TrialVerdict:
    """A trial's verdict for a patient. `criteria` (every criterion's status, reason and evidence) is built when it is
    first read: matching many trials need not pay for explanations nobody reads."""

    __slots__ = ("trial_id", "patient_id", "reference_date", "verdict", "reason", "excluded_by", "unknown",
                 "_plan", "_outcomes", "_tops", "_criteria")

    def __init__(self, trial_id: str, patient_id: str, reference_date: str, verdict: str, reason: str,
                 excluded_by: list[str], unknown: list[str], plan: TrialPlan, outcomes: dict, tops: list) -> None:
        self.trial_id, self.patient_id, self.reference_date = trial_id, patient_id, reference_date
        self.verdict, self.reason = verdict, reason          # eligible | ineligible | needs_review
        self.excluded_by = excluded_by                        # criterion ids that make the trial ineligible
        self.unknown = unknown                                # top-level criterion ids still undecided
        self._plan, self._outcomes, self._tops, self._criteria = plan, outcomes, tops, None

    @property
    def criteria(self) -> list[CriterionVerdict]:
        if self._criteria is None:
            self._criteria = _criteria(self._plan, self._outcomes, self._tops)
        return self._criteria

    def to_dict(self) -> dict:
        return {"trial_id": self.trial_id, "patient_id": self.patient_id, "reference_date": self.reference_date,
                "verdict": self.verdict, "reason": self.reason, "excluded_by": self.excluded_by,
                "unknown": self.unknown, "criteria": [asdict(c) for c in self.criteria]}

    def __repr__(self) -> str:
        return f"TrialVerdict({self.trial_id!r}, {self.patient_id!r}, {self.verdict!r})"


def _years(iso: str | None) -> float | None:
    if not iso:
        return None
    from .dates import duration_days

    days = duration_days(iso)
    return None if days is None else days / 365.25


def registry_outcomes(trial: TrialResult, idx: PatientIndex, ages: tuple | None = None) -> list[tuple[str, Outcome]]:
    """The registry's structured sex and age limits, as two more inclusion criteria (`ages`: the limits in years,
    when the plan has them already)."""
    out = []
    src = (idx.patient.source or "Patient",)
    if trial.sex in ("female", "male"):
        o = unknown("sex not in the record") if idx.sex is None else \
            Outcome(idx.sex == trial.sex, f"registry sex {trial.sex}; the patient is {idx.sex}", src)
        out.append(("registry-sex", o))
    low, high = ages if ages is not None else (_years(trial.minimum_age), _years(trial.maximum_age))
    if low is not None or high is not None:
        if idx.age is None:
            o = unknown("age limits of the registry: no birth date or age")
        else:
            ok = (low is None or idx.age + 1e-9 >= low) and (high is None or int(idx.age) <= high)
            o = Outcome(ok, f"registry ages {trial.minimum_age or '-'} to {trial.maximum_age or '-'}; age "
                            f"{idx.age:.1f}", src)
        out.append(("registry-age", o))
    return out


def verdict(plan: TrialPlan, outcomes: dict[str, Outcome], idx: PatientIndex, registry: bool = True) -> TrialVerdict:
    trial = plan.trial
    excluded, undecided, reasons = [], [], []
    tops = [(r, section, outcomes[r]) for r, section in plan.tops]
    if registry and plan.registry:
        tops += [(rid, "inclusion", o) for rid, o in registry_outcomes(trial, idx, plan.ages)]
    for rid, section, o in tops:
        fails = o.value is True if section == "exclusion" else o.value is False
        if fails:
            excluded.append(rid)
            reasons.append(f"{rid} {STATUS[o.value]}: {o.reason}")
        elif o.value is None:
            undecided.append(rid)
    if excluded:
        v, why = "ineligible", "; ".join(reasons)
    elif not any(not rid.startswith("registry-") for rid, _, _ in tops):
        v, why = "needs_review", "the trial has no criteria to decide by"
    elif undecided:
        v, why = "needs_review", f"{len(undecided)} criteria undecided: {', '.join(undecided[:10])}"
    else:
        v, why = "eligible", f"all {len(tops)} criteria decided in the patient's favour"
    return TrialVerdict(trial.trial_id, idx.patient.id, idx.ref.isoformat(), v, why, excluded, undecided, plan,
                        outcomes, tops)


def _criteria(plan: TrialPlan, outcomes: dict[str, Outcome], tops) -> list[CriterionVerdict]:
    out = []
    for cid, node in plan.nodes.items():
        o = outcomes.get(cid)
        if o is None:
            continue
        c = node.criterion
        out.append(CriterionVerdict(cid, c.section, STATUS[o.value], o.reason, list(o.evidence), c.text,
                                    c.parent_id, node.notes))
    for rid, section, o in tops:
        if rid.startswith("registry-"):
            out.append(CriterionVerdict(rid, section, STATUS[o.value], o.reason, list(o.evidence)))
    return out


def today() -> date:
    return date.today()
