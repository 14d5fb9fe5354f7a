"""Pure: the MeSH hierarchy of diseases the matcher needs (resources/mesh_parents.tsv), derived from the shared
vocabulary (../shared/vocab/mesh/c-f-tree.tsv: MeSH, courtesy of the U.S. National Library of Medicine).

Each row is a descriptor, one of its parent descriptors and that parent's tree number. A descriptor descends from a
tree number T when one of its parents' tree numbers starts with T, or from a descriptor D when D is among its
ancestors: "any malignancy" (C04) holds for a patient coded D001932 (Brain Neoplasms).

    python -m trialcriteria.lexicons.mesh_parents ../shared/vocab/mesh/c-f-tree.tsv   # rewrites resources/mesh_parents.tsv
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources as _res
from pathlib import Path

HEADER = "# descriptor\tparent\tparent_tree  (derived from MeSH c-f-tree.tsv by trialcriteria.lexicons.mesh_parents)"


def derive(rows: Iterable[dict]) -> list[tuple[str, str, str]]:
    """c-f-tree.tsv rows -> sorted unique (descriptor, parent descriptor, parent tree number)."""
    return sorted({(r["MESH_ID"], r["PARENT_MESH_ID"], r["PARENT_MESH_CATEGORY"]) for r in rows})


@dataclass(frozen=True)
class MeshTree:
    parents: dict[str, tuple[tuple[str, str], ...]]  # descriptor -> ((parent, parent tree number), ...)

    def ancestors(self, descriptor: str) -> tuple[set[str], set[str]]:
        """(ancestor descriptors, their tree numbers) of a descriptor, itself not included."""
        ids: set[str] = set()
        trees: set[str] = set()
        todo = [descriptor]
        while todo:
            for parent, tree in self.parents.get(todo.pop(), ()):
                trees.add(tree)
                if parent not in ids:
                    ids.add(parent)
                    todo.append(parent)
        return ids, trees

    def descends(self, descriptor: str, target_id: str | None, target_trees: Iterable[str]) -> bool:
        """Whether `descriptor` is `target_id`, or lies under it or under one of `target_trees`."""
        if target_id and descriptor == target_id:
            return True
        ids, trees = self.ancestors(descriptor)
        if target_id and target_id in ids:
            return True
        return any(t.startswith(p) for p in target_trees for t in trees)


@lru_cache(maxsize=1)
def mesh_tree() -> MeshTree:
    text = _res.files("trialcriteria.resources").joinpath("mesh_parents.tsv").read_text(encoding="utf-8")
    parents: dict[str, list[tuple[str, str]]] = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            child, parent, tree = line.split("\t")
            parents.setdefault(child, []).append((parent, tree))
    return MeshTree({k: tuple(v) for k, v in parents.items()})


def main(argv: list[str]) -> None:
    with open(argv[0], encoding="utf-8") as f:
        rows = derive(csv.DictReader(f, delimiter="\t"))
    out = Path(__file__).resolve().parents[1] / "resources" / "mesh_parents.tsv"
    out.write_text(HEADER + "\n" + "".join("\t".join(r) + "\n" for r in rows), encoding="utf-8")
    print(f"wrote {out} ({len(rows)} rows)")


if __name__ == "__main__":
    main(sys.argv[1:])
