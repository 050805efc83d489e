"""The one place for configuration.

Sources merge as defaults -> file (``textfix.toml``, else ``[tool.textfix]`` in
``pyproject.toml``, found by walking up from the checked file) -> command line.
Keys are the same everywhere (kebab-case in files)::

    [tool.textfix]
    select = ["BP", "encoding"]        # codes, code prefixes, names, categories, pack ids
    extend-select = ["GR201"]          # added to select (or to the defaults)
    ignore = ["fused-word"]
    extend-rules = ["rules/site.yaml"] # more packs (files or folders), relative to this file
    include = ["*.txt", "*.md"]        # file-name globs used when walking folders (default: also *.html, *.htm)
    exclude = ["drafts/**"]
    unsafe-fixes = false
    builtin-packs = true               # false: only your own packs

    [tool.textfix.per-file-ignores]
    "legal/*.md" = ["BP"]

    [tool.textfix.name-variant]        # options of one rule family (checked against its dataclass)
    enforce = true
"""

from __future__ import annotations

import fnmatch
import functools
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from textfix.errors import ConfigError

CONFIG_FILES = ("textfix.toml", ".textfix.toml", "pyproject.toml")

#: Option keys that start a program, name one, send text somewhere or write outside the
#: repository: refused in a repository's configuration (pre-commit runs textfix on other
#: people's pull requests). They come from the command line, the environment
#: (``TEXTFIX_LANGUAGETOOL_URL``) or the user's own configuration (:func:`user_config_path`).
TRUSTED_ONLY_OPTIONS: dict[str, frozenset[str]] = {"grammar": frozenset({"server", "directory", "cache-dir"})}
#: Option keys that turn on network use: only ``--grammar`` (or a library caller) does; in a file they are ignored.
COMMAND_LINE_ONLY_OPTIONS: dict[str, frozenset[str]] = {"grammar": frozenset({"grammar"})}


@dataclass(frozen=True)
class Config:
    """Every setting textfix reads. Change one with :func:`dataclasses.replace`.

    Attributes:
        select: rules to run (codes, code prefixes, names, categories or pack ids);
            ``None`` means every rule that is on by default.
        extend_select: selectors added to ``select`` or to the defaults.
        ignore: selectors of rules not to run; the more specific selector wins
            (``select=["BP"], ignore=["BP1"]`` runs BP2xx only).
        extend_rules: extra pack files or folders (absolute paths).
        builtin_packs: whether the packs shipped with textfix are loaded.
        include: file-name globs that folder walks pick up.
        exclude: path globs that folder walks skip.
        per_file_ignores: path glob -> selectors ignored in matching files.
        unsafe_fixes: apply ``unsafe`` fixes as well as ``safe`` ones.
        options: per-family option tables (``{"names": {"enforce": True}}``); a
            family's rules validate their own keys. Risky options say so in the
            family's documentation.
        source: the file this configuration was read from, if any.
    """

    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    extend_rules: tuple[str, ...] = ()
    builtin_packs: bool = True
    include: tuple[str, ...] = ("*.txt", "*.md", "*.html", "*.htm")
    exclude: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    unsafe_fixes: bool = False
    options: Mapping[str, Mapping[str, Any]] = field(default_factory=dict, hash=False)
    source: str | None = field(default=None, compare=False)

    def family_options(self, family: str) -> Mapping[str, Any]:
        """The option table of one rule family (empty when not configured)."""
        return self.options.get(family, {})

    def ignores_for(self, path: str) -> tuple[str, ...]:
        """Selectors ignored for ``path`` through ``per-file-ignores``."""
        out: list[str] = []
        posix = Path(path).as_posix()
        for pattern, selectors in self.per_file_ignores:
            if fnmatch.fnmatch(posix, pattern) or fnmatch.fnmatch(Path(path).name, pattern):
                out.extend(selectors)
        return tuple(out)

    def merged(self, overrides: Mapping[str, Any]) -> Config:
        """This config with command-line overrides (``None`` values are ignored)."""
        given = {k: v for k, v in overrides.items() if v is not None}
        unknown = set(given) - {f.name for f in fields(self)}
        if unknown:
            msg = f"unknown setting(s): {', '.join(sorted(unknown))}"
            raise ConfigError(msg)
        if "extend_select" in given:
            given["extend_select"] = self.extend_select + tuple(given["extend_select"])
        if "ignore" in given:
            given["ignore"] = self.ignore + tuple(given["ignore"])
        if "options" in given:
            options = {family: dict(table) for family, table in self.options.items()}
            for family, table in given["options"].items():
                options.setdefault(family, {}).update(table)
            given["options"] = options
        if "extend_rules" in given:
            given["extend_rules"] = self.extend_rules + tuple(given["extend_rules"])
        return replace(self, **given)


