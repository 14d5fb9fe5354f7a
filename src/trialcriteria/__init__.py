"""trialcriteria: clinical-trial eligibility criteria -> normalized, computable JSON.

    >>> import trialcriteria
    >>> result = trialcriteria.parse("Inclusion Criteria:\\n- Age >= 18 years\\nExclusion Criteria:\\n- Pregnancy")
    >>> [c.id for c in result.criteria]
    ['inc-1', 'exc-1']
"""

from __future__ import annotations

__version__ = "0.1.0"

from .api import Results, parse, parse_many, read_dump, render  # noqa: E402
from .lexicons.drugs import members  # noqa: E402

__all__ = ["__version__", "Results", "members", "parse", "parse_many", "read_dump", "render"]
