"""Notifications: note-verbale e-mails to the Permanent Missions, and the record of each."""
