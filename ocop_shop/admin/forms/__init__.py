"""The office's forms, one module per topic."""
