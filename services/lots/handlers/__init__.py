"""What the lots service does: register parties, make groups, commit, draw and repeat lots.

Each handler is one transaction: its writes and its events (through the outbox) commit
together or not at all. Lots hears no event, so it has no event handlers.
"""
