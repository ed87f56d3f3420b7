"""The reads and writes of the lists of observations, inside the reviews' unit of work
(`uow.observations`): the categories, the versions of a review's list, and the adopted
lists the general report of trends counts."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from services.reviews.adapters.observations_orm import (
    NeedCategoryRow,
    ObservationItemRow,
    ObservationListRow,
)
from services.reviews.adapters.orm import ReviewRow
from services.reviews.adapters.questionnaire_orm import PartyInstrumentsRow
from services.reviews.adapters.questionnaires import questionnaire_of
from services.reviews.domain.observations import ADOPTED, SUCCESS
from services.reviews.domain.trends.records import AdoptedList, Observed


class ObservationStore:
    def __init__(self, session: Session) -> None:
        self.session = session

    def categories(self) -> dict[str, str]:
        """code -> label of every category of technical assistance."""
        return dict(self.session.execute(select(NeedCategoryRow.code, NeedCategoryRow.label)
                                         .order_by(NeedCategoryRow.code)).all())

    def articles_of(self, review: ReviewRow) -> tuple[tuple[str, str], ...]:
        """(instrument, article) of each article the review's questionnaire asks about:
        its cluster's question bank, for the instruments the review covers, in its order."""
        questionnaire = questionnaire_of(self.session, review)
        if questionnaire is None:
            return ()
        return tuple(dict.fromkeys((q.instrument, q.article) for q in questionnaire.questions))

    def add_category(self, row: NeedCategoryRow) -> None:
        self.session.add(row)
        self.session.flush()

    def latest(self, review_id: int) -> ObservationListRow | None:
        return self.session.scalar(select(ObservationListRow).where(
            ObservationListRow.review_id == review_id)
            .order_by(ObservationListRow.version.desc()).limit(1))

    def latest_adopted(self, review_id: int) -> ObservationListRow | None:
        return self.session.scalar(select(ObservationListRow).where(
            ObservationListRow.review_id == review_id, ObservationListRow.status == ADOPTED)
            .order_by(ObservationListRow.version.desc()).limit(1))

    def add_version(self, row: ObservationListRow, items: list[ObservationItemRow]) -> None:
        self.session.add(row)
        self.session.flush()
        for item in items:
            item.list_id = row.id
        self.session.add_all(items)
        self.session.flush()

    def items_of(self, list_id: int) -> list[ObservationItemRow]:
        return list(self.session.scalars(select(ObservationItemRow).where(
            ObservationItemRow.list_id == list_id).order_by(ObservationItemRow.position)))

    def versions(self, review_id: int) -> list[tuple[ObservationListRow, list]]:
        """Every version of the review's list, oldest first, each with its items."""
        lists = list(self.session.scalars(select(ObservationListRow).where(
            ObservationListRow.review_id == review_id).order_by(ObservationListRow.version)))
        items = defaultdict(list)
        if lists:
            for item in self.session.scalars(select(ObservationItemRow).where(
                    ObservationItemRow.list_id.in_([r.id for r in lists]))
                    .order_by(ObservationItemRow.position)):
                items[item.list_id].append(item)
        return [(row, items[row.id]) for row in lists]

    def adopted_as_of(self, as_of: dt.date, cluster: int | None = None,
                      phase: int | None = None) -> list[AdoptedList]:
        """The list in force of each review at the end of `as_of`: its latest version
        adopted by then, with the regional group of its State under review. One query;
        the text of an item is read only where it may be quoted (a good practice the State
        agreed to publish), so that the same finding twice under an article comes once."""
        latest = (select(ObservationListRow.review_id,
                         func.max(ObservationListRow.version).label("version"))
                  .where(ObservationListRow.status == ADOPTED,
                         ObservationListRow.adopted_on <= as_of)
                  .group_by(ObservationListRow.review_id).subquery())
        item = ObservationItemRow
        quotable = and_(item.kind == SUCCESS, ObservationListRow.good_practices_public)
        query = (select(ObservationListRow.review_id, ObservationListRow.good_practices_public,
                        PartyInstrumentsRow.regional_group, item.instrument, item.article,
                        item.kind, item.category, case((quotable, item.text), else_=""))
                 .distinct().select_from(ObservationListRow)
                 .join(latest, (latest.c.review_id == ObservationListRow.review_id)
                       & (latest.c.version == ObservationListRow.version))
                 .join(ReviewRow, ReviewRow.id == ObservationListRow.review_id)
                 .outerjoin(item, item.list_id == ObservationListRow.id)
                 .outerjoin(PartyInstrumentsRow,
                            PartyInstrumentsRow.code == ReviewRow.state_under_review))
        if cluster is not None:
            query = query.where(ReviewRow.cluster == cluster)
        if phase is not None:
            query = query.where(ReviewRow.phase == phase)
        heads: dict[int, tuple] = {}
        items: dict[int, list] = defaultdict(list)
        # Core rows, not the ORM's: the report reads some hundred thousand of them
        for row in self.session.connection().execute(query).all():
            heads.setdefault(row[0], (row[2], bool(row[1])))
            if row[3] is not None:
                items[row[0]].append(Observed(*row[3:]))
        return [AdoptedList(review_id, group, public, tuple(items[review_id]))
                for review_id, (group, public) in heads.items()]
