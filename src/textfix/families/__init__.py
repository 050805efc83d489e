"""Rule families: one package per category (see docs/)."""
