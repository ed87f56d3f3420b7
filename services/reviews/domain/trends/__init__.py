"""The general report of trends, patterns and good practices (note, para. 39; issue 19,
item 4): counted from the adopted lists of observations, naming no State."""