def _string_list(value: Any, key: str, source: str) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        msg = f"{source}: '{key}' must be a list of strings"
        raise ConfigError(msg)
    return tuple(value)


def _bool(value: Any, key: str, source: str) -> bool:
    if not isinstance(value, bool):
        msg = f"{source}: '{key}' must be true or false"
        raise ConfigError(msg)
    return value


def from_mapping(
    table: Mapping[str, Any], *, source: str, base_dir: Path | None = None, trusted: bool = True
) -> Config:
    """Build a :class:`Config` from a ``[tool.textfix]``-shaped table; unknown keys are errors.

    ``trusted=False`` is a repository's file: it may select rules and set their options,
    but an option of :data:`TRUSTED_ONLY_OPTIONS` is an error and ``extend-rules`` must
    name paths inside ``base_dir`` (the folder of the file).
    """
    kwargs: dict[str, Any] = {"source": source}
    options: dict[str, Mapping[str, Any]] = {}
    for key, value in table.items():
        if key in ("select", "extend-select", "ignore", "include", "exclude"):
            kwargs[key.replace("-", "_")] = _string_list(value, key, source)
        elif key == "extend-rules":
            paths = _string_list(value, key, source)
            root = base_dir if base_dir is not None else Path.cwd()
            kwargs["extend_rules"] = tuple(str((root / p).resolve()) for p in paths)
            if not trusted:
                _inside_repository(kwargs["extend_rules"], root, source)
        elif key in ("unsafe-fixes", "builtin-packs"):
            kwargs[key.replace("-", "_")] = _bool(value, key, source)
        elif key == "per-file-ignores":
            if not isinstance(value, dict):
                msg = f"{source}: 'per-file-ignores' must be a table of glob = [selectors]"
                raise ConfigError(msg)
            kwargs["per_file_ignores"] = tuple(
                (str(glob), _string_list(sel, f"per-file-ignores.{glob}", source)) for glob, sel in value.items()
            )
        elif isinstance(value, dict):
            # A family's option table: which tables exist and what keys they take is the
            # registry's to check (every family declares its options dataclass).
            options[key] = _file_options(key, value, source, trusted=trusted)
        else:
            msg = f"{source}: unknown key '{key}'"
            raise ConfigError(msg)
    kwargs["options"] = options
    return Config(**kwargs)


def _file_options(family: str, table: Mapping[str, Any], source: str, *, trusted: bool) -> dict[str, Any]:
    """One family's option table as read from a file (see :data:`TRUSTED_ONLY_OPTIONS`)."""
    refused = sorted(TRUSTED_ONLY_OPTIONS.get(family, frozenset()) & set(table)) if not trusted else []
    if refused:
        msg = (
            f"{source}: [{family}] {', '.join(refused)} is not allowed in a repository's configuration "
            "(it would start a program or send text elsewhere); set it in your own configuration "
            f"({user_config_path()}) or the environment"
        )
        raise ConfigError(msg)
    ignored = COMMAND_LINE_ONLY_OPTIONS.get(family, frozenset())
    return {k: v for k, v in table.items() if k not in ignored}


