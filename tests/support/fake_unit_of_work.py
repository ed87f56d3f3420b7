"""The in-memory unit of work the services' handler unit tests share: rows kept by class
and key, dropped again when the transaction fails, and the events of each committed
transaction. Each service's fake adds the reads of its own unit of work."""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from typing import ClassVar


class FakeUnitOfWork:
    #: the rows keyed by another column than `id` (given their id by the caller)
    keys: ClassVar[dict[type, str]] = {}

    def __init__(self) -> None:
        self.rows: dict[type, dict] = defaultdict(dict)
        self.committed: list = []
        self._ids = itertools.count(1)
        self._added: list = []
        self._recorded: list = []

    @contextmanager
    def __call__(self) -> Iterator:
        self._added, self._recorded = [], []
        try:
            yield self
        except BaseException:
            for row in self._added:
                self.rows[type(row)].pop(self._key(row), None)
            raise
        self.committed.extend(self._recorded)

    def get(self, model: type, key):
        return self.rows[model].get(key)

    def add(self, *rows) -> None:
        for row in rows:
            if type(row) not in self.keys and row.id is None:
                row.id = next(self._ids)
            self.rows[type(row)][self._key(row)] = row
            self._added.append(row)
            self.link(row)

    def link(self, row) -> None:
        """Set what the ORM would load with the row (its parent, its children)."""

    def flush(self) -> None:
        pass

    def record(self, *events) -> None:
        self._recorded.extend(events)

    def _key(self, row):
        return getattr(row, self.keys.get(type(row), "id"))
