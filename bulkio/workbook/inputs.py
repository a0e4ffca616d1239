"""The input file before anything opens it: a regular file (a named pipe would block the first read for ever, a
device would read as endless or empty bytes), and whether a spreadsheet program holds it open.

    check_regular_file(path)   raise InputError: missing, a folder, not a regular file, cannot be looked at
    open_elsewhere(path)       the lock file Excel or LibreOffice keeps beside a workbook it has open, or None
    open_warning(path)         the sentence to print when there is one, else None
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from bulkio.errors import InputError
from bulkio.i18n import register, t
from bulkio.workbook import messages as _messages  # noqa: F401  (registers workbook.missing, workbook.is_dir)

register(
    {
        "input.not_regular": {
            "fr": "« {path} » n'est pas un fichier ordinaire ({kind}) : enregistrez le classeur dans un fichier "
            "puis donnez son chemin.",
            "en": "'{path}' is not a regular file ({kind}): save the workbook to a file and give its path.",
        },
        "input.kind.fifo": {"fr": "un tube nommé", "en": "a named pipe"},
        "input.kind.device": {"fr": "un périphérique", "en": "a device"},
        "input.kind.socket": {"fr": "une socket", "en": "a socket"},
        "input.kind.other": {"fr": "un fichier spécial", "en": "a special file"},
        "input.open_in": {
            "fr": "attention : « {path} » est ouvert dans {app} ({lock} existe) : les modifications non "
            "enregistrées ne sont pas dans le fichier ; enregistrez-le et fermez-le, puis relancez.",
            "en": "warning: '{path}' is open in {app} ({lock} exists): unsaved edits are not in the file; save "
            "and close it, then run again.",
        },
    }
)


def check_regular_file(path: Path) -> None:
    """Refuse at once what is not a regular file, before anything opens it."""
    path = Path(path)
    try:
        mode = os.stat(path).st_mode
    except (FileNotFoundError, NotADirectoryError):
        raise InputError(t("workbook.missing", path=path)) from None
    except OSError as exc:  # no permission on a folder, a symlink loop...
        raise InputError(t("workbook.unreadable", path=path, reason=exc.strerror or exc)) from None
    if stat.S_ISDIR(mode):
        raise InputError(t("workbook.is_dir", path=path))
    if not stat.S_ISREG(mode):
        raise InputError(t("input.not_regular", path=path, kind=t(_kind_key(mode))))


def _kind_key(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "input.kind.fifo"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "input.kind.device"
    if stat.S_ISSOCK(mode):
        return "input.kind.socket"
    return "input.kind.other"


def lock_candidates(path: Path) -> list[tuple[Path, str]]:
    """Where Excel and LibreOffice put the lock file of `path` while they have it open, and which program.

    Office's owner file is `~$` + the file name or, for a longer name, `~$` in place of its first two characters
    (`OfficeReport.docx` -> `~$ficeReport.docx`); where one form ends and the other begins is not documented,
    so both are looked for. LibreOffice writes `.~lock.<name>#`."""
    name = path.name
    found = [(path.with_name(f"~${name}"), "Excel")]
    if len(path.stem) > 2:
        found.append((path.with_name(f"~${name[2:]}"), "Excel"))
    found.append((path.with_name(f".~lock.{name}#"), "LibreOffice"))
    return found


def open_elsewhere(path: Path) -> tuple[Path, str] | None:
    """The lock file beside `path` and the program that wrote it, when one is there."""
    for lock, app in lock_candidates(Path(path)):
        try:
            if lock.is_file():
                return lock, app
        except OSError:  # an unreadable folder: no warning rather than a failure
            return None
    return None


def open_warning(path: Path) -> str | None:
    found = open_elsewhere(path)
    if found is None:
        return None
    lock, app = found
    return t("input.open_in", path=path, app=app, lock=lock.name)
