"""Checking and fixing files and streams: what the CLI does, as a library.

A :class:`Runner` resolves the configuration of each input (the nearest config file,
merged with overrides), keeps one :class:`~textfix.core.engine.Engine` per distinct
configuration, reads the input, checks or fixes it, and writes the result where it was
asked to go. It returns an :class:`Outcome` per input and never prints.
"""

from __future__ import annotations

import contextlib
import enum
import functools
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from textfix import config as config_module
from textfix.config import Config
from textfix.core.applier import AppliedFix
from textfix.core.document import Document, TextFormat
from textfix.core.engine import Engine
from textfix.errors import BinaryFileError, ConfigError, InputError, TextfixError
from textfix.io.discovery import Input, is_html_path, iter_inputs
from textfix.io.source import (
    SourceText,
    is_read_only,
    read_path,
    read_stdin,
    remove_stale_temporaries,
    write_atomic,
    write_target,
)
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

    def output(self) -> bytes:
        """The text for standard output, in the input's encoding with its byte-order mark."""
        if self.original is None:
            return self.text.encode("utf-8")
        return self.original.encode(self.text)

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
        force: write read-only files too (by default a read-only file is not fixed: skipped with a message).
    """

    overrides: Mapping[str, Any] = field(default_factory=dict)
    config_file: Path | None = None
    isolated: bool = False
    #: Fix read-only files too (otherwise they are skipped with a message).
    force: bool = False
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
        make_runner = functools.partial(Runner, dict(self.overrides), self.config_file, self.isolated, self.force)
        work = functools.partial(_run_one, action=action, output=output)
        sweep = _TemporarySweep(action, output)
        try:
            yield from batch.ordered_map(work, sweep.watch(items), make_runner, jobs, Input.size)
        except BaseException:
            sweep.again()  # a worker killed mid-write (a crash, a signal) leaves its temporary file
            raise

    def check_outputs(self, paths: Sequence[Path], output: Path) -> None:
        """Raise :class:`~textfix.errors.ConfigError` when two inputs would be written to one output path.

        Run before anything is written (``fix -o out a/x.txt b/x.txt`` would otherwise keep
        only the last one). Walks the inputs once, holding one path per input.
        """
        seen: dict[Path, Path] = {}
        for item in self.inputs(paths):
            if item.root is None and not item.path.exists():
                continue
            target = output / self.output_relative(item)
            first = seen.setdefault(target, item.path)
            if first != item.path:
                msg = f"{first} and {item.path} would both be written to {target}; nothing was written"
                raise ConfigError(msg)

    def output_relative(self, item: Input) -> Path:
        """Where ``--output`` writes an input, below the output folder (a page's text: ``.txt`` or ``.md``)."""
        if is_html_path(item.path):
            from textfix.run.html import html_options  # noqa: PLC0415 - imports this module

            return item.relative.with_suffix(html_options(self.config_for(item.path)).suffix)
        return item.relative

    def run_text(
        self, source: SourceText, path: str, action: Action, config: Config, fmt: TextFormat | None = None
    ) -> Outcome:
        """Check or fix already-decoded text (``fmt``: its format, else the path's).

        A rule that fails on this text (a bug, or input no rule foresaw) is a
        :class:`~textfix.errors.TextfixError` naming the path: the caller reports it and
        goes on with the next input.
        """
        try:
            return self._run_text(source, path, action, config, fmt)
        except TextfixError:
            raise
        except Exception as exc:  # one document's failure never stops a run
            raise TextfixError(internal_error(path, exc)) from exc

    def run_stdin(self, action: Action) -> Outcome:
        """Read standard input, check or fix it; :meth:`Outcome.output` is what goes to standard output."""
        return self.run_text(read_stdin(), "-", action, self.config_for(None))

    def _run_text(
        self, source: SourceText, path: str, action: Action, config: Config, fmt: TextFormat | None
    ) -> Outcome:
        engine = self.engine_for(config)
        doc = Document(source.text, path=path, fmt=fmt)
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
        """Read one file, check or fix it, and write it as ``action`` says.

        Nothing that goes wrong with one file stops a run: a file that cannot be read, a
        rule that fails on it, a write that fails (read-only folder, disk full) give an
        outcome with a one-line ``error``; a read-only file is not fixed unless
        :attr:`force` (``skipped`` says so, its findings are reported).
        """
        path = item.path
        shown = str(path)
        if is_html_path(path):
            from textfix.run.html import run_page  # noqa: PLC0415 - imports this module

            return run_page(self, item, action, output)
        try:
            source = read_path(path)
        except BinaryFileError as exc:
            return Outcome(shown, skipped=str(exc))
        except InputError as exc:
            if action is Action.OUTPUT and output is not None and path.is_file():
                with contextlib.suppress(OSError, TextfixError):
                    write_atomic(output / item.relative, path.read_bytes())
            return Outcome(shown, error=str(exc))
        config = self.config_for(path)
        try:
            outcome = self.run_text(source, shown, action, config)
        except TextfixError as exc:
            return Outcome(shown, source, error=str(exc))
        try:
            if action is Action.FIX and outcome.changed:
                assert outcome.fixed is not None
                if not self.force and is_read_only(path):
                    return self._read_only(outcome, source, config)
                write_atomic(path, source.encode(outcome.fixed))
                return replace(outcome, written=True)
            if action is Action.OUTPUT:
                assert output is not None
                text = outcome.fixed if outcome.fixed is not None else source.text
                write_atomic(output / item.relative, source.encode(text))
                return replace(outcome, written=True)
        except TextfixError as exc:
            return Outcome(shown, source, error=str(exc))
        return outcome

    def _read_only(self, fixed: Outcome, source: SourceText, config: Config) -> Outcome:
        """A read-only file is not written: its own findings are reported, with a note."""
        checked = self.run_text(source, fixed.path, Action.CHECK, config)
        note = f"{fixed.path}: read-only, not fixed ({len(fixed.applied)} fix(es) available; --force writes it)"
        return replace(checked, skipped=note)


def internal_error(path: str, exc: BaseException) -> str:
    """The one-line report of an unexpected exception on one input (never the input's text)."""
    detail = str(exc).splitlines()[0] if str(exc) else ""
    if len(detail) > 200:
        detail = detail[:199] + "…"
    return f"{path}: internal error ({type(exc).__name__}{': ' + detail if detail else ''}); input left untouched"


class _TemporarySweep:
    """The folders a writing run writes into, swept once for stale temporary files of textfix's own."""

    def __init__(self, action: Action, output: Path | None) -> None:
        self.action = action
        self.output = output
        self.folders: set[Path] = set()

    def _folder(self, item: Input) -> Path | None:
        if self.action is Action.FIX:
            return write_target(item.path).parent
        if self.action is Action.OUTPUT and self.output is not None:
            return (self.output / item.relative).parent  # a page's text goes to the same folder
        return None

    def watch(self, items: Iterable[Input]) -> Iterator[Input]:
        for item in items:
            folder = self._folder(item)
            if folder is not None and folder not in self.folders:
                self.folders.add(folder)
                remove_stale_temporaries(folder)
            yield item

    def again(self) -> None:
        for folder in self.folders:
            remove_stale_temporaries(folder)


def _run_one(runner: Runner, item: Input, *, action: Action, output: Path | None) -> Outcome:
    return runner.run_file(item, action, output).for_transfer(action)
