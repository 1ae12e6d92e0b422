"""Markdown: markdownify output of the HF pages, and the Markdown digests people publish.

Four layouts are read, alone or mixed in one file:

* **HF list page cards** (markdownify of ``huggingface.co/papers``): per paper a heading
  ``### [Title](/papers/<id>)`` with, around it, the upvote link
  ``[94](/login?next=%2Fpapers%2F<id>)``, ``N authors](/papers/<id>)`` and the comment
  link ``[5](/papers/<id>#community)``; the day is the page's ``Aug`` / ``1`` lines, pinned to
  a full date by the ``[Previous](/papers?date=...)`` / ``[Next](...)`` links when present.
  Card text (submitter names, avatars) is never taken as an abstract.
* **HF paper page** (markdownify of ``huggingface.co/papers/<id>``): ``arxiv:<id>``, the
  ``# Title``, ``Published on ...``, ``[#1 Paper of the day](/papers?date=...)``, the upvote
  button, ``Authors:``, and ``## Abstract`` (AI summary, the ``AI-generated summary`` label,
  the abstract), then the arXiv, PDF, project and GitHub links.
* **Digests**: a heading carrying the day (``## Daily Papers (2024-04-16)``, ``## Papers
  for 2024-12-16``), then per paper ``### [Title](https://arxiv.org/abs/<id>)`` followed by
  ``Vote: N``, ``Authors: a, b`` and text. A bulleted text is an LLM summary (``summary``,
  the bullets joined into one paragraph); a plain paragraph is the abstract.
* **Digest tables**: one paper per row under a header naming a title column (and maybe
  authors, summary, votes, date columns); links in the title cell give the arXiv id.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace

from reader.core.dates import MONTHS, parse_iso_date, parse_month_day
from reader.core.links import HF_PAPERS, arxiv_id_from_url
from reader.core.models import Entry, LooseDate, ParsedDump
from reader.core.parsers._common import unique
from reader.core.parsers.base import DumpSource
from reader.core.text import one_line

NAME = "markdown"
PRIORITY = 4

_PAPER_URL = r"(?:https?://(?:www\.)?(?:huggingface\.co|arxiv\.org))?/(?:papers|abs|pdf)/\d{4}\.\d{4,5}"
_SNIFF_HEADING_LINK = re.compile(r"^#{2,6}\s+\[.+\]\(" + _PAPER_URL, re.MULTILINE)
_SNIFF_DATED_HEADING = re.compile(r"^#{1,6}\s.*\b\d{4}-\d{2}-\d{2}\b", re.MULTILINE)
_SNIFF_TABLE_ROW = re.compile(r"^\|.*\|\s*$", re.MULTILINE)
_SNIFF_TABLE_TITLE = re.compile(r"^\|\s*(?:title|paper)s?\s*\|", re.MULTILINE | re.IGNORECASE)

_HEADING = re.compile(r"^(#{1,6})[ \t]+(.*)$")
_CLOSING_HASHES = re.compile(r"[ \t]#+$")
_LINK_URL = re.compile(r"^<?([^\s()<>\[\]]+)>?(?:[ \t]+\"[^\"]*\")?$")
LINK = re.compile(
    r"(!?)\[([^\[\]]*(?:\[[^\[\]]*\][^\[\]]*)*)\]\([ \t]*<?([^\s()<>\[\]]+)>?(?:[ \t]+\"[^\"\n]*\")?[ \t]*\)"
)
_AUTOLINK = re.compile(r"<(https?://[^\s<>]+)>")
_ISO_DAY = re.compile(r"\b(\d{4}-\d{2}-\d{2})\b")
_MD_ESCAPE = re.compile(r"\\([*_\[\]|`#\\])")
_STRONG = re.compile(r"\*\*([^\s*](?:[^*]*[^\s*])?)\*\*|__([^\s_](?:[^_]*[^\s_])?)__")
_SPACE_BEFORE_PUNCT = re.compile(r"\s+([.,;:!?)])")
_VOTE = re.compile(r"^(?:votes?|upvotes?|likes)\s*:\s*(\d{1,9})\s*$", re.IGNORECASE)
_AUTHORS = re.compile(r"^authors?\s*:\s*(.*)$", re.IGNORECASE)
_TEXT_LABEL = re.compile(r"^(?:\*\*|__)?(?:abstract|summary)\s*:?(?:\*\*|__)?\s*:?\s*", re.IGNORECASE)
"""``Abstract:`` / ``**Summary:**`` before a digest entry's text: a label, not its first word."""
_BULLET = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+")
_AI_LABEL = re.compile(r"^[ \t]*AI-generated summary[ \t]*$", re.MULTILINE)

