"""Markdown and plain text read by what the papers in them are, not by a fixed layout.

The text is cut into spans: a span starts at a heading that can be a title (see
``anchors.is_title``; a heading repeated in the document, such as ``Main Idea:`` under
every paper, is a section label, and so is one over nothing but a link table) and runs to
the next such heading or a heading of its level. A span with one anchor is one paper: its
heading and any ``Title:`` labels are its titles, its ``Key: value`` labels its fields,
its link tables its links. A span (or the text before the first title heading) with
several anchors is cut again: into table rows, then at ``---`` separators, then where a
``Title:`` label starts, then into list items. A heading that carries a date sets the day
of the papers below it; so does a front matter date.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable

from reader.core.dates import parse_iso_date
from reader.core.models import Entry
from reader.core.parsers.general.anchors import arxiv_ids, fold, is_title, strip_numbering
from reader.core.parsers.general.fields import Fields
from reader.core.parsers.general.labels import TEXT_LABELS, Meaning, label_line
from reader.core.parsers.markdown import LINK, TABLE_SEPARATOR, is_link_table, links, plain, table_cells

_HEADING = re.compile(r"^(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
_SEPARATOR = re.compile(r"^[ \t]*(?:-[ \t]*){3,}$|^[ \t]*(?:\*[ \t]*){3,}$|^[ \t]*(?:_[ \t]*){3,}$|^[ \t]*={3,}[ \t]*$")
_LIST_ITEM = re.compile(r"^[ \t]{0,3}(?:[-*+]|\d{1,4}[.)])[ \t]+")
_ISO_DAY = re.compile(r"\b(\d{4}-\d{2}-\d{2})\b")
_BOLD_LINE = re.compile(r"^[ \t]*(?:\*\*|__)([^*_]+)(?:\*\*|__)[ \t]*$")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*(?:\n|\Z)", re.DOTALL)
_FRONT_DATE_KEYS = ("date", "day", "title")
_MAX_LINE = 4_000
_MAX_DEPTH = 4


def front_matter(text: str) -> tuple[dict[str, str], str]:
    """The ``key: value`` pairs of a leading ``---`` block and the text after it."""
    match = _FRONT_MATTER.match(text)
    if match is None:
        return {}, text
    pairs = {}
    for line in match.group(1).split("\n"):
        key, colon, value = line.partition(":")
        if colon and key.strip() and not key.startswith((" ", "\t", "-")):
            pairs[key.strip().casefold()] = value.strip().strip("'\"")
    return pairs, text[match.end() :]


def read_text(text: str) -> list[Entry]:
    """Every paper of a Markdown or plain text (see the module docstring)."""
    meta, body = front_matter(text)
    day = next((found for key in _FRONT_DATE_KEYS if (found := parse_iso_date(meta.get(key)))), None)
    lines = [line.rstrip() for line in body.split("\n")]
    reader = _Reader(lines, day)
    return reader.read()


def labelled(text: str) -> Fields:
    """The labelled fields of one paper's text (a feed item's description as Markdown)."""
    fields = Fields()
    _read_fields(text.split("\n"), fields)
    return fields


class _Reader:
    def __init__(self, lines: list[str], day: dt.date | None) -> None:
        self.lines = lines
        self.day = day
        self.entries: list[Entry] = []
        headings = [(i, match) for i, line in enumerate(lines) if (match := _heading(line))]
        counts = Counter(fold(match.group(2)) for _, match in headings)
        ends = [i for i, _ in headings[1:]] + [len(lines)] * bool(headings)
        self.headings = {
            i: (len(m.group(1)), m.group(2), counts[fold(m.group(2))] == 1 and not _links_only(lines[i + 1 : end]))
            for (i, m), end in zip(headings, ends, strict=True)
        }

    def read(self) -> list[Entry]:
        start, index = 0, 0
        open_level: int | None = None
        title: str | None = None
        while index < len(self.lines):
            heading = self.headings.get(index)
            if heading is not None:
                level, text, once = heading
                candidate = once and _title_heading(text)
                if candidate or open_level is None or level <= open_level:
                    self._span(start, index, title)
                    start = index + 1
                    day = _heading_day(text)
                    if day is not None:
                        self.day = day
                    open_level, title = (level, candidate) if candidate else (None, None)
            index += 1
        self._span(start, len(self.lines), title)
        return self.entries

    def _span(self, start: int, end: int, title: str | None) -> None:
        lines = self.lines[start:end]
        if not any(line.strip() for line in lines) and title is None:
            return
        self._chunk(lines, title, 0)

    def _chunk(self, lines: list[str], title: str | None, depth: int) -> None:
        ids = arxiv_ids("\n".join(lines))
        if not ids:
            return
        table = _table_rows(lines) if depth < _MAX_DEPTH else None
        if table is not None:  # a table of papers: each row is one, the text around it another
            rows, rest = table
            for row in rows:
                self._chunk(row, None, depth + 1)
            self._chunk(rest, title, depth + 1)
            return
        if len(ids) == 1 or depth >= _MAX_DEPTH:
            fields = Fields()
            if title:
                fields.add_title(title)
            _read_fields(lines, fields)
            entry = fields.entry(self.day)
            if entry is not None:
                self.entries.append(entry)
            return
        for split in (_at_separators, _at_title_labels, _list_items):
            parts = split(lines)
            if parts is not None and len(parts) > 1:
                for part in parts:
                    self._chunk(part, None, depth + 1)
                return


def _links_only(lines: list[str]) -> bool:
    """True for a heading's lines that are only a link table: a section of the paper above."""
    table = [line for line in lines if line.strip() and not _SEPARATOR.match(line)]
    if len(table) < 3 or not all(line.lstrip().startswith("|") for line in table):
        return False
    return is_link_table([table_cells(line) for line in table[2:]])


