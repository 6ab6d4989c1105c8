"""The `shezu` console script: word translation and a database ready on first use."""

import json
import os
import sqlite3
import subprocess
import sys

from shezu.cli import command_name
from tests.factories import write_csv


def test_a_context_word_and_a_job_word_name_one_command():
    assert command_name(["census", "import", "a.csv", "--json"]) == (
        "census_import",
        ["a.csv", "--json"],
    )
    assert command_name(["demo-data", "out"]) == ("demo_data", ["out"])
    assert command_name(["census", "--help"]) == ("census", ["--help"])
    assert command_name(["migrate"]) == ("migrate", [])


def test_the_first_command_on_a_new_machine_creates_and_migrates_the_database(tmp_path):
    path = write_csv(
        tmp_path / "备案.csv", [["组织名称", "所属街道"], ["翠湖社区老年协会", "华山街道"]]
    )
    env = {k: v for k, v in os.environ.items() if k != "SHEZU_DATABASE_URL"}
    env["SHEZU_DATA_DIR"] = str(tmp_path)

    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "shezu.cli",
            "census",
            "import",
            str(path),
            "--department",
            "备案",
            "--as-of",
            "2016-04-01",
            "--json",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )

    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["accepted"] == 1
    with sqlite3.connect(tmp_path / "shezu.sqlite3") as database:
        assert database.execute("select name, township from census_sourcerecord").fetchall() == [
            ("翠湖社区老年协会", "华山街道")
        ]


def test_a_bad_file_exits_non_zero_with_one_message_on_stderr(tmp_path):
    path = tmp_path / "空.csv"
    path.write_bytes(b"")
    env = {**os.environ, "SHEZU_DATA_DIR": str(tmp_path)}
    env.pop("SHEZU_DATABASE_URL", None)

    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "shezu.cli",
            "census",
            "import",
            str(path),
            "--department",
            "民政",
            "--as-of",
            "2016-04-01",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )

    assert done.returncode == 1
    assert done.stderr.strip() == "CommandError: 空.csv：文件为空 (empty file)"
    assert done.stdout == ""
