"""The task pages, one module a topic: `tasks` (a task's own pages), `follow_up` (reports,
extensions, completion), `lists` (the inbox, the list and its export), `rates` (the league table
and the unit page's panel)."""
