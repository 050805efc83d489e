"""Rule kinds: one module per family of artifacts (see ``registry.py`` for the table)."""
