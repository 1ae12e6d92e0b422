"""Run the benchmarks and write ``benchmarks/RESULTS.md``.

    python -m benchmarks.run [--sizes 10000 100000] [--runs 3] [--work DIR] [--output FILE]

For each size: generate (or reuse) the archive, build its index from scratch in a child
process, then time syncs, searches (in-process and through ``papers search``), the
reader, and ``grep``/``rg`` answering the same queries over the same files.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from benchmarks.corpus import Corpus, Words, generate, write_day
from benchmarks.parse import measure as parse_throughput
from reader.core.models import Sort

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent
SEEDS = PROJECT.parent / "shared" / "seeds"
LIMIT = 20
"""Results a search fetches, as the top of a results list: papers loaded and highlighted."""


@dataclass(frozen=True)
class Query:
    """A benchmark query: the ``papers`` syntax, its sort, and what grep looks for instead."""

    text: str
    grep: tuple[str, ...]
    """Patterns that must all be in a file (case-insensitive); extended regexes when ``regex``."""
    sort: Sort = Sort.PAGE
    regex: bool = False


QUERIES = (
    Query("model", ("model",)),
    Query("diffusion", ("diffusion",)),
    Query("reasoning", ("reasoning",)),
    Query("quantization", ("quantization",)),
    Query("language model", ("language", "model")),
    Query("diffusion video", ("diffusion", "video")),
    Query("reinforcement learning reasoning", ("reinforcement", "learning", "reasoning")),
    Query('"large language models"', ("large language models",)),
    Query('"video generation"', ("video generation",)),
    Query("transfomer~", ("transfor?mer",), regex=True),
    Query("retrievl~", ("retrieva?l",), regex=True),
    Query("title:diffusion", ("diffusion",)),
    Query("author:wang", ("wang",)),
    Query("day:2020-03-16", ("2020-03-16",)),
    Query("year:2020", ("2020-",)),
    Query("upvotes:>100", ('"upvotes":[1-9][0-9]{2,}',), regex=True),
    Query("model", ("model",), sort=Sort.POPULAR),
    Query("agent benchmark", ("agent", "benchmark"), sort=Sort.POPULAR),
    Query("align*", ("align",)),
    Query("attention OR retrieval", ("attention|retrieval",), regex=True),
)

TARGETS = {
    "build_rate": (">= 600 papers/s", lambda value: value >= 600),
    "sync_same": ("<= 0.3 s", lambda value: value <= 0.3),
    "sync_day": ("<= 1.5 s", lambda value: value <= 1.5),
    "search_p50": ("<= 50 ms", lambda value: value <= 50),
    "search_p95": ("<= 250 ms (10k: <= 50 ms)", None),
    "cli_p50": ("<= 0.8 s", lambda value: value <= 0.8),
    "paint": ("<= 1.0 s", lambda value: value <= 1.0),
    "key": ("<= 10 ms", lambda value: value <= 10),
    "rss": ("<= 200 MB", lambda value: value <= 200),
}


def median(values: Sequence[float]) -> float:
    """The median (0 for no values)."""
    return statistics.median(values) if values else 0.0


def percentile(values: Sequence[float], share: float) -> float:
    """The nearest-rank percentile ``share`` (0..1) of ``values``."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))]


def machine() -> dict[str, str]:
    """What the numbers were measured on."""
    model = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    memory = "unknown"
    with contextlib.suppress(OSError):
        kilobytes = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f"{kilobytes / 1024 / 1024:.0f} GB"
    return {
        "cores": str(os.cpu_count()),
        "cpu": model,
        "memory": memory,
        "python": platform.python_version(),
        "os": platform.platform(),
        "whoosh": metadata.version("whoosh-reloaded"),
        "sqlite": sqlite3.sqlite_version,
        "textual": metadata.version("textual"),
        "load average at start": " ".join(f"{value:.2f}" for value in os.getloadavg()),
    }


@dataclass
class Sizing:
    """Every measurement at one archive size."""

    corpus: Corpus
    numbers: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    per_query: list[tuple[str, int, float, float, float, float]] = field(default_factory=list)
    """(query, hits, in-process ms, papers search s, grep s, rg s) per query."""


