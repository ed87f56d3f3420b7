"""Notifications: notes verbales by e-mail to the Permanent Missions in the six official
languages, reminders on a schedule until what is owed arrives, and the record of each."""
