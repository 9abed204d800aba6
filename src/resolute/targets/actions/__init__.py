"""Every write of targets, by topic: indicators and their validation rules (`indicators`), targets with
their breakdown and trajectory (`targets`), values, their approval and the period locks (`values`), and
the import of a filled workbook (`imports`). What they share is in `common`.

Each action takes the acting user (None for the system: the demo loader, an import of history),
runs in one transaction, checks that the user may make the change, and records it in the change
log.
"""
