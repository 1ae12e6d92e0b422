"""Shared fixtures: the real dumps in ``../shared`` (skipped when absent) and isolated user dirs."""

from __future__ import annotations

from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEEDS = SHARED / "seeds"
REAL = SHARED / "corpus" / "real"


def shared_path(*parts: str) -> Path:
    """A file or folder under ``../shared``; the calling test is skipped when it is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is not present: the real dumps live in ../shared beside the checkout")
    return path


@pytest.fixture(autouse=True)
def isolated_user_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own data, cache, config and state dirs: never the user's."""
    root = tmp_path_factory.mktemp("user")
    for name in ("DATA", "CACHE", "CONFIG", "STATE"):
        monkeypatch.setenv(f"PAPERS_{name}_DIR", str(root / name.lower()))
    return root
