"""The query side of the index: the parser, the limits that bound what one query can cost,
the checks that refuse what cannot be answered, quoted phrases checked as written, and
highlighting.

Part of the index (the only Whoosh code): ``reader.core.index`` is its entry point.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from whoosh.analysis import LowercaseFilter, RegexTokenizer, StemFilter, StemmingAnalyzer
from whoosh.fields import Schema
from whoosh.qparser import FieldAliasPlugin, FuzzyTermPlugin, GtLtPlugin, MultifieldParser
from whoosh.query import FuzzyTerm, NullQuery, NumericRange, Query, TermRange, Wildcard
from whoosh.query import Phrase as PhraseQuery

from reader.core.errors import QueryError, SearchCancelled
from reader.core.text import clean, fold_title

TEXT_FIELDS = ("title", "abstract", "authors", "organization")
FIELD_BOOSTS = {"title": 4.0, "abstract": 1.0, "authors": 1.5, "organization": 1.5}
FIELD_ALIASES = {"authors": ["author"], "organization": ["org", "organisation", "organization"]}
VALUE_COLUMNS = {
    "upvotes": ("sort_upvotes", 1, -1),
    "comments": ("sort_comments", 1, -1),
    "year": ("sort_published", 10_000, 0),
}
"""Numeric fields whose ranges (``upvotes:>10``) are answered from a sort column: the column,
what its value is divided by to give the field's (a published YYYYMMDD // 10,000 is the
year), and the value that stands for "unknown" (never in a range)."""
ANALYZER = StemmingAnalyzer(stoplist=None, minsize=1, cachesize=-1)
"""Stems are memoised in a plain dict: Whoosh's default LFU cache costs more than stemming
once the vocabulary outgrows it (every 5,000th new word re-sorts 50,000 counters)."""

MAX_QUERY_CHARS = 1_000
MAX_PHRASE_WORDS = 32
MAX_FUZZY_EDITS = 2
MAX_PATTERNS = 4
"""Fuzzy, prefix and wildcard words in one query (each is looked up in the dictionary)."""
FUZZY_PREFIX = 1
"""A fuzzy word's first letter is taken as written (``difusion~`` finds "diffusion", not
"confusion"): the dictionary walk is a third as long."""
MAX_EXPANSIONS = 4_096
"""Words that the fuzzy, prefix and wildcard words of one query may stand for, in all."""
MAX_LEAVES = 400
"""Terms one query may have once every word is asked of every field (100 words)."""
NO_WORDS = "the query has no words to search for"

_PHRASE = re.compile(r'(?:(\w+):)?"([^"]+)"')
_QUOTED = re.compile(r'"[^"]*"?')
_OR = re.compile(r"\bOR\b")
_NEGATED = re.compile(r"(?:\bNOT\s+|-)$")
_FIELD_NAMES = (*TEXT_FIELDS, "author", "org", "organisation", "day", "year", "upvotes", "comments")
_EMPTY_FIELD = re.compile(rf"(?<![\w:])(?:{'|'.join(_FIELD_NAMES)}):(?=$|\s|\(\s*(?:\)|$))", re.IGNORECASE)


def make_parser(schema: Schema) -> MultifieldParser:
    """The query parser: every text field, ``field:``, ranges (``upvotes:>10``), ``word~``."""
    parser = MultifieldParser(list(TEXT_FIELDS), schema, fieldboosts=FIELD_BOOSTS)
    parser.add_plugin(GtLtPlugin())
    parser.add_plugin(FuzzyTermPlugin())
    parser.add_plugin(FieldAliasPlugin(FIELD_ALIASES))
    return parser


def parse(parser: MultifieldParser, query: str) -> Query:
    """The Whoosh query for the user's text; ``QueryError`` with a one-line reason when it
    cannot be parsed or would cost more than the limits above allow."""
    query = clean(query)  # no control character or lone surrogate reaches the index
    if len(query) > MAX_QUERY_CHARS:
        raise QueryError(f"the query is too long ({len(query):,} characters; at most {MAX_QUERY_CHARS:,})")
    if _EMPTY_FIELD.search(query):
        raise QueryError(NO_WORDS)  # "title:", "title:(": a field with nothing to look for
    try:
        parsed = parser.parse(query)
    except Exception as error:
        raise QueryError(f"cannot understand the query: {error}") from None
    if parsed is None or parsed is NullQuery or not list(parsed.leaves() or [parsed]):
        raise QueryError(NO_WORDS)
    check(parsed)
    return parsed


def check(parsed: Query) -> None:
    """Refuse, with a one-line reason, what a query cannot be answered with or would take
    too long: word ranges, leading wildcards, fuzzy words beyond 2 edits, too many terms.
    Fuzzy words keep their first letter (``FUZZY_PREFIX``)."""
    leaves = list(parsed.leaves()) or [parsed]
    if len(leaves) > MAX_LEAVES:
        raise QueryError(f"the query has too many words (at most {MAX_LEAVES // len(TEXT_FIELDS)})")
    patterns: set[str] = set()
    for leaf in leaves:
        if leaf is NullQuery or type(leaf).__name__ == "_NullQuery":
            raise QueryError("part of the query has nothing to search for (a number field needs a number: upvotes:>10)")
        if isinstance(leaf, TermRange) or (isinstance(leaf, NumericRange) and leaf.fieldname not in VALUE_COLUMNS):
            raise QueryError("ranges work on upvotes, comments and year (upvotes:[10 TO 50]), not on words")
        if isinstance(leaf, FuzzyTerm):
            if leaf.maxdist > MAX_FUZZY_EDITS:
                raise QueryError(f"a fuzzy word allows at most {MAX_FUZZY_EDITS} edits ({leaf.text}~{MAX_FUZZY_EDITS})")
            leaf.prefixlength = max(leaf.prefixlength, FUZZY_PREFIX)
        if isinstance(leaf, Wildcard) and leaf.text[:1] in ("*", "?"):
            raise QueryError("a word cannot start with * or ? (diffus* works, *fusion does not)")
        if isinstance(leaf, PhraseQuery) and len(leaf.words) > MAX_PHRASE_WORDS:
            raise QueryError(f"a quoted phrase may have at most {MAX_PHRASE_WORDS} words")
        if hasattr(leaf, "_btexts") and hasattr(leaf, "text"):
            patterns.add(str(leaf.text))
    if len(patterns) > MAX_PATTERNS:
        raise QueryError(f"at most {MAX_PATTERNS} fuzzy, prefix or wildcard words in one query")


@dataclass(frozen=True, slots=True)
class Phrase:
    """A quoted phrase of a query, to be matched as written."""

    field: str | None
    words: str


def phrases(query: str) -> list[Phrase]:
    """The quoted, non-negated phrases of a query."""
    return [
        Phrase(match.group(1), match.group(2))
        for match in _PHRASE.finditer(query)
        if not _NEGATED.search(query[: match.start()]) and fold_title(match.group(2))
    ]


def has_or(query: str) -> bool:
    """True when the query has an ``OR`` outside its quoted phrases: a phrase need not hold
    for every paper listed."""
    return _OR.search(_QUOTED.sub(" ", query)) is not None


def stems(words: str) -> tuple[str, ...]:
    """The stemmed words of a phrase, as the index holds them."""
    return tuple(token.text for token in ANALYZER(words))


class PhraseTest:
    """Whether papers hold one quoted phrase as written, in a field or in their whole text."""

    def __init__(self, phrase: Phrase) -> None:
        self.field = phrase.field
        self.pattern = _phrase_pattern(phrase.words)
        self.folded = f" {fold_title(phrase.words)} "

    def holds(self, title: str, abstract: str, authors: str) -> bool:
        """True when the paper's text (or the phrase's field) holds the phrase as written."""
        fields = {"title": title, "abstract": abstract, "author": authors, "authors": authors}
        text = fields.get(self.field or "")
        if text is None:
            text = " ".join((title, abstract, authors))
        return _contains(text, self.pattern, self.folded)


def verify_phrases(
    keys: list[str],
    phrases: list[Phrase],
    texts: Callable[[list[str]], dict[str, tuple[str, str, str]]],
    limit: int | None,
    window: int,
    cancel: Callable[[], bool] | None = None,
) -> tuple[list[str], int, bool]:
    """The candidates (ranked) whose text holds every phrase as written, checked in ranked
    windows until ``limit`` are found (twice ``limit`` first, each next window four times the
    last, up to ``window``); the total, and whether it is exact."""
    tests = [PhraseTest(phrase) for phrase in phrases]
    size = len(keys) if limit is None else min(max(window, limit), max(2 * limit, 64))
    kept: list[str] = []
    checked = 0
    while checked < len(keys) and (limit is None or len(kept) < limit):
        if cancel is not None and cancel():
            raise SearchCancelled("the search was abandoned")
        batch = keys[checked : checked + size]
        checked += len(batch)
        size = max(min(4 * size, window), size)
        found = texts(batch)
        for key in batch:
            text = found.get(key, ("", "", ""))
            if all(test.holds(*text) for test in tests):
                kept.append(key)
    return kept, len(kept) + len(keys) - checked, checked == len(keys)


def _phrase_pattern(words: str) -> re.Pattern[str] | None:
    """A regex finding an ASCII phrase's words in ASCII text as ``fold_title`` compares them."""
    if not words.isascii():
        return None
    parts = [re.escape(word.lower()) for word in re.split(r"[\W_]+", words) if word]
    if not parts:
        return None
    # The first word, then that it does not end a longer word: a pattern that starts with a
    # literal is scanned for in C (a leading lookbehind made it 3x slower). Text is lowercased.
    first = parts[0] + rf"(?<![^\W_]{parts[0]})"
    return re.compile(r"[\W_]+".join([first, *parts[1:]]) + r"(?![^\W_])")


