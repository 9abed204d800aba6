"""The pages of targets: lists, details and forms of targets and indicators (`targets`), and the entry,
approval and import of their values (`entry`)."""
