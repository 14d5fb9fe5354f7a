"""Pure helpers for the Chia corpus (BRAT): reading annotations and the fixed split by trial."""

from __future__ import annotations

import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

SPLIT_SEED = 13
SPLIT = (0.8, 0.1, 0.1)


@dataclass(frozen=True)
class Entity:
    id: str
    type: str
    spans: tuple[tuple[int, int], ...]  # discontinuous spans have several pieces
    text: str

    @property
    def start(self) -> int:
        return self.spans[0][0]

    @property
    def end(self) -> int:
        return self.spans[-1][1]


@dataclass(frozen=True)
class Relation:
    type: str
    arg1: str
    arg2: str


def read_text(path: Path) -> str:
    """BRAT offsets count CRLF as two characters: read without newline translation."""
    return path.read_bytes().decode("utf-8")


def read_ann(path: Path) -> tuple[dict[str, Entity], list[Relation]]:
    entities: dict[str, Entity] = {}
    relations: list[Relation] = []
    if not path.exists():
        return entities, relations
    for line in read_text(path).splitlines():
        if line.startswith("T"):
            parts = line.split("\t")
            if len(parts) < 3:
                continue
            type_, _, offsets = parts[1].partition(" ")
            spans = tuple(tuple(int(x) for x in piece.split()) for piece in offsets.split(";"))
            entities[parts[0]] = Entity(parts[0], type_, spans, parts[2])
        elif line.startswith("R"):
            parts = line.split("\t")
            if len(parts) < 2:
                continue
            fields = parts[1].split()
            if len(fields) == 3:
                relations.append(Relation(fields[0], fields[1].split(":", 1)[1], fields[2].split(":", 1)[1]))
    return entities, relations


@dataclass(frozen=True)
class BratFile:
    """One Chia file (a trial's inclusion or exclusion criteria) with its annotations."""

    trial: str
    section: str  # "inc" | "exc"
    text: str
    entities: dict[str, Entity]
    relations: list[Relation]


def iter_brat_files(brat_dir: Path, trials: Iterable[str]) -> Iterator[BratFile]:
    """The `_inc` and `_exc` files of these trials (in trial order), skipping a section a trial lacks."""
    for trial in trials:
        for section in ("inc", "exc"):
            path = brat_dir / f"{trial}_{section}.txt"
            if path.exists():
                entities, relations = read_ann(path.with_suffix(".ann"))
                yield BratFile(trial, section, read_text(path), entities, relations)


def trial_ids(brat_dir: Path) -> list[str]:
    return sorted({p.name.rsplit("_", 1)[0] for p in brat_dir.glob("NCT*_inc.txt")})


def split_trials(ids: list[str], seed: int = SPLIT_SEED) -> dict[str, list[str]]:
    """80/10/10 train/dev/test by trial, with a fixed seed (stable across runs and machines)."""
    ordered = sorted(ids)
    random.Random(seed).shuffle(ordered)
    n = len(ordered)
    a, b = int(n * SPLIT[0]), int(n * (SPLIT[0] + SPLIT[1]))
    return {"train": sorted(ordered[:a]), "dev": sorted(ordered[a:b]), "test": sorted(ordered[b:])}


def line_of(text: str, offset: int) -> int:
    """0-based line number of an offset (lines split at \\n, CRLF counted as in BRAT)."""
    return text.count("\n", 0, offset)
