"""Command models: the validated edge between people, files and the application."""
