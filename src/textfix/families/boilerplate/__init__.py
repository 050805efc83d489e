"""The boilerplate family (BP): site chrome a scraper kept."""
