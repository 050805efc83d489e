"""Running textfix over inputs: files, records, batches and clusters."""
