"""The ``textfix`` command: a thin typer shell over :mod:`textfix.run.runner`.

Exit codes (pinned by the tests):

* 0: no findings (``check``) / nothing left to fix (``fix``);
* 1: findings (``check``) / findings remain, or ``--diff`` would change something (``fix``);
* 2: usage, configuration or input error, or an input that failed (unreadable, unwritable, a rule
  failed on it: reported on one line, the run goes on);
* 130: interrupted (Ctrl-C), 143: terminated (SIGTERM); no file is left half-written.
"""

import atexit
import contextlib
import dataclasses
import gc
import io
import os
import sys
import threading
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from textfix import __version__
from textfix.errors import TextfixError

if TYPE_CHECKING:
    from textfix.report import Reporter
    from textfix.report.summary import RunSummary
    from textfix.run.runner import Action, Outcome, Runner

# Start-up: only typer is imported here. The engine, the rules, rich and the run layer are
# imported by the command that needs them, so ``--help``, ``version`` and a usage error
# never load them (tests/test_startup.py pins this; bench/bench_startup.py measures it).
# No ``from __future__ import annotations`` in this module: typer reads every command's
# signature on every run, and string annotations cost it an ``eval`` each (13 ms of the
# 19 ms it took); the few names imported for type checking only are quoted instead.

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_ERROR = 2
#: Interrupted (Ctrl-C), as shells report a process killed by SIGINT.
EXIT_INTERRUPTED = 130

app = typer.Typer(
    name="textfix",
    help="Find and repair the damage scraping and machine translation leave in text.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    rich_markup_mode=None,
)

