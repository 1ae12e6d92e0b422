"""CSV archives of past listings: a ``date,title,url`` header, then one paper per row.

Titles with commas are quoted (``csv`` dialect defaults, as pandas writes them). The row's
date is the listing day; the URL (an arXiv or HF paper link) gives the arXiv id. The
columns may come in any order and extra columns are ignored, but all three must be named
in the header: a CSV-looking file with another header is refused with the header it has.
A row whose date cannot be read keeps no day (the file name's date is used instead).
"""

from __future__ import annotations

import csv
import io
import re

from reader.core.dates import parse_iso_date
from reader.core.errors import ParseError
from reader.core.models import Entry, ParsedDump
from reader.core.parsers._common import first_arxiv_id, unique
from reader.core.parsers.base import DumpSource
from reader.core.text import one_line

NAME = "csv"
PRIORITY = 7
REQUIRED = ("date", "title", "url")
_HEADER_WORDS = frozenset({"date", "day", "title", "name", "url", "link", "arxiv", "arxiv_id", "id", "authors"})
_ROW_START = re.compile(r'^"?\d{4}-\d{2}-\d{2}"?,')


def can_parse(source: DumpSource) -> bool:
    """A first line of comma-separated column names (``date,title,url``-like), or rows starting with a date."""
    lines = source.head.split("\n", 2)
    header = lines[0].strip()
    if "," not in header or len(header) > 300 or header.startswith(("{", "[", "<", "#", "|")):
        return False
    names = {name.strip().strip('"').lower() for name in header.split(",")}
    return len(names & _HEADER_WORDS) >= 2 or (len(lines) > 1 and bool(_ROW_START.match(lines[1])))


def parse(source: DumpSource) -> ParsedDump:
    """Read every row; ``ParseError`` when the header lacks ``date``, ``title`` or ``url``."""
    reader = csv.reader(io.StringIO(source.text, newline=""))
    try:
        header = [name.strip().lower() for name in next(reader, [])]
        missing = [name for name in REQUIRED if name not in header]
        if missing:
            shown = one_line(",".join(header))[:80]
            raise ParseError(f"looks like a CSV paper list but the header is '{shown}', not 'date,title,url'")
        date_col, title_col, url_col = (header.index(name) for name in REQUIRED)
        width = max(date_col, title_col, url_col) + 1
        entries = []
        for row in reader:
            if len(row) < width:
                continue  # a blank or short line
            title = one_line(row[title_col])
            if not title:
                continue
            url = row[url_col].strip()
            urls = unique((url,)) if url.startswith(("http://", "https://")) else ()
            entries.append(
                Entry(
                    title=title,
                    arxiv_id=first_arxiv_id(urls, url),
                    day=parse_iso_date(row[date_col]),
                    urls=urls,
                )
            )
    except csv.Error as error:
        raise ParseError(f"looks like a CSV paper list but line {reader.line_num} is broken: {error}") from None
    return ParsedDump(NAME, tuple(entries))