def _heading(line: str) -> re.Match[str] | None:
    return _HEADING.match(line) if len(line) <= _MAX_LINE else None


def _heading_title(text: str) -> str:
    """A heading's text as a title: a heading that is one link gives the link's text."""
    match = LINK.fullmatch(text.strip())
    return plain(match.group(2) if match and not match.group(1) else text)


def _title_heading(text: str) -> str | None:
    title = strip_numbering(_heading_title(text))
    if _ISO_DAY.search(text) or label_line(text) is not None or not is_title(title):
        return None
    return title


def _heading_day(text: str) -> dt.date | None:
    found = _ISO_DAY.search(text)
    return parse_iso_date(found.group(1)) if found else None


def _read_fields(lines: list[str], fields: Fields) -> None:
    """Labels, link tables and links of one paper's lines into ``fields``."""
    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        if not line.strip() or len(line) > _MAX_LINE or _heading(line) or _SEPARATOR.match(line):
            continue
        if line.lstrip().startswith("|"):
            if not TABLE_SEPARATOR.match(line):
                fields.add_text(" ".join(links(line)) + " " + line)
            continue
        found = label_line(line)
        if found is None:
            fields.add_text(" ".join(links(line)) + " " + line)
            bold = _BOLD_LINE.match(line)
            link = LINK.match(_LIST_ITEM.sub("", line, count=1).strip().strip("*_"))
            if bold and not fields.titles:
                fields.add_title(plain(bold.group(1)))
            elif link and not link.group(1) and arxiv_ids(link.group(3)) and fold(link.group(2)) not in TEXT_LABELS:
                fields.add_title(plain(link.group(2)))
            continue
        meaning, value = found
        more, index = _continuation(lines, index, not value)
        value = " ".join([value, *more]) if value else " ".join(more)
        fields.add_text(" ".join(links(value)) + " " + value)
        if meaning is Meaning.TITLE:
            fields.add_title(plain(value))
        elif meaning not in (Meaning.URL, Meaning.CODE, Meaning.OTHER):
            fields.add(meaning, plain(value))
        elif meaning is not Meaning.OTHER:
            fields.add(meaning, " ".join(links(value)) or value)


def _continuation(lines: list[str], index: int, paragraph: bool) -> tuple[list[str], int]:
    """The lines that continue a label's value to the end of its paragraph (for an empty
    value: the paragraph below it)."""
    more: list[str] = []
    while index < len(lines):
        line = lines[index]
        if not line.strip():
            if paragraph and not more:
                index += 1
                continue
            break
        if _heading(line) or _SEPARATOR.match(line) or label_line(line) or line.lstrip().startswith("|"):
            break
        more.append(line.strip())
        index += 1
    return more, index


def _table_rows(lines: list[str]) -> tuple[list[list[str]], list[str]] | None:
    """The rows of the paper tables in ``lines`` (each as ``Label: value`` lines named by its
    header) and the other lines; None when there is no paper table (link tables stay)."""
    rows: list[list[str]] = []
    rest: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if line.lstrip().startswith("|") and index + 1 < len(lines) and TABLE_SEPARATOR.match(lines[index + 1]):
            header = [plain(cell) for cell in table_cells(line)]
            end = index + 2
            while end < len(lines) and lines[end].lstrip().startswith("|"):
                end += 1
            cells = [table_cells(row) for row in lines[index + 2 : end]]
            if is_link_table(cells):
                rest += lines[index:end]
            else:
                rows += [_row_lines(header, row) for row in cells]
            index = end
            continue
        rest.append(line)
        index += 1
    return (rows, rest) if rows else None


def _row_lines(header: list[str], row: list[str]) -> list[str]:
    lines = []
    for name, cell in zip(header, row, strict=False):
        meaning = TEXT_LABELS.get(fold(name))
        if meaning is None and fold(name) in ("paper", "papers", "name"):
            meaning = Meaning.TITLE
        if meaning is Meaning.TITLE:
            text = LINK.sub(lambda m: "" if fold(m.group(2)) in TEXT_LABELS else m.group(2), cell)
            lines += [f"Title: {text}", " ".join(links(cell))]
        else:
            lines.append(f"{name}: {cell}" if meaning is not None else cell)
    return lines


def _split_where(lines: list[str], starts: Callable[[str], bool]) -> list[list[str]] | None:
    parts: list[list[str]] = []
    for line in lines:
        if starts(line) or not parts:
            parts.append([])
        parts[-1].append(line)
    return parts if len(parts) > 1 else None


def _at_separators(lines: list[str]) -> list[list[str]] | None:
    parts = _split_where(lines, lambda line: bool(_SEPARATOR.match(line)))
    return [part for part in parts if any(arxiv_ids(line) for line in part)] if parts else None


def _at_title_labels(lines: list[str]) -> list[list[str]] | None:
    return _split_where(lines, lambda line: (label_line(line) or (None,))[0] is Meaning.TITLE)


def _list_items(lines: list[str]) -> list[list[str]] | None:
    return _split_where(lines, lambda line: bool(_LIST_ITEM.match(line)))
