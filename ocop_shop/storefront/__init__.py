"""Storefront page layer: home, language root, health and site-wide pages."""
