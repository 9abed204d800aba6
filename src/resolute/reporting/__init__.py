"""Reporting: regimes of periodic reports, what each unit owes and has sent, notifications and urging."""
