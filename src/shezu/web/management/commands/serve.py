"""shezu serve: the web pages on waitress, static files by whitenoise, no other server.

An intranet machine has Python and nothing else (no nginx, no CDN): waitress is pure
Python and runs on Windows too, and whitenoise (in MIDDLEWARE) serves the CSS and htmx
from the same process. The background jobs (imports, relinks) run in a consumer thread of
the same process too, so one command is the whole application; `shezu worker` runs them
in a process of their own instead (`--no-worker` here then).
"""

from __future__ import annotations

import argparse
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError, CommandParser

from shezu.commands import ShezuCommand
from shezu.config.database import database_prepare

DEFAULT_HOST = "127.0.0.1"  # this machine only; an intranet server says --host 0.0.0.0
DEFAULT_PORT = 8000
THREADS = 8


def port_number(text: str) -> int:
    """A TCP port, 1–65535."""
    if not text.strip().isdigit() or not 1 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"端口应为 1–65535 的整数，而不是「{text}」 (a port)")
    return int(text)


class Command(ShezuCommand):
    help = "启动网页服务 (serve the web UI with waitress)"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--host", default=DEFAULT_HOST, help=f"监听地址 (default {DEFAULT_HOST})"
        )
        parser.add_argument(
            "--port", type=port_number, default=DEFAULT_PORT, help=f"端口 (default {DEFAULT_PORT})"
        )
        parser.add_argument(
            "--no-worker",
            action="store_true",
            help="不在本进程运行后台任务（另行运行 shezu worker） (jobs run in shezu worker)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        import waitress
        from django.core.wsgi import get_wsgi_application

        host: str = options["host"]
        port: int = options["port"]
        # `shezu serve` migrates before it runs; `demo` and tests call the command directly.
        database_prepare()
        if not settings.DEBUG:
            # Production serves the collected, compressed, hashed files (the manifest
            # storage refuses to render a page whose static file was not collected).
            call_command("collectstatic", interactive=False, verbosity=0)
        # After collectstatic: whitenoise lists the static folder once, when the app is made.
        application = get_wsgi_application()
        consumer = None
        if not options["no_worker"]:
            from shezu.web.jobs import consumer_start  # opens the job store: after the folder

            consumer = consumer_start()
        self.stdout.write(f"网页 web UI: http://{host}:{port}/ （Ctrl+C 停止 to stop）")
        self.stdout.flush()
        try:
            waitress.serve(application, host=host, port=port, threads=THREADS)
        except OSError as error:  # the port is taken, or the address is not this machine's
            raise CommandError(
                f"无法在 {host}:{port} 上提供服务：{error.strerror or error} (cannot listen)"
            ) from error
        except KeyboardInterrupt:
            self.stdout.write("网页服务已停止 (stopped)")
        finally:
            if consumer is not None:
                from shezu.web.jobs import consumer_stop

                consumer_stop(consumer)
