"""Loading and validating YAML rule packs.

A pack is a YAML file that instantiates rule *kinds*::

    description: Comment forms that WordPress themes print under an article.
    source: WordPress core comment-template.php; Newspaper theme
    rules:
      - code: BP101
        name: comment-form-prompt
        kind: lines
        description: |
          What it does ... Why it happens ... Example ...
        phrases:
          - Please enter your comment!
        tests:
          - input: "Text.\\n\\nPlease enter your comment!\\n"
            expected: "Text.\\n"

A malformed pack is a :class:`~textfix.errors.PackError` naming the file, the rule
and the key. The packs shipped with textfix live in the top-level ``rules/`` folder of
the source tree and in ``textfix/rules`` inside the wheel.

Start-up: beside the shipped packs, ``rules/index.json`` holds each one already parsed,
with the CRC-32 of the file it was parsed from (written by ``python -m bench build-pack-index``).
A shipped pack whose bytes still have that CRC is taken from the index, so a small file's
check neither imports PyYAML nor parses 13 files (about 40 ms); one edited since is parsed
as YAML, so the index can be stale but never wrong.
"""

from __future__ import annotations

import functools
import json
import zlib
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import msgspec

from textfix.core.rule import CODE_PATTERN, NAME_PATTERN, Rule, RuleExample
from textfix.errors import PackError
from textfix.model import Applicability, Category

#: The shipped packs, parsed: ``{"packs": {relative path: {"crc32": int, "data": parsed YAML}}}``.
SHIPPED_INDEX = "index.json"

PACK_KEYS = frozenset({"description", "source", "license", "rules", "default-enabled"})
COMMON_RULE_KEYS = frozenset(
    {"code", "name", "kind", "category", "summary", "description", "applicability", "tests", "default-enabled"}
)


def builtin_rules_dir() -> Path:
    """Where the shipped packs are: inside the installed package, else the source tree."""
    packaged = Path(__file__).resolve().parent.parent / "rules"
    if packaged.is_dir():
        return packaged
    source_tree = Path(__file__).resolve().parents[3] / "rules"
    if source_tree.is_dir():
        return source_tree
    msg = "textfix's own rule packs are missing from this installation"
    raise PackError(str(packaged), msg)


