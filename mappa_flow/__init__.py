"""mappa-flow: the application, its command handlers, settings, composition root and entrypoints."""

__version__ = "0.1.0"
