"""The errors the census reports to a user: what is wrong and, for a file, where.

Messages name files, rows, fields, ids and values — never a command-line flag, because
the same service answers the CLI today and web pages later. Whoever calls a service
catches `CensusError` and shows its text; nothing else about it is for people.
"""


class CensusError(Exception):
    """A request the census cannot carry out; the message says why, in Chinese first."""


class IntakeError(CensusError):
    """A file, mapping or row that cannot be taken; the message names file, row and field."""

    def __init__(self, message: str, *, file: str = "", row: int | None = None, field: str = ""):
        self.message = message
        self.file = file
        self.row = row
        self.field = field
        super().__init__(str(self))

    def __str__(self) -> str:
        where = [self.file] if self.file else []
        if self.row is not None:
            where.append(f"第{self.row}行")
        if self.field:
            where.append(f"字段「{self.field}」")
        return f"{'，'.join(where)}：{self.message}" if where else self.message


class ReviewError(CensusError):
    """A review decision or lookup that cannot be carried out."""


class RegisterError(CensusError):
    """The register cannot be linked or read as asked (no records yet, unknown organization)."""


class EmptyRegisterError(RegisterError):
    """The register holds no organization yet: there is nothing to export, task or compare.

    Said, instead of writing an empty file, because an empty register usually means the
    wrong database (another machine, another SHEZU_DATA_DIR) rather than no work done.
    """

    def __init__(self) -> None:
        super().__init__(
            "资料库中还没有组织：请先运行 shezu census import 和 shezu census link "
            "(the register is empty)"
        )
