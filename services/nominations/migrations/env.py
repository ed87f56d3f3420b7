from alembic import context

from services.nominations.adapters.orm import Base
from shared.migrate import run_env

run_env(context, Base.metadata)
