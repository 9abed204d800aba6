"""Every write of reporting, by topic: regimes and report submissions (`regimes`), the urging ladder
(`ladder`), urging letters (`letters`), notifications (`notifications`), the e-mail outbox (`email`)
and the scheduler of periodic jobs (`scheduler`). Each takes keyword arguments (`acting_user` where
a person acts), runs in a transaction and records the change where a person's change is kept."""