class RuleSpec(msgspec.Struct, frozen=True):
    """One rule entry of a pack, with typed accessors that fail with a precise error."""

    path: str
    pack: str
    index: int
    data: Mapping[str, Any]
    pack_default_enabled: bool = True
    #: A pack textfix ships: its patterns are validated one by one by the test suite
    #: (tests/core/test_robustness.py), so loading it need not compile each to validate it.
    shipped: bool = False

    @property
    def label(self) -> str:
        """How errors name the rule: its code when it has one, else its position."""
        code = self.data.get("code")
        return str(code) if isinstance(code, str) else f"#{self.index + 1}"

    def error(self, key: str | None, message: str) -> PackError:
        """A :class:`PackError` about ``key`` of this rule."""
        return PackError(self.path, message, rule=self.label, key=key)

    def check_keys(self, allowed: frozenset[str]) -> None:
        """Fail on any key the kind does not know."""
        for key in self.data:
            if key not in allowed and key not in COMMON_RULE_KEYS:
                raise self.error(str(key), "unknown key for this kind")

    def get(self, key: str, default: Any = None) -> Any:
        """The raw value of ``key``."""
        return self.data.get(key, default)

    def string(self, key: str, default: str | None = None) -> str:
        """A required (or defaulted) string."""
        value = self.data.get(key, default)
        if value is None:
            raise self.error(key, "is required")
        if not isinstance(value, str):
            raise self.error(key, f"must be a string, not {type(value).__name__}")
        return value

    def string_list(self, key: str, *, required: bool = False) -> tuple[str, ...]:
        """A list of strings (a single string counts as a list of one)."""
        value = self.data.get(key)
        if value is None:
            if required:
                raise self.error(key, "is required")
            return ()
        if isinstance(value, str):
            return (value,)
        if not isinstance(value, list):
            raise self.error(key, "must be a list of strings")
        for item in value:
            if not isinstance(item, str):
                raise self.error(key, f"must hold only strings, found {item!r}")
        return tuple(value)

    def boolean(self, key: str, default: bool) -> bool:
        """A boolean with a default."""
        value = self.data.get(key, default)
        if not isinstance(value, bool):
            raise self.error(key, "must be true or false")
        return value

    def integer(self, key: str, default: int) -> int:
        """A non-negative integer with a default."""
        value = self.data.get(key, default)
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise self.error(key, "must be a non-negative integer")
        return value

    def applicability(self, default: Applicability = Applicability.SAFE) -> Applicability:
        """The ``applicability`` key: safe, unsafe or display."""
        value = self.string("applicability", default.value)
        try:
            return Applicability(value)
        except ValueError:
            raise self.error("applicability", f"must be safe, unsafe or display, not {value!r}") from None

    def category(self, default: Category) -> Category:
        """The ``category`` key (defaults to the kind's category)."""
        value = self.string("category", default.value)
        try:
            return Category(value)
        except ValueError:
            allowed = ", ".join(c.value for c in Category)
            raise self.error("category", f"must be one of {allowed}, not {value!r}") from None

    def code(self) -> str:
        """The rule code, validated (``BP101``)."""
        value = self.string("code")
        if not CODE_PATTERN.fullmatch(value):
            raise self.error("code", f"{value!r} is not a rule code (two or three capitals and three digits)")
        return value

    def name(self) -> str:
        """The rule name, validated (kebab-case)."""
        value = self.string("name")
        if not NAME_PATTERN.fullmatch(value):
            raise self.error("name", f"{value!r} is not a kebab-case name")
        return value

    def examples(self) -> tuple[RuleExample, ...]:
        """The rule's own test cases."""
        value = self.data.get("tests", [])
        if not isinstance(value, list):
            raise self.error("tests", "must be a list of {input, expected} tables")
        out = []
        for number, case in enumerate(value, 1):
            if not isinstance(case, dict) or set(case) - {"input", "expected", "unsafe"}:
                raise self.error("tests", f"case {number} must have only 'input', 'expected' and 'unsafe'")
            given, expected = case.get("input"), case.get("expected")
            if not isinstance(given, str) or not isinstance(expected, str):
                raise self.error("tests", f"case {number} needs string 'input' and 'expected'")
            unsafe = case.get("unsafe", False)
            if not isinstance(unsafe, bool):
                raise self.error("tests", f"case {number}: 'unsafe' must be true or false")
            out.append(RuleExample(given, expected, unsafe))
        return tuple(out)

    def apply_common(self, rule: Rule, default_category: Category) -> Rule:
        """Set the metadata every pack rule has, from the common keys."""
        rule.code = self.code()
        rule.name = self.name()
        rule.category = self.category(default_category)
        rule.summary = self.string("summary", "") or self.string("description", "").strip().split("\n")[0]
        if not rule.summary:
            raise self.error("summary", "a rule needs a 'summary' or a 'description'")
        rule.description = self.string("description", rule.summary)
        rule.pack = self.pack
        rule.examples = self.examples()
        rule.default_enabled = self.boolean("default-enabled", self.pack_default_enabled)
        return rule


#: A kind builds one rule from its spec.
KindFactory = Callable[[RuleSpec], Rule]


@functools.lru_cache(maxsize=128)
def _parse(path: str, mtime_ns: int) -> Any:
    del mtime_ns  # part of the cache key only
    try:
        with open(path, "rb") as handle:
            content = handle.read()
    except OSError as exc:
        raise PackError(path, f"cannot read: {exc.strerror or type(exc).__name__}") from None
    return parse_yaml(content, path)


def parse_yaml(content: bytes, where: str) -> Any:
    """A pack file's content as data (PyYAML's safe loader; libyaml's when PyYAML has it)."""
    import yaml  # noqa: PLC0415 - start-up: the shipped packs come from the index

    loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        raise PackError(where, "cannot read: not UTF-8 text") from None
    try:
        return yaml.load(text, Loader=loader)  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        # Never the text of the file: a YAML error's str() quotes the offending line.
        raise PackError(where, f"not valid YAML{_where(exc)}") from None


def _where(exc: Any) -> str:
    """The line and column of a YAML error, and its problem (a description, not file text)."""
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None)
    place = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
    return f"{place}: {problem}" if isinstance(problem, str) and problem else place


