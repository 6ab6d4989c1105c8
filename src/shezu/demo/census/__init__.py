"""Realistic synthetic census data: six department files with their mappings and ground truth.

Used by the demo, the tests and the benchmarks; see `generate.generate`.
"""

from shezu.demo.census.generate import Manifest, SourceFile, generate

__all__ = ["Manifest", "SourceFile", "generate"]
