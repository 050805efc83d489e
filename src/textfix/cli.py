"""The ``textfix`` command: a thin typer shell over :mod:`textfix.runner`.

Exit codes (pinned by the tests):

* 0: no findings (``check``) / nothing left to fix (``fix``);
* 1: findings (``check``) / findings remain, or ``--diff`` would change something (``fix``);
* 2: usage, configuration or input error.
"""

from __future__ import annotations

import difflib
import sys
import warnings
from collections import Counter
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from textfix import __version__
from textfix.config import Config
from textfix.engine import Engine
from textfix.errors import TextfixError
from textfix.report import Reporter, reporters
from textfix.runner import Action, Outcome, Runner
from textfix.source import read_stdin

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_ERROR = 2

app = typer.Typer(
    name="textfix",
    help="Find and repair the damage scraping and machine translation leave in text.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    rich_markup_mode=None,
)

Paths = Annotated[list[str], typer.Argument(help="Files or folders to process; '-' reads standard input.")]
Select = Annotated[
    list[str] | None,
    typer.Option("--select", help="Rules to run: codes, code prefixes, names, categories (comma-separated)."),
]
ExtendSelect = Annotated[
    list[str] | None, typer.Option("--extend-select", help="Rules to run in addition to the selection.")
]
Ignore = Annotated[list[str] | None, typer.Option("--ignore", help="Rules not to run (same forms as --select).")]
RulesOpt = Annotated[list[Path] | None, typer.Option("--rules", help="An extra rule pack file or folder.")]
ConfigOpt = Annotated[
    Path | None, typer.Option("--config", help="Use this config file for every input (no discovery).")
]
Isolated = Annotated[bool, typer.Option("--isolated", help="Ignore all configuration files.")]
Include = Annotated[list[str] | None, typer.Option("--include", help="File-name glob to pick up in folders.")]
Exclude = Annotated[list[str] | None, typer.Option("--exclude", help="Path glob to skip in folders.")]
Format = Annotated[str, typer.Option("--format", help="Output format: text, json, jsonl, sarif or github.")]
ExitZero = Annotated[bool, typer.Option("--exit-zero", help="Exit 0 even when findings remain.")]
Statistics = Annotated[bool, typer.Option("--statistics", help="Print a count of findings per rule at the end.")]
Grammar = Annotated[
    bool, typer.Option("--grammar", help="Also check with a LanguageTool server (GR101; pip install textfix[grammar]).")
]
ShowFixes = Annotated[
    bool, typer.Option("--show-fixes", help="List the fixes applied (fix) or available (check), on stderr.")
]


def _split(values: list[str] | None) -> tuple[str, ...] | None:
    if values is None:
        return None
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())


def _overrides(
    select: list[str] | None,
    extend_select: list[str] | None,
    ignore: list[str] | None,
    rules: list[Path] | None,
    include: list[str] | None,
    exclude: list[str] | None,
    unsafe_fixes: bool | None = None,
) -> dict[str, Any]:
    return {
        "select": _split(select),
        "extend_select": _split(extend_select),
        "ignore": _split(ignore),
        "extend_rules": tuple(str(p.resolve()) for p in rules) if rules else None,
        "include": _split(include),
        "exclude": _split(exclude),
        "unsafe_fixes": unsafe_fixes or None,
    }


def _grammar(overrides: dict[str, Any], grammar: bool) -> dict[str, Any]:
    """``--grammar``: turn the LanguageTool backend on and select GR101; its warnings go to stderr."""
    if grammar:
        overrides["options"] = {"grammar": {"grammar": True}}
        overrides["extend_select"] = (*(overrides["extend_select"] or ()), "GR101")

    def show(message: Warning | str, category: type[Warning], *_: Any, **__: Any) -> None:
        _note(f"warning: {message}")

    warnings.showwarning = show
    return overrides


def _error(message: str) -> None:
    Console(stderr=True, highlight=False, soft_wrap=True).print(f"[bold red]error[/]: {escape(message)}")


