"""Run one command as a user runs it and measure it: wall time, CPU time, peak RSS, per process.

Each command runs under ``/usr/bin/time`` (a small C program, so its own fork adds nothing to the
peak it reports): the command's CPU time (user + system, with every worker it waited for) and its peak
RSS (the largest process of its tree) come from the kernel, exact. While it runs, its process tree is
sampled every 50 ms with psutil, for the peak RSS and CPU time of each process apart (the main process
and the largest worker of a ``--jobs 2`` run).

Also: the ftfy script the command is compared with (one process walks the folder, reads each file,
``ftfy.fix_text``, writes to ``/dev/null``), and callgrind instruction counts.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import textfix

TIME = "/usr/bin/time"
#: The textfix command as installed in this environment (the console script beside this Python).
TEXTFIX = str(Path(sys.executable).with_name("textfix"))

#: What the ftfy figure is: one process, start-up included, every file of the folder through ``ftfy.fix_text``.
FTFY_SCRIPT = """
import os, sys
import ftfy
with open(os.devnull, "w", encoding="utf-8") as sink:
    for root, dirs, names in os.walk(sys.argv[1]):
        dirs.sort()
        for name in sorted(names):
            if name.endswith((".txt", ".md")):
                with open(os.path.join(root, name), encoding="utf-8") as f:
                    sink.write(ftfy.fix_text(f.read()))
