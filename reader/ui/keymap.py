"""Keys remapped in ``config.toml``: ``[keys]`` names an action and the keys it should have.

Actions are named as the reader's bindings name them (``bookmark``, ``search``, ``goto``,
``next_pane``, ...: the app's and the reader screen's ``BINDINGS``, so an action added later
can be remapped too); the moves inside a pane are named by the move (``down``, ``up``,
``top``, ``bottom``, ``page_down``, ``page_up``: one remap moves the lists' cursor and scrolls
the detail alike), and keys as Textual names them (``ctrl+b``, ``f2``, ``slash``) or as
the character typed (``/``, ``?``). ``reader_keymap`` turns them into Textual's keymap (a
binding id to its keys); an action it does not know, a key that is no key, or a key another
action already has, is one line of problem and that action keeps its default keys.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from textual.binding import Binding, BindingType
from textual.keys import Keys, _character_to_key

_MODIFIED = re.compile(r"^((?:ctrl|shift|alt|super|meta|hyper)\+)*(.+)$")
_NAMED_KEYS = {key.value for key in Keys}


@dataclass(frozen=True)
class Remapped:
    """One action given other keys, as the help lists it."""

    action: str
    keys: str


MOVE_PREFIXES = ("list.", "detail.")
"""The ids of the panes' move bindings start so; the rest of the id names the move."""


def action_name(binding: Binding) -> str:
    """The action a binding runs, without its namespace or arguments (``app.quit`` is ``quit``);
    for a pane's move, the move (``list.down`` and ``detail.down`` are both ``down``)."""
    if binding.id and binding.id.startswith(MOVE_PREFIXES):
        return binding.id.partition(".")[2]
    return binding.action.rpartition(".")[2].split("(", 1)[0]


def normal_key(key: str) -> str | None:
    """``key`` as Textual names it (``/`` is ``slash``, ``Ctrl+B`` is ``ctrl+b``); None when it
    names no key."""
    key = key.strip()
    match = _MODIFIED.match(key if len(key) == 1 else key.lower())
    if match is None:
        return None
    modifiers, base = key[: len(key) - len(match.group(2))].lower(), match.group(2)
    if len(base) == 1:
        return modifiers + _character_to_key(base)
    if base in _NAMED_KEYS or re.fullmatch(r"f\d{1,2}", base):
        return modifiers + base
    try:
        unicodedata.lookup(base.replace("_", " "))
    except KeyError:
        return None
    return modifiers + base


def all_bindings(*binding_lists: Iterable[BindingType]) -> list[Binding]:
    """Every binding of the lists, one a key."""
    return [binding for bindings in binding_lists for binding in Binding.make_bindings(bindings)]


def reader_keymap(
    bindings: Sequence[Binding],
    wanted: Sequence[tuple[str, str]],
    *,
    taken: Sequence[Binding] = (),
    source: str = "config.toml",
) -> tuple[dict[str, str], list[Remapped], list[str]]:
    """Textual's keymap for the ``wanted`` (action, keys) over ``bindings``, the remaps made,
    and a line for each that could not be made. ``taken``: keys of the panes (``j``, ``g``,
    ``enter``, ...) that no remapped action may take, since a pane sees its keys first."""
    by_action: dict[str, list[Binding]] = {}
    for binding in bindings:
        if binding.id:
            by_action.setdefault(action_name(binding), []).append(binding)
    remapped = {action for action, _ in wanted if action in by_action}
    owner = {binding.key: action_name(binding) for binding in taken}
    owner.update({binding.key: action_name(binding) for binding in bindings if action_name(binding) not in remapped})
    keymap: dict[str, str] = {}
    made: list[Remapped] = []
    problems: list[str] = []
    for action, keys in wanted:
        where = f"{source}: 'keys.{action}'"
        if action not in by_action:
            problems.append(f"{where} is not an action of the reader (see the help, ?); nothing is changed")
            continue
        normal = [normal_key(key) for key in keys.split(",")]
        if None in normal:
            bad = next(key for key, good in zip(keys.split(","), normal, strict=True) if good is None)
            problems.append(f"{where}: {bad.strip()!r} is not a key (ctrl+b, f2, slash or /); its default is used")
            continue
        clash = next(((key, owner[key]) for key in normal if key and owner.get(key, action) != action), None)
        if clash is not None:
            holder = "the lists' own" if clash[1] == clash[0] else f"the key of {clash[1]}"
            problems.append(f"{where}: {clash[0]!r} is already {holder}; its default is used")
            continue
        new_keys = ",".join(key for key in normal if key)
        for binding in by_action[action]:
            assert binding.id is not None
            keymap[binding.id] = new_keys
        owner.update(dict.fromkeys(new_keys.split(","), action))
        made.append(Remapped(action, new_keys))
    return _keep_neighbours(bindings, keymap), made, problems


def _keep_neighbours(bindings: Sequence[Binding], keymap: dict[str, str]) -> dict[str, str]:
    """``keymap`` and, for each binding that shares a key with a remapped one, its own keys:
    Textual drops every binding of a key it remaps away from."""
    moved = {binding.key for binding in bindings if binding.id in keymap}
    kept = dict(keymap)
    for binding in bindings:
        if binding.key in moved and binding.id and binding.id not in keymap:
            own = [other.key for other in bindings if other.id == binding.id]
            kept[binding.id] = ",".join(own)
    return kept
