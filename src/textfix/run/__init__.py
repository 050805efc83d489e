"""Running textfix over many inputs: files, records, HTML pages and WARC archives."""