Paths = Annotated[list[str], typer.Argument(help="Files or folders to process; '-' reads standard input.")]
FixPaths = Annotated[
    list[str] | None,
    typer.Argument(help="Files or folders to process; '-' reads standard input (none with --warc)."),
]
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
Jobs = Annotated[
    int,
    typer.Option("--jobs", "-j", help="Worker processes for folders and records (0: every core)."),
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
        overrides["options"] = {**(overrides.get("options") or {}), "grammar": {"grammar": True}}
        overrides["extend_select"] = (*(overrides["extend_select"] or ()), "GR101")

    def show(message: Warning | str, category: type[Warning], *_: Any, **__: Any) -> None:
        _note(f"warning: {message}")

    warnings.showwarning = show
    return overrides


HtmlOutput = Annotated[
    str | None,
    typer.Option("--html-output", metavar="FORMAT", help="HTML pages: extract as 'text' (.txt) or 'markdown' (.md)."),
]


def _html(overrides: dict[str, Any], html_output: str | None, metadata: bool = False) -> dict[str, Any]:
    """``--html-output`` and ``--metadata``: the ``[tool.textfix.html]`` options they set."""
    table: dict[str, Any] = {}
    if html_output is not None:
        table["output"] = html_output
    if metadata:
        table["metadata"] = True
    if table:
        options = dict(overrides.get("options") or {})
        options["html"] = {**options.get("html", {}), **table}
        overrides["options"] = options
    return overrides


def _stderr_is_terminal() -> bool:
    """Whether rich would colour standard error; answered without importing rich when it would not.

    rich (70 ms to import) decides from ``TTY_COMPATIBLE``, ``FORCE_COLOR`` and ``isatty``:
    when none of them can make standard error a terminal, rich would print plain text, so
    a pre-commit hook or a batch job writes it directly.
    """
    if "TTY_COMPATIBLE" in os.environ or "FORCE_COLOR" in os.environ:
        from rich.console import Console  # noqa: PLC0415 - start-up: see the imports

        return Console(stderr=True).is_terminal
    try:
        return sys.stderr.isatty()
    except ValueError:  # a closed stream, as rich answers
        return False


def _error(message: str) -> None:
    _to_stderr("[bold red]error[/]: ", "error: ", message)


def _note(message: str) -> None:
    _to_stderr("", "", message)


def _to_stderr(styled_prefix: str, plain_prefix: str, message: str) -> None:
    """One message on standard error: through rich on a terminal, else the same text written plainly."""
    if not _stderr_is_terminal():
        sys.stderr.write(f"{plain_prefix}{message}\n")
        return
    from rich.console import Console  # noqa: PLC0415 - start-up: see the imports
    from rich.markup import escape  # noqa: PLC0415

    Console(stderr=True, highlight=False, soft_wrap=True, emoji=False).print(f"{styled_prefix}{escape(message)}")


@contextlib.contextmanager
def _exits_on_errors(summary: "RunSummary | None" = None) -> Iterator[None]:
    """A configuration or input error exits 2 with its message; Ctrl-C exits 130 with what was done."""
    try:
        yield
    except TextfixError as exc:
        _error(str(exc))
        raise typer.Exit(EXIT_ERROR) from None
    except KeyboardInterrupt as exc:
        done = f" after {summary.files} file(s)" if summary is not None else ""
        if summary is not None and summary.changed:
            done += f" ({summary.changed} changed and written)"
        _error(f"interrupted{done}; every write is an atomic rename, so no file is half-written")
        raise typer.Exit(int(getattr(exc, "exit_code", EXIT_INTERRUPTED))) from None


def _count(summary: "RunSummary", outcome: "Outcome") -> None:
    """Count one outcome and say at once what went wrong with it."""
    summary.add(outcome)
    if outcome.error:
        _error(outcome.error)
    if outcome.skipped:
        _note(outcome.skipped)


def _run(
    paths: list[str],
    action: "Action",
    runner: "Runner",
    reporter: "Reporter",
    output: Path | None,
    summary: "RunSummary",
    jobs: int | None = None,
) -> None:
    """Process every input; files go through ``jobs`` worker processes, in input order."""
    from textfix.report.diff import unified_diff  # noqa: PLC0415
    from textfix.run.runner import Action, Outcome  # noqa: PLC0415

    files: list[Path] = []
    for given in paths:
        if given == "-":
            outcome = runner.run_stdin(action)
            if action is Action.STDOUT:  # in the input's encoding and byte-order mark
                sys.stdout.flush()
                sys.stdout.buffer.write(outcome.output())
                sys.stdout.buffer.flush()
            elif action is Action.DIFF:
                sys.stdout.write(unified_diff(outcome))
            _count(summary, outcome)
            reporter.file(outcome)
        elif Path(given).exists():
            files.append(Path(given))
        else:
            _count(summary, Outcome(given, error=f"{given}: no such file or folder"))
    if not files:
        return
    if action is Action.OUTPUT and output is not None:
        runner.check_outputs(files, output)
    progress: contextlib.AbstractContextManager[Any] = contextlib.nullcontext()
    show_progress = action is not Action.DIFF and _stderr_is_terminal()
    if show_progress:
        from rich.console import Console  # noqa: PLC0415 - start-up: see the imports

        from textfix.report.progress import BatchProgress  # noqa: PLC0415 - rich.progress: only on a terminal

        progress = BatchProgress(Console(stderr=True), lambda: runner.inputs(files))
    with progress as bar:
        items = bar.feed(runner.inputs(files)) if bar is not None else runner.inputs(files)
        for outcome in runner.run_files(items, action, output, jobs):
            if action is Action.DIFF:
                sys.stdout.write(unified_diff(outcome))
            _count(summary, outcome)
            reporter.file(outcome)
            if bar is not None:
                bar.advance()
    if show_progress:
        _note(summary.closing_line())


class _CurrentStdout(io.TextIOBase):
    """Whatever ``sys.stdout`` is when written to.

    While the progress bar is shown, rich routes ``sys.stdout`` above the bar; a reporter
    holding the original stream would write through the bar instead.
    """

    def write(self, text: str) -> int:
        return sys.stdout.write(text)

    def flush(self) -> None:
        sys.stdout.flush()

    def isatty(self) -> bool:
        return sys.stdout.isatty()


@contextlib.contextmanager
def _start_up() -> Iterator[None]:
    """Import the run layer and the rules with the cyclic garbage collector off.

    What they create lives as long as the process, yet each collection on the way traverses it
    again (the collector is 7 % of a small file's check, callgrind instructions). Once the first
    engine is built, what is alive is frozen out of later collections
    (:func:`textfix.run.engines.freeze_after_build`); documents' garbage is collected as before.
    """
    from textfix.run import engines  # noqa: PLC0415 - start-up: see the imports

    engines.freeze_after_build()
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _make_reporter(fmt: str, stream: Any) -> "Reporter":
    from textfix.report import reporters  # noqa: PLC0415 - start-up: see the imports

    factories = reporters()
    if fmt not in factories:
        msg = f"unknown format {fmt!r}; choose from {', '.join(sorted(factories))}"
        raise TextfixError(msg)
    return factories[fmt](stream, stream.isatty())


def _finish(summary: "RunSummary", statistics: bool) -> None:
    for line in summary.fix_lines:
        _note(line)
    if statistics:
        for line in summary.statistics_lines():
            _note(line)


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
    jobs: Jobs = 0,
    html_output: HtmlOutput = None,
) -> None:
    """Report findings, like a linter. Exit 0: none; 1: findings; 2: error."""
    with _start_up():
        from textfix.report.summary import RunSummary  # noqa: PLC0415 - start-up: see the imports
        from textfix.run.runner import Action, Runner  # noqa: PLC0415

    summary = RunSummary(show_fixes)
    with _exits_on_errors(summary):
        overrides = _grammar(_overrides(select, extend_select, ignore, rules, include, exclude), grammar)
        overrides = _html(overrides, html_output)
        runner = Runner(overrides, config, isolated)
        reporter = _make_reporter(fmt, _CurrentStdout())
        _run(paths, Action.CHECK, runner, reporter, None, summary, _jobs(jobs, grammar))
        reporter.finish()
    _finish(summary, statistics)
    if summary.errors:
        raise typer.Exit(EXIT_ERROR)
    raise typer.Exit(EXIT_FINDINGS if summary.remaining and not exit_zero else EXIT_OK)