_CARD_SIGNAL = re.compile(r"\]\(/login\?next=%2Fpapers%2F|#community\)|^Submitted by\s*$", re.MULTILINE)
_NEIGHBOUR_DAY = re.compile(
    r"\[(?:Previous|Next)\]\((?:https?://huggingface\.co)?/papers(?:\?date=|/date/)(\d{4}-\d{2}-\d{2})"
)
TABLE_SEPARATOR = re.compile(r"^\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
_CELL_SPLIT = re.compile(r"(?<!\\)\|")
_LABEL_LINKS = frozenset({"arxiv", "huggingface", "hf", "pdf", "paper", "code", "github", "project", "project page"})
_EMPTY_PARENS = re.compile(r" ?\((?:[ ,/]|read more|on|or|and)*\)", re.IGNORECASE)
_MAX_HEADING = 4_000
"""Longer lines are never headings: no title is that long, and it bounds the work per line."""


def can_parse(source: DumpSource) -> bool:
    """Headings linking a paper, an HF paper page's ``arxiv:<id>`` line, or a dated digest table."""
    head = source.head
    if _SNIFF_HEADING_LINK.search(head) or _SNIFF_TABLE_TITLE.search(head):
        return True
    if _PAGE_ID.search(head):
        return True
    return bool(_SNIFF_DATED_HEADING.search(head) and _SNIFF_TABLE_ROW.search(head))


def parse(source: DumpSource) -> ParsedDump:
    """Read every paper of the Markdown file."""
    return parse_text(source.text)


def parse_text(text: str) -> ParsedDump:
    """The papers of a Markdown text (also used by the HTML parser on markdownify output)."""
    if _PAGE_ID.search(text):
        entry = _paper_page(text)
        if entry is not None:
            return ParsedDump(NAME, (entry,))
    return ParsedDump(NAME, tuple(_Reader(text).read()))


# --- shared helpers -------------------------------------------------------------------------


def unescape(text: str) -> str:
    """Undo Markdown backslash escapes (``\\*`` -> ``*``) and fold white space."""
    return one_line(_MD_ESCAPE.sub(r"\1", text))


def _absolute(url: str) -> str:
    return "https://huggingface.co" + url if url.startswith("/") else url


def links(text: str) -> list[str]:
    """The targets of the links (not images) in ``text``, made absolute."""
    urls = [_absolute(match.group(3)) for match in LINK.finditer(text) if not match.group(1)]
    return urls + _AUTOLINK.findall(text)


def plain(text: str) -> str:
    """Markdown to plain text: images dropped, links replaced by their text, escapes undone."""
    text = LINK.sub(lambda match: "" if match.group(1) else match.group(2), text)
    text = _STRONG.sub(lambda match: match.group(1) or match.group(2), _AUTOLINK.sub(r"\1", text))
    return _SPACE_BEFORE_PUNCT.sub(r"\1", unescape(text))


def _heading_link(content: str) -> tuple[str, str] | None:
    """(text, url) of a heading that is one link, ``[Title](url)``, else None.

    The title may hold brackets: the link target is after the last ``](``.
    """
    if not (content.startswith("[") and content.endswith(")")):
        return None
    split = content.rfind("](")
    target = _LINK_URL.match(content[split + 2 : -1]) if split > 0 else None
    return (content[1:split], target.group(1)) if target else None


def _hf_url(arxiv_id: str | None) -> str | None:
    return f"{HF_PAPERS}/{arxiv_id}" if arxiv_id else None


# --- digests, list-page cards and tables -----------------------------------------------------


@dataclass
class _Pending:
    """A paper heading being read, with the lines below it."""

    title: str
    url: str
    day: dt.date | None
    header_day: LooseDate | None
    lines: list[str] = field(default_factory=list)


class _Reader:
    """Reads headings, cards and table rows of one Markdown text, in order."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines = text.split("\n")
        self.cards = bool(_CARD_SIGNAL.search(text))
        self.day: dt.date | None = None
        self.header_day: LooseDate | None = None
        self.entries: list[Entry] = []
        self.card_counts = _card_counts(text) if self.cards else {}
        self.neighbours = sorted(
            day for match in _NEIGHBOUR_DAY.finditer(text) if (day := parse_iso_date(match.group(1)))
        )

    def read(self) -> list[Entry]:
        pending: _Pending | None = None
        index = 0
        while index < len(self.lines):
            line = self.lines[index].rstrip()
            index += 1
            heading = _HEADING.match(line) if len(line) <= _MAX_HEADING else None
            if heading:
                if pending is not None:
                    self._finish(pending)
                    pending = None
                pending = self._heading(len(heading.group(1)), _CLOSING_HASHES.sub("", heading.group(2).strip()))
                continue
            if line.lstrip().startswith("|") and index < len(self.lines) and TABLE_SEPARATOR.match(self.lines[index]):
                if pending is not None:
                    self._finish(pending)
                    pending = None
                index = self._table(line, index + 1)
                continue
            if self.cards and self._day_line(line, self._next_text(index)):
                continue
            if pending is not None:
                pending.lines.append(line)
        if pending is not None:
            self._finish(pending)
        return self.entries

    def _heading(self, level: int, content: str) -> _Pending | None:
        link = _heading_link(content)
        if link is None:
            day_match = _ISO_DAY.search(content)
            if day_match and level <= 3:
                self.day = parse_iso_date(day_match.group(1)) or self.day
            return None
        title, url = unescape(link[0]), _absolute(link[1])
        if arxiv_id_from_url(url) is None and not (level == 3 and not self.cards and url.startswith("http")):
            return None
        return _Pending(title, url, self.day, self.header_day) if title else None

    def _next_text(self, index: int) -> str:
        """The next non-blank line from ``index`` (looking one blank line ahead at most)."""
        for line in self.lines[index : index + 2]:
            if line.strip():
                return line
        return ""

    def _day_line(self, line: str, following: str) -> bool:
        """The list page's day header: ``Aug`` then ``1`` (markdownify) or ``Aug 1``."""
        stripped = line.strip()
        if stripped.lower() in MONTHS and following.strip().isdigit():
            found = parse_month_day(f"{stripped} {following.strip()}")
        else:
            found = parse_month_day(stripped) if stripped[:1].isalpha() and len(stripped) < 20 else None
        if found is None:
            return False
        self.header_day = found
        self.day = self._pinned(found) or self.day
        return True

    def _pinned(self, header: LooseDate) -> dt.date | None:
        """The full date of a day header, found between the page's Previous and Next days."""
        if not self.neighbours:
            return None
        start, end = self.neighbours[0], self.neighbours[-1]
        if start == end:
            start, end = start - dt.timedelta(days=14), end + dt.timedelta(days=14)
        matches = {
            day
            for offset in range(min((end - start).days, 60) + 1)
            if (day := start + dt.timedelta(days=offset)).month == header.month and day.day == header.day
        }
        return matches.pop() if len(matches) == 1 else None

    def _finish(self, pending: _Pending) -> None:
        if self.cards:
            self.entries.append(self._card(pending))
        else:
            self.entries.append(self._digest_entry(pending))

    def _card(self, pending: _Pending) -> Entry:
        arxiv_id = arxiv_id_from_url(pending.url)
        counts = self.card_counts
        upvotes, comments, author_count = (
            counts[kind].get(arxiv_id or "") for kind in ("upvotes", "comments", "authors")
        )
        return Entry(
            title=pending.title,
            upvotes=upvotes,
            comments=comments,
            author_count=author_count,
            arxiv_id=arxiv_id,
            day=pending.day,
            header_day=pending.header_day,
            urls=unique((_hf_url(arxiv_id) or pending.url,)),
        )

    def _digest_entry(self, pending: _Pending) -> Entry:
        upvotes: int | None = None
        authors: tuple[str, ...] = ()
        text_lines: list[str] = []
        urls = [pending.url]
        for raw in pending.lines:
            line = raw.strip()
            if not line:
                if text_lines and text_lines[-1]:
                    text_lines.append("")
                continue
            vote = _VOTE.match(line)
            names = _AUTHORS.match(line)
            if vote:
                upvotes = int(vote.group(1))
            elif names:
                authors = tuple(name for part in names.group(1).split(",") if (name := plain(part)))
            elif not plain(line):
                continue  # an image or an empty link
            else:
                label = _TEXT_LABEL.match(line)
                if label and (label.group().rstrip().endswith(":") or label.end() == len(line)):
                    line = line[label.end() :]  # (a word such as "Summarizing" is no label)
                    if not line:
                        continue
                urls += links(line)
                text_lines.append(line)
        abstract, summary = _text_fields(text_lines)
        return Entry(
            title=pending.title,
            abstract=abstract,
            upvotes=upvotes,
            authors=authors,
            author_count=len(authors) or None,
            arxiv_id=arxiv_id_from_url(pending.url),
            day=pending.day,
            urls=unique(urls),
            summary=summary,
        )

    def _table(self, header_line: str, index: int) -> int:
        """Read the table whose header is ``header_line``; return the index after it."""
        columns = [one_line(cell).lower() for cell in table_cells(header_line)]

        def find(*words: str) -> int | None:
            return next((i for i, name in enumerate(columns) if any(word in name for word in words)), None)

        title_col = find("title", "paper")
        title_col = 0 if title_col is None else title_col
        authors_col, summary_col = find("author"), find("summary", "tl;dr", "tldr")
        abstract_col, votes_col, date_col = find("abstract"), find("vote", "like"), find("date", "day")
        end = index
        while end < len(self.lines) and self.lines[end].lstrip().startswith("|"):
            end += 1
        if is_link_table([table_cells(line) for line in self.lines[index:end]]):
            return end  # the links of one paper (platform | URL), not papers
        while index < len(self.lines) and self.lines[index].lstrip().startswith("|"):
            cells = table_cells(self.lines[index])
            index += 1
            if len(cells) > len(columns):  # an unescaped "|" in the last cell
                cells = [*cells[: len(columns) - 1], "|".join(cells[len(columns) - 1 :])]

            entry = self._row(
                _cell(cells, title_col),
                _cell(cells, authors_col),
                _cell(cells, summary_col),
                _cell(cells, abstract_col),
            )
            if entry is None:
                continue
            votes = re.search(r"\d{1,9}", _cell(cells, votes_col))
            row_day = parse_iso_date(_cell(cells, date_col))
            self.entries.append(replace(entry, upvotes=int(votes.group()) if votes else None, day=row_day or entry.day))
        return index

    def _row(self, title_cell: str, authors_cell: str, summary_cell: str, abstract_cell: str) -> Entry | None:
        urls = links(title_cell)

        def title_text(match: re.Match[str]) -> str:
            return "" if match.group(1) or match.group(2).strip().lower() in _LABEL_LINKS else match.group(2)

        title = unescape(_EMPTY_PARENS.sub("", one_line(LINK.sub(title_text, title_cell))))
        if not title:
            return None
        authors = tuple(name for part in re.split(r",|<br\s*/?>", authors_cell) if (name := plain(part)))
        summary = plain(re.sub(r"<br\s*/?>", " ", summary_cell))
        abstract = plain(re.sub(r"<br\s*/?>", " ", abstract_cell))
        urls += links(summary_cell) + links(abstract_cell)
        arxiv_id = next((found for url in urls if (found := arxiv_id_from_url(url))), None)
        return Entry(
            title=title,
            abstract=abstract,
            authors=authors,
            author_count=None,
            arxiv_id=arxiv_id,
            day=self.day,
            urls=unique(urls),
            summary=summary or None,
        )


_CARD_COUNTS = {
    "upvotes": re.compile(r"\[(\d{1,9})\]\(/login\?next=%2Fpapers%2F(\d{4}\.\d{4,5})\)"),
    "comments": re.compile(r"\[(\d{1,9})\]\((?:https?://huggingface\.co)?/papers/(\d{4}\.\d{4,5})#community\)"),
    "authors": re.compile(r"(\d{1,6})\s+authors?\]\((?:https?://huggingface\.co)?/papers/(\d{4}\.\d{4,5})\)"),
}


def _card_counts(text: str) -> dict[str, dict[str, int]]:
    """Per kind (upvotes, comments, authors): arXiv id -> the count its card links show."""
    counts: dict[str, dict[str, int]] = {}
    for kind, pattern in _CARD_COUNTS.items():
        found: dict[str, int] = {}
        for match in pattern.finditer(text):
            found.setdefault(match.group(2), int(match.group(1)))
        counts[kind] = found
    return counts


_NO_LINK = frozenset({"n/a", "na", "-", "none", "—", ""})


def is_link_table(rows: list[list[str]]) -> bool:
    """True for a table of one paper's links: two columns, a platform name then its URL
    (or ``N/A``) on every row, at least one of them a link."""
    if not rows or any(len(row) != 2 for row in rows):
        return False
    linked = [bool(links(row[1]) or row[1].startswith(("http://", "https://"))) for row in rows]
    plain_values = (row[1].strip().lower() in _NO_LINK for row, link in zip(rows, linked, strict=True) if not link)
    return any(linked) and all(plain_values) and not any(links(row[0]) for row in rows)


def _cell(cells: list[str], col: int | None) -> str:
    return cells[col] if col is not None and col < len(cells) else ""


def table_cells(line: str) -> list[str]:
    row = line.strip()
    row = row[1:] if row.startswith("|") else row
    row = row[:-1] if row.endswith("|") and not row.endswith("\\|") else row
    return [cell.strip().replace("\\|", "|") for cell in _CELL_SPLIT.split(row)]


def _text_fields(lines: list[str]) -> tuple[str, str | None]:
    """(abstract, summary) of an entry's text: the AI summary and abstract around the
    ``AI-generated summary`` label; a bulleted text is a summary; else the abstract."""
    while lines and not lines[-1]:
        lines.pop()
    if not lines:
        return "", None
    text = "\n".join(lines)
    label = _AI_LABEL.search(text)
    if label:
        return plain(text[label.end() :]), plain(text[: label.start()]) or None
    if all(_BULLET.match(line) for line in lines if line):
        return "", one_line(" ".join(plain(_BULLET.sub("", line)) for line in lines if line)) or None
    return plain(text), None


# --- the paper page -------------------------------------------------------------------------

_PAGE_ID = re.compile(r"^arxiv:(\d{4}\.\d{4,5})[ \t]*\n(?:[ \t]*\n){0,2}# (.+)$", re.MULTILINE)
_PAGE_PUBLISHED = re.compile(r"^Published on ([A-Za-z]{3,9}\.? \d{1,2}(?:, \d{4})?)\s*$", re.MULTILINE)
_PAGE_RANK_DAY = re.compile(
    r"\[#\d+ Paper of the day\]\((?:https?://huggingface\.co)?/papers(?:\?date=|/date/)(\d{4}-\d{2}-\d{2})\)"
)
_PAGE_SUBMITTED_ON = re.compile(r"^on ([A-Za-z]{3,9}\.? \d{1,2}(?:, \d{4})?)\s*$", re.MULTILINE)
_PAGE_UPVOTES = re.compile(r"\[Upvote\s+(\d{1,9})\s*\]")
_PAGE_ORG = re.compile(
    r"^·[ \t]*\n\[!\[[^\]\n]*\]\([^)\n]*\)[ \t]*\n(?:[ \t]*\n)?([^\n\]]+)\]\(/[^)\s]+\)", re.MULTILINE
)
_PAGE_AUTHORS = re.compile(r"^Authors:[ \t]*$", re.MULTILINE)
_PAGE_AUTHORS_END = re.compile(r"^#", re.MULTILINE)
_PAGE_ABSTRACT = re.compile(r"^#{1,3} Abstract[ \t]*$", re.MULTILINE)
_PAGE_ABSTRACT_END = re.compile(r"^(?:\[View arXiv page\]|\[View PDF\]|#)", re.MULTILINE)
_PAGE_LINK = re.compile(
    r"^\[(View arXiv page|View PDF|Project page|GitHub(?:\s+(\d{1,9}))?)\s*\]\((\S+?)\)", re.MULTILINE
)


def _block(text: str, start: re.Pattern[str], end: re.Pattern[str]) -> str:
    """The text after the first ``start`` match, up to the next ``end`` match (or the end)."""
    opening = start.search(text)
    if opening is None:
        return ""
    closing = end.search(text, opening.end())
    return text[opening.end() : closing.start() if closing else len(text)]


def _paper_page(text: str) -> Entry | None:
    """The one paper of an HF paper page converted by markdownify."""
    found_id = _PAGE_ID.search(text)
    title = unescape(found_id.group(2)) if found_id else ""
    if found_id is None or not title:
        return None
    arxiv_id = found_id.group(1)
    published = _PAGE_PUBLISHED.search(text)
    rank_day = _PAGE_RANK_DAY.search(text)
    submitted_on = _PAGE_SUBMITTED_ON.search(text)
    upvotes = _PAGE_UPVOTES.search(text)
    org = _PAGE_ORG.search(text)
    authors_block = _block(text, _PAGE_AUTHORS, _PAGE_AUTHORS_END)
    names = " ".join(plain(line) for line in authors_block.split("\n"))
    authors = tuple(name for part in names.split(",") if (name := one_line(part)))
    abstract_block = _block(text, _PAGE_ABSTRACT, _PAGE_ABSTRACT_END)
    abstract, summary = _text_fields([line.strip() for line in abstract_block.split("\n")])
    urls: list[str] = [f"{HF_PAPERS}/{arxiv_id}"]
    github_repo = project_page = None
    github_stars: int | None = None
    for link in _PAGE_LINK.finditer(text):
        label, url = link.group(1), _absolute(link.group(3))
        urls.append(url)
        if label.startswith("GitHub"):
            github_repo = github_repo or url
            github_stars = int(link.group(2)) if link.group(2) else github_stars
        elif label == "Project page":
            project_page = project_page or url
    return Entry(
        title=title,
        published=parse_month_day(published.group(1)) if published else None,
        authors=authors,
        author_count=len(authors) or None,
        organization=one_line(org.group(1)) if org else None,
        upvotes=int(upvotes.group(1)) if upvotes else None,
        arxiv_id=arxiv_id,
        day=parse_iso_date(rank_day.group(1)) if rank_day else None,
        header_day=parse_month_day(submitted_on.group(1)) if submitted_on else None,
        urls=unique(urls),
        github_repo=github_repo,
        github_stars=github_stars,
        project_page=project_page,
        abstract=abstract,
        summary=summary,
    )
