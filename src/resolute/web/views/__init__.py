"""The pages that belong to no single app, one module a topic: the home page, the change log, the
working calendar, the error pages and the health probe."""
