"""Reading inputs: bytes to text, and the scraper's own files (HTML pages, WARC archives)."""
