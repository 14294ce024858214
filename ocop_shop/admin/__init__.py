"""The office back office (/admin)."""
