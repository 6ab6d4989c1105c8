"""The one kind of error intake reports to a user: what is wrong, and where."""


class IntakeError(Exception):
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
