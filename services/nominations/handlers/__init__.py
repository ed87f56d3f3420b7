"""What the nominations service does: keep its copies of States and reviews, register
Permanent Mission contacts and nominations, and announce the nominations that are missing.

Each command handler is one transaction: its writes and its events (through the outbox)
commit together or not at all. Event handlers (events.py, with the consumer's map) run
inside the consumer's transaction.
"""
