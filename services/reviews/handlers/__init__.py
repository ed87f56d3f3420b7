"""What the reviews service does: schedule reviews from draws, move them through their
stages on the secretariat's and the States' commands, and announce missed deadlines."""