def _contains(text: str, pattern: re.Pattern[str] | None, folded: str) -> bool:
    """True when ``text`` has the phrase (``folded``, spaced) as written, case aside."""
    if pattern is not None and text.isascii():
        return pattern.search(text.lower()) is not None  # same answer as folding the whole text, faster
    return folded in f" {fold_title(text)} "


def _analyzer_parts() -> tuple[re.Pattern[str], Callable[[str], str]] | None:
    """``ANALYZER``'s word pattern and its stemmer, when it is the chain ``StemmingAnalyzer``
    builds here (words, lowercased, stemmed); None for another chain."""
    items = getattr(ANALYZER, "items", [])
    if [type(item) for item in items] != [RegexTokenizer, LowercaseFilter, StemFilter]:
        return None
    tokenizer, _lowercase, stemmer = items
    if tokenizer.gaps or stemmer.ignore or stemmer.lang:
        return None
    return tokenizer.expression, stemmer.stemfn


_ANALYZER_PARTS = _analyzer_parts()
_ANALYZER_WORD = r"[\w\*]+(\.?[\w\*]+)*"
"""Whoosh's default word pattern (``RegexTokenizer``): runs of letters joined by single dots;
``highlight_spans`` finds words by it only when the analyzer's pattern is this one."""
_STEMS: dict[str, str] = {}
"""Each lowercased word's stem, memoised (the vocabulary of the papers shown)."""


