"""A deterministic archive of Daily Papers dumps for the benchmarks.

``N`` papers, 50 a day, one dump file a day under a folder per year: even days as a copy
of the papers page (the "page copy" text layout, ``2020/2020-01-01.txt``), odd days as the
body of Hugging Face's ``/api/daily_papers`` endpoint (``2020/2020-01-02.json``). Titles run
about ten words, abstracts about two hundred; authors, organisations, upvotes and
comments follow long-tailed distributions like the real site's.

The words: when ``../shared/seeds`` is beside the checkout, abstracts are made of its real
sentences (read at run time, never stored in the project) with one word in ten swapped for
a word of a synthetic Zipf vocabulary, so the index sees a realistic long tail of rare
terms; without the seeds every word comes from that vocabulary. Each day is drawn from
its own seeded RNG, so the same ``N`` always gives the same files (``Words.mode`` tells
which of the two vocabularies made them).
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import random
import re
from dataclasses import dataclass
from pathlib import Path

from reader.core.errors import ParseError
from reader.core.parsers import DumpSource, parse_source

VERSION = 1
"""Bump when the generator's output changes, so cached corpora are made again."""
PER_DAY = 50
START = dt.date(2020, 1, 1)
SEED = 20_240_501
HEADER = (
    "new\n\nGet trending papers in your email inbox!\n\nSubscribe\n\n"
    "Daily Papers\n\nbyAK and the research community\n\n"
)
FUNCTION_WORDS = [
    "the",
    "of",
    "and",
    "to",
    "a",
    "in",
    "we",
    "for",
    "is",
    "on",
    "with",
    "that",
    "this",
    "our",
    "as",
    "by",
    "are",
    "from",
    "an",
    "be",
    "which",
    "can",
    "it",
    "these",
    "at",
    "or",
    "such",
    "both",
    "their",
    "its",
    "not",
    "than",
    "has",
    "have",
    "more",
    "while",
    "also",
    "into",
    "over",
    "between",
    "through",
    "each",
    "when",
    "where",
    "how",
    "using",
    "based",
    "show",
    "new",
    "two",
    "three",
    "first",
    "most",
    "across",
    "without",
]
DOMAIN_WORDS = [
    "model",
    "models",
    "language",
    "learning",
    "data",
    "training",
    "performance",
    "tasks",
    "diffusion",
    "reasoning",
    "video",
    "image",
    "generation",
    "large",
    "benchmark",
    "agent",
    "agents",
    "transformer",
    "attention",
    "retrieval",
    "multimodal",
    "reinforcement",
    "alignment",
    "inference",
    "efficient",
    "evaluation",
    "vision",
    "text",
    "policy",
    "network",
    "neural",
    "visual",
    "dataset",
    "fine-tuning",
    "tokens",
    "scaling",
    "robust",
    "safety",
    "quantization",
    "sparse",
    "latent",
    "embedding",
    "graph",
    "code",
    "speech",
    "3D",
    "robot",
    "planning",
    "memory",
    "context",
    "reward",
    "optimization",
    "representation",
    "segmentation",
    "detection",
    "synthesis",
    "editing",
    "instruction",
    "preference",
    "distillation",
    "compression",
    "adaptation",
    "knowledge",
    "medical",
    "mathematical",
]
PHRASES = (
    "large language models",
    "video generation",
    "reinforcement learning",
    "vision language models",
    "chain of thought",
    "mixture of experts",
    "diffusion models",
    "retrieval augmented generation",
)
SURNAMES = [
    "Wang",
    "Li",
    "Zhang",
    "Liu",
    "Chen",
    "Yang",
    "Huang",
    "Zhao",
    "Wu",
    "Zhou",
    "Xu",
    "Sun",
    "Ma",
    "Zhu",
    "Hu",
    "Guo",
    "He",
    "Lin",
    "Kim",
    "Lee",
    "Park",
    "Gao",
    "Luo",
    "Zheng",
    "Liang",
    "Xie",
    "Song",
    "Tang",
    "Han",
    "Feng",
    "Deng",
    "Cao",
    "Peng",
    "Zeng",
    "Xiao",
    "Tian",
    "Dong",
    "Pan",
    "Yuan",
    "Cai",
    "Smith",
    "Johnson",
    "Brown",
    "Garcia",
    "Miller",
    "Jones",
    "Davis",
    "Singh",
    "Kumar",
    "Sharma",
    "Nguyen",
    "Tran",
    "Tanaka",
    "Suzuki",
    "Sato",
    "Rossi",
    "Bianchi",
    "Muller",
    "Schmidt",
    "Schneider",
    "Fischer",
    "Weber",
    "Martin",
    "Bernard",
    "Dubois",
    "Silva",
    "Santos",
    "Costa",
    "Ivanov",
    "Petrov",
    "Cohen",
    "Levi",
    "Ahmed",
    "Khan",
    "Ali",
    "Hassan",
    "Patel",
    "Gupta",
    "Yamamoto",
    "Watanabe",
]
_SYLLABLES = [c + v for c in "bcdfghjklmnprstvz" for v in "aeiou"] + ["an", "er", "on", "ix", "el", "or", "ul", "ar"]
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def _zipf_cumulative(count: int, exponent: float = 1.05) -> list[float]:
    return list(itertools.accumulate(1.0 / (rank + 1) ** exponent for rank in range(count)))


