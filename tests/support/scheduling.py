"""How `make test` hands the tests to its xdist workers.

One test at a time, in the order collected (the end-to-end and fault tests, which start
whole systems, first; the quick unit tests last, to fill the gaps at the end), so that no
worker sits idle while another works through a long module. A module whose tests share a
module-wide fixture (a running system, a seeded service, a browser) goes to one worker
whole, so that the fixture is built once: the end-to-end and fault modules, and any module
that declares such a fixture.

xdist's own `loadgroup` would do this from markers, but it renames the tests' ids in a way
pytest 9 no longer reads; its `loadscope` hands out whole modules, largest first, which left
the longest tests for the end.
"""

from __future__ import annotations

import functools
from pathlib import Path

from xdist.scheduler import LoadScopeScheduling

from shared.config import REPO_ROOT

WHOLE_FOLDERS = ("tests/e2e/", "tests/faults/")


@functools.cache
def shares_a_module_fixture(module: str) -> bool:
    path = Path(REPO_ROOT) / module
    return module.startswith(WHOLE_FOLDERS) or (
        path.suffix == ".py" and 'scope="module"' in path.read_text(encoding="utf-8"))


class WholeModulesWhereShared(LoadScopeScheduling):
    def _split_scope(self, nodeid: str) -> str:
        module = nodeid.split("::", 1)[0]
        return module if shares_a_module_fixture(module) else nodeid
