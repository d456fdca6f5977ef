"""Problems found in a site, each tied to a file and line."""

from __future__ import annotations

from dataclasses import dataclass, field
import os
from pathlib import Path

from sitegen.messages import DEFAULT, Message, from_plain, said

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, order=True)
class Diagnostic:
    path: str
    line: int
    severity: str
    message: Message | str = field(compare=False)  # a str: words not ours (a system's, a library's)
    column: int = 0  # where YAML gives one
    cell: str = ""  # a workbook's: '项目!L5' (then line is the cell's row)

    def text(self, language: str = DEFAULT) -> str:
        """``file:line[:column]: 错误: message`` (a workbook's ``file:sheet!cell: …``) in ``language``."""
        if self.cell:
            where = f"{self.path}:{self.cell}"
        else:
            where = f"{self.path}:{self.line}:{self.column}" if self.column else f"{self.path}:{self.line}"
        return f"{where}: {Message('severity.' + self.severity).text(language)}: {said(self.message, language)}"

    def __str__(self) -> str:
        return self.text()

    def plain(self) -> tuple:
        """As marshal keeps it (see from_plain)."""
        message = self.message.plain() if isinstance(self.message, Message) else self.message
        return (self.path, self.line, self.severity, message, self.column, self.cell)

    @classmethod
    def from_plain(cls, kept: tuple) -> "Diagnostic":
        path, line, severity, message, column, cell = kept
        return cls(path, line, severity, from_plain(message), column, cell)


def counted(n: int, what: str) -> Message:
    """'3 份申报表' / '3 declarations': ``what`` names a ``count.*`` message."""
    return Message(f"count.{what}", n=n)


def internal_error(exc: BaseException) -> Diagnostic:
    """A fault of sitegen's own, as one line (the last resort of every command)."""
    return Diagnostic("sitegen", 0, ERROR, Message("internal_error", kind=type(exc).__name__, exc=str(exc)))


def not_utf8(data: bytes, exc: UnicodeDecodeError) -> tuple[int, Message]:
    """(line, message) for a file that is not UTF-8, guessing GBK when it decodes as such."""
    line = data.count(b"\n", 0, exc.start) + 1
    try:
        data.decode("gb18030")
        key = "file.not_utf8_gbk"
    except UnicodeDecodeError:
        key = "file.not_utf8"
    return line, Message(key, byte=f"0x{data[exc.start]:02x}")


def display_path(path: str | Path) -> str:
    """A path as a publisher would type it: relative to the working folder."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return str(Path(path).absolute()) if rel.startswith("..") else rel


class Diagnostics:
    """Collects every problem so they can be reported all at once."""

    def __init__(self, path: str | Path = "") -> None:
        self.path = str(path)
        self.items: list[Diagnostic] = []

    def error(self, line: int, message: Message | str, path: str | Path | None = None, column: int = 0,
              cell: str = "") -> None:
        self.items.append(Diagnostic(str(path or self.path), line, ERROR, message, column, cell))

    def warning(self, line: int, message: Message | str, path: str | Path | None = None, column: int = 0,
                cell: str = "") -> None:
        self.items.append(Diagnostic(str(path or self.path), line, WARNING, message, column, cell))

    def extend(self, other: "Diagnostics | list[Diagnostic]") -> None:
        self.items.extend(other.items if isinstance(other, Diagnostics) else other)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == WARNING]

    def has_errors(self, strict: bool = False) -> bool:
        return bool(self.errors) or (strict and bool(self.warnings))

    def sorted(self) -> list[Diagnostic]:
        return sorted(self.items)

    def summary(self) -> Message:
        return Message("count.errors_warnings", errors=len(self.errors), warnings=len(self.warnings))


class SiteError(Exception):
    """A failure that stops a command; carries the diagnostics that explain it."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__("\n".join(d.text("en") for d in diagnostics))
        self.diagnostics = diagnostics
