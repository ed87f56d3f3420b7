"""Pages of a list, as they were sent, kept for the data version they were read at.

A list that many callers read far more often than anyone writes it (the reviews, polled by
the portal and by every State's officials) is mostly the same few pages, built again and
again: the query, the rows, their dump, the JSON. Each web process keeps the JSON body and
item count of the pages it served, under the version of the table it read them at
(shared/db/data_versions.py). Every request still reads that version, in the same connection
and before the rows, so a page is served from memory only while no change has been
committed since, by any process; the first request after a change builds the page afresh.
The version is read before the rows, so a kept page is never older than its version.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass

from flask import Response, current_app
from sqlalchemy.engine import Connection, Engine

from shared.db.data_versions import read_version

#: pages kept per list and process: filters x pages that callers really ask for
DEFAULT_SIZE = 256


@dataclass(frozen=True)
class Page:
    item_count: int
    body: bytes


class PageCache:
    """The pages of one list, built from one table."""

    def __init__(self, table: str, size: int = DEFAULT_SIZE) -> None:
        self.table = table
        self._size = size
        self._version: int | None = None
        self._pages: OrderedDict[Hashable, Page] = OrderedDict()
        self._lock = threading.Lock()  # gunicorn's threads share one process's pages

    def respond(self, engine: Engine, key: Hashable, pagination,
                read: Callable[[Connection], list]) -> Response:
        """The page for `key` (every filter and scope that shapes it, with the page number and
        size), from memory if still current, else from `read`, which returns the dumped
        items and sets `pagination.item_count`."""
        key = (key, pagination.page, pagination.page_size)
        with engine.connect() as conn:
            version = read_version(conn, self.table)
            page = self._get(version, key)
            if page is None:
                items = read(conn)
                page = Page(pagination.item_count, current_app.json.response(items).get_data())
                self._put(version, key, page)
        pagination.item_count = page.item_count  # flask-smorest writes X-Pagination from it
        return current_app.response_class(page.body, mimetype=current_app.json.mimetype)

    def _get(self, version: int, key: Hashable) -> Page | None:
        with self._lock:
            if version != self._version:
                return None
            page = self._pages.get(key)
            if page is not None:
                self._pages.move_to_end(key)
            return page

    def _put(self, version: int, key: Hashable, page: Page) -> None:
        with self._lock:
            if version != self._version:  # the pages kept are of another version: drop them
                self._version = version
                self._pages.clear()
            self._pages[key] = page
            if len(self._pages) > self._size:
                self._pages.popitem(last=False)