@app.command()
def fix(
    paths: FixPaths = None,
    unsafe_fixes: Annotated[bool, typer.Option("--unsafe-fixes", help="Apply unsafe fixes too.")] = False,
    diff: Annotated[bool, typer.Option("--diff", help="Print a unified diff; write nothing.")] = False,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="Write cleaned copies under this folder (records: to this file); inputs untouched."
        ),
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
    jobs: Jobs = 0,
    jsonl: Annotated[
        str | None, typer.Option("--jsonl", metavar="FIELD", help="Input is JSON lines: clean FIELD of each record.")
    ] = None,
    parquet: Annotated[
        str | None, typer.Option("--parquet", metavar="FIELD", help="Input is Parquet: clean column FIELD.")
    ] = None,
    codes_field: Annotated[
        str | None, typer.Option("--codes-field", help="Records: add this field listing the codes applied.")
    ] = None,
    dask_scheduler: Annotated[
        str | None,
        typer.Option("--dask-scheduler", metavar="ADDRESS", help="Run on this Dask cluster (textfix[dask])."),
    ] = None,
    html_output: HtmlOutput = None,
    metadata: Annotated[
        bool,
        typer.Option(
            "--metadata", help="HTML pages: keep title, author, date, URL and site name (front matter, fields)."
        ),
    ] = False,
    warc: Annotated[
        list[Path] | None,
        typer.Option(
            "--warc", metavar="ARCHIVE", help="Input is a WARC archive: one JSON line per page (textfix[warc])."
        ),
    ] = None,
    jsonl_out: Annotated[
        Path | None, typer.Option("--jsonl-out", metavar="FILE", help="--warc: where the JSON lines go.")
    ] = None,
    from_html: Annotated[
        bool, typer.Option("--from-html", help="--jsonl: the field holds raw pages; extract their article text first.")
    ] = False,
    force: Annotated[bool, typer.Option("--force", help="Fix read-only files too (skipped by default).")] = False,
) -> None:
    """Apply safe fixes in place (or --diff, --output DIR, '-' for stdin to stdout)."""
    with _start_up():
        from textfix.report.summary import RunSummary  # noqa: PLC0415 - start-up: see the imports
        from textfix.run.runner import Action, Runner  # noqa: PLC0415

    paths = paths or []
    if not paths and not warc:
        _error("give the files or folders to fix ('-' for standard input), or --warc ARCHIVE")
        raise typer.Exit(EXIT_ERROR)
    if diff and output is not None:
        _error("--diff and --output cannot be combined")
        raise typer.Exit(EXIT_ERROR)
    overrides = _html(
        _overrides(select, extend_select, ignore, rules, include, exclude, unsafe_fixes), html_output, metadata
    )
    if warc:
        with _exits_on_errors():
            runner = Runner(_grammar(overrides, grammar), config, isolated)
        job = WarcJob(warc, jsonl_out or output, paths, _jobs(jobs, grammar), dask_scheduler, learn_boilerplate)
        raise typer.Exit(_fix_warc(job, runner))
    if jsonl is not None or parquet is not None or dask_scheduler is not None:
        with _exits_on_errors():
            runner = Runner(_grammar(overrides, grammar), config, isolated)
        if jsonl is None and parquet is None:
            assert dask_scheduler is not None
            raise typer.Exit(_fix_on_dask(paths, dask_scheduler, runner, diff, output))
        records = RecordJob(paths, output, jsonl, parquet, codes_field, dask_scheduler, _jobs(jobs, grammar), from_html)
        raise typer.Exit(_fix_records(records, runner))
    if from_html:
        _error("--from-html goes with --jsonl FIELD (records whose field holds raw pages)")
        raise typer.Exit(EXIT_ERROR)
    if diff:
        action = Action.DIFF
    elif output is not None:
        action = Action.OUTPUT
    else:
        action = Action.FIX
    if "-" in paths and action is Action.FIX:
        action = Action.STDOUT
    summary = RunSummary(show_fixes)
    with _exits_on_errors(summary):
        if learn_boilerplate:
            overrides = _with_learned_pack(overrides, paths, config, isolated)
        runner = Runner(_grammar(overrides, grammar), config, isolated, force)
        # The fixed text goes to stdout for '-' and the diff for --diff: findings then go to stderr.
        stream = sys.stderr if action in (Action.STDOUT, Action.DIFF) else _CurrentStdout()
        reporter = _make_reporter(fmt, stream)
        _run(paths, action, runner, reporter, output.resolve() if output else None, summary, _jobs(jobs, grammar))
        reporter.finish()
    _finish(summary, statistics)
    if action is Action.FIX and summary.fixes:
        _note(f"Fixed {summary.fixes} issue(s) in {summary.changed} file(s); {summary.remaining} remaining.")
    if summary.errors:
        raise typer.Exit(EXIT_ERROR)
    pending = summary.remaining or (action is Action.DIFF and summary.changed)
    raise typer.Exit(EXIT_FINDINGS if pending and not exit_zero else EXIT_OK)


