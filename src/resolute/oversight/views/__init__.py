"""The oversight pages, by topic: the conclusions and their recommendations (`oversights`), a
recommendation with its recoveries, discipline cases and closure (`recommendations`), and the ledger
of how far the recommendations are implemented (`ledger`)."""
