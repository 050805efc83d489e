"""Signals on a running ``textfix fix --jobs 2``: how fast it stops, and whether it counts what it wrote.

600 files (a State of the Union address with boilerplate lines added, about 40 KB each)
are fixed with ``--jobs 2``; once about 20 are written the run gets SIGINT (to its process
group, as Ctrl-C does) or SIGTERM (to textfix only). Reported: seconds from the signal to
the exit, the exit code, whether "interrupted after N file(s)" equals the files changed on
disk, temporary files left. ``python -m bench signals`` (``--quick``: one run per signal).
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import CLEAN_PROSE, Row

ROOT = Path(__file__).resolve().parents[1]
FILES = 600


def _tree(root: Path) -> dict[Path, bytes]:
    prose = (CLEAN_PROSE / "1861_abraham_lincoln_r.txt").read_text(encoding="utf-8")
    originals = {}
    for i in range(FILES):
        path = root / f"d{i % 5}" / f"{i:04d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        data = f"{prose}\nrelated news\n\nStory {i}.\n\nSource link\n".encode()
        path.write_bytes(data)
        originals[path] = data
    return originals


def _changed(originals: dict[Path, bytes]) -> int:
    return sum(path.read_bytes() != data for path, data in originals.items())


def _one(signum: int) -> tuple[float, int, bool, int]:
    root = Path(tempfile.mkdtemp(prefix="textfix-bench-signals-"))
    try:
        originals = _tree(root)
        env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
        command = [sys.executable, "-m", "textfix", "fix", "--isolated", "--jobs", "2", str(root)]
        process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, start_new_session=True
        )
        deadline = time.monotonic() + 300
        while _changed(originals) < 20 and time.monotonic() < deadline:
            time.sleep(0.05)
        if signum == signal.SIGINT:
            os.killpg(process.pid, signum)
        else:
            process.send_signal(signum)
        sent = time.monotonic()
        _, err = process.communicate(timeout=300)
        elapsed = time.monotonic() - sent
        match = re.search(rb"\((\d+) changed and written\)", err)
        exact = match is not None and int(match.group(1)) == _changed(originals)
        return elapsed, process.returncode, exact, len(list(root.rglob("*.textfix-tmp")))
    finally:
        shutil.rmtree(root, ignore_errors=True)


def run(quick: bool) -> list[Row]:
    rows = []
    for signum in (signal.SIGINT, signal.SIGTERM):
        name = signal.Signals(signum).name
        runs = [_one(signum) for _ in range(1 if quick else 3)]
        rows.append(Row("signals", f"{name}: seconds to stop (worst)", round(max(r[0] for r in runs), 2), "<= 30"))
        rows.append(Row("signals", f"{name}: exit code", runs[0][1], f"== {128 + signum}"))
        rows.append(Row("signals", f"{name}: runs counting exactly what was written", sum(r[2] for r in runs)))
        rows.append(Row("signals", f"{name}: temporary files left", sum(r[3] for r in runs), "<= 0"))
    return rows
