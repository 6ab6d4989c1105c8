"""Where Splink runs: DuckDB in-process (default) or Spark (a province, the country)."""

from __future__ import annotations

import os
import tempfile
from typing import Any

from shezu.census.errors import CensusError
from shezu.census.linkage.types import Engine

MIN_DUCKDB = (2, 0)


class EngineError(CensusError):
    """The chosen linkage engine cannot run here; the message says what to install."""


def duckdb_require() -> None:
    """Refuse DuckDB before 2.0: it compared UTF-8 bytes, not characters.

    Jaro–Winkler and edit distances over Chinese names come out wrong there (one
    character is three bytes), and nothing fails — links are just quietly worse.
    """
    import duckdb

    version = tuple(int(part) for part in duckdb.__version__.split(".")[:2])
    if version < MIN_DUCKDB:
        raise EngineError(
            f"DuckDB {duckdb.__version__} 按字节比较中文，相似度会出错；需要 DuckDB ≥ 2.0 "
            "(DuckDB before 2.0 compares UTF-8 bytes, not characters: pip install 'duckdb>=2.0')"
        )


def database_api(engine: Engine) -> Any:
    if engine == "duckdb":
        duckdb_require()
        import duckdb
        from splink import DuckDBAPI

        return DuckDBAPI(duckdb.connect())
    if engine == "spark":
        from splink.backends.spark import SparkAPI

        return SparkAPI(  # type: ignore[no-untyped-call]
            spark_session=spark_session(), num_partitions_on_repartition=4
        )
    raise EngineError(f"未知的关联引擎 {engine!r} (unknown engine; use duckdb or spark)")


def spark_session() -> Any:
    """The active Spark session, or a local one with Splink's similarity UDF jar.

    On a cluster, start shezu with spark-submit (or set SHEZU_SPARK_MASTER) and the
    session it finds is used as it is; see docs/linkage-at-scale.md.
    """
    try:
        from pyspark.sql import SparkSession
    except ImportError as error:
        raise EngineError(
            "Spark 引擎需要 pyspark (pip install 'shezu[spark]') and Java 17"
        ) from error
    session = SparkSession.getActiveSession() or _local_session(SparkSession)
    if session.sparkContext.getCheckpointDir() is None:
        # Splink breaks long query lineages with checkpoints; a cluster sets its own dir.
        directory = os.environ.get("SHEZU_SPARK_CHECKPOINT_DIR") or tempfile.mkdtemp("-spark")
        session.sparkContext.setCheckpointDir(directory)
    return session


def _local_session(builder_class: Any) -> Any:
    from splink.backends.spark import similarity_jar_location

    session = (
        builder_class.builder.master(os.environ.get("SHEZU_SPARK_MASTER", "local[2]"))
        .appName("shezu-linkage")
        .config("spark.jars", similarity_jar_location())
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.memory", os.environ.get("SHEZU_SPARK_DRIVER_MEMORY", "4g"))
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    return session
