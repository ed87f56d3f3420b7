"""What the lots service does: register parties, make groups, commit, draw and repeat lots.

Each handler is one transaction: its writes and its events (through the outbox) commit
together or not at all.
"""

from services.lots.handlers.draws import commit_draw, draw_lots
from services.lots.handlers.groups import create_review_group, divide_into_groups
from services.lots.handlers.parties import register_state_parties
from services.lots.handlers.repetitions import repeat_draw

__all__ = ["commit_draw", "create_review_group", "divide_into_groups", "draw_lots",
           "register_state_parties", "repeat_draw"]
