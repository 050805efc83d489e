"""``python -m textfix``."""

from textfix.cli import main

main()
