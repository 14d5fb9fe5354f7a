"""The code's layout: the README's layout section names every module, no module imports a module that imports it
back, pyproject lists every package, and a built wheel carries the trained model and parses with it."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import tomllib
import zipfile

import pytest

from conftest import REPO

SRC = REPO / "src" / "trialcriteria"


def _modules() -> dict[str, tuple]:
    out = {}
    for p in SRC.rglob("*.py"):
        parts = list(p.relative_to(SRC.parent).with_suffix("").parts)
        is_pkg = parts[-1] == "__init__"
        out[".".join(parts[:-1] if is_pkg else parts)] = (p, is_pkg)
    return out


def _imports(mods: dict[str, tuple]) -> dict[str, set[str]]:
    """Module -> the project modules it imports (at any depth of the file, lazy imports included)."""
    edges: dict[str, set[str]] = {}
    for name, (path, is_pkg) in mods.items():
        found = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                if node.level:
                    base = name.split(".") if is_pkg else name.split(".")[:-1]
                    base = base[: len(base) - (node.level - 1)]
                    target = ".".join(base + ([node.module] if node.module else []))
                elif (node.module or "").startswith("trialcriteria"):
                    target = node.module
                else:
                    continue
                found |= {f"{target}.{a.name}" if f"{target}.{a.name}" in mods else target for a in node.names}
            elif isinstance(node, ast.Import):
                found |= {a.name for a in node.names if a.name.startswith("trialcriteria")}
        edges[name] = {t for t in found if t in mods and t != name}
    return edges


def test_no_import_circle():
    edges = _imports(_modules())

    def reaches(start: str, goal: str) -> bool:
        todo, seen = [start], set()
        while todo:
            m = todo.pop()
            if m == goal:
                return True
            if m not in seen:
                seen.add(m)
                todo.extend(edges[m])
        return False

    circles = sorted({tuple(sorted((a, b))) for a in edges for b in edges[a] if reaches(b, a)})
    assert not circles, circles


def _defines_something(path) -> bool:
    return any(isinstance(n, (ast.FunctionDef, ast.ClassDef)) for n in ast.parse(path.read_text(encoding="utf-8")).body)


def test_readme_layout_names_every_module():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## How the code is laid out") :]
    listed = set(re.findall(r"^  ([\w/]+\.py)\b", section, re.M))
    # every module, and the package __init__ files that hold code (the others only re-export or document)
    wanted = {str(p.relative_to(SRC)) for p in SRC.rglob("*.py") if p.name != "__init__.py" or _defines_something(p)}
    assert wanted - listed == set(), "modules missing from the README layout"
    assert listed - {str(p.relative_to(SRC)) for p in SRC.rglob("*.py")} == set(), "the README names modules that do not exist"


def test_pyproject_lists_every_package():
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    packages = set(config["packages"])
    on_disk = {"trialcriteria" + ("." + ".".join(p.parent.relative_to(SRC).parts) if p.parent != SRC else "")
               for p in SRC.rglob("__init__.py")}
    assert on_disk | {"trialcriteria.models"} == packages


@pytest.mark.slow
def test_a_built_wheel_carries_the_model_and_parses_with_it(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w",
                    str(tmp_path / "dist"), str(REPO)], check=True, capture_output=True)
    wheel = next((tmp_path / "dist").glob("trialcriteria-*.whl"))
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        assert "trialcriteria/models/chia_ner/meta.json" in names
        assert "trialcriteria/models/chia_ner/ner/model" in names
        assert "trialcriteria/resources/analytes.jsonl" in names
        zf.extractall(tmp_path / "site")
    seed = REPO / "corpora" / "seeds" / "000_ba874c70c20c967f.txt"
    code = ("import sys, trialcriteria as tc; from trialcriteria.nlp import model_path; "
            "assert 'site' in tc.__file__, tc.__file__; assert model_path() is not None; "
            f"r = tc.parse(open({str(seed)!r}, encoding='utf-8').read()); "
            "print(sum(len(c.mentions) for c in r.criteria))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path,
                         env={"PYTHONPATH": str(tmp_path / "site"), "PATH": "/usr/bin:/bin"})
    assert out.returncode == 0, out.stderr[-2000:]
    assert int(out.stdout.strip().splitlines()[-1]) > 50  # NER mentions: the model was found inside the wheel


def test_lint_finds_no_undefined_name_or_syntax_error():
    out = subprocess.run([sys.executable, "-m", "ruff", "check", "--select", "F,E9", "--output-format", "concise",
                          str(REPO / "src"), str(REPO / "tests"), str(REPO / "annotations"), str(REPO / "bench")],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stdout[-3000:]


def test_no_function_over_60_lines_in_extraction_and_evaluation():
    long = []
    for folder in ("extract", "normalize", "segment", "evaluate"):
        for path in sorted((SRC / folder).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.end_lineno - node.lineno >= 60:
                    long.append(f"{path.relative_to(SRC)}:{node.lineno} {node.name} ({node.end_lineno - node.lineno + 1})")
    assert not long, long