def _jobs(jobs: int, grammar: bool) -> int | None:
    """Worker processes: every core by default; one with --grammar (one server, one warning)."""
    if grammar:
        return 1
    return None if jobs <= 0 else jobs


@dataclasses.dataclass(frozen=True)
class RecordJob:
    """What ``fix --jsonl/--parquet`` was asked to do."""

    paths: list[str]
    output: Path | None
    jsonl: str | None
    parquet: str | None
    codes_field: str | None
    scheduler: str | None
    jobs: int | None
    from_html: bool = False


def _fix_records(job: RecordJob, runner: "Runner") -> int:
    """``fix --jsonl FIELD in.jsonl -o out.jsonl`` and ``fix --parquet FIELD in.parquet -o out.parquet``."""
    from textfix.run import records  # noqa: PLC0415

    if len(job.paths) != 1 or (job.jsonl is not None and job.parquet is not None):
        _error("records: give exactly one input file and one of --jsonl or --parquet")
        return EXIT_ERROR
    source = job.paths[0]
    config = runner.config_for(None if source == "-" else Path(source))
    try:
        if job.parquet is not None:
            if job.output is None or source == "-" or job.scheduler is not None:
                _error("--parquet needs an input file and --output FILE (and runs on this machine)")
                return EXIT_ERROR
            stats = records.fix_parquet(
                Path(source), job.output, job.parquet, config=config, codes_field=job.codes_field, jobs=job.jobs
            )
        else:
            assert job.jsonl is not None
            with records.jsonl_streams(source, job.output) as (reader, target):
                if job.scheduler is not None:
                    from textfix.run import dask  # noqa: PLC0415

                    if job.from_html:
                        _error("--from-html runs on this machine (not with --dask-scheduler)")
                        return EXIT_ERROR

                    stats = dask.fix_jsonl_on_cluster(
                        reader, target, job.jsonl, job.scheduler, config, codes_field=job.codes_field
                    )
                else:
                    stats = records.fix_jsonl(
                        reader,
                        target,
                        job.jsonl,
                        config=config,
                        codes_field=job.codes_field,
                        jobs=job.jobs,
                        from_html=job.from_html,
                    )
    except (OSError, TextfixError) as exc:
        _error(str(exc))
        return EXIT_ERROR
    except KeyboardInterrupt as exc:
        _error("interrupted; no output file was written")
        return int(getattr(exc, "exit_code", EXIT_INTERRUPTED))
    for message in stats.errors:
        _error(message)
    _note(
        f"{stats.records} record(s), {stats.changed} changed, {stats.fixes} fix(es); "
        f"{stats.passed_through} passed through untouched"
    )
    return EXIT_ERROR if stats.errors else EXIT_OK


