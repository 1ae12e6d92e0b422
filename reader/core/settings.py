"""The user's settings: ``config.toml`` in the user config dir, read field by field.

Every setting is a ``Field``: its dotted name in the file (``fetch.endpoint`` is
``endpoint`` in the ``[fetch]`` table), its default, and a check that turns the value
from the file into the setting or says in a few words what is wrong with it. A bad value
costs only that setting (its default is used, and ``Settings.problems`` says why in one
line); an unreadable file costs them all. Unknown keys are left alone. To add a setting,
add a field to a dataclass below and a ``Field`` to ``FIELDS``.

``dumps`` (the library folders) is the exception: a bad value there is a ``ConfigError``,
since opening some other library instead would be worse than stopping.
"""

from __future__ import annotations

import dataclasses
import os
import shlex
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from reader.core import paths
from reader.core.errors import ConfigError

DEFAULT_ENDPOINT = "https://huggingface.co"
ENDPOINT_VARIABLE = "HF_ENDPOINT"
"""The environment variable huggingface_hub reads for a mirror; it wins over the setting."""


@dataclass(frozen=True, slots=True)
class FetchSettings:
    """How ``papers fetch`` talks to the Hugging Face API."""

    endpoint: str = DEFAULT_ENDPOINT
    catch_up_days: int = 14
    """At most this many days back are fetched when no date is given."""
    settle_days: int = 14
    """A day's list keeps growing this long after the date; younger days are fetched again."""
    timeout: float = 20.0
    """Seconds to wait for a connection or an answer."""
    page_size: int = 100
    """Papers asked for per call (the API's largest page)."""
    attempts: int = 4
    """Tries per call when the API is busy (429), failing (5xx) or unreachable."""
    backoff: float = 1.0
    """Seconds before the first retry; doubled each time (unless ``Retry-After`` says more)."""
    max_retry_wait: float = 60.0
    """A ``Retry-After`` longer than this fails the day instead of waiting."""
    calls_per_minute: float = 60.0
    """Steady call rate (after a burst of ``burst`` calls): 320 calls per 5 min at most."""
    burst: int = 20


COPY_LINKS = ("best", "hf", "arxiv", "pdf", "code", "project")
"""What ``y`` may copy: the best link (the HF page, else arXiv, ...), or a kind of link."""


@dataclass(frozen=True, slots=True)
class ReaderSettings:
    """How the reader looks and behaves (``[reader]``), and its keys (``[keys]``)."""

    theme: str = ""
    """A Textual theme name (the app checks it); empty: the default theme."""
    browser: str = ""
    """The command ``o`` opens links with (``%s`` stands for the URL); empty: ``$BROWSER``,
    else the system's browser."""
    copy_link: str = "best"
    """What ``y`` copies: one of ``COPY_LINKS`` (the best link when the paper has no such link)."""
    auto_read: float | None = 1.5
    """Seconds a paper is shown in the detail pane before it counts as read (``auto_read =
    false`` or 0 in the file: None, papers become read only when marked)."""
    keys: tuple[tuple[str, str], ...] = ()
    """Remapped keys: (action name, keys separated by commas), as ``[keys]`` gives them (the
    reader checks the actions and keys)."""


@dataclass(frozen=True, slots=True)
class Settings:
    """Every setting, and a line for each value in ``config.toml`` that could not be used."""

    fetch: FetchSettings = field(default_factory=FetchSettings)
    watch: tuple[str, ...] = ()
    """Queries whose papers are marked in every list (``watch = ["diffusion", "author:hinton"]``)."""
    hide: tuple[str, ...] = ()
    """Queries whose papers are left out of the day lists (``hide = ["survey"]``)."""
    for_you_days: int = 7
    """The days "For you" looks back over."""
    reader: ReaderSettings = field(default_factory=ReaderSettings)
    problems: tuple[str, ...] = ()


Check = Callable[[object], object]
"""Turns a value read from the file into the setting; ``ValueError`` says what is wrong."""


@dataclass(frozen=True, slots=True)
class Field:
    """One setting: where it lives in the file and in ``Settings``, and how it is checked."""

    name: str
    """Dotted: ``table.key``, the first part also the ``Settings`` attribute; a name without
    a dot is a key at the top of the file and a ``Settings`` attribute itself."""
    check: Check


def _url(value: object) -> object:
    if not isinstance(value, str) or not value.startswith(("http://", "https://")):
        raise ValueError("must be an http(s) address like 'https://huggingface.co'")
    return value.rstrip("/")


def _count(low: int, high: int) -> Check:
    def check(value: object) -> object:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise ValueError(f"must be a whole number from {low} to {high}")
        return value

    return check


def _seconds(low: float, high: float) -> Check:
    def check(value: object) -> object:
        if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
            raise ValueError(f"must be a number of seconds from {low:g} to {high:g}")
        return float(value)

    return check


def _delay(value: object) -> object:
    """A delay in seconds, or off: ``false`` and 0 give None."""
    if value is False or value == 0:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= 600:
        raise ValueError("must be a number of seconds up to 600, or false to turn it off")
    return float(value)


def _queries(value: object) -> object:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValueError('must be a list of queries like ["diffusion", "author:hinton"]')
    return tuple(dict.fromkeys(item.strip() for item in value if item.strip()))


def _name(value: object) -> object:
    if not isinstance(value, str) or not value.strip() or not value.isprintable() or len(value) > 100:
        raise ValueError("must be a name in quotes, like 'nord'")
    return value.strip()


