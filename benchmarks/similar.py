"""Similar papers and "For you": how good each way of finding similar papers is, and how
long both take at 100,000 papers.

Measured, not asserted. Run from the project root (it needs ``../shared`` beside the
checkout for the evaluation; its text is read at run time, never stored here)::

    python -m benchmarks.similar                     # evaluation, then timings at 100,000 papers
    python -m benchmarks.similar --papers 10000      # timings on a smaller archive
    python -m benchmarks.similar --papers 0          # the evaluation only

The evaluation sets are built from the real dumps:

* **topics**: the five seed dumps are copies of the papers page for five searches, so the
  papers of one seed file share a subject. A seed paper's relevant papers are the other
  papers of its file (the library also holds every other real dump, as distractors).
* **copies**: 60 real papers with an abstract, each written again 10 times with its text
  perturbed (a third of the title's words dropped and the rest shuffled; a third of the
  abstract's sentences kept, shuffled, a quarter of their words dropped and 15% replaced
  by other words of the library), as a paper found again in other sources would differ.
  A paper's relevant papers are its 10 copies.

For each method it prints precision@10 (the share of the 10 papers it lists first that are
relevant, averaged over the queries) and, for the topics, what 10 papers drawn at random
would score. Timings: ``Library.similar`` for 20 papers of the archive (p50 and p95, warm),
and ``Library.for_you`` over the last 7 days with 3 and with 30 bookmarks (its first run,
with no term vector kept yet, and a second). The result goes to ``RESULTS-similar.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from benchmarks.corpus import generate
from reader.core.index_similar import SimilarMethod
from reader.core.library import Library
from reader.core.models import Paper

HERE = Path(__file__).resolve().parent
SHARED = HERE.parent.parent / "shared"
REAL = [SHARED / "seeds", SHARED / "corpus" / "real", SHARED / "corpus" / "real2"]
QUERIES = 60
COPIES = 10
SEED = 16
_SENTENCE = re.compile(r"(?<=[.!?])\s+")


def perturbed(paper: Paper, rng: random.Random, vocabulary: Sequence[str]) -> tuple[str, str]:
    """A title and abstract that say what ``paper`` says in other words (see the docstring)."""
    words = paper.title.split()
    kept = [word for word in words if rng.random() > 1 / 3] or words[:1]
    rng.shuffle(kept)
    sentences = _SENTENCE.split(paper.abstract)
    chosen = rng.sample(sentences, max(1, len(sentences) // 3))
    rng.shuffle(chosen)
    abstract = []
    for word in " ".join(chosen).split():
        draw = rng.random()
        if draw < 0.25:
            continue
        abstract.append(rng.choice(vocabulary) if draw < 0.4 else word)
    return " ".join(kept), " ".join(abstract)


def write_copies(
    folder: Path, queries: Sequence[Paper], vocabulary: Sequence[str], rng: random.Random
) -> dict[str, set[str]]:
    """The copies of each query paper as one API dump in ``folder``; the query's key -> the
    copies' keys."""
    items, relevant = [], {}
    for number, paper in enumerate(queries):
        copies = set()
        for copy in range(COPIES):
            arxiv_id = f"0001.{number * COPIES + copy:05d}"
            title, abstract = perturbed(paper, rng, vocabulary)
            items.append({"paper": {"id": arxiv_id, "title": f"{title} ({copy})", "summary": abstract}, "title": title})
            copies.add(arxiv_id)
        relevant[paper.key] = copies
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "2000-01-01-copies.json").write_text(json.dumps(items), encoding="utf-8")
    return relevant


def precision(library: Library, relevant: dict[str, set[str]], method: SimilarMethod) -> float:
    """Mean precision@10 of ``method`` over the queries of ``relevant``."""
    scores = []
    for key, wanted in relevant.items():
        found = library.similar(key, limit=10, method=method).keys
        scores.append(sum(1 for other in found if other in wanted) / 10)
    return statistics.fmean(scores)


