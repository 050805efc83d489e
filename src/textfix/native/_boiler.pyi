"""Types of the compiled kernel ``_boiler.c``; its semantics are :func:`textfix.native.pure.line_context`'s."""

from typing_extensions import Buffer

def line_context(
    local: Buffer,
    short: Buffer,
    repeat_keys: Buffer,
    chars: Buffer,
    prose: Buffer,
    block_prose: Buffer,
    position: Buffer,
    blanks_before: Buffer,
    repeat_logs: Buffer,
    chars_total: float,
    log_rows: float,
    doc_stop: float,
    features: Buffer,
    raw: Buffer,
) -> tuple[int, int]: ...
def assemble_rows(
    local: Buffer,
    short: Buffer,
    repeat_keys: Buffer,
    chars: Buffer,
    prose: Buffer,
    known: Buffer,
    position: Buffer,
    blanks_before: Buffer,
    repeat_logs: Buffer,
    rows: Buffer | None,
    features: Buffer,
) -> tuple[int, int]: ...
def calibrate(raw: Buffer, xp: Buffer, fp: Buffer, out: Buffer) -> None: ...