def _command(value: object) -> object:
    if not isinstance(value, str) or not value.isprintable() or len(value) > 1000:
        raise ValueError("must be a command in quotes, like 'firefox --new-tab %s'")
    try:
        words = shlex.split(value)
    except ValueError as error:
        raise ValueError(f"cannot be read as a command ({error})") from None
    if not words:
        raise ValueError("must be a command in quotes, like 'firefox --new-tab %s'")
    return value.strip()


def _one_of(choices: tuple[str, ...]) -> Check:
    def check(value: object) -> object:
        if value not in choices:
            raise ValueError("must be one of " + ", ".join(repr(choice) for choice in choices))
        return value

    return check


FIELDS = (
    Field("watch", _queries),
    Field("hide", _queries),
    Field("for_you_days", _count(1, 366)),
    Field("fetch.endpoint", _url),
    Field("fetch.catch_up_days", _count(1, 366)),
    Field("fetch.settle_days", _count(0, 366)),
    Field("fetch.timeout", _seconds(1, 600)),
    Field("reader.theme", _name),
    Field("reader.browser", _command),
    Field("reader.copy_link", _one_of(COPY_LINKS)),
    Field("reader.auto_read", _delay),
)


def _keys(data: Mapping[str, object], source: str) -> tuple[tuple[tuple[str, str], ...], list[str]]:
    """``[keys]``: action = "key" or ["key", ...]; each bad entry is one problem."""
    table = data.get("keys", {})
    if not isinstance(table, dict):
        return (), [f'{source}: [keys] must be a table of action = "key"; the default keys are used']
    keys: list[tuple[str, str]] = []
    problems: list[str] = []
    for action, value in table.items():
        wanted = [value] if isinstance(value, str) else value
        if (
            not isinstance(wanted, list)
            or not wanted
            or not all(isinstance(key, str) and key.strip() and key.isprintable() and "," not in key for key in wanted)
        ):
            problems.append(
                f"{source}: 'keys.{action}' must be a key or a list of keys, like \"ctrl+b\"; its default is used"
            )
            continue
        keys.append((action, ",".join(key.strip() for key in wanted)))
    return tuple(keys), problems


def config_file() -> Path:
    """``config.toml`` in the user config dir."""
    return paths.config_dir() / "config.toml"


def read_config(path: Path | None = None) -> tuple[dict[str, object], str | None]:
    """The decoded file (empty when absent) and a one-line problem when it cannot be read."""
    path = path or config_file()
    if not path.exists():
        return {}, None
    try:
        return tomllib.loads(path.read_text(encoding="utf-8")), None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        return {}, f"{path}: {error}"


def parse_settings(data: Mapping[str, object], source: str = "config.toml") -> Settings:
    """``Settings`` from decoded TOML, field by field (see the module docstring)."""
    problems: list[str] = []
    tables: dict[str, dict[str, object]] = {}
    for spec in FIELDS:
        table, _, key = spec.name.rpartition(".")
        section = data.get(table, {}) if table else data
        if not isinstance(section, dict):
            if table not in tables:
                problems.append(f"{source}: [{table}] must be a table of settings; its defaults are used")
            tables.setdefault(table, {})
            continue
        tables.setdefault(table, {})
        if key not in section:
            continue
        try:
            tables[table][key] = spec.check(section[key])
        except ValueError as error:
            problems.append(f"{source}: '{spec.name}' {error}; the default is used")
    fetch = FetchSettings(**tables.get("fetch", {}))  # type: ignore[arg-type]
    keys, key_problems = _keys(data, source)
    reader = ReaderSettings(**tables.get("reader", {}), keys=keys)  # type: ignore[arg-type]
    top = tables.get("", {})
    return Settings(fetch=fetch, reader=reader, problems=(*problems, *key_problems), **top)  # type: ignore[arg-type]


def load_settings(path: Path | None = None) -> Settings:
    """The settings from ``config.toml`` (defaults when it is absent), ``HF_ENDPOINT`` applied."""
    path = path or config_file()
    data, problem = read_config(path)
    settings = parse_settings(data, str(path))
    if problem is not None:
        settings = dataclasses.replace(settings, problems=(problem, *settings.problems))
    endpoint = os.environ.get(ENDPOINT_VARIABLE, "").strip()
    if endpoint:
        try:
            checked = str(_url(endpoint))
        except ValueError as error:
            problem = f"{ENDPOINT_VARIABLE} {error}; it is ignored"
            settings = dataclasses.replace(settings, problems=(*settings.problems, problem))
        else:
            settings = dataclasses.replace(settings, fetch=dataclasses.replace(settings.fetch, endpoint=checked))
    return settings


def configured_roots(path: Path | None = None) -> list[Path]:
    """The library folders (``dumps = ["..."]``), else the default folder; ``ConfigError``
    when the file cannot be read or ``dumps`` is not a list of paths."""
    path = path or config_file()
    data, problem = read_config(path)
    if problem is not None:
        raise ConfigError(problem)
    folders = data.get("dumps", [])
    if isinstance(folders, str):
        folders = [folders]
    if not isinstance(folders, list) or not all(isinstance(item, str) for item in folders):
        raise ConfigError(f"{path}: 'dumps' must be a list of folder paths")
    return [Path(item).expanduser() for item in folders] or [paths.default_dump_dir()]
