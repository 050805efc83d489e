"""Language knowledge: word frequencies, gazetteers, exonyms, language identification."""
