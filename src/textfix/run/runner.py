"""Checking and fixing files and streams: what the CLI does, as a library.

A :class:`Runner` resolves the configuration of each input (the nearest config file,
merged with overrides), keeps one :class:`~textfix.core.engine.Engine` per distinct
configuration, reads the input, checks or fixes it, and writes the result where it was
asked to go. It returns an :class:`Outcome` per input and never prints.
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from textfix import config as config_module
from textfix.config import Config
from textfix.core.applier import AppliedFix
from textfix.core.document import Document
from textfix.core.engine import Engine
from textfix.errors import BinaryFileError, InputError, TextfixError
from textfix.io.discovery import Input, iter_inputs
from textfix.io.source import SourceText, read_path, write_atomic
from textfix.model import Finding
from textfix.run import batch, engines


class Action(str, enum.Enum):
    """What to do with each input."""

    CHECK = "check"
    FIX = "fix"  # write fixed files in place
    DIFF = "diff"  # compute fixes, write nothing
    OUTPUT = "output"  # write fixed copies under another folder
    STDOUT = "stdout"  # the fixed text is the outcome's ``fixed``; the caller prints it


@dataclass(frozen=True)
class Outcome:
    """What happened to one input.

    ``findings`` are the findings of ``text``: the input's own for ``check``, those
    left after fixing otherwise (then ``text`` is the fixed text).
    """

    path: str
    original: SourceText | None = None
    fixed: str | None = None
    findings: tuple[Finding, ...] = ()
    applied: tuple[AppliedFix, ...] = ()
    written: bool = False
    error: str | None = None
    skipped: str | None = None
    #: Whether fixing changed the text.
    changed: bool = False

    @property
    def text(self) -> str:
        """The text the findings' offsets refer to."""
        if self.fixed is not None:
            return self.fixed
        return self.original.text if self.original is not None else ""

    @property
    def encoding(self) -> str | None:
        """The encoding the input was read in (``None`` when it could not be read)."""
        return self.original.encoding if self.original is not None else None

    @property
    def detected_encoding(self) -> str | None:
        """The legacy encoding detection chose, when the input was not UTF-8."""
        if self.original is not None and self.original.detected:
            return self.original.encoding
        return None

    def for_transfer(self, action: Action) -> Outcome:
        """This outcome as a worker sends it back: without texts that nothing will read.

        Reports read the text only to locate findings; a diff and standard output need
        both texts. Dropping the rest keeps inter-process traffic and the memory of
        results in flight small.
        """
        if self.findings or action in (Action.DIFF, Action.STDOUT) or self.original is None:
            return self
        return replace(self, original=replace(self.original, text=""), fixed=None)


@dataclass
class Runner:
    """Runs checks and fixes over inputs with per-folder configuration.

    Attributes:
        overrides: command-line settings (``Config`` field names; ``None`` = not given).
        config_file: one explicit config file for every input (no discovery).
        isolated: ignore every config file.
    """

    overrides: Mapping[str, Any] = field(default_factory=dict)
    config_file: Path | None = None
    isolated: bool = False
    _explicit: Config | None = field(default=None, init=False)

    def __post_init__(self) -> None:
        if self.config_file is not None:
            loaded = config_module.load_file(self.config_file, trusted=True)  # named on the command line
            self._explicit = loaded if loaded is not None else Config(source=str(self.config_file))

    def config_for(self, path: Path | None) -> Config:
        """The configuration for an input (``None``: standard input, found from the working folder)."""
        if self.isolated:
            base = Config()
        elif self._explicit is not None:
            base = self._explicit
        else:
            base = config_module.discover(path if path is not None else Path.cwd())
        return config_module.with_user_options(base).merged(self.overrides)

    def engine_for(self, config: Config) -> Engine:
        """The process's engine for ``config`` (:mod:`textfix.run.engines`, the one cache)."""
        return engines.engine_for(config)

    def inputs(self, paths: Sequence[Path]) -> Iterator[Input]:
        """The files below ``paths``, with include/exclude from the configuration of each root."""
        for given in paths:
            if not given.exists():
                yield Input(given, None)
                continue
            cfg = self.config_for(given)
            yield from iter_inputs([given], cfg.include, cfg.exclude)

    def run_files(
        self, items: Iterable[Input], action: Action, output: Path | None = None, jobs: int | None = 1
    ) -> Iterator[Outcome]:
        """:meth:`run_file` over many inputs on ``jobs`` processes, yielding outcomes in input order.

        Each worker builds its own runner (and engines) once; ``items`` is consumed
        lazily, so memory stays bounded whatever the number of files.
        """
        make_runner = functools.partial(Runner, dict(self.overrides), self.config_file, self.isolated)
        work = functools.partial(_run_one, action=action, output=output)
        yield from batch.ordered_map(work, items, make_runner, jobs, Input.size)

    def run_text(self, source: SourceText, path: str, action: Action, config: Config) -> Outcome:
        """Check or fix already-decoded text."""
        engine = self.engine_for(config)
        doc = Document(source.text, path=path)
        if action is Action.CHECK:
            return Outcome(path, source, findings=tuple(engine.check(doc)))
        result = engine.fix(doc)
        return Outcome(
            path,
            source,
            fixed=result.text,
            findings=result.remaining,
            applied=result.applied,
            changed=result.text != source.text,
        )

    def run_file(self, item: Input, action: Action, output: Path | None = None) -> Outcome:
        """Read one file, check or fix it, and write it as ``action`` says."""
        path = item.path
        shown = str(path)
        try:
            source = read_path(path)
        except BinaryFileError as exc:
            return Outcome(shown, skipped=str(exc))
        except InputError as exc:
            if action is Action.OUTPUT and output is not None and path.is_file():
                write_atomic(output / item.relative, path.read_bytes())
            return Outcome(shown, error=str(exc))
        try:
            outcome = self.run_text(source, shown, action, self.config_for(path))
        except TextfixError as exc:
            return Outcome(shown, source, error=str(exc))
        if action is Action.FIX and outcome.changed:
            assert outcome.fixed is not None
            write_atomic(path, source.encode(outcome.fixed))
            return replace(outcome, written=True)
        if action is Action.OUTPUT:
            assert output is not None
            text = outcome.fixed if outcome.fixed is not None else source.text
            write_atomic(output / item.relative, source.encode(text))
            return replace(outcome, written=True)
        return outcome


def _run_one(runner: Runner, item: Input, *, action: Action, output: Path | None) -> Outcome:
    return runner.run_file(item, action, output).for_transfer(action)
