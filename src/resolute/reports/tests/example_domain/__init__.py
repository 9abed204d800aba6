"""A domain added later, for the tests: one folder, no models, which adds a panel to the dashboard and a
section to the implementation report only through its `contributions` module. Installed by the tests
that need it (`test_contributions`), never by the site."""
