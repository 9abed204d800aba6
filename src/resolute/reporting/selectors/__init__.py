"""Named reads of reporting, by topic: what is owed and received (`obligations`), the compliance
pages (`compliance`), regimes (`regimes`), the urging ladder and the follow-up board (`ladder`),
notifications (`notifications`) and the e-mail outbox (`outbox`). None of them writes."""
