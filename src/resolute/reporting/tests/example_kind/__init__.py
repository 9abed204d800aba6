"""A domain added later, for the tests: one folder, no models, that adds a kind of reporting regime
("wells dug") only through its `contributions` module. Installed by the tests that need it
(`test_contributed_kinds`), never by the site."""
