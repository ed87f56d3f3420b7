"""The lists of observations per article and the categories of technical assistance
(issue 19, item 3), with the categories the issue names; the regional group in the copy
of each State party (party_instruments), which the general report of trends counts by (item 4).

Revision ID: 0010
Revises: 0009
"""
import datetime as dt

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)
#: the categories the issue names (written out: a migration does not follow later code)
CATEGORIES = (
    ("legislative_assistance", "Legislative assistance"),
    ("capacity_building", "Capacity building"),
    ("institution_building", "Institution building"),
    ("data_collection", "Data collection"),
    ("international_cooperation", "International cooperation"),
    ("other", "Other"),
)


def upgrade() -> None:
    categories = op.create_table(
        "need_categories",
        sa.Column("code", sa.String(40), primary_key=True),
        sa.Column("label", sa.String(120), nullable=False),
        sa.Column("added_by", sa.String(120), nullable=False),
        sa.Column("added_at", TZ, nullable=False),
    )
    op.bulk_insert(categories, [
        {"code": code, "label": label, "added_by": "migration 0010",
         "added_at": dt.datetime(2026, 12, 5, tzinfo=dt.UTC)}
        for code, label in CATEGORIES])
    op.create_table(
        "observation_lists",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("review_id", sa.Integer, sa.ForeignKey("reviews.id"), nullable=False,
                  index=True),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("drafted_by", sa.String(120), nullable=False),
        sa.Column("drafter_state", sa.String(3), nullable=False),
        sa.Column("drafted_at", TZ, nullable=False),
        sa.Column("agreed_by", sa.String(120)),
        sa.Column("agreed_on", sa.Date),
        sa.Column("agreed_at", TZ),
        sa.Column("good_practices_public", sa.Boolean),
        sa.Column("adopted_by", sa.String(120)),
        sa.Column("adopted_on", sa.Date, index=True),
        sa.Column("adopted_at", TZ),
        sa.UniqueConstraint("review_id", "version", name="uq_observation_list_versions"),
    )
    op.create_table(
        "observation_items",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("list_id", sa.Integer, sa.ForeignKey("observation_lists.id"),
                  nullable=False, index=True),
        sa.Column("instrument", sa.String(20), nullable=False),
        sa.Column("article", sa.String(20), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("category", sa.String(40)),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
    )
    # None for a party in no group, and for parties copied before this revision until
    # lots publishes them again
    with op.batch_alter_table("party_instruments") as batch:
        batch.add_column(sa.Column("regional_group", sa.String(40)))


def downgrade() -> None:
    with op.batch_alter_table("party_instruments") as batch:
        batch.drop_column("regional_group")
    op.drop_table("observation_items")
    op.drop_table("observation_lists")
    op.drop_table("need_categories")