def stemmed_words(text: str) -> list[tuple[str, int, int]]:
    """Each word of ``text`` as the index holds it (stemmed) and where it is written: the
    tokens ``ANALYZER`` gives, without its token objects and chain of generators (most of
    the time of highlighting a page of results)."""
    if _ANALYZER_PARTS is None:
        return [(token.text, token.startchar, token.endchar) for token in ANALYZER(text, chars=True)]
    pattern, stem = _ANALYZER_PARTS
    ascii_text = text.isascii()  # lowercased at once: an ASCII text keeps its offsets
    found = []
    for match in pattern.finditer(text.lower() if ascii_text else text):
        word = match.group() if ascii_text else match.group().lower()
        found.append((_STEMS.get(word) or _stem(word, stem), match.start(), match.end()))
    return found


def _stem(word: str, stem: Callable[[str], str]) -> str:
    """``word``'s stem, memoised."""
    stemmed = _STEMS[word] = stem(word)
    return stemmed


def highlight_spans(text: str, terms: Iterable[str]) -> list[tuple[int, int]]:
    """Character spans of the words of ``text`` that match the (stemmed) search ``terms``.

    Only the words that begin as a term begins are stemmed (a stem keeps its word's first
    letter): ``_word_starting`` finds them where the analyzer's words start, as the
    analyzer would cut them, so a page of results is highlighted in a third of the time.
    """
    wanted = set(terms)
    if not wanted or not text:
        return []
    if _ANALYZER_PARTS is None or _ANALYZER_PARTS[0].pattern != _ANALYZER_WORD:
        return [(start, end) for word, start, end in stemmed_words(text) if word in wanted]
    stem = _ANALYZER_PARTS[1]
    found = []
    for match in _word_starting("".join(sorted({term[0] for term in wanted if term}))).finditer(text):
        word = match.group().lower()
        if (_STEMS.get(word) or _stem(word, stem)) in wanted:
            found.append(match.span())
    return found


@functools.lru_cache(maxsize=64)
def _word_starting(letters: str) -> re.Pattern[str]:
    """The analyzer's words that begin with one of ``letters`` (either case): a match starts
    where no word goes on from the left (neither a letter nor a letter and a dot before it)."""
    return re.compile(rf"(?<![\w*])(?<![\w*]\.)(?=(?i:[{re.escape(letters)}])){_ANALYZER_WORD}")
