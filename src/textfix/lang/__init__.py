"""Language data and language identification: word lists, the document's language, scripts."""
