"""Write ``rules/index.json``: every shipped pack, parsed, with the CRC-32 of its file.

    python -m bench build-pack-index

``textfix.core.packs.load_packs`` takes a shipped pack from the index while its file still
has that CRC, so a small file's check neither imports PyYAML nor parses the packs; an edited
pack is parsed as YAML until the index is written again (tests/core/test_packs.py checks the
index is current). Deterministic: files in sorted order, keys as the YAML gives them.
"""

from __future__ import annotations

import json

from textfix.core.packs import SHIPPED_INDEX, builtin_rules_dir, index_entry, pack_files


def build() -> str:
    """The index's text for the packs in the source tree's ``rules/``."""
    root = builtin_rules_dir()
    packs = {path.relative_to(root).as_posix(): index_entry(path) for path in pack_files(root)}
    return json.dumps({"packs": packs}, ensure_ascii=False, separators=(",", ":"), sort_keys=False) + "\n"


def main() -> None:
    """Write the index beside the packs."""
    target = builtin_rules_dir() / SHIPPED_INDEX
    target.write_text(build(), encoding="utf-8")
    print(f"wrote {target} ({target.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
