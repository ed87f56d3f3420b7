"""Nominations: focal points, experts and observers per State party, Permanent Mission
contacts, and the deadlines of nominations."""
