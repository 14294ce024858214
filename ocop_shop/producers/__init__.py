"""Producers: cooperatives, firms and households, their stories and members."""