class Bench:
    """The measurements of one archive, in a work folder of its own."""

    def __init__(self, corpus: Corpus, work: Path, runs: int, words: Words) -> None:
        self.corpus = corpus
        self.runs = runs
        self.words = words
        self.work = work
        shutil.rmtree(work, ignore_errors=True)
        self.extra = work / "extra"
        self.extra.mkdir(parents=True)
        self.roots = [corpus.directory, self.extra]
        self.env = dict(os.environ)
        for kind in ("data", "config", "cache", "state"):
            self.env[f"PAPERS_{kind.upper()}_DIR"] = str(work / kind)
        self.result = Sizing(corpus)

    @contextlib.contextmanager
    def environment(self) -> Iterator[None]:
        """This process with the archive's ``PAPERS_*_DIR`` variables."""
        saved = dict(os.environ)
        os.environ.update(self.env)
        try:
            yield
        finally:
            os.environ.clear()
            os.environ.update(saved)

    def child(self, *arguments: str) -> tuple[float, str]:
        """Run a command with the archive's environment: (wall seconds, standard output)."""
        started = time.perf_counter()
        done = subprocess.run(arguments, env=self.env, capture_output=True, text=True, check=False, cwd=PROJECT)
        seconds = time.perf_counter() - started
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(arguments[:4])}... failed: {done.stderr.strip()[-2000:]}")
        return seconds, done.stdout

    def build(self, runs: int) -> None:
        """Full builds from scratch, each in a fresh process."""
        outcomes = []
        for _ in range(runs):
            shutil.rmtree(self.work / "cache", ignore_errors=True)
            _, output = self.child(sys.executable, "-m", "benchmarks.probe", "build", *map(str, self.roots))
            outcomes.append(json.loads(output))
        numbers = self.result.numbers
        last = outcomes[-1]
        numbers["papers"] = last["papers"]
        numbers["listings"] = last["listings"]
        numbers["failed"] = last["failed"]
        numbers["build_s"] = median([outcome["seconds"] for outcome in outcomes])
        numbers["build_rate"] = last["listings"] / numbers["build_s"]
        numbers["build_rss"] = max(outcome["peak_rss_mb"] for outcome in outcomes)
        numbers["build_rss_workers"] = max(outcome["peak_rss_workers_mb"] for outcome in outcomes)
        numbers["build_runs"] = runs
        if last["failed"]:
            self.result.notes.append(
                f"{last['failed']} of {last['files']} files could not be parsed (JSON days need the HF API parser)"
            )

    def library(self) -> object:
        """A library of the archive, opened in this process."""
        from reader.core.library import Library

        with self.environment():
            return Library.from_config(self.roots)

    def syncs(self) -> None:
        """Sync with nothing changed, each in a freshly opened library (open timed apart)."""
        from reader.core.library import Library

        opens, syncs = [], []
        with self.environment():
            for _ in range(self.runs):
                started = time.perf_counter()
                library = Library.from_config(self.roots)
                opened = time.perf_counter()
                report = library.sync()
                syncs.append(time.perf_counter() - opened)
                opens.append(opened - started)
                assert report.new == report.changed == report.removed == 0, report
                library.close()
        self.result.numbers["open_s"] = median(opens)
        self.result.numbers["sync_same"] = median(syncs)

    def new_days(self) -> None:
        """Sync after one new day of papers appears (a new day each run)."""
        from reader.core.library import Library

        times = []
        with self.environment():
            library = Library.from_config(self.roots)
            for run in range(self.runs):
                write_day(self.extra, self.words, self.corpus.days + run)
                started = time.perf_counter()
                report = library.sync()
                times.append(time.perf_counter() - started)
                assert report.new == 1, report
            library.close()
        self.result.numbers["sync_day"] = median(times)

    def searches(self) -> None:
        """Every query in-process (top ``LIMIT`` loaded and highlighted), warm, ``runs`` times."""
        from reader.core.library import Library

        with self.environment():
            library = Library.from_config(self.roots)
            first = time.perf_counter()
            self._search(library, QUERIES[0])
            self.result.numbers["search_first_ms"] = 1000 * (time.perf_counter() - first)
            samples: dict[Query, list[float]] = {query: [] for query in QUERIES}
            hits: dict[Query, int] = {}
            for _ in range(self.runs):
                for query in QUERIES:
                    started = time.perf_counter()
                    hits[query] = self._search(library, query)
                    samples[query].append(time.perf_counter() - started)
            library.close()
        every = [1000 * value for values in samples.values() for value in values]
        self.result.numbers["search_p50"] = percentile(every, 0.5)
        self.result.numbers["search_p95"] = percentile(every, 0.95)
        self.result.numbers["search_max"] = max(every)
        self._hits = hits
        self._in_process = {query: 1000 * median(values) for query, values in samples.items()}

    @staticmethod
    def _search(library: object, query: Query) -> int:
        from reader.core.library import Library

        assert isinstance(library, Library)
        result = library.search(query.text, limit=LIMIT, sort=query.sort)
        papers = library.papers(result.keys)
        for paper in papers.values():
            library.highlight(paper.title, result.terms)
            library.highlight(paper.abstract, result.terms)
        return result.total

    def command_line(self) -> None:
        """``papers search`` end to end: process start to its output, each query once per run."""
        papers = Path(sys.executable).with_name("papers")
        command = [str(papers)] if papers.exists() else [sys.executable, "-m", "reader"]
        dumps = [argument for root in self.roots for argument in ("--dumps", str(root))]
        samples: dict[Query, list[float]] = {query: [] for query in QUERIES}
        for _ in range(self.runs):
            for query in QUERIES:
                seconds, _ = self.child(
                    *command, "search", *dumps, "--limit", str(LIMIT), "--sort", query.sort.value, query.text
                )
                samples[query].append(seconds)
        every = [value for values in samples.values() for value in values]
        self.result.numbers["cli_p50"] = percentile(every, 0.5)
        self.result.numbers["cli_p95"] = percentile(every, 0.95)
        self._cli = {query: median(values) for query, values in samples.items()}

    def baselines(self) -> None:
        """The same queries answered by ``grep -ril`` (and ``rg -il``) over the dump files."""
        tools = {"grep": shutil.which("grep"), "rg": shutil.which("rg")}
        self._baseline: dict[str, dict[Query, float]] = {}
        for tool, path in tools.items():
            if path is None:
                self.result.notes.append(f"{tool} is not installed: no {tool} baseline")
                continue
            samples: dict[Query, list[float]] = {query: [] for query in QUERIES}
            for _ in range(self.runs):
                for query in QUERIES:
                    samples[query].append(self._grep(tool, path, query))
            every = [value for values in samples.values() for value in values]
            self.result.numbers[f"{tool}_p50"] = percentile(every, 0.5)
            self.result.numbers[f"{tool}_p95"] = percentile(every, 0.95)
            self._baseline[tool] = {query: median(values) for query, values in samples.items()}

    def _grep(self, tool: str, path: str, query: Query) -> float:
        """Seconds for ``tool`` to list the files holding every pattern of ``query``."""
        started = time.perf_counter()
        files: list[str] | None = None
        for pattern in query.grep:
            if tool == "grep":
                command = [path, "-il", "-E" if query.regex else "-F", "-e", pattern]
                command += files if files is not None else ["-r", *map(str, self.roots)]
            else:
                command = [path, "-il", "--no-messages", *([] if query.regex else ["-F"]), "-e", pattern]
                command += files if files is not None else [str(root) for root in self.roots]
            done = subprocess.run(command, capture_output=True, text=True, check=False)
            files = done.stdout.split("\n")[:-1]
            if not files:
                break
        return time.perf_counter() - started

    def reader(self) -> None:
        """The reader: start to first paint, RSS, CPU per key press."""
        paints, rss, keys, within, unbound = [], [], [], [], []
        for run in range(self.runs):
            state = self.work / "state" / f"reader-{run}.json"
            started = time.time()
            _, output = self.child(
                sys.executable, "-m", "benchmarks.probe", "reader", str(state), *map(str, self.roots)
            )
            outcome = json.loads(output)
            paints.append(outcome["first_paint"] - started)
            rss.append(outcome["rss_mb"])
            keys.append(outcome["key_cpu_ms"])
            within.append(outcome["key_within_cpu_ms"])
            unbound.append(outcome["key_unbound_cpu_ms"])
        self.result.numbers["paint"] = median(paints)
        self.result.numbers["rss"] = median(rss)
        self.result.numbers["key"] = median(keys)
        self.result.numbers["key_within"] = median(within)
        self.result.numbers["key_unbound"] = median(unbound)

    def per_query(self) -> None:
        """The per-query table of this size."""
        for query in QUERIES:
            label = query.text + ("  (by upvotes)" if query.sort is Sort.POPULAR else "")
            self.result.per_query.append(
                (
                    label,
                    self._hits.get(query, 0),
                    self._in_process.get(query, 0.0),
                    getattr(self, "_cli", {}).get(query, 0.0),
                    self._baseline.get("grep", {}).get(query, 0.0),
                    self._baseline.get("rg", {}).get(query, 0.0),
                )
            )