@dataclasses.dataclass(frozen=True)
class WarcJob:
    """What ``fix --warc ARCHIVE --jsonl-out FILE`` was asked to do."""

    archives: list[Path]
    output: Path | None
    paths: list[str]
    jobs: int | None
    scheduler: str | None
    learn: bool


def _fix_warc(job: WarcJob, runner: "Runner") -> int:
    """``fix --warc crawl.warc.gz --jsonl-out out.jsonl``: one JSON line per page, in archive order."""
    from textfix.run import warc  # noqa: PLC0415

    if job.output is None or job.paths:
        _error("--warc needs --jsonl-out FILE (and no other inputs)")
        return EXIT_ERROR
    missing = [str(path) for path in job.archives if not path.is_file()]
    if missing:
        _error(f"{', '.join(missing)}: no such archive")
        return EXIT_ERROR
    try:
        stats = warc.fix_warc_file(
            job.archives,
            job.output,
            runner.config_for(job.archives[0]),
            jobs=job.jobs,
            learn=job.learn,
            scheduler=job.scheduler,
        )
    except (OSError, TextfixError) as exc:
        _error(str(exc))
        return EXIT_ERROR
    except KeyboardInterrupt:
        _error("interrupted; no output file was written")
        return EXIT_INTERRUPTED
    for message in stats.messages:
        _note(message)
    if stats.more_messages:
        _note(f"... and {stats.more_messages} more message(s)")
    _note(stats.summary())
    return EXIT_ERROR if stats.skipped["unreadable"] else EXIT_OK


def _fix_on_dask(paths: list[str], scheduler: str, runner: "Runner", diff: bool, output: Path | None) -> int:
    """``fix DIR --dask-scheduler ADDRESS``: fix files in place on a cluster sharing the file system."""
    from textfix.report.summary import RunSummary  # noqa: PLC0415
    from textfix.run import dask  # noqa: PLC0415

    if diff or output is not None or "-" in paths:
        _error("--dask-scheduler fixes files in place: --diff, --output and '-' are not supported with it")
        return EXIT_ERROR
    files = (str(item.path) for item in runner.inputs([Path(p) for p in paths]))
    summary = RunSummary()
    with _exits_on_errors(summary):
        results = dask.fix_files(
            files, scheduler, dict(runner.overrides), config_file=runner.config_file, isolated=runner.isolated
        )
        for result in results:
            summary.add_counts(
                changed=result.changed, remaining=result.findings, error=result.error, skipped=result.skipped
            )
            if result.error:
                _error(result.error)
            if result.skipped:
                _note(result.skipped)
    _note(f"{summary.files} file(s) on {scheduler}: {summary.changed} changed, {summary.remaining} finding(s) left")
    if summary.errors:
        return EXIT_ERROR
    return EXIT_FINDINGS if summary.remaining else EXIT_OK


