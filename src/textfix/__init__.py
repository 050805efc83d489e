"""textfix: find and repair the damage scraping and machine translation leave in text.

The library API::

    import textfix

    findings = textfix.check(text)            # list[Finding]
    cleaned = textfix.fix(text)               # str, safe fixes applied
    result = textfix.fix_with_findings(text)  # FixResult: text, applied, remaining
    engine = textfix.Engine(config)           # rules loaded once, for many documents
"""

from __future__ import annotations

from textfix.config import Config
from textfix.core.applier import AppliedFix
from textfix.core.document import Document, TextFormat
from textfix.core.engine import Engine, FixResult, RuleError
from textfix.core.rule import Rule
from textfix.errors import (
    BinaryFileError,
    ConfigError,
    ConvergenceError,
    DecodeError,
    InputError,
    PackError,
    TextfixError,
)
from textfix.model import Applicability, Category, Edit, Finding, Fix, FixAvailability
from textfix.run.engines import engine_for

__version__ = "0.2.0"

__all__ = [
    "Applicability",
    "AppliedFix",
    "BinaryFileError",
    "Category",
    "Config",
    "ConfigError",
    "ConvergenceError",
    "DecodeError",
    "Document",
    "Edit",
    "Engine",
    "Finding",
    "Fix",
    "FixAvailability",
    "FixResult",
    "InputError",
    "PackError",
    "Rule",
    "RuleError",
    "TextFormat",
    "TextfixError",
    "__version__",
    "check",
    "fix",
    "fix_with_findings",
]


def _engine(config: Config | None) -> Engine:
    return engine_for(config)


def check(text: str, config: Config | None = None, *, path: str = "<string>") -> list[Finding]:
    """The findings in ``text``, in document order.

    ``path`` only decides the format (``.md`` is Markdown) and per-file ignores.
    """
    engine = _engine(config)
    return engine.check(engine.document(text, path))


def fix_with_findings(
    text: str, *, unsafe: bool = False, config: Config | None = None, path: str = "<string>"
) -> FixResult:
    """Fix ``text`` and say what was applied and what remains."""
    engine = _engine(config)
    return engine.fix(engine.document(text, path), unsafe=unsafe)


def fix(text: str, *, unsafe: bool = False, config: Config | None = None, path: str = "<string>") -> str:
    """``text`` with safe fixes applied (and unsafe ones with ``unsafe=True``).

    >>> fix("related news\\n\\nThe article.\\n")
    'The article.\\n'
    """
    return fix_with_findings(text, unsafe=unsafe, config=config, path=path).text
