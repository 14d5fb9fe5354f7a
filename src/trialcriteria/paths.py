"""Where the commands find their data unless told otherwise. Nothing here looks inside the package's own
location: the shared data is $TRIALCRITERIA_SHARED, else `../shared` beside the working directory (the
repository root, as the README's commands run), and the repository's folders (annotations/, models/) are relative
to the working directory. The trained model ships inside the package (nlp.model_path)."""

from __future__ import annotations

import os
from pathlib import Path


def shared() -> Path:
    """The shared data: $TRIALCRITERIA_SHARED, else ../shared beside the working directory."""
    env = os.environ.get("TRIALCRITERIA_SHARED")
    return Path(env) if env else Path.cwd().parent / "shared"


def chia_brat() -> Path:
    return shared() / "corpora" / "chia" / "brat"


def repo() -> Path:
    """The repository the commands run in (the working directory): gold sources named `repo:` are relative to it."""
    return Path.cwd()
