"""The `shezu` console script: word translation and a database ready on first use."""

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from shezu.cli import command_name
from tests.factories import write_csv


def shezu(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the console script as a user would, on the default SQLite file in `data_dir`."""
    env = {k: v for k, v in os.environ.items() if k != "SHEZU_DATABASE_URL"}
    env["SHEZU_DATA_DIR"] = str(data_dir)
    command = [sys.executable, "-m", "shezu.cli", *args]
    return subprocess.run(command, env=env, capture_output=True, text=True, check=False)


def test_a_context_word_and_a_job_word_name_one_command():
    assert command_name(["census", "import", "a.csv"]) == ("census_import", ["a.csv"])
    assert command_name(["demo-data", "out"]) == ("demo_data", ["out"])
    assert command_name(["census", "--help"]) == ("census", ["--help"])
    assert command_name(["migrate"]) == ("migrate", [])


def test_the_first_command_on_a_new_machine_creates_and_migrates_the_database(tmp_path):
    rows = [["组织名称", "所属街道"], ["翠湖社区老年协会", "华山街道"]]
    path = write_csv(tmp_path / "备案.csv", rows)

    done = shezu(
        tmp_path,
        "census",
        "import",
        str(path),
        "--department",
        "备案",
        "--as-of",
        "2016-04-01",
        "--json",
    )

    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["accepted"] == 1
    with sqlite3.connect(tmp_path / "shezu.sqlite3") as database:
        stored = database.execute("select name, township from census_sourcerecord").fetchall()
    assert stored == [("翠湖社区老年协会", "华山街道")]


def test_a_bad_file_exits_non_zero_with_one_message_on_stderr(tmp_path):
    path = tmp_path / "空.csv"
    path.write_bytes(b"")

    done = shezu(
        tmp_path, "census", "import", str(path), "--department", "民政", "--as-of", "2016-04-01"
    )

    assert done.returncode == 1
    assert done.stderr.strip() == "CommandError: 空.csv：文件为空 (empty file)"
    assert done.stdout == ""