def _pseudo_words(rng: random.Random, count: int, taken: set[str]) -> list[str]:
    words: list[str] = []
    seen = set(taken)
    while len(words) < count:
        word = "".join(rng.choices(_SYLLABLES, k=rng.choice((2, 2, 3, 3, 3, 4))))
        if word not in seen:
            seen.add(word)
            words.append(word)
    return words


@dataclass(frozen=True)
class Words:
    """Where the text of the generated papers comes from."""

    mode: str
    """``seeds`` (real sentences from ``../shared/seeds``) or ``synthetic``."""
    sentences: tuple[tuple[str, ...], ...]
    """Real sentences to build abstracts from (empty in synthetic mode)."""
    title_words: tuple[str, ...]
    title_cumulative: tuple[float, ...]
    vocabulary: tuple[str, ...]
    """Function and domain words first, then the synthetic long tail, in Zipf rank order."""
    cumulative: tuple[float, ...]
    tail: tuple[str, ...]
    tail_cumulative: tuple[float, ...]
    first_names: tuple[str, ...]
    surnames: tuple[str, ...]
    surname_cumulative: tuple[float, ...]
    organizations: tuple[tuple[str, str], ...]
    """(handle, name) of the organisations papers come from."""

    @classmethod
    def load(cls, seeds_dir: Path | None) -> Words:
        """The vocabulary; real sentences when ``seeds_dir`` holds parsable page copies."""
        rng = random.Random(SEED)
        head = list(dict.fromkeys(FUNCTION_WORDS + DOMAIN_WORDS))
        tail = _pseudo_words(rng, 200_000, set(head))
        first_names = tuple(word.capitalize() for word in _pseudo_words(rng, 3000, set(tail)))
        surnames = tuple(SURNAMES) + tuple(word.capitalize() for word in tail[-20_000:])
        organizations = tuple(
            (
                f"{word}-ai" if number % 3 else word,
                f"{word.capitalize()} {rng.choice(('Lab', 'AI', 'University', 'Research'))}",
            )
            for number, word in enumerate(tail[-20_500:-20_000])
        )
        sentences: list[tuple[str, ...]] = []
        title_words: list[str] = []
        for path in sorted(seeds_dir.glob("*.txt")) if seeds_dir and seeds_dir.is_dir() else []:
            try:
                parsed = parse_source(DumpSource(path, path.read_bytes()))
            except (OSError, ParseError):
                continue
            for entry in parsed.entries:
                title_words += entry.title.split()
                sentences += [tuple(s.split()) for s in _SENTENCE_END.split(entry.abstract) if len(s.split()) >= 5]
        vocabulary = tuple(head + tail[:-20_500])
        if sentences:
            counted: dict[str, int] = {}
            for word in title_words:
                counted[word] = counted.get(word, 0) + 1
            pool = sorted(counted, key=lambda word: (-counted[word], word))
            title_cumulative = tuple(itertools.accumulate(counted[word] for word in pool))
        else:
            pool, title_cumulative = list(vocabulary[:5000]), tuple(_zipf_cumulative(5000))
        return cls(
            mode="seeds" if sentences else "synthetic",
            sentences=tuple(sentences),
            title_words=tuple(pool),
            title_cumulative=title_cumulative,
            vocabulary=vocabulary,
            cumulative=tuple(_zipf_cumulative(len(vocabulary))),
            tail=tuple(tail[:-20_500]),
            tail_cumulative=tuple(_zipf_cumulative(len(tail) - 20_500, 0.9)),
            first_names=first_names,
            surnames=surnames,
            surname_cumulative=tuple(_zipf_cumulative(len(surnames), 1.1)),
            organizations=organizations,
        )


