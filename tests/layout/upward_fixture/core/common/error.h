// Fixture: the bottom module.
