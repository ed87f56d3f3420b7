"""What the notifications service does when it hears an event (events.py holds the map) and
each day (reminders.py). Handlers record; the outgoing-mail adapter sends."""
