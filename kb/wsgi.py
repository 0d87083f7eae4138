"""WSGI entry point for production servers (gunicorn kb.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kb.settings")
application = get_wsgi_application()

# A server process follows the content change log and writes read counts in the background.
from kb import changes, read_counts  # noqa: E402

changes.start_following()
read_counts.start()
