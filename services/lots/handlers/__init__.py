"""What the lots service does: register parties and meetings, make groups, commit, draw and
repeat lots, record the results of draws held at meetings, and import the draws' history.

Each handler is one transaction: its writes and its events (through the outbox) commit
together or not at all. The event handlers (events.py) keep what the reviews service tells
of completed reviews and the Conference's decisions, which the 70 per cent rule reads before
a group's next phase is drawn.
"""
