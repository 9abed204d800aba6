"""The public-investment pages, by topic: the overview and the lists behind it (`overview`), projects,
plans, disbursement reports and extensions."""
