"""The technical assistance survey (issue 19, item 5): the secretariat's surveys, the
States' answers and their results as aggregates."""
