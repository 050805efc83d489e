"""textfix: find and repair the damage scraping and machine translation leave in text.

The library API::

    import textfix

    findings = textfix.check(text)            # list[Finding]
    cleaned = textfix.fix(text)               # str, safe fixes applied
    result = textfix.fix_with_findings(text)  # FixResult: text, applied, remaining
    engine = textfix.Engine(config)           # rules loaded once, for many documents
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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


#: Where each public name lives: imported on first access (PEP 562), so ``import textfix`` and
#: ``textfix --help`` stay cheap and the rules load only when a text is checked.
_LAZY = {
    "Config": "textfix.config",
    "AppliedFix": "textfix.core.applier",
    "Document": "textfix.core.document",
    "TextFormat": "textfix.core.document",
    "Engine": "textfix.core.engine",
    "FixResult": "textfix.core.engine",
    "RuleError": "textfix.core.engine",
    "Rule": "textfix.core.rule",
    "BinaryFileError": "textfix.errors",
    "ConfigError": "textfix.errors",
    "ConvergenceError": "textfix.errors",
    "DecodeError": "textfix.errors",
    "InputError": "textfix.errors",
    "PackError": "textfix.errors",
    "TextfixError": "textfix.errors",
    "Applicability": "textfix.model",
    "Category": "textfix.model",
    "Edit": "textfix.model",
    "Finding": "textfix.model",
    "Fix": "textfix.model",
    "FixAvailability": "textfix.model",
}


def __getattr__(name: str) -> Any:
    """A public name, imported from its module on first access."""
    module = _LAZY.get(name)
    if module is None:
        msg = f"module 'textfix' has no attribute {name!r}"
        raise AttributeError(msg)
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})


def _engine(config: Config | None) -> Engine:
    from textfix.run.engines import engine_for  # noqa: PLC0415 - the rules load with the first text

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
