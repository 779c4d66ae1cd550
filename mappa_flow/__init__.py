"""mappa-flow: the application services, settings, composition root and entrypoints."""

__version__ = "0.1.0"
