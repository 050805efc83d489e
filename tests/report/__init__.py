"""Tests of textfix.report."""
