"""WSGI entry point: `gunicorn wsgi:app`, `flask --app wsgi …`."""

from consultation import create_app

app = create_app()
