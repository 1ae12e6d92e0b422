"""What showing LaTeX as text costs: ``latex.readable`` and ``latex.searchable`` over every
title and abstract of a library, per paper and as it would be at 100,000 papers.

Measured, not asserted. Run from the project root on any folder of dumps (the real ones are
the ones with LaTeX in them)::

    python -m benchmarks.latex ../shared/seeds ../shared/corpus/real ../shared/corpus/real2

The reader converts only what it shows (a screen of rows, one detail); the index converts
every paper once, when it is indexed (``searchable``: the source and the text). The caches of
conversions are emptied before each run: every text is converted anew.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from reader.core import latex
from reader.core.latex import readable, searchable
from reader.core.library import Library


def main(argv: Sequence[str] | None = None) -> int:
    """Read the dumps, time both conversions over every text, print the figures."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.latex", description=__doc__.splitlines()[0])
    parser.add_argument("roots", nargs="+", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as work:
        library = Library(args.roots, index_dir=Path(work) / "index", read_path=Path(work) / "read.json")
        library.sync(defer_index=True)
        papers = list(library.papers(library.keys()).values())
        library.close()
    texts = [text for paper in papers for text in (paper.title, paper.abstract, paper.summary) if text]
    with_latex = sum(1 for text in texts if "$" in text or "\\" in text)
    print(f"{len(papers):,} papers, {len(texts):,} texts, {with_latex:,} with $ or a backslash")
    print(f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
    for name, convert in (("readable", readable), ("searchable", searchable)):
        runs = []
        for _ in range(args.runs):
            readable.cache_clear()  # every text converted anew, as the first index build does
            latex._convert.cache_clear()
            started = time.perf_counter()
            for text in texts:
                convert(text)
            runs.append(time.perf_counter() - started)
        per_paper = statistics.median(runs) / len(papers)
        per_latex = statistics.median(runs) / max(1, with_latex)
        print(
            f"{name}: {per_paper * 1e6:.1f} µs a paper, {per_paper * 100_000:.2f} s at 100,000 papers"
            f" (at most {per_latex * 1e6:.0f} µs a text with LaTeX: {per_latex * 100_000:.1f} s if every"
            " one of 100,000 papers had one)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