def _note(message: str) -> None:
    Console(stderr=True, highlight=False, soft_wrap=True).print(escape(message))


class _Tally:
    """What a run saw, for the exit code and the closing summary."""

    def __init__(self, show_fixes: bool = False) -> None:
        self.show_fixes = show_fixes
        self.fix_lines: list[str] = []
        self.names: dict[str, str] = {}
        self.errors = 0
        self.remaining = 0
        self.changed = 0
        self.fixes = 0
        self.per_rule: Counter[str] = Counter()

    def add(self, outcome: Outcome) -> None:
        if outcome.error:
            self.errors += 1
            _error(outcome.error)
        if outcome.skipped:
            _note(outcome.skipped)
        self.remaining += len(outcome.findings)
        self.per_rule.update(f.code for f in outcome.findings)
        self.names.update((f.code, f.name) for f in outcome.findings)
        if self.show_fixes:
            self.fix_lines.extend(_fix_lines(outcome))
        if outcome.changed:
            self.changed += 1
        self.fixes += len(outcome.applied)


def _run(
    paths: list[str], action: Action, runner: Runner, reporter: Reporter, output: Path | None, tally: _Tally
) -> None:
    for given in paths:
        if given == "-":
            source = read_stdin()
            outcome = runner.run_text(source, "-", action, runner.config_for(None))
            if action is Action.STDOUT:
                sys.stdout.write(outcome.text)
                sys.stdout.flush()
            elif action is Action.DIFF:
                _print_diff(outcome)
            tally.add(outcome)
            reporter.file(outcome)
            continue
        path = Path(given)
        if not path.exists():
            tally.add(Outcome(given, error=f"{given}: no such file or folder"))
            continue
        for item in runner.inputs([path]):
            outcome = runner.run_file(item, action, output)
            if action is Action.DIFF:
                _print_diff(outcome)
            tally.add(outcome)
            reporter.file(outcome)


