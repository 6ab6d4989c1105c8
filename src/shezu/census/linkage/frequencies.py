"""How many other organizations carry a name: the term frequencies names are weighed by.

Splink's term-frequency adjustment weighs agreement on a value by how common the value
is among the records. For names that misleads: a name one organization carries appears
once in each department's list, so it looks three or four times as common as it is,
and a register of unique names (社会团体、企业名称不得重复) gets the weight of a common one.

The chance that two *different* organizations share a name is what matters: the number
of other organizations carrying it. That number is estimated from the lists themselves —
one list names each organization once, so the most rows any one list has under a name
is how many organizations carry it (a list that repeats organizations by design, the tax
list with a row per tax bureau, counts half). `OTHER_HOLDER` stands for the chance that a
name only one list holder shows is carried by another organization nobody listed.
"""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

OTHER_HOLDER = 0.1


def name_frequencies(table: pa.Table, column: str, lists_twice: frozenset[int]) -> pa.Table:
    """A term-frequency table for `column`: the value and `tf_<column>`, the share of
    records an organization other than the one in hand would carry it in."""
    present = table.filter(pc.is_valid(table[column])).select([column, "batch"])
    per_list = present.group_by([column, "batch"]).aggregate([([], "count_all")])
    counts = per_list["count_all"]
    if lists_twice:
        repeating = pc.is_in(per_list["batch"], value_set=pa.array(sorted(lists_twice)))
        halved = pc.ceil(pc.divide(pc.cast(counts, pa.float64()), 2.0))
        counts = pc.if_else(repeating, pc.cast(halved, pa.int64()), counts)
    holders = (
        pa.table({column: per_list[column], "holders": counts})
        .group_by(column)
        .aggregate([("holders", "max")])
    )
    others = pc.add(pc.subtract(pc.cast(holders["holders_max"], pa.float64()), 1.0), OTHER_HOLDER)
    share = pc.divide(others, float(max(table.num_rows, 1)))
    return pa.table({column: holders[column], f"tf_{column}": share})
