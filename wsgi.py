"""WSGI entry point: gunicorn wsgi:app, flask --app wsgi …"""
from ocop_shop import create_app

app = create_app()
