"""The web application (docs/web.md): an entrypoint beside the CLI. It imports the application and the query
functions; nothing imports it but the CLI's ``serve`` (an import-linter contract keeps it so)."""