def _print_diff(outcome: Outcome) -> None:
    if not outcome.changed or outcome.original is None or outcome.fixed is None:
        return
    diff = difflib.unified_diff(
        outcome.original.text.splitlines(keepends=True),
        outcome.fixed.splitlines(keepends=True),
        fromfile=f"a/{outcome.path}",
        tofile=f"b/{outcome.path}",
    )
    for line in diff:
        sys.stdout.write(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")


def _make_reporter(fmt: str, stream: Any) -> Reporter:
    factories = reporters()
    if fmt not in factories:
        msg = f"unknown format {fmt!r}; choose from {', '.join(sorted(factories))}"
        raise TextfixError(msg)
    return factories[fmt](stream, stream.isatty())


def _print_statistics(tally: _Tally) -> None:
    for code, count in sorted(tally.per_rule.items(), key=lambda item: (-item[1], item[0])):
        _note(f"{count:6d}  {code:<6}  {tally.names.get(code, '')}")


def _fix_lines(outcome: Outcome) -> list[str]:
    """``--show-fixes``: the fixes applied to one input, or those its findings offer."""
    if outcome.applied:
        counts = Counter(f"{a.finding.code} ({a.finding.name})" for a in outcome.applied)
        return [f"{outcome.path}: fixed {n} x {rule}" for rule, n in sorted(counts.items())]
    lines = []
    for finding in outcome.findings:
        if finding.fix is None:
            continue
        edits = "; ".join(f"{outcome.text[e.start : e.end]!r} -> {e.replacement!r}" for e in finding.fix.edits)
        line = outcome.text.count("\n", 0, finding.start) + 1
        lines.append(f"{outcome.path}:{line} {finding.code} [{finding.fix.applicability.value}] {edits}")
    return lines


def _finish(tally: _Tally, statistics: bool) -> None:
    if tally.show_fixes:
        for line in tally.fix_lines:
            _note(line)
    if statistics:
        _print_statistics(tally)


@app.command()
def check(
    paths: Paths,
    select: Select = None,
    extend_select: ExtendSelect = None,
    ignore: Ignore = None,
    rules: RulesOpt = None,
    config: ConfigOpt = None,
    isolated: Isolated = False,
    include: Include = None,
    exclude: Exclude = None,
    fmt: Format = "text",
    exit_zero: ExitZero = False,
    statistics: Statistics = False,
    grammar: Grammar = False,
    show_fixes: ShowFixes = False,
) -> None:
    """Report findings, like a linter. Exit 0: none; 1: findings; 2: error."""
    tally = _Tally(show_fixes)
    try:
        overrides = _grammar(_overrides(select, extend_select, ignore, rules, include, exclude), grammar)
        runner = Runner(overrides, config, isolated)
        reporter = _make_reporter(fmt, sys.stdout)
        _run(paths, Action.CHECK, runner, reporter, None, tally)
        reporter.finish()
    except TextfixError as exc:
        _error(str(exc))
        raise typer.Exit(EXIT_ERROR) from None
    _finish(tally, statistics)
    if tally.errors:
        raise typer.Exit(EXIT_ERROR)
    raise typer.Exit(EXIT_FINDINGS if tally.remaining and not exit_zero else EXIT_OK)


@app.command()
def fix(
    paths: Paths,
    unsafe_fixes: Annotated[bool, typer.Option("--unsafe-fixes", help="Apply unsafe fixes too.")] = False,
    diff: Annotated[bool, typer.Option("--diff", help="Print a unified diff; write nothing.")] = False,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write cleaned copies under this folder; inputs untouched.")
    ] = None,
    select: Select = None,
    extend_select: ExtendSelect = None,
    ignore: Ignore = None,
    rules: RulesOpt = None,
    config: ConfigOpt = None,
    isolated: Isolated = False,
    include: Include = None,
    exclude: Exclude = None,
    fmt: Format = "text",
    exit_zero: ExitZero = False,
    statistics: Statistics = False,
    grammar: Grammar = False,
    show_fixes: ShowFixes = False,
    learn_boilerplate: Annotated[
        bool, typer.Option("--learn-boilerplate", help="First learn lines repeated across the files (BP301).")
    ] = False,
) -> None:
    """Apply safe fixes in place (or --diff, --output DIR, '-' for stdin to stdout)."""
    if diff and output is not None:
        _error("--diff and --output cannot be combined")
        raise typer.Exit(EXIT_ERROR)
    if diff:
        action = Action.DIFF
    elif output is not None:
        action = Action.OUTPUT
    else:
        action = Action.FIX
    if "-" in paths and action is Action.FIX:
        action = Action.STDOUT
    tally = _Tally(show_fixes)
    try:
        overrides = _overrides(select, extend_select, ignore, rules, include, exclude, unsafe_fixes)
        if learn_boilerplate:
            overrides = _with_learned_pack(overrides, paths, config, isolated)
        runner = Runner(_grammar(overrides, grammar), config, isolated)
        # The fixed text goes to stdout for '-' and the diff for --diff: findings then go to stderr.
        stream = sys.stderr if action in (Action.STDOUT, Action.DIFF) else sys.stdout
        reporter = _make_reporter(fmt, stream)
        _run(paths, action, runner, reporter, output.resolve() if output else None, tally)
        reporter.finish()
    except TextfixError as exc:
        _error(str(exc))
        raise typer.Exit(EXIT_ERROR) from None
    _finish(tally, statistics)
    if action is Action.FIX and tally.fixes:
        _note(f"Fixed {tally.fixes} issue(s) in {tally.changed} file(s); {tally.remaining} remaining.")
    if tally.errors:
        raise typer.Exit(EXIT_ERROR)
    pending = tally.remaining or (action is Action.DIFF and tally.changed)
    raise typer.Exit(EXIT_FINDINGS if pending and not exit_zero else EXIT_OK)


