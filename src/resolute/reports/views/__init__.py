"""The pages of reports: the leadership dashboard and the unit scorecards (`dashboard`), the
implementation reports on a document (`report`)."""
