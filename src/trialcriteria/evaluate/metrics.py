"""The one precision / recall / F1 of the project: counts of true positives, false positives and false
negatives, summed over documents (micro averages)."""

from __future__ import annotations

from dataclasses import asdict, dataclass


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """(precision, recall, F1); an empty side counts as perfect (nothing predicted, nothing missed)."""
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __iadd__(self, other: "Counts") -> "Counts":
        for k in asdict(other):
            setattr(self, k, getattr(self, k) + getattr(other, k))
        return self

    @property
    def precision(self) -> float:
        return prf(self.tp, self.fp, self.fn)[0]

    @property
    def recall(self) -> float:
        return prf(self.tp, self.fp, self.fn)[1]

    @property
    def f1(self) -> float:
        return prf(self.tp, self.fp, self.fn)[2]

    @property
    def gold(self) -> int:
        return self.tp + self.fn

    @property
    def pred(self) -> int:
        return self.tp + self.fp

    def row(self) -> dict:
        return {**asdict(self), "precision": self.precision, "recall": self.recall, "f1": self.f1}


def total(counts) -> Counts:
    """The micro sum of several Counts (of one type)."""
    out = None
    for c in counts:
        if out is None:
            out = type(c)()
        out += c
    return out if out is not None else Counts()
