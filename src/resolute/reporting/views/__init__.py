"""The pages of reporting, by topic: regimes, compliance, the urging ladder (follow-up board,
letters, settings) and notifications."""
