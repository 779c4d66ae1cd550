"""The ``mappa-flow`` command line: thin entrypoints that parse input and call the application."""
