"""shezu worker: run the background jobs (imports, relinks) in a process of their own.

`shezu serve` already runs one consumer thread beside the pages; a deployment that serves
the pages from several processes, or wants jobs to survive a web restart, runs this
instead alongside them (with the same SHEZU_DATA_DIR, or SHEZU_REDIS_URL).
"""

from __future__ import annotations

from typing import Any

from shezu.commands import ShezuCommand
from shezu.config.database import database_prepare


class Command(ShezuCommand):
    help = "运行后台任务（导入、重新关联） (run the background job consumer)"

    def handle(self, *args: Any, **options: Any) -> None:
        database_prepare()
        from shezu.web.jobs import consumer_run  # opens the job store: after the data folder

        self.stdout.write("后台任务已启动 job consumer running （Ctrl+C 停止 to stop）")
        self.stdout.flush()
        consumer_run()
        self.stdout.write("后台任务已停止 (stopped)")
