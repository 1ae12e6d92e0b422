"""The reader's first paint with read state, against an earlier version of the reader, in one run.

Measured, not asserted. Run from the project root, with a checkout of the version to compare
against (``git worktree add /tmp/before <commit>``)::

    python -m benchmarks.firstpaint --against /tmp/before
    python -m benchmarks.firstpaint --against /tmp/before --papers 10000 --runs 5

It builds the benchmark archive's library once (``--papers``, half of them marked read),
then starts the reader headless (``benchmarks.probe reader``) from this tree and from the
``--against`` tree in turn, each in a fresh process with no remembered state, and reports
the median time from the start of the process to the first painted screen with papers on
it, and the ratio of the two. The result goes to ``RESULTS-unread.md`` (appended).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from statistics import median

from benchmarks.corpus import generate

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent
SEEDS = PROJECT.parent / "shared" / "seeds"


def _child(tree: Path, env: dict[str, str], *arguments: str) -> str:
    """Run ``python -m ARGUMENTS`` from ``tree`` (its code first on the path): its output."""
    child_env = {**env, "PYTHONPATH": str(tree)}
    done = subprocess.run(
        [sys.executable, "-m", *arguments], env=child_env, cwd=tree, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(arguments[:2])} in {tree} failed: {done.stderr.strip()[-2000:]}")
    return done.stdout


def first_paint(tree: Path, env: dict[str, str], state: Path, root: Path) -> float:
    """Seconds from the start of a reader process from ``tree`` to its first paint with papers."""
    state.unlink(missing_ok=True)
    started = time.time()
    outcome = json.loads(_child(tree, env, "benchmarks.probe", "reader", str(state), str(root)))
    return float(outcome["first_paint"]) - started


def main(argv: Sequence[str] | None = None) -> int:
    """Build, mark half read, start both readers in turn; print and append to ``--output``."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.firstpaint", description=__doc__.splitlines()[0])
    parser.add_argument("--against", type=Path, required=True, help="a checkout of the version to compare with")
    parser.add_argument("--papers", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--work", type=Path, default=HERE / ".work")
    parser.add_argument("--output", type=Path, default=HERE / "RESULTS-unread.md")
    args = parser.parse_args(argv)
    corpus = generate(args.work, args.papers, SEEDS if SEEDS.is_dir() else None)
    home = args.work / f"firstpaint-{args.papers}"
    env = dict(os.environ)
    for kind in ("data", "cache", "config", "state"):
        env[f"PAPERS_{kind.upper()}_DIR"] = str(home / kind)
    _child(PROJECT, env, "benchmarks.probe", "build", str(corpus.directory))
    os.environ.update({name: value for name, value in env.items() if name.startswith("PAPERS_")})
    from reader.core.library import Library

    library = Library.from_config([corpus.directory])
    if not len(library.read_state):
        library.mark_read(library.keys()[::2])
    read = len(library.read_state)
    library.close()
    load_before = os.getloadavg()[0]
    times: dict[str, list[float]] = {"this tree": [], "against": []}
    for run in range(args.runs):
        for name, tree in (("this tree", PROJECT), ("against", args.against.resolve())):
            times[name].append(first_paint(tree, env, home / "state" / f"paint-{run}.json", corpus.directory))
    now, before = median(times["this tree"]), median(times["against"])
    lines = [
        "",
        "## First paint against the reader before",
        "",
        "`" + " ".join(["python -m benchmarks.firstpaint", *(argv if argv is not None else sys.argv[1:])]) + "`",
        f"(load average at the start: {load_before:.1f} on {os.cpu_count()} cores;"
        f" at the end: {os.getloadavg()[0]:.1f})",
        "",
        f"{args.papers:,} papers, {read:,} read; start to first paint with papers, median of {args.runs} runs each,"
        " the two readers in turn",
        "",
        "| reader | median s | runs (s) |",
        "|---|---:|---|",
        f"| this tree | {now:.2f} | {', '.join(f'{value:.2f}' for value in times['this tree'])} |",
        f"| against ({args.against.name}) | {before:.2f} | {', '.join(f'{value:.2f}' for value in times['against'])} |",
        "",
        f"ratio: {now / before:.2f}x",
    ]
    text = "\n".join(lines) + "\n"
    print(text)
    with args.output.open("a", encoding="utf-8") as output:
        output.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
