"""The WSGI application `shezu serve` hands to waitress (and any other WSGI server)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shezu.config.settings")

application = get_wsgi_application()