"""


def ftfy_command(folder: Path) -> list[str]:
    """``ftfy.fix_text`` over every file of ``folder`` in one process."""
    return [sys.executable, "-c", FTFY_SCRIPT, str(folder)]


def ftfy_cli_command(folder: Path) -> list[str]:
    """ftfy's own command line on the folder's files, concatenated on its standard input (it takes one file)."""
    ftfy = _quote(Path(sys.executable).with_name("ftfy"))
    pipeline = f"find {_quote(folder)} -name '*.txt' -print0 | sort -z | xargs -0 cat | {ftfy} -o /dev/null -"
    return ["sh", "-c", pipeline]


def _quote(path: object) -> str:
    import shlex

    return shlex.quote(str(path))


def textfix_command(*arguments: str) -> list[str]:
    return [TEXTFIX, *arguments]


@dataclass
class Run:
    """One run of a command."""

    wall: float
    cpu: float
    peak_rss_mb: float
    main_rss_mb: float = 0.0
    worker_rss_mb: float = 0.0
    #: CPU seconds of the busiest process of the tree (main or a worker), as last sampled.
    busiest_cpu: float = 0.0
    returncode: int = 0
    stdout_lines: int = 0


@dataclass
class _Tree:
    rss: dict[int, float] = field(default_factory=dict)
    cpu: dict[int, float] = field(default_factory=dict)


def _sample_until_exit(process: subprocess.Popen[bytes]) -> tuple[_Tree, int | None]:
    """Sample the tree under ``process`` (``/usr/bin/time``'s child and its workers) until it exits."""
    import psutil

    tree = _Tree()
    top = psutil.Process(process.pid)
    main_pid: int | None = None
    while process.poll() is None:
        try:
            children = top.children(recursive=True)
            if main_pid is None:
                direct = top.children() if TIME_AVAILABLE else [top]
                main_pid = direct[0].pid if direct else None
            for member in children if TIME_AVAILABLE else [top, *children]:
                with member.oneshot():
                    tree.rss[member.pid] = max(tree.rss.get(member.pid, 0.0), member.memory_info().rss / 1e6)
                    times = member.cpu_times()
                    tree.cpu[member.pid] = times.user + times.system
        except psutil.Error:
            pass
        time.sleep(0.05)
    return tree, main_pid


TIME_AVAILABLE = os.access(TIME, os.X_OK)


def run_command(
    command: Sequence[str], *, env: dict[str, str] | None = None, cwd: Path | None = None, stdout_file: bool = True
) -> Run:
    """Run ``command`` once; stdout goes to a temporary file (its lines are counted), stderr is kept for errors."""
    with tempfile.NamedTemporaryFile("r") as usage, tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        wrapped = [TIME, "-f", "%U %S %M", "-o", usage.name, *command] if TIME_AVAILABLE else list(command)
        environment = {**os.environ, **(env or {})}
        started = time.perf_counter()
        rusage_before = os.times()
        process = subprocess.Popen(wrapped, stdout=out, stderr=err, env=environment, cwd=cwd)
        tree, main_pid = _sample_until_exit(process)
        wall = time.perf_counter() - started
        rusage_after = os.times()
        if process.returncode not in (0, 1):
            err.seek(0)
            tail = err.read().decode("utf-8", "replace")[-2000:]
            raise RuntimeError(f"{' '.join(command)} exited {process.returncode}: {tail}")
        out.seek(0)
        lines = sum(1 for _ in out)
        if TIME_AVAILABLE:
            fields = usage.read().split()[-3:]
            user, system, max_kb = float(fields[0]), float(fields[1]), float(fields[2])
            cpu, peak = user + system, max_kb / 1e3
        else:
            cpu = (rusage_after.children_user - rusage_before.children_user) + (
                rusage_after.children_system - rusage_before.children_system
            )
            peak = max(tree.rss.values(), default=0.0)
    workers = [rss for pid, rss in tree.rss.items() if pid != main_pid]
    return Run(
        wall=wall,
        # Workers a pool leaves to the kernel are not in the waited-for usage: their sampled times are.
        cpu=max(cpu, sum(tree.cpu.values())),
        peak_rss_mb=peak,
        main_rss_mb=tree.rss.get(main_pid, 0.0) if main_pid is not None else 0.0,
        worker_rss_mb=max(workers, default=0.0),
        busiest_cpu=max(tree.cpu.values(), default=0.0),
        returncode=process.returncode,
        stdout_lines=lines,
    )


def best_of(repeats: int, once: Callable[[], Run]) -> tuple[Run, list[Run]]:
    """The fastest of ``repeats`` runs (by wall time; its CPU time is the lowest seen), and every run."""
    runs = [once() for _ in range(max(1, repeats))]
    best = min(runs, key=lambda r: r.wall)
    best = Run(**{**best.__dict__, "cpu": min(r.cpu for r in runs), "peak_rss_mb": max(r.peak_rss_mb for r in runs)})
    return best, runs


# --- callgrind --------------------------------------------------------------------------------------------------

_COLLECTED = re.compile(r"Collected\s*:\s*(\d+)")


def instructions(command: Sequence[str], *, env: dict[str, str] | None = None) -> int:
    """Instructions executed by ``command`` (``valgrind --tool=callgrind``: repeatable whatever the load)."""
    with tempfile.TemporaryDirectory() as tmp:
        out = subprocess.run(
            ["valgrind", "--tool=callgrind", f"--callgrind-out-file={tmp}/callgrind.out", *command],
            check=False,
            capture_output=True,
            text=True,
            env={**os.environ, **(env or {})},
        )
    found = _COLLECTED.search(out.stderr)
    if found is None or out.returncode not in (0, 1):
        raise RuntimeError(f"callgrind of {' '.join(command)} failed: {out.stderr[-2000:]}")
    return int(found.group(1))


def valgrind_available() -> bool:
    return shutil.which("valgrind") is not None


def compile_bytecode() -> None:
    """Write the bytecode of the textfix that runs here, as a wheel's install does.

    An editable install under ``PYTHONDONTWRITEBYTECODE=1`` (these machines set it) has none:
    every command would compile every module from source (about 0.3 s of CPU), which no
    installed wheel pays. Every timed textfix command runs after this.
    """
    environment = dict(os.environ)
    environment.pop("PYTHONDONTWRITEBYTECODE", None)
    package = str(Path(textfix.__file__).parent)
    command = [sys.executable, "-c", f"import compileall; compileall.compile_dir({package!r}, quiet=1)"]
    subprocess.run(command, env=environment, check=True, capture_output=True)