def evaluate(work: Path, say: Callable[[str], None]) -> None:
    """Precision@10 of every method on both evaluation sets."""
    if not all(folder.is_dir() for folder in REAL):
        say("the evaluation needs ../shared beside the checkout: skipped")
        return
    with tempfile.TemporaryDirectory(dir=work) as scratch:
        base = Library(REAL, index_dir=Path(scratch) / "real", bookmarks_path=Path(scratch) / "b.json")
        base.sync()
        papers = [paper for paper in base.catalog.all_papers() if len(paper.abstract) > 300]
        topics: dict[str, set[str]] = {}
        for paper in papers:
            for source in paper.sources:
                if Path(source).parent.name == "seeds":
                    topics.setdefault(Path(source).name, set()).add(paper.key)
        rng = random.Random(SEED)
        vocabulary = sorted({word for paper in papers for word in paper.abstract.split() if word.isalpha()})
        queries = rng.sample(papers, QUERIES)
        base.close()
        copies = write_copies(Path(scratch) / "copies", queries, vocabulary, rng)
        library = Library(
            [*REAL, Path(scratch) / "copies"], index_dir=Path(scratch) / "all", bookmarks_path=Path(scratch) / "b.json"
        )
        library.sync()
        total = library.counts()[0]
        by_topic = {key: members - {key} for members in topics.values() for key in members if len(members) > 10}
        chance = statistics.fmean(len(wanted) / (total - 1) for wanted in by_topic.values())
        say(
            f"evaluation: {total:,} papers; topics: {len(by_topic)} queries in {len(topics)} seed files,"
            f" copies: {len(copies)} queries with {COPIES} copies each\n"
        )
        say("| method | precision@10, topics | precision@10, copies |")
        say("|---|---|---|")
        for method in SimilarMethod:
            say(f"| {method} | {precision(library, by_topic, method):.3f} | {precision(library, copies, method):.3f} |")
        say(f"| 10 papers at random | {chance:.3f} | {COPIES / (total - 1):.4f} |\n")
        library.close()


def timings(work: Path, size: int, say: Callable[[str], None]) -> None:
    """``similar`` and ``for_you`` at ``size`` papers."""
    corpus = generate(work, size, REAL[0] if REAL[0].is_dir() else None)
    with tempfile.TemporaryDirectory(dir=work) as scratch:
        library = Library(
            [corpus.directory], index_dir=work / f"similar-index-{size}", bookmarks_path=Path(scratch) / "b.json"
        )
        library.sync()
        keys = library.keys()
        rng = random.Random(SEED)
        say(f"timings: {library.counts()[0]:,} papers")
        for method in SimilarMethod:
            library.similar(keys[0], method=method)
            times = []
            for key in rng.sample(keys, 20):
                started = time.perf_counter()
                library.similar(key, method=method)
                times.append((time.perf_counter() - started) * 1000)
            times.sort()
            say(f"  similar ({method}, 50 papers): p50 {statistics.median(times):.1f} ms, p95 {times[18]:.1f} ms")
        for count in (3, 30):
            for paper in library.papers(rng.sample(keys, count)).values():
                if not library.is_bookmarked(paper):
                    library.toggle_bookmark(paper)
            runs = []
            for _ in range(3):
                library.likeness = type(library.likeness)()  # nothing kept from the run before
                started = time.perf_counter()
                result = library.for_you()
                runs.append((time.perf_counter() - started) * 1000)
            warm = time.perf_counter()
            library.for_you()
            warm_ms = (time.perf_counter() - warm) * 1000
            say(
                f"  for you ({len(library.bookmarks)} bookmarks, {len(result.suggestions)} papers of 7 days):"
                f" {statistics.median(runs):.0f} ms first, {warm_ms:.0f} ms again"
            )
        library.close()


def main(argv: Sequence[str] | None = None) -> int:
    """The evaluation, then the timings; printed and written to ``--output``."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.similar", description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=100_000, help="archive size for the timings (0: none)")
    parser.add_argument("--work", type=Path, default=HERE / ".work")
    parser.add_argument("--no-eval", action="store_true", help="the timings only")
    parser.add_argument("--output", type=Path, default=HERE / "RESULTS-similar.md")
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    lines = [
        "# Similar papers and For you",
        "",
        "`" + " ".join(["python -m benchmarks.similar", *(argv if argv is not None else sys.argv[1:])]) + "`",
        f"(load average at the start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)",
        "",
    ]

    def say(line: str) -> None:
        print(line, flush=True)
        lines.append(line)

    if not args.no_eval:
        evaluate(args.work, say)
    if args.papers:
        timings(args.work, args.papers, say)
    say(f"\n(load average at the end: {os.getloadavg()[0]:.1f})")
    args.output.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
