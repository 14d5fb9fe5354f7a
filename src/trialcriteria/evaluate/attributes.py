"""Agreement of the attributes of matched records: polarity (what a record means for a matcher), drug timing,
and polarity errors on criteria marked structured, the worst error of the project (a matcher trusts them)."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass
class Agreement:
    compared: int = 0  # matched pairs whose gold record gives the attribute
    agreed: int = 0
    structured_errors: int = 0  # disagreements on a criterion the pipeline marked structured

    def __iadd__(self, other: "Agreement") -> "Agreement":
        for k in asdict(other):
            setattr(self, k, getattr(self, k) + getattr(other, k))
        return self

    @property
    def accuracy(self) -> float:
        return self.agreed / self.compared if self.compared else 1.0

    def row(self) -> dict:
        return {**asdict(self), "accuracy": self.accuracy}


def agreement(pairs: list[tuple[dict, dict]], field: str) -> Agreement:
    """How many matched (gold, predicted) pairs agree on `field` (pairs whose gold lacks it are not compared)."""
    out = Agreement()
    for g, p in pairs:
        if g.get(field) is None:
            continue
        out.compared += 1
        if p.get(field) == g[field]:
            out.agreed += 1
        elif p.get("status") == "structured":
            out.structured_errors += 1
    return out
