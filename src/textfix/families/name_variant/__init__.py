"""The name-variant family (NV): one spelling per name in a document."""