def _inside_repository(paths: tuple[str, ...], root: Path, source: str) -> None:
    """A repository's ``extend-rules`` may name only paths inside its own folder."""
    base = root.resolve()
    for path in paths:
        if not Path(path).is_relative_to(base):
            msg = f"{source}: extend-rules may name only paths inside {base} (found one outside it)"
            raise ConfigError(msg)


def user_config_path() -> Path:
    """The user's own configuration: ``$XDG_CONFIG_HOME/textfix/config.toml`` (``~/.config/...``).

    Trusted: it may set what a repository's file may not (a LanguageTool ``server``,
    ``directory`` or ``cache-dir``). Same keys as ``[tool.textfix]``, at the top level.
    """
    home = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(home) / "textfix" / "config.toml"


def with_user_options(config: Config) -> Config:
    """``config`` with the option tables of the user's own configuration underneath (if it exists)."""
    path = user_config_path()
    if not path.is_file():
        return config
    user = _load_user(path, path.stat().st_mtime_ns)
    if not user.options:
        return config
    options = {family: dict(table) for family, table in user.options.items()}
    for family, table in config.options.items():
        options.setdefault(family, {}).update(table)
    return replace(config, options=options)


@functools.lru_cache(maxsize=4)
def _load_user(path: Path, mtime_ns: int) -> Config:
    del mtime_ns  # part of the cache key only
    return load_file(path, trusted=True, whole_file=True) or Config()


def load_file(path: Path, *, trusted: bool = False, whole_file: bool = False) -> Config | None:
    """The textfix table of one config file, or ``None`` when it has none.

    A file found in a repository is not ``trusted`` (see :func:`from_mapping`); one named
    on the command line (``--config``) or the user's own file is.
    """
    try:
        data = read_toml(path)
    except (OSError, ValueError) as exc:  # ValueError: a decoding or TOML error
        msg = f"{path}: cannot read configuration: {exc}"
        raise ConfigError(msg) from exc
    if path.name == "pyproject.toml" and not whole_file:
        tool = data.get("tool", {})
        if "textfix" not in tool:
            return None
        table = tool["textfix"]
    else:
        table = data
    if not isinstance(table, dict):
        msg = f"{path}: the textfix table must be a table"
        raise ConfigError(msg)
    return from_mapping(table, source=str(path), base_dir=path.parent, trusted=trusted)


@functools.lru_cache(maxsize=256)
def find_config_file(directory: Path) -> Path | None:
    """The nearest config file with textfix settings at or above ``directory``."""
    for folder in (directory, *directory.parents):
        for name in CONFIG_FILES:
            candidate = folder / name
            if candidate.is_file() and (name != "pyproject.toml" or _has_textfix_table(candidate)):
                return candidate
    return None


def read_toml(path: Path) -> dict[str, Any]:
    """The TOML document at ``path`` (``tomllib`` is imported by the first file read: a run without one saves 5 ms)."""
    if sys.version_info >= (3, 11):
        import tomllib  # noqa: PLC0415
    else:  # pragma: no cover
        import tomli as tomllib  # noqa: PLC0415
    data: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
    return data


def _has_textfix_table(pyproject: Path) -> bool:
    try:
        data = read_toml(pyproject)
    except (OSError, ValueError):  # a decoding or TOML error
        return False
    tool = data.get("tool")
    return isinstance(tool, dict) and "textfix" in tool


def discover(start: Path) -> Config:
    """The configuration that applies to a file or folder (defaults when none is found)."""
    directory = start if start.is_dir() else start.parent
    found = find_config_file(directory.resolve())
    if found is None:
        return Config()
    loaded = load_file(found, trusted=False)
    return loaded if loaded is not None else Config()


__all__ = [
    "Config",
    "ConfigError",
    "discover",
    "find_config_file",
    "from_mapping",
    "load_file",
    "user_config_path",
    "with_user_options",
]
