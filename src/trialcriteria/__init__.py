"""trialcriteria: clinical-trial eligibility criteria -> normalized, computable JSON.

    >>> import trialcriteria
    >>> result = trialcriteria.parse("Inclusion Criteria:\\n- Age >= 18 years\\nExclusion Criteria:\\n- Pregnancy")
    >>> [c.id for c in result.criteria]
    ['inc-1', 'exc-1']
"""

from __future__ import annotations

from .api import Results, match, parse, parse_many, read_dump, read_patient, render
from .lexicons.drugs import members
from .version import __version__

__all__ = ["__version__", "Results", "match", "members", "parse", "parse_many", "read_dump", "read_patient", "render"]
