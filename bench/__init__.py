"""textfix's quality and speed benchmarks: ``python -m bench`` runs them all."""
