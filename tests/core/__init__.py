"""Tests of textfix.core."""
