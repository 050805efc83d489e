"""Rule families, one package per family (named as its category)."""