def _with_learned_pack(
    overrides: dict[str, Any], paths: list[str], config: Path | None, isolated: bool
) -> dict[str, Any]:
    """Pass 1 of ``--learn-boilerplate``: learn over the inputs, add the pack to the overrides."""
    from textfix import learn  # noqa: PLC0415

    pack = learn.learn_to_temporary_pack(Runner(overrides, config, isolated), [Path(p) for p in paths if p != "-"])
    extra = (*(overrides.get("extend_rules") or ()), str(pack))
    selected = (*(overrides.get("extend_select") or ()), learn.LEARNED_CODE)
    return {**overrides, "extend_rules": extra, "extend_select": selected}


@app.command("learn")
def learn_command(
    paths: Paths,
    output: Annotated[Path, typer.Option("--output", "-o", help="Where to write the learned pack (YAML).")],
    config: ConfigOpt = None,
    isolated: Isolated = False,
    include: Include = None,
    exclude: Exclude = None,
) -> None:
    """Learn the lines repeated across a batch of files of one site and write them as a pack."""
    from textfix import learn  # noqa: PLC0415

    try:
        runner = Runner(_overrides(None, None, None, None, include, exclude), config, isolated)
        count = learn.learn_to_pack(runner, [Path(p) for p in paths], output)
    except TextfixError as exc:
        _error(str(exc))
        raise typer.Exit(EXIT_ERROR) from None
    _note(f"Learned {count} line(s); wrote {output}")


@app.command("rules")
def list_rules(
    rules: RulesOpt = None,
    config: ConfigOpt = None,
    isolated: Isolated = False,
    fmt: Annotated[str, typer.Option("--format", help="Output format: text or json.")] = "text",
) -> None:
    """List every rule: code, name, category, fix availability, pack, and whether it is on."""
    try:
        runner = Runner(_overrides(None, None, None, rules, None, None), config, isolated)
        engine = runner.engine_for(runner.config_for(None))
    except TextfixError as exc:
        _error(str(exc))
        raise typer.Exit(EXIT_ERROR) from None
    on = {rule.code for rule in engine.rules}
    if fmt == "json":
        import json  # noqa: PLC0415

        rows = [
            {
                "code": r.code,
                "name": r.name,
                "category": r.category.value,
                "fix": r.fix_availability.value,
                "pack": r.pack,
                "enabled": r.code in on,
            }
            for r in sorted(engine.available, key=lambda r: r.code)
        ]
        sys.stdout.write(json.dumps(rows, indent=2) + "\n")
        return
    table = Table("code", "name", "category", "fix", "pack", "on", box=None, pad_edge=False)
    for rule in sorted(engine.available, key=lambda r: r.code):
        table.add_row(
            rule.code,
            rule.name,
            rule.category.value,
            rule.fix_availability.value,
            rule.pack,
            "yes" if rule.code in on else "no",
        )
    Console(highlight=False, soft_wrap=True, width=200).print(table)


@app.command("rule")
def show_rule(
    code: Annotated[str, typer.Argument(help="A rule code or name.")],
    rules: RulesOpt = None,
) -> None:
    """Print the documentation of one rule."""
    try:
        engine = Engine(Config().merged(_overrides(None, None, None, rules, None, None)))
    except TextfixError as exc:
        _error(str(exc))
        raise typer.Exit(EXIT_ERROR) from None
    rule = engine.rule(code)
    if rule is None:
        _error(f"no rule {code!r} (see `textfix rules`)")
        raise typer.Exit(EXIT_ERROR)
    sys.stdout.write(
        f"{rule.code} {rule.name} ({rule.category.value}; fix: {rule.fix_availability.value}; pack: {rule.pack})\n\n"
        f"{rule.documentation.strip()}\n"
    )


@app.command()
def version() -> None:
    """Print textfix's version."""
    sys.stdout.write(f"textfix {__version__}\n")


def main() -> None:
    """Console-script entry point."""
    app()
