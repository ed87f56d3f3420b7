"""Paginated reads: one query for the page, one for the total that flask-smorest reports
in the X-Pagination header."""

from __future__ import annotations

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session


def page_of(session: Session, query: Select, pagination) -> list:
    pagination.item_count = session.scalar(select(func.count()).select_from(query.subquery()))
    offset = (pagination.page - 1) * pagination.page_size
    return list(session.scalars(query.offset(offset).limit(pagination.page_size)))
