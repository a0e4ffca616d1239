"""One sandbox for the whole real-world corpus, and each case run once (the outcome and the invariant tests read
the same run)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bulkio.sandbox import SandboxConfig
from tests.realworld.harness import Cleanliness, CountingSandbox, Record, run_case
from tests.realworld.model import CASES


@pytest.fixture(scope="session")
def realworld_sandbox() -> Iterator[CountingSandbox]:
    with CountingSandbox(SandboxConfig(rate_limit=(100_000, 1.0))) as running:  # pacing is tested elsewhere
        yield running


class Runs:
    def __init__(self, sandbox: CountingSandbox, root: Path) -> None:
        self.sandbox, self.root = sandbox, root
        self.done: dict[str, Record] = {}
        self.state = Cleanliness()

    def get(self, name: str) -> Record:
        if name not in self.done:
            self.done[name] = run_case(CASES[name], self.sandbox, self.root / name, self.state)
        return self.done[name]


@pytest.fixture(scope="session")
def runs(realworld_sandbox: CountingSandbox, tmp_path_factory: pytest.TempPathFactory) -> Runs:
    return Runs(realworld_sandbox, tmp_path_factory.mktemp("realworld"))
