"""Reporting regimes (what is owed, by whom, how often) and the reports units submit under them."""
