"""The exceptions textfix raises.

::

    TextfixError
    ├── ConfigError            bad configuration (file or arguments)
    ├── PackError              a malformed rule pack (names file, rule and key)
    ├── InputError             a file that cannot be read as text
    │   ├── BinaryFileError
    │   └── DecodeError
    ├── WriteError             a result that cannot be written (read-only, disk full, ...)
    └── ConvergenceError       fixes did not reach a fixpoint (names the rules)
"""

from __future__ import annotations

from collections.abc import Iterable


class TextfixError(Exception):
    """Root of every error textfix raises on purpose."""


class ConfigError(TextfixError):
    """The configuration (a file or the command line) is invalid."""


class PackError(TextfixError):
    """A rule pack is malformed; the message names the file, the rule and the key."""

    def __init__(self, path: str, message: str, *, rule: str | None = None, key: str | None = None) -> None:
        self.path = path
        self.rule = rule
        self.key = key
        where = path
        if rule is not None:
            where += f": rule {rule}"
        if key is not None:
            where += f": key '{key}'"
        super().__init__(f"{where}: {message}")


class InputError(TextfixError):
    """An input cannot be read as text."""


class BinaryFileError(InputError):
    """The input looks binary (it holds NUL bytes or is mostly control bytes)."""


class DecodeError(InputError):
    """The input is not valid in any encoding textfix accepts."""


class WriteError(TextfixError):
    """A result could not be written; the message is one line naming the path and the reason."""


class ConvergenceError(TextfixError):
    """Applying fixes kept producing new fixes past the iteration cap."""

    def __init__(self, codes: Iterable[str], iterations: int) -> None:
        self.codes = tuple(sorted(set(codes)))
        self.iterations = iterations
        super().__init__(
            f"fixes did not converge after {iterations} iterations; rules still fixing: {', '.join(self.codes)}"
        )
