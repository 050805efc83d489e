"""Tests of textfix.run."""
