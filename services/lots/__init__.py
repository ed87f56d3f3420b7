"""Lots: the States parties, the review groups, and the drawing of lots."""