@dataclass(frozen=True)
class FakePaper:
    """One generated paper, before it is written in either layout."""

    title: str
    abstract: str
    authors: tuple[str, ...]
    organization: tuple[str, str] | None
    published: dt.date
    upvotes: int
    comments: int
    arxiv_id: str
    github: str | None


def day_of(number: int) -> dt.date:
    """The date of day ``number`` (0 is the first day of the archive)."""
    return START + dt.timedelta(days=number)


def day_path(number: int) -> Path:
    """The dump file of day ``number``, relative to the archive folder."""
    day = day_of(number)
    return Path(str(day.year), f"{day.isoformat()}.{'txt' if number % 2 == 0 else 'json'}")


class _DayMaker:
    """Draws the papers of one day from that day's own RNG."""

    def __init__(self, words: Words, number: int) -> None:
        self.words = words
        self.number = number
        self.rng = random.Random(f"{SEED}:{number}")

    def title(self) -> str:
        rng, words = self.rng, self.words
        count = rng.randint(6, 12)
        picked = rng.choices(words.title_words, cum_weights=words.title_cumulative, k=count)
        for slot in rng.sample(range(count), k=min(count, rng.randint(1, 3))):
            picked[slot] = rng.choice(DOMAIN_WORDS)
        picked[0] = picked[0][:1].upper() + picked[0][1:]
        if rng.random() < 0.35:
            coined = rng.choices(words.tail, cum_weights=words.tail_cumulative)[0]
            return f"{coined.capitalize()}{rng.choice(('', '-2', 'Net', 'Bench'))}: {' '.join(picked)}"
        return " ".join(picked)

    def abstract(self) -> str:
        rng, words = self.rng, self.words
        target = min(max(int(rng.gauss(200, 40)), 80), 350)
        tokens: list[str] = []
        if words.sentences:
            while len(tokens) < target:
                tokens += rng.choice(words.sentences)
            swapped = rng.sample(range(len(tokens)), k=len(tokens) // 10)
            for slot, word in zip(
                swapped, rng.choices(words.tail, cum_weights=words.tail_cumulative, k=len(swapped)), strict=True
            ):
                end = tokens[slot][-1]
                tokens[slot] = word + end if end in ".,;:" else word
        else:
            while len(tokens) < target:
                sentence = rng.choices(words.vocabulary, cum_weights=words.cumulative, k=rng.randint(10, 30))
                tokens += [sentence[0].capitalize(), *sentence[1:-1], sentence[-1] + "."]
        if rng.random() < 0.25:
            tokens += f"We apply {rng.choice(PHRASES)} to {rng.choice(DOMAIN_WORDS)} tasks.".split()
        return " ".join(tokens)

    def paper(self, serial: int) -> FakePaper:
        rng, words = self.rng, self.words
        published = day_of(self.number) - dt.timedelta(days=rng.randint(1, 25))
        author_count = min(1 + int(rng.expovariate(1 / 5)), 60)
        surnames = rng.choices(words.surnames, cum_weights=words.surname_cumulative, k=author_count)
        authors = tuple(f"{rng.choice(words.first_names)} {surname}" for surname in surnames)
        upvotes = min(int((rng.paretovariate(1.1) - 1) * 6), 3000)
        return FakePaper(
            title=self.title(),
            abstract=self.abstract(),
            authors=authors,
            organization=rng.choice(words.organizations) if rng.random() < 0.5 else None,
            published=published,
            upvotes=upvotes,
            comments=min(int(rng.expovariate(1 / 2) + upvotes / 40), 200),
            arxiv_id=f"{published:%y%m}.{10_000 + (self.number * PER_DAY + serial) % 90_000:05d}",
            github=f"https://github.com/{rng.choice(words.tail)}/{rng.choice(words.tail)}"
            if rng.random() < 0.5
            else None,
        )

    def hex_id(self) -> str:
        return f"{self.rng.getrandbits(96):024x}"


def _page_copy(day: dt.date, papers: list[FakePaper]) -> str:
    parts = [HEADER, f"{_MONTHS[day.month - 1]} {day.day}\n"]
    for paper in papers:
        if paper.organization is not None and paper.upvotes % 3 == 0:
            byline = f"{paper.organization[0]} {paper.organization[1]}"
        else:
            byline = f"  • {len(paper.authors)} authors"
        published = f"{_MONTHS[paper.published.month - 1]} {paper.published.day}"
        comments = f" {paper.comments}" if paper.comments else ""
        parts.append(f"\n{paper.title}\n\n{paper.abstract}\n\n{byline}\n·\n{published}{comments}\n")
    return "".join(parts)


def _api_json(maker: _DayMaker, day: dt.date, papers: list[FakePaper]) -> str:
    items = []
    for paper in papers:
        user = maker.rng.choice(maker.words.tail)
        submitter = {
            "_id": maker.hex_id(),
            "avatarUrl": f"https://cdn-avatars.huggingface.co/v1/production/uploads/{maker.hex_id()}/{user}.png",
            "isPro": False,
            "fullname": paper.authors[0],
            "user": user,
            "type": "user",
            "name": user,
        }
        organization = (
            {"_id": maker.hex_id(), "name": paper.organization[0], "fullname": paper.organization[1]}
            if paper.organization
            else None
        )
        keywords = sorted({word for word in paper.abstract.lower().split() if word in DOMAIN_WORDS})[:10]
        inner: dict[str, object] = {
            "id": paper.arxiv_id,
            "authors": [{"_id": maker.hex_id(), "name": name, "hidden": False} for name in paper.authors],
            "publishedAt": f"{paper.published.isoformat()}T00:00:00.000Z",
            "submittedOnDailyAt": f"{day.isoformat()}T00:00:00.000Z",
            "title": paper.title,
            "submittedOnDailyBy": submitter,
            "summary": paper.abstract,
            "upvotes": paper.upvotes,
            "discussionId": maker.hex_id(),
            "ai_summary": " ".join(paper.abstract.split()[:30]),
            "ai_keywords": keywords,
            "ai_summary_model": "Qwen/Qwen2.5-Coder-32B-Instruct",
        }
        if organization:
            inner["organization"] = organization
        if paper.github:
            inner.update(githubRepo=paper.github, githubRepoAddedBy="user", githubStars=paper.upvotes * 3)
        item: dict[str, object] = {
            "paper": inner,
            "publishedAt": f"{paper.published.isoformat()}T00:00:00.000Z",
            "title": paper.title,
            "summary": paper.abstract,
            "thumbnail": f"https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/{paper.arxiv_id}.png",
            "numComments": paper.comments,
            "submittedBy": submitter,
        }
        if organization:
            item["organization"] = organization
        item["isAuthorParticipating"] = paper.upvotes % 5 == 0
        items.append(item)
    return json.dumps(items, ensure_ascii=False, separators=(",", ":"))


def write_day(directory: Path, words: Words, number: int, count: int = PER_DAY) -> Path:
    """Write the dump of day ``number`` (``count`` papers) under ``directory``; its path."""
    maker = _DayMaker(words, number)
    papers = [maker.paper(serial) for serial in range(count)]
    day = day_of(number)
    path = directory / day_path(number)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = _page_copy(day, papers) if number % 2 == 0 else _api_json(maker, day, papers)
    path.write_text(text, encoding="utf-8")
    return path


@dataclass(frozen=True)
class Corpus:
    """A generated archive on disk."""

    directory: Path
    papers: int
    days: int
    files: int
    megabytes: float
    mode: str


def generate(work: Path, papers: int, seeds_dir: Path | None) -> Corpus:
    """The archive of ``papers`` papers under ``work`` (made once, then reused)."""
    words = Words.load(seeds_dir)
    days = -(-papers // PER_DAY)
    directory = work / f"corpus-{papers}-{words.mode}-v{VERSION}"
    marker = directory / ".complete"
    if not marker.exists():
        for number in range(days):
            write_day(directory, words, number, min(PER_DAY, papers - number * PER_DAY))
        marker.write_text("done\n")
    files = sorted(path for path in directory.rglob("*") if path.is_file() and not path.name.startswith("."))
    size = sum(path.stat().st_size for path in files)
    return Corpus(directory, papers, days, len(files), round(size / 1e6, 1), words.mode)
