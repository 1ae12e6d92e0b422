"""Parse throughput per dump shape: how fast each kind of file becomes entries.

Shapes are the two generated layouts of the benchmark archive (page copy, API JSON; see
``corpus.py``) and, when ``../shared`` is beside the checkout, every real sample file of
``corpus/real`` and ``corpus/real2`` (read at run time, never stored here). Each is parsed
with ``parse_source`` (the registry, then the general extractor) until at least
``--seconds`` have passed, in batches; the median batch gives MB/s and papers/s.

    python -m benchmarks.parse                # the table
    python -m benchmarks.parse --seconds 0.2  # quicker
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from benchmarks.corpus import Words, write_day
from reader.core.errors import ParseError
from reader.core.parsers import DumpSource, parse_source

HERE = Path(__file__).resolve().parent
SHARED = HERE.parent.parent / "shared"
SEEDS = SHARED / "seeds"


def shapes(work: Path) -> list[tuple[str, Path]]:
    """(label, file) of every shape measured: the generated ones, then the real samples."""
    words = Words.load(SEEDS if SEEDS.is_dir() else None)
    found = [
        ("generated page copy (50 papers)", write_day(work, words, 0)),
        ("generated API JSON (50 papers)", write_day(work, words, 1)),
    ]
    for folder in ("real", "real2"):
        directory = SHARED / "corpus" / folder
        if directory.is_dir():
            names = sorted(path for path in directory.iterdir() if path.suffix != ".md" or "SOURCES" not in path.name)
            found += [
                (f"{folder}/{path.name}", path) for path in names if path.name not in ("SOURCES.md", "truth.json")
            ]
    return found


def throughput(path: Path, seconds: float) -> tuple[str, int, float, float]:
    """(parser, papers, MB/s, papers/s) of parsing ``path`` repeatedly for ``seconds``."""
    data = path.read_bytes()
    try:
        parsed = parse_source(DumpSource(path, data))
    except ParseError as error:
        return f"refused: {error}", 0, 0.0, 0.0
    batch, timings = 1, []
    started = time.perf_counter()
    while time.perf_counter() - started < seconds or len(timings) < 3:
        begin = time.perf_counter()
        for _ in range(batch):
            parse_source(DumpSource(path, data))
        elapsed = (time.perf_counter() - begin) / batch
        timings.append(elapsed)
        batch = max(1, min(batch * 2, int(0.05 / elapsed) if elapsed else batch * 2))
    per_parse = statistics.median(timings)
    return parsed.parser, len(parsed.entries), len(data) / 1e6 / per_parse, len(parsed.entries) / per_parse


def render(rows: list[tuple[str, str, int, float, float]]) -> str:
    """The Markdown table of the measured shapes."""
    lines = ["| shape | read by | papers | MB/s | papers/s |", "|---|---|---:|---:|---:|"]
    lines += [f"| {label} | {parser} | {papers} | {mbs:.1f} | {pps:,.0f} |" for label, parser, papers, mbs, pps in rows]
    return "\n".join(lines)


def measure(seconds: float) -> str:
    """Measure every shape; the table as Markdown."""
    with tempfile.TemporaryDirectory() as work:
        rows = [(label, *throughput(path, seconds)) for label, path in shapes(Path(work))]
    return render(rows)


def main(argv: Sequence[str] | None = None) -> int:
    """Print the parse-throughput table."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.parse", description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=0.5, help="time spent on each shape (default 0.5)")
    args = parser.parse_args(argv)
    print(measure(args.seconds), file=sys.stdout)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
