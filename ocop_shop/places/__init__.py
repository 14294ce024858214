"""Places: localities of Cao Bằng and their discovery pages."""
