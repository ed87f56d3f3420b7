"""The read side's shared shapes: a page (one query for the page, one for the total that
flask-smorest reports in the X-Pagination header), and one row by its key or a 404."""

from __future__ import annotations

from sqlalchemy import Select, func, select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from shared.web.errors import NotFound


def count_of(query: Select) -> Select:
    """How many rows `query` gives. Without its ORDER BY: SQLite would otherwise sort every
    row of the list only to count them."""
    return select(func.count()).select_from(query.order_by(None).subquery())


def page_of(session: Session, query: Select, pagination) -> list:
    pagination.item_count = session.scalar(count_of(query))
    offset = (pagination.page - 1) * pagination.page_size
    return list(session.scalars(query.offset(offset).limit(pagination.page_size)))


def rows_page(conn: Connection, query: Select, pagination) -> list[dict]:
    """The same for Core tables, as dicts."""
    pagination.item_count = conn.scalar(count_of(query))
    offset = (pagination.page - 1) * pagination.page_size
    return [dict(r._mapping) for r in conn.execute(query.offset(offset).limit(
        pagination.page_size))]


def one_or_404(factory, row_class, key, detail: str, field: str, options=()):
    """The row whose primary key is `key` (loaded with `options`), or NotFound naming
    `field`."""
    with factory() as session:
        row = session.get(row_class, key, options=options)
    if row is None:
        raise NotFound(detail, field=field)
    return row
