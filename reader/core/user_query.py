"""User-state search terms: the part of a query answered from the user's own files
(bookmarks today; read state, tags and notes as they come) rather than from the dumps' index.

``is:bookmarked diffusion`` is split into the index query ``diffusion`` and the user term
``is:bookmarked``; the library answers each user term with a predicate over paper keys and
the index ranks and counts only the papers every predicate admits. A user term combines with
the rest of the query by AND (``-is:read`` and ``NOT is:read`` negate it); one inside an
``OR`` or parentheses is refused with a one-line reason rather than read some other way.

A field is registered with ``UserTerms.add``: a fixed set of values (``is:`` takes
``bookmarked``, ``read`` ...) or any value (``tag:agents``), each answered by a function that
gives the predicate. New per-paper stores add their fields in ``Library``; nothing here knows
about them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from reader.core.errors import QueryError

KeyPredicate = Callable[[str], bool]
"""True for the key of a paper a term admits."""
Answer = Callable[[str], KeyPredicate]
"""Gives the predicate of one value of a field (the value as written, case-folded)."""

_TERM = re.compile(
    r"""(?P<lead>^|(?<=[\s(]))(?P<neg>-|NOT\s+)?(?P<field>[A-Za-z]+):(?P<value>"[^"]*"|[^\s()"]*)(?=$|[\s)])"""
)
_OPERATOR_BEFORE = re.compile(r"(?:\bOR|\bAND|\()\s*$")
_OPERATOR_AFTER = re.compile(r"^\s*(?:OR\b|\))")


@dataclass(frozen=True, slots=True)
class UserTerm:
    """One user-state term of a query: ``field:value``, negated by a leading ``-`` or ``NOT``."""

    field: str
    value: str
    negated: bool = False

    def __str__(self) -> str:
        return f"{'-' if self.negated else ''}{self.field}:{self.value}"


@dataclass(frozen=True, slots=True)
class _Field:
    answer: Answer
    values: tuple[str, ...]
    """The values the field takes; empty when it takes any."""


class UserTerms:
    """The user-state fields one library answers, and how it answers each."""

    def __init__(self) -> None:
        self._fields: dict[str, _Field] = {}

    @property
    def fields(self) -> tuple[str, ...]:
        """The registered field names, in registration order."""
        return tuple(self._fields)

    def add(self, field: str, answer: Answer, values: Iterable[str] = ()) -> None:
        """Answer ``field:value`` with ``answer(value)``; ``values`` lists the values it
        takes (any when empty). Adding values to a field already known extends it."""
        known = self._fields.get(field)
        if known is None:
            self._fields[field] = _Field(answer, tuple(values))
            return
        added = tuple(values)
        previous = known.answer

        def either(value: str) -> KeyPredicate:
            return answer(value) if value in added else previous(value)

        self._fields[field] = _Field(either, known.values + added)

    def split(self, query: str) -> tuple[str, tuple[UserTerm, ...]]:
        """The query without its user terms, and those terms (``QueryError`` for a user term
        without a value, with a value its field does not take, or inside OR / parentheses)."""
        terms: list[UserTerm] = []
        kept: list[str] = []
        position = 0
        for match in _TERM.finditer(query):
            field = match["field"].lower()
            if field not in self._fields:
                continue
            value = match["value"].strip('"').strip().casefold()
            self._check(field, value, query[: match.start()], query[match.end() :])
            terms.append(UserTerm(field, value, bool(match["neg"])))
            kept.append(query[position : match.start()])
            position = match.end()
        kept.append(query[position:])
        return " ".join(part.strip() for part in kept if part.strip()), tuple(terms)

    def _check(self, field: str, value: str, before: str, after: str) -> None:
        spec = self._fields[field]
        if not value:
            raise QueryError(f"{field}: needs a value{_choices(spec.values)}")
        if spec.values and value not in spec.values:
            raise QueryError(f"{field}:{value} is not known{_choices(spec.values)}")
        if _OPERATOR_BEFORE.search(before) or _OPERATOR_AFTER.search(after):
            raise QueryError(f"{field}:{value} cannot be inside OR or parentheses: it always narrows the whole search")

    def predicate(self, terms: Iterable[UserTerm]) -> KeyPredicate | None:
        """One predicate admitting the keys every term admits (None when there are no terms)."""
        tests = [(self._fields[term.field].answer(term.value), term.negated) for term in terms]
        if not tests:
            return None

        def admits(key: str) -> bool:
            return all(test(key) != negated for test, negated in tests)

        return admits


def _choices(values: tuple[str, ...]) -> str:
    return f" ({', '.join(values)})" if values else ""
