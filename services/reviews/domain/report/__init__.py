"""The secretariat's status report (DOMAIN.md, "What the secretariat reports"; the note's
section II.C): figures as of a date, and their wording as text and as a printable page."""
