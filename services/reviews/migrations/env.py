from alembic import context

from services.reviews.adapters import draws_orm, work_orm  # noqa: F401 - registers tables
from services.reviews.adapters.orm import Base
from shared.db.migrate import run_env

run_env(context, Base.metadata)