def measure(corpus: Corpus, work: Path, runs: int, build_runs: int, words: Words, log: Callable[[str], None]) -> Sizing:
    """Every measurement of one archive."""
    bench = Bench(corpus, work / f"run-{corpus.papers}", runs, words)
    steps: list[tuple[str, Callable[[], None]]] = [
        ("full build", lambda: bench.build(build_runs)),
        ("sync, nothing changed", bench.syncs),
        ("in-process search", bench.searches),
        ("papers search", bench.command_line),
        ("grep / rg", bench.baselines),
        ("reader", bench.reader),
        ("sync, one new day", bench.new_days),
    ]
    for name, step in steps:
        started = time.perf_counter()
        step()
        log(f"  {name}: {time.perf_counter() - started:.1f} s")
    bench.per_query()
    return bench.result


def _fmt(value: float | None, digits: int = 2) -> str:
    return "—" if value is None else f"{value:,.{digits}f}"


def _verdict(key: str, values: dict[int, float]) -> str:
    if key == "search_p95":
        checks = [(size, value <= (50 if size <= 10_000 else 250)) for size, value in values.items()]
    else:
        test = TARGETS[key][1]
        assert test is not None
        checks = [(size, test(value)) for size, value in values.items()]
    largest = max(values) if values else None
    if largest is None:
        return "pending"
    met = dict(checks)
    return "met" if all(met.values()) else ("missed at " + ", ".join(f"{size:,}" for size, ok in checks if not ok))


