"""Tests of textfix.lang."""
