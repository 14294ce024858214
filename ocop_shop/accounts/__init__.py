"""Accounts: users, roles, login, registration."""
