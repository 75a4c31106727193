"""The application for a WSGI server: gunicorn --preload wsgi:app"""

from portal import compression, create_app

app = create_app()
# with --preload this runs once in the master, and every worker starts with the files compressed
compression.warm(app)
