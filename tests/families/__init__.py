"""Tests of textfix.families."""