def render(results: list[Sizing], command: str, info: dict[str, str], runs: int, seconds: float) -> str:
    """RESULTS.md."""
    sizes = [result.corpus.papers for result in results]
    header = "| | " + " | ".join(f"{size:,} papers" for size in sizes) + " | target | |"
    rule = "|---" * (len(sizes) + 3) + "|"

    def row(label: str, key: str | None, render_value: Callable[[dict[str, float]], str]) -> str:
        cells = [render_value(result.numbers) for result in results]
        target, verdict = "", ""
        if key is not None:
            target = TARGETS[key][0]
            values = {result.corpus.papers: result.numbers[key] for result in results if key in result.numbers}
            verdict = _verdict(key, values) if values else "pending"
        return f"| {label} | " + " | ".join(cells) + f" | {target} | {verdict} |"

    def value(key: str, digits: int = 2, unit: str = "") -> Callable[[dict[str, float]], str]:
        return lambda numbers: (_fmt(numbers[key], digits) + unit) if key in numbers else "pending"

    lines = [
        "# Benchmark results",
        "",
        f"Generated by `{command}` on {dt.date.today().isoformat()} in {seconds / 60:.1f} min"
        f" (medians of {runs} runs unless noted).",
        "",
        "Machine: " + ", ".join(f"{name} {text}" for name, text in info.items()) + ".",
        "",
        "Corpus: "
        + "; ".join(
            f"{r.corpus.papers:,} papers in {r.corpus.files:,} files ({r.corpus.megabytes} MB, {r.corpus.mode} words)"
            for r in results
        )
        + ". See `benchmarks/README.md` for what each row means.",
        "",
        header,
        rule,
        row("papers / listings indexed", None, lambda n: f"{n['papers']:,.0f} / {n['listings']:,.0f}"),
        row("full build (s)", None, lambda n: f"{_fmt(n['build_s'])} (median of {n['build_runs']:.0f})"),
        row("full build (papers/s)", "build_rate", value("build_rate", 0)),
        row(
            "full build peak RSS, main / each writer (MB)",
            None,
            lambda n: f"{n['build_rss']:,.0f} / {n['build_rss_workers']:,.0f}",
        ),
        row("open library (s)", None, value("open_s", 3)),
        row("sync, nothing changed (s)", "sync_same", value("sync_same", 3)),
        row("sync, one new day of 50 papers (s)", "sync_day", value("sync_day", 3)),
        row("search in-process, first query (ms)", None, value("search_first_ms", 1)),
        row("search in-process p50 (ms)", "search_p50", value("search_p50", 1)),
        row("search in-process p95 (ms)", "search_p95", value("search_p95", 1)),
        row(
            "`papers search` end to end p50 / p95 (s)",
            "cli_p50",
            lambda n: f"{_fmt(n['cli_p50'])} / {_fmt(n['cli_p95'])}" if "cli_p50" in n else "pending",
        ),
        row(
            "`grep -ril` p50 / p95 (s)",
            None,
            lambda n: f"{_fmt(n['grep_p50'])} / {_fmt(n['grep_p95'])}" if "grep_p50" in n else "—",
        ),
        row(
            "`rg -il` p50 / p95 (s)",
            None,
            lambda n: f"{_fmt(n['rg_p50'])} / {_fmt(n['rg_p95'])}" if "rg_p50" in n else "—",
        ),
        row("reader: start to first paint (s)", "paint", value("paint")),
        row("reader: RSS after start (MB)", "rss", value("rss", 0)),
        row("reader: CPU per key press in All papers, the list scrolling (ms)", "key", value("key", 1)),
        row("reader: CPU per key press in All papers, within the screen (ms)", None, value("key_within", 1)),
        row("reader: CPU per press of a key bound to nothing (ms)", None, value("key_unbound", 1)),
    ]
    for result in results:
        lines += [
            "",
            f"## Per query at {result.corpus.papers:,} papers (medians)",
            "",
            "| query | hits | in-process (ms) | `papers search` (s) | `grep -ril` (s) | `rg -il` (s) |",
            "|---|---|---|---|---|---|",
        ]
        lines += [
            f"| `{text}` | {hits:,} | {ms:.1f} | {_fmt(cli)} | {_fmt(grep)} | {_fmt(rg)} |"
            for text, hits, ms, cli, grep, rg in result.per_query
        ]
        if result.notes:
            lines += ["", *[f"- {note}" for note in result.notes]]
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmarks (see the module docstring)."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000], help="papers per archive")
    parser.add_argument("--runs", type=int, default=3, help="runs of each measurement (default 3)")
    parser.add_argument(
        "--build-runs", type=int, default=None, help="full builds per size (default: --runs, 1 from 50,000 papers)"
    )
    parser.add_argument("--work", type=Path, default=HERE / ".work", help="where archives and indexes go")
    parser.add_argument("--output", type=Path, default=HERE / "RESULTS.md", help="the results file")
    parser.add_argument("--parse-seconds", type=float, default=0.5, help="time spent parsing each shape (default 0.5)")
    args = parser.parse_args(argv)
    started = time.perf_counter()

    def log(message: str) -> None:
        print(f"[{time.perf_counter() - started:6.1f} s] {message}", file=sys.stderr, flush=True)

    info = machine()
    words = Words.load(SEEDS)
    results = []
    for size in args.sizes:
        log(f"{size:,} papers: generating the archive ({words.mode} words)")
        corpus = generate(args.work, size, SEEDS)
        build_runs = args.build_runs or (args.runs if size < 50_000 else 1)
        results.append(measure(corpus, args.work, args.runs, build_runs, words, log))
    raw = [{"corpus": str(r.corpus.directory), "numbers": r.numbers, "notes": r.notes} for r in results]
    (args.work / "results.json").write_text(json.dumps(raw, indent=1), encoding="utf-8")
    command = " ".join(["python -m benchmarks.run", *(sys.argv[1:] if argv is None else argv)])
    text = render(results, command, info, args.runs, time.perf_counter() - started)
    log("parse throughput per shape")
    text += "\n## Parse throughput per shape\n\n" + parse_throughput(args.parse_seconds) + "\n"
    args.output.write_text(text, encoding="utf-8")
    print(text)
    log(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
