"""Where bulkio writes: every output path checked before anything is sent, and a place for the result workbook
when its own path fails at the end, so that a run never ends without saying what it wrote.

    check_output(path, input_path=..., suffixes=..., option=..., replace=...)
                                        UsageError in one sentence: the input file itself, a folder, a special
                                        file, the wrong extension, a folder that does not exist or cannot be
                                        written, a name the file system refuses, an existing file (replace=False)
    same_file(first, second)            one file under two names (a hard link, another spelling)
    result_suffixes(input_path)         .xlsx, and .xlsm for an .xlsm input (its macros kept)
    check_journal_dir(folder)           the journals' folder can be created and written
    unused_path(path)                   `path`, or `<stem>-2<suffix>`... when a file holds it
    write_with_fallback(write, wanted, fallback_name) -> Written
                                        the wanted path, else the user's data folder, else a private folder in
                                        the system's temporary folder; Written.path None when none would do
    outcome_lines(outcomes, lang)       each row's outcome as text, for when no workbook could hold them
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from bulkio.errors import BulkioError, UsageError
from bulkio.i18n import register, t
from bulkio.outcome import RowOutcome

register(
    {
        "outputs.is_input": {
            "fr": "{option} « {path} » est le fichier d'entrée : donnez un autre nom (le fichier d'entrée n'est "
            "jamais modifié).",
            "en": "{option} '{path}' is the input file: give another name (the input file is never modified).",
        },
        "outputs.is_dir": {
            "fr": "{option} « {path} » est un dossier : donnez un nom de fichier, par exemple « {example} ».",
            "en": "{option} '{path}' is a folder: give a file name, for example '{example}'.",
        },
        "outputs.not_regular": {
            "fr": "{option} « {path} » n'est pas un fichier ordinaire : donnez le nom d'un fichier {expected}.",
            "en": "{option} '{path}' is not a regular file: give the name of a {expected} file.",
        },
        "outputs.bad_suffix": {
            "fr": "{option} « {path} » : bulkio y écrit un classeur Excel {expected} : nommez-le « {example} ».",
            "en": "{option} '{path}': bulkio writes an Excel {expected} workbook there: name it '{example}'.",
        },
        "outputs.no_folder": {
            "fr": "{option} « {path} » : le dossier « {folder} » n'existe pas : créez-le, ou choisissez un chemin "
            "dans un dossier existant.",
            "en": "{option} '{path}': the folder '{folder}' does not exist: create it, or choose a path in an "
            "existing folder.",
        },
        "outputs.read_only": {
            "fr": "{option} « {path} » : le dossier « {folder} » n'est pas accessible en écriture ({reason}) : "
            "choisissez un chemin dans un dossier où vous pouvez écrire.",
            "en": "{option} '{path}': the folder '{folder}' cannot be written ({reason}): choose a path in a "
            "folder you can write to.",
        },
        "outputs.exists": {
            "fr": "{option} « {path} » existe déjà (peut-être le résultat d'une exécution précédente, qui dit ce "
            "qu'elle a créé) : choisissez un autre nom, ou ajoutez {flag} pour le remplacer.",
            "en": "{option} '{path}' already exists (perhaps the result of an earlier run, which says what it "
            "created): choose another name, or add {flag} to replace it.",
        },
        "outputs.bad_name": {
            "fr": "{option} « {path} » : ce fichier ne peut pas être créé ({reason}) : choisissez un nom plus court, "
            "sans caractère spécial.",
            "en": "{option} '{path}': this file cannot be created ({reason}): choose a shorter name, without special "
            "characters.",
        },
        "outputs.default_path": {"fr": "le chemin par défaut ({option})", "en": "the default path ({option})"},
        "outputs.not_folder": {
            "fr": "{option} « {path} » n'est pas un dossier : donnez le chemin d'un dossier.",
            "en": "{option} '{path}' is not a folder: give the path of a folder.",
        },
        "outputs.journal_dir": {
            "fr": "le dossier des journaux d'exécution « {folder} » ne peut pas être écrit ({reason}) : vérifiez "
            "vos droits sur ce dossier (ou XDG_DATA_HOME), puis relancez.",
            "en": "the run journals' folder '{folder}' cannot be written ({reason}): check your rights on it (or "
            "XDG_DATA_HOME), then run again.",
        },
        "outputs.fallback": {
            "fr": "le classeur résultat n'a pas pu être écrit à « {wanted} » ({reason}) : il a été écrit à "
            "« {path} » ; gardez-le, il dit ce qui a été envoyé.",
            "en": "the result workbook could not be written to '{wanted}' ({reason}): it was written to '{path}' "
            "instead; keep it, it says what was sent.",
        },
        "outputs.lost": {
            "fr": "le classeur résultat n'a pu être écrit ni à « {wanted} » ({reason}) ni dans un dossier de "
            "secours : voici ce qui est arrivé à chaque ligne ; gardez ce texte, il dit ce qui a été envoyé.",
            "en": "the result workbook could be written neither to '{wanted}' ({reason}) nor to a fallback "
            "folder: here is what happened to each row; keep this text, it says what was sent.",
        },
        "outputs.lines_header": {
            "fr": "Feuille\tLigne\tStatut\tCode erreur\tID MyUnisoft",
            "en": "Sheet\tRow\tStatus\tError code\tMyUnisoft ID",
        },
    }
)

XLSX = (".xlsx",)


def result_suffixes(input_path: Path) -> tuple[str, ...]:
    """The result of an .xlsm may stay an .xlsm (macros kept) or be an .xlsx; anything else is an .xlsx."""
    return (".xlsx", ".xlsm") if Path(input_path).suffix.lower() == ".xlsm" else XLSX


def check_output(
    path: Path,
    *,
    input_path: Path | None = None,
    suffixes: Sequence[str] = XLSX,
    option: str = "--result",
    given: bool = True,
    default_name: str = "",
    replace: bool = True,
    replace_flag: str = "--overwrite",
) -> None:
    """Refuse, before anything is sent or read from the API, a path the workbook could not be written to.

    `option`: the option that sets it (`--result`, `-o`), named in the sentence; `given`: False for a default
    path (the sentence says so); `default_name`: the file name suggested when the path is a folder; `replace`:
    False when an existing file is a record not to lose (a result), unless `replace_flag` is given."""
    path = Path(path)
    option = option if given else t("outputs.default_path", option=option)
    expected = " / ".join(suffixes)
    if input_path is not None and same_file(path, Path(input_path)):
        raise UsageError(t("outputs.is_input", option=option, path=path))
    try:
        mode: int | None = os.stat(path).st_mode
    except OSError:  # absent, or under something that is not a folder: the folder check says which
        mode = None
    if mode is not None and stat.S_ISDIR(mode):
        example = path / (default_name or f"resultat{suffixes[0]}")
        raise UsageError(t("outputs.is_dir", option=option, path=path, example=example))
    if mode is not None and not stat.S_ISREG(mode):  # /dev/null: replacing it would replace the device
        raise UsageError(t("outputs.not_regular", option=option, path=path, expected=expected))
    if path.suffix.lower() not in suffixes:
        stem = path.name[: -len(path.suffix)] if path.suffix else path.name
        raise UsageError(t("outputs.bad_suffix", option=option, path=path, expected=expected,
                           example=path.with_name(stem + suffixes[0])))
    folder = path.parent
    if not folder.is_dir():
        raise UsageError(t("outputs.no_folder", option=option, path=path, folder=_shown(folder)))
    reason = _unwritable(folder)
    if reason:
        raise UsageError(t("outputs.read_only", option=option, path=path, folder=_shown(folder), reason=reason))
    if os.path.lexists(path):
        if not replace:
            raise UsageError(t("outputs.exists", option=option, path=path, flag=replace_flag))
        return
    reason = _uncreatable(path)
    if reason:
        raise UsageError(t("outputs.bad_name", option=option, path=path, reason=reason))


def check_folder(path: Path, option: str) -> None:
    """A folder bulkio will create (with its parents) and fill: not a file, and where it can be created."""
    path = Path(path)
    if path.exists() and not path.is_dir():
        raise UsageError(t("outputs.not_folder", option=option, path=path))
    existing = next((folder for folder in (path, *path.parents) if folder.exists()), Path.cwd())
    if not existing.is_dir():  # a file on the way: nothing can be created under it
        raise UsageError(t("outputs.not_folder", option=option, path=existing))
    reason = _unwritable(existing)
    if reason:
        raise UsageError(t("outputs.read_only", option=option, path=path, folder=_shown(existing), reason=reason))


def check_journal_dir(folder: Path) -> None:
    """The journals are written before the first request: a folder that cannot hold them fails now, not then."""
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UsageError(t("outputs.journal_dir", folder=folder, reason=error.strerror or error)) from None
    reason = _unwritable(folder)
    if reason:
        raise UsageError(t("outputs.journal_dir", folder=folder, reason=reason))


def same_file(first: Path, second: Path) -> bool:
    try:
        if first.exists() and second.exists():
            return first.samefile(second)  # a hard link or another spelling of the same file
        return first.resolve() == second.resolve()
    except OSError:
        return False


def _shown(folder: Path) -> Path:
    return folder if str(folder) not in ("", ".") else Path.cwd()


def _unwritable(folder: Path) -> str:
    """Why a file cannot be created in `folder` (created and removed to find out), or "" when it can."""
    try:
        handle, name = tempfile.mkstemp(prefix=".bulkio-check-", dir=folder)
        os.close(handle)
        os.unlink(name)
    except OSError as error:
        return str(error.strerror or error)
    return ""


def _uncreatable(path: Path) -> str:
    """Why this very name cannot be created (too long, a character the file system refuses), or "" when it can:
    the folder taking a short name says nothing of this one."""
    try:
        with open(path, "xb"):
            pass
        os.unlink(path)
    except OSError as error:
        return str(error.strerror or error)
    return ""


# --- when the result's own path fails at the end ---


@dataclass(frozen=True)
class Written:
    wanted: Path
    path: Path | None  # where the workbook is; None when no place would take it
    failure: str = ""  # why `wanted` could not be written

    @property
    def fallback(self) -> bool:
        return self.path is not None and self.path != self.wanted

    @property
    def lost(self) -> bool:
        return self.path is None

    @property
    def complete(self) -> bool:
        return self.path == self.wanted


def fallback_dirs() -> list[Path]:
    """The user's own data folder first; the system's temporary folder only through a private subfolder."""
    return [Path(platformdirs.user_data_dir("bulkio", appauthor=False)) / "results", Path(tempfile.gettempdir())]


def unused_path(path: Path) -> Path:
    """`path`, or the first `<stem>-N<suffix>` beside it that no file holds yet."""
    path = Path(path)
    return _free_path(path.parent, path.name)


def write_with_fallback(write: Callable[[Path], None], wanted: Path, fallback_name: str) -> Written:
    """`write(path)` to `wanted`, else to the first fallback folder that takes it. Any failure counts: the
    writes were sent, and their record matters more than the reason it could not be kept where asked."""
    wanted = Path(wanted)
    try:
        write(wanted)
        return Written(wanted, wanted)
    except Exception as error:
        failure = _reason(error)
    for folder in fallback_dirs():
        try:
            path = _free_path(_private(folder), fallback_name)
            write(path)
            return Written(wanted, path, failure)
        except Exception:
            continue
    return Written(wanted, None, failure)


def _private(folder: Path) -> Path:
    if folder == Path(tempfile.gettempdir()):
        return Path(tempfile.mkdtemp(prefix="bulkio-"))  # mode 700: the rows are the dossier's data
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def _free_path(folder: Path, name: str) -> Path:
    path = folder / name
    stem, suffix = path.stem, path.suffix
    count = 1
    while path.exists():
        count += 1
        path = folder / f"{stem}-{count}{suffix}"
    return path


def _reason(error: Exception) -> str:
    cause: BaseException = error
    if isinstance(error, BulkioError) and isinstance(error.__cause__, OSError):
        cause = error.__cause__  # write_zip wraps the OSError in a whole sentence: keep only its reason
    if isinstance(cause, OSError):
        return str(cause.strerror or cause)
    if isinstance(cause, BulkioError):
        return cause.message
    return f"{type(cause).__name__}: {cause}"


def outcome_lines(outcomes: Mapping[tuple[str, int], RowOutcome], lang: str | None = None) -> list[str]:
    """A header, then one line per row (sheet, Excel row, status, error code, MyUnisoft id), in sheet order."""
    lines = [t("outputs.lines_header", lang)]
    for (sheet, row), outcome in outcomes.items():
        lines.append("\t".join((sheet, str(row), outcome.status.label(lang), outcome.error_code,
                                outcome.remote_id)))
    return lines