def shipped_index(root: Path) -> dict[str, Any]:
    """The parsed packs of ``root``'s index, by relative path (empty when there is no index).

    Read once per process and index file, as :func:`_parse` reads a pack: every ``Engine``
    loads the shipped packs.
    """
    index = root / SHIPPED_INDEX
    try:
        mtime_ns = index.stat().st_mtime_ns
    except OSError:
        return {}
    return _read_index(str(index), mtime_ns)


@functools.lru_cache(maxsize=8)
def _read_index(path: str, mtime_ns: int) -> dict[str, Any]:
    del mtime_ns  # part of the cache key only
    try:
        with open(path, "rb") as handle:
            packs = json.loads(handle.read())["packs"]
    except (OSError, ValueError, KeyError, TypeError):
        return {}
    return packs if isinstance(packs, dict) else {}


def index_entry(path: Path) -> dict[str, Any]:
    """What the index holds for one pack file: its CRC-32 and its parsed content."""
    content = path.read_bytes()
    return {"crc32": zlib.crc32(content), "data": parse_yaml(content, str(path))}


def pack_files(root: Path) -> list[Path]:
    """Every pack file under ``root`` (or ``root`` itself when it is a file), sorted.

    A folder walk keeps only files that resolve inside it: a symbolic link in a pack folder
    never brings in a file from elsewhere.
    """
    if root.is_file():
        return [root]
    if not root.is_dir():
        raise PackError(str(root), "no such pack file or folder")
    base = root.resolve()
    return sorted(
        p for p in root.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file() and p.resolve().is_relative_to(base)
    )


def load_pack(path: Path, pack_id: str, kinds: Mapping[str, KindFactory], *, shipped: bool = False) -> Iterator[Rule]:
    """Instantiate every rule of one pack file (``shipped``: one of textfix's own, see :attr:`RuleSpec.shipped`)."""
    where = str(path)
    return _rules_of(where, pack_id, _parse(where, path.stat().st_mtime_ns), kinds, shipped)


def _rules_of(where: str, pack_id: str, data: Any, kinds: Mapping[str, KindFactory], shipped: bool) -> Iterator[Rule]:
    if not isinstance(data, dict):
        raise PackError(where, "a pack must be a mapping with a 'rules' list")
    for key in data:
        if key not in PACK_KEYS:
            raise PackError(where, "unknown pack key", key=str(key))
    rules = data.get("rules")
    if not isinstance(rules, list) or not rules:
        raise PackError(where, "must be a non-empty list of rules", key="rules")
    default_enabled = data.get("default-enabled", True)
    if not isinstance(default_enabled, bool):
        raise PackError(where, "must be true or false", key="default-enabled")
    for index, entry in enumerate(rules):
        if not isinstance(entry, dict):
            raise PackError(where, "each rule must be a mapping", rule=f"#{index + 1}")
        spec = RuleSpec(where, pack_id, index, entry, default_enabled, shipped)
        kind = spec.string("kind")
        factory = kinds.get(kind)
        if factory is None:
            raise spec.error("kind", f"unknown kind {kind!r}; known kinds: {', '.join(sorted(kinds))}")
        yield factory(spec)


def load_packs(root: Path, kinds: Mapping[str, KindFactory], *, prefix: str = "", shipped: bool = False) -> list[Rule]:
    """Every rule of every pack under ``root``; pack ids are paths relative to it.

    ``shipped``: textfix's own packs; each one still as the index parsed it is taken from
    :data:`SHIPPED_INDEX` (see the module's docstring).
    """
    out: list[Rule] = []
    base = root.parent if root.is_file() else root
    index = shipped_index(root) if shipped else {}
    for path in pack_files(root):
        relative = path.relative_to(base)
        pack_id = prefix + relative.with_suffix("").as_posix()
        entry = index.get(relative.as_posix())
        if entry is not None:
            content = path.read_bytes()
            if isinstance(entry, dict) and entry.get("crc32") == zlib.crc32(content):
                out.extend(_rules_of(str(path), pack_id, entry.get("data"), kinds, shipped))
                continue
        out.extend(load_pack(path, pack_id, kinds, shipped=shipped))
    return out
