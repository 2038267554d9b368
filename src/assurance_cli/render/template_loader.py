"""Where a board's own templates come from: regular files inside `<root>/templates/`, read the
way records are read (never through a symbolic link, never a FIFO or a device, bounded in
size), and named by plain relative paths. A template, or an `include`, `import` or `extends`
in one, can therefore never read the machine: `/proc/self/environ`, `../../.ssh/id_rsa` and a
link to `/etc/passwd` are refused with a message saying why.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

from jinja2 import BaseLoader, Environment, TemplateError, TemplateNotFound

from assurance_cli.render.escape import escape_controls

TEMPLATES_DIR = "templates"
MAX_TEMPLATE_BYTES = 1024 * 1024
# Each part of a template's name: no leading dot (so no `..`), no separators, no controls.
_NAME_PART = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.+-]*")
_FOLDER_FLAGS = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_NOFOLLOW", 0)
_FILE_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)


class TemplateRefused(TemplateError):
    """A board template that is there but may not be used (a link, not a regular file, too
    large, not UTF-8), or a template name that points outside `templates/`."""


def template_parts(name: str) -> tuple[str, ...]:
    """The parts of a template's name, or TemplateRefused when it is not a plain relative
    path inside `templates/`."""
    parts = tuple(name.split("/"))
    if not all(_NAME_PART.fullmatch(part) for part in parts):
        raise TemplateRefused(
            f"template name '{escape_controls(name)}' is refused: a template is named by its "
            f"path inside {TEMPLATES_DIR}/ (letters, digits, dots, hyphens and underscores; no "
            "absolute path, no ..)"
        )
    return parts


class BoardLoader(BaseLoader):
    """Templates from a board's `templates/` folder; TemplateNotFound where the board has
    none of that name (the built-in one is used), TemplateRefused where it has one that may
    not be used."""

    def __init__(self, root: Path) -> None:
        self.folder = root / TEMPLATES_DIR

    def get_source(
        self, environment: Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        parts = template_parts(template)
        raw = read_board_template(self.folder, parts)
        if raw is None:
            raise TemplateNotFound(template)
        shown = str(self.folder.joinpath(*parts))
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise TemplateRefused(f"template {shown} is not UTF-8 text") from None
        return text, shown, lambda: True


def read_board_template(folder: Path, parts: tuple[str, ...]) -> bytes | None:
    """The bytes of `folder/<parts>`, or None when there is no such file. TemplateRefused
    when the folder, a folder on the way or the file is a link, or the file is not regular
    or is too large."""
    shown = "/".join((TEMPLATES_DIR, *parts))
    with _opened_folder(folder, parts[:-1], shown) as folder_fd:
        if folder_fd is None:
            return None
        try:
            descriptor = os.open(parts[-1], _FILE_FLAGS, dir_fd=folder_fd)
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise _refusal(shown, exc, folder_fd, parts[-1]) from None
        with os.fdopen(descriptor, "rb") as stream:
            info = os.fstat(descriptor)
            if not stat.S_ISREG(info.st_mode):
                raise TemplateRefused(f"{shown} is not a regular file; templates are files")
            raw = stream.read(MAX_TEMPLATE_BYTES + 1)
    if len(raw) > MAX_TEMPLATE_BYTES:
        raise TemplateRefused(f"{shown} is over the size limit for a template (1 MiB)")
    return raw


@contextlib.contextmanager
def _opened_folder(folder: Path, parts: tuple[str, ...], shown: str) -> Iterator[int | None]:
    """`folder/<parts>` open, each folder opened inside the one before without following a
    link; None when one of them does not exist."""
    opened: list[int] = []
    try:
        try:
            opened.append(os.open(folder, _FOLDER_FLAGS))
        except FileNotFoundError:
            yield None
            return
        except OSError as exc:
            raise _refusal(TEMPLATES_DIR, exc, None, str(folder)) from None
        for part in parts:
            try:
                opened.append(os.open(part, _FOLDER_FLAGS, dir_fd=opened[-1]))
            except FileNotFoundError:
                yield None
                return
            except OSError as exc:
                raise _refusal(shown, exc, opened[-1], part) from None
        yield opened[-1]
    finally:
        for descriptor in opened:
            os.close(descriptor)


def _refusal(shown: str, exc: OSError, folder_fd: int | None, name: str) -> TemplateRefused:
    """Why `name` could not be opened, in words."""
    try:
        linked = stat.S_ISLNK(os.lstat(name, dir_fd=folder_fd).st_mode)
    except OSError:
        linked = False
    if linked or exc.errno == errno.ELOOP:
        return TemplateRefused(
            f"{shown}: a symbolic link is refused; put the template itself in {TEMPLATES_DIR}/"
        )
    if exc.errno == errno.ENOTDIR:
        return TemplateRefused(f"{shown}: not a folder where a folder of templates should be")
    return TemplateRefused(f"{shown}: cannot be read ({exc.strerror or 'I/O error'})")


def board_template_origin(root: Path, file_name: str) -> str:
    """Where report template `file_name` comes from, as `report --list` says it: the
    board's file, "built-in", or why the board's file is refused."""
    try:
        raw = read_board_template(root / TEMPLATES_DIR, template_parts(file_name))
    except TemplateRefused as exc:
        return f"refused ({exc.message})"
    return "built-in" if raw is None else str(root / TEMPLATES_DIR / file_name)