def _with_learned_pack(
    overrides: dict[str, Any], paths: list[str], config: Path | None, isolated: bool
) -> dict[str, Any]:
    """Pass 1 of ``--learn-boilerplate``: learn over the inputs, add the pack to the overrides."""
    from textfix.families.boilerplate import site_chrome as learn  # noqa: PLC0415
    from textfix.run.runner import Runner  # noqa: PLC0415

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
    from textfix.families.boilerplate import site_chrome as learn  # noqa: PLC0415
    from textfix.run.runner import Runner  # noqa: PLC0415

    with _exits_on_errors():
        runner = Runner(_overrides(None, None, None, None, include, exclude), config, isolated)
        count = learn.learn_to_pack(runner, [Path(p) for p in paths], output)
    _note(f"Learned {count} line(s); wrote {output}")


@app.command("rules")
def list_rules(
    rules: RulesOpt = None,
    config: ConfigOpt = None,
    isolated: Isolated = False,
    fmt: Annotated[str, typer.Option("--format", help="Output format: text or json.")] = "text",
) -> None:
    """List every rule: code, name, category, fix availability, pack, and whether it is on."""
    from rich.console import Console  # noqa: PLC0415 - start-up: see the imports
    from rich.table import Table  # noqa: PLC0415

    from textfix.run.runner import Runner  # noqa: PLC0415

    with _exits_on_errors():
        runner = Runner(_overrides(None, None, None, rules, None, None), config, isolated)
        engine = runner.engine_for(runner.config_for(None))
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
    from textfix.config import Config  # noqa: PLC0415 - start-up: see the imports
    from textfix.core.engine import Engine  # noqa: PLC0415

    with _exits_on_errors():
        engine = Engine(Config().merged(_overrides(None, None, None, rules, None, None)))
    rule = engine.rule(code)
    if rule is None:
        _error(f"no rule {code!r} (see `textfix rules`)")
        raise typer.Exit(EXIT_ERROR)
    sys.stdout.write(
        f"{rule.code} {rule.name} ({rule.category.value}; fix: {rule.fix_availability.value}; pack: {rule.pack})\n\n"
        f"{rule.documentation.strip()}\n"
    )
    if rule.calibration is not None:
        sys.stdout.write(f"\n{rule.calibration.describe()}\n")


@app.command()
def version() -> None:
    """Print textfix's version, and which kernels run (compiled C or pure Python; see textfix.native)."""
    from textfix import native  # noqa: PLC0415

    sys.stdout.write(f"textfix {__version__}\nkernels: {native.PATH}\n")


def main() -> None:
    """Console-script entry point.

    Start-up's other half is the interpreter's teardown: freeing every module, rule table
    and index one object at a time, plus its last collections (about 3 % of a small file's
    check, callgrind instructions). A finished command has nothing left to free, so it
    runs the ``atexit`` handlers, flushes its output and leaves with ``os._exit``, as mypy
    does. With another thread still running (a library's pool), it exits normally.
    """
    try:
        app()
    except SystemExit as exc:
        code = exc.code
    else:
        code = EXIT_OK
    if not isinstance(code, int) or isinstance(code, bool) or threading.active_count() > 1:
        sys.exit(code)
    _exit_now(code)


def _exit_now(code: int) -> NoReturn:
    """Run the ``atexit`` handlers, flush the standard streams and end the process, skipping teardown."""
    atexit._run_exitfuncs()  # what interpreter shutdown would run first
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (BrokenPipeError, ValueError):  # a closed pipe (``textfix check | head``) or stream
        os._exit(code or EXIT_ERROR)
    os._exit(code)
