"""Problems found in a site, each tied to a file and line."""

from __future__ import annotations

from dataclasses import dataclass
import os
from pathlib import Path

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, order=True)
class Diagnostic:
    path: str
    line: int
    severity: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.severity}: {self.message}"


def plural(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def internal_error(exc: BaseException) -> Diagnostic:
    """A fault of sitegen's own, as one line (the last resort of every command)."""
    return Diagnostic("sitegen", 0, ERROR, f"internal error ({type(exc).__name__}: {exc}); "
                                           "please report it with the file that caused it")


def not_utf8(data: bytes, exc: UnicodeDecodeError) -> tuple[int, str]:
    """(line, message) for a file that is not UTF-8, guessing GBK when it decodes as such."""
    line = data.count(b"\n", 0, exc.start) + 1
    try:
        data.decode("gb18030")
        guess = " (it looks like GBK/GB18030)"
    except UnicodeDecodeError:
        guess = ""
    return line, (f"the file is not saved as UTF-8{guess}: byte 0x{data[exc.start]:02x} "
                  "on this line; save the file again with the encoding UTF-8")


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

    def error(self, line: int, message: str, path: str | Path | None = None) -> None:
        self.items.append(Diagnostic(str(path or self.path), line, ERROR, message))

    def warning(self, line: int, message: str, path: str | Path | None = None) -> None:
        self.items.append(Diagnostic(str(path or self.path), line, WARNING, message))

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

    def summary(self) -> str:
        return f"{plural(len(self.errors), 'error')}, {plural(len(self.warnings), 'warning')}"


class SiteError(Exception):
    """A failure that stops a command; carries the diagnostics that explain it."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__("\n".join(map(str, diagnostics)))
        self.diagnostics = diagnostics
