"""The urging ladder: its configured steps, the events it has fired, and the urging letters it drafts."""
