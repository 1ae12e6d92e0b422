"""Citation forms of a paper, for reference managers: BibTeX, CSL-JSON and RIS.

Each form carries what the dumps (or the bookmark) know: title, authors, year and date,
the arXiv id (``eprint``, ``archivePrefix = {arXiv}``, and the DOI arXiv registers for it,
``10.48550/arXiv.<id>``), the best link, and the user's tags (keywords) and note. The
note is the reader's own annotation: BibTeX ``annote``, CSL ``annote``, RIS ``N1``, never a
field a bibliography prints. The cite key is stable: the first author's family name, the
year and the first long word of the title, so exporting again gives the same key.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from reader.core.models import Paper

ARXIV_DOI_PREFIX = "10.48550/arXiv."
"""The DOI arXiv registers for every paper: this prefix and the id."""
_LATEX_SPECIAL = re.compile(r"([&%#])")


@dataclass(frozen=True, slots=True)
class Citation:
    """A paper as cited, with the user's tags and note."""

    paper: Paper
    tags: tuple[str, ...] = ()
    note: str = ""

    @property
    def year(self) -> int | None:
        """The year published, else of the first day a dump listed it."""
        paper = self.paper
        if paper.published:
            return paper.published.year
        return min(paper.days).year if paper.days else None

    @property
    def date(self) -> dt.date | None:
        """The day published, when known."""
        return self.paper.published

    @property
    def doi(self) -> str | None:
        """arXiv's DOI of the paper, when its id is known."""
        return f"{ARXIV_DOI_PREFIX}{self.paper.arxiv_id}" if self.paper.arxiv_id else None


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def byline(authors: Sequence[str], shown: int = 3) -> str:
    """``Ada Lovelace, Alan Turing``; past ``shown`` authors, ``... et al.``."""
    return ", ".join(authors[:shown]) + (" et al." if len(authors) > shown else "")


def split_name(name: str) -> tuple[str, str]:
    """(given, family) of an author: ``Lovelace, Ada`` or ``Ada Lovelace``; one word is a family name."""
    if "," in name:
        family, _, given = name.partition(",")
        return given.strip(), family.strip()
    given, _, family = name.strip().rpartition(" ")
    return given.strip(), family.strip()


def cite_key(citation: Citation) -> str:
    """``lovelace2024beyond``: the first author's family name, the year, the title's first
    word of four letters or more (``paper`` for what is missing), in ASCII lower case."""
    paper = citation.paper
    family = split_name(paper.authors[0])[1] if paper.authors else "paper"
    words = re.findall(r"[A-Za-z]+", _ascii(paper.title))
    first_word = next((word for word in words if len(word) > 3), "paper")
    key = re.sub(r"[^a-z0-9]", "", f"{_ascii(family)}{citation.year or ''}{first_word}".lower())
    return key or "paper"


def unique_keys(citations: Sequence[Citation]) -> list[str]:
    """The cite keys of ``citations``; two papers with the same key get a suffix made from
    each paper's own key (stable whatever the order of the export)."""
    keys = [cite_key(citation) for citation in citations]
    shared = {key for key in keys if keys.count(key) > 1}
    return [
        f"{key}{hashlib.sha1(c.paper.key.encode('utf-8', 'surrogatepass')).hexdigest()[:6]}" if key in shared else key
        for key, c in zip(keys, citations, strict=True)
    ]


def _braced(text: str) -> str:
    """A BibTeX field value: a backslash written as ``\\textbackslash{}`` (else it would escape
    the brace after it), braces kept where they pair up, else made parentheses; ``& % #``
    escaped for LaTeX."""
    text = text.replace("\\", "\\textbackslash{}")
    depth = 0
    for char in text:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            break
    if depth != 0:
        text = text.replace("{", "(").replace("}", ")")
    return _LATEX_SPECIAL.sub(r"\\\1", text)


def _bibtex_name(name: str) -> str:
    """An author for BibTeX: a name holding the word "and" is braced so it stays one name."""
    return f"{{{name}}}" if re.search(r"\band\b", name, re.IGNORECASE) else name


def bibtex(citation: Citation, key: str | None = None) -> str:
    """A BibTeX ``@misc`` entry (arXiv fields when the id is known)."""
    paper = citation.paper
    fields = [("title", "{" + _braced(paper.title) + "}")]  # double braces: the case is kept
    if paper.authors:
        fields.append(("author", " and ".join(_bibtex_name(_braced(name)) for name in paper.authors)))
    if citation.year:
        fields.append(("year", str(citation.year)))
    if paper.arxiv_id and citation.doi:
        fields += [("eprint", paper.arxiv_id), ("archivePrefix", "arXiv"), ("doi", citation.doi)]
    if paper.url:
        fields.append(("url", paper.url.replace("{", "%7B").replace("}", "%7D")))
    if citation.tags:
        fields.append(("keywords", _braced(", ".join(citation.tags))))
    if citation.note:
        fields.append(("annote", _braced(citation.note)))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@misc{{{key or cite_key(citation)},\n{body}\n}}"


def csl_item(citation: Citation, key: str | None = None) -> dict[str, Any]:
    """A CSL-JSON item (what Zotero, Mendeley, pandoc and citeproc read): an arXiv preprint."""
    paper = citation.paper
    item: dict[str, Any] = {"id": key or cite_key(citation), "type": "article", "title": paper.title}
    authors = []
    for name in paper.authors:
        given, family = split_name(name)
        authors.append({"family": family, "given": given} if given else {"literal": family})
    if authors:
        item["author"] = authors
    if citation.date:
        item["issued"] = {"date-parts": [[citation.date.year, citation.date.month, citation.date.day]]}
    elif citation.year:
        item["issued"] = {"date-parts": [[citation.year]]}
    if paper.arxiv_id:
        item.update({"publisher": "arXiv", "number": paper.arxiv_id, "DOI": citation.doi})
    if paper.url:
        item["URL"] = paper.url
    if paper.abstract:
        item["abstract"] = paper.abstract
    if citation.tags:
        item["keyword"] = ", ".join(citation.tags)
    if citation.note:
        item["annote"] = citation.note
    return item


def ris(citation: Citation, key: str | None = None) -> str:
    """An RIS record (``TY  - GEN`` ... ``ER  -``); each line of the note is an ``N1`` line."""
    paper = citation.paper
    lines = [("TY", "GEN"), ("ID", key or cite_key(citation)), ("TI", _ris_line(paper.title))]
    for name in paper.authors:
        given, family = split_name(name)
        lines.append(("AU", _ris_line(f"{family}, {given}" if given else family)))
    if citation.year:
        lines.append(("PY", str(citation.year)))
    if citation.date:
        lines.append(("DA", f"{citation.date:%Y/%m/%d}/"))
    if paper.arxiv_id and citation.doi:
        lines += [("DO", citation.doi), ("PB", "arXiv"), ("AN", f"arXiv:{paper.arxiv_id}")]
    if paper.url:
        lines.append(("UR", paper.url))
    if paper.abstract:
        lines.append(("AB", _ris_line(paper.abstract)))
    lines += [("KW", _ris_line(tag)) for tag in citation.tags]
    lines += [("N1", _ris_line(line)) for line in citation.note.split("\n")] if citation.note else []
    return "\n".join(f"{tag}  - {value}".rstrip() if value else f"{tag}  - " for tag, value in lines) + "\nER  - \n"


def _ris_line(text: str) -> str:
    """RIS is a line format: a value is one line."""
    return " ".join(text.split())
