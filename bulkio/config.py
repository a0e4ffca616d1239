"""Where requests go and with which credentials: the target.

Credentials come from the environment (MYUNISOFT_SECRET, MYUNISOFT_TOKEN) or from a config file
(`bulkio.toml` in the user config directory, or BULKIO_CONFIG), never from the command line, where they
would end up in shell history and process lists. `--sandbox` needs none: it starts the embedded sandbox
and uses its demo credentials. A token `bulkio login` saved comes with its expiry and is renewed during a run
(bulkio/login.py); the file holds no password.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import platformdirs

from bulkio.api.client import DEFAULT_BASE_URL, MyUnisoftClient, normalise_base_url, remember_secrets
from bulkio.errors import UsageError
from bulkio.i18n import register, t

if TYPE_CHECKING:
    from bulkio.login import LoginAnswer, TokenKeeper

register(
    {
        "config.no_credentials": {
            "fr": "identifiants manquants : définissez MYUNISOFT_SECRET et MYUNISOFT_TOKEN (ou le fichier {path}, "
            "que « bulkio login » remplit), ou utilisez --sandbox pour essayer sans compte.",
            "en": "missing credentials: set MYUNISOFT_SECRET and MYUNISOFT_TOKEN (or the file {path}, which "
            "'bulkio login' fills), or use --sandbox to try without an account.",
        },
        "config.bad_file": {
            "fr": "le fichier de configuration {path} est illisible ({error}) : corrigez-le (format TOML).",
            "en": "config file {path} cannot be read ({error}): fix it (TOML format).",
        },
        "config.no_profile": {
            "fr": "le profil « {profile} » n'existe pas dans {path}.",
            "en": "profile '{profile}' does not exist in {path}.",
        },
        "config.bad_credential": {
            "fr": "{name} contient un caractère qui ne peut pas être envoyé dans un en-tête HTTP (accent, retour à "
            "la ligne, caractère de contrôle) : recopiez la valeur (variable d'environnement ou {path}).",
            "en": "{name} holds a character that cannot be sent in an HTTP header (accent, line break, control "
            "character): copy the value again (environment variable or {path}).",
        },
        "config.narrowed": {
            "fr": "attention : le fichier de configuration {path} était lisible par d'autres utilisateurs ; il ne "
            "l'est plus (chmod 600). Changez le secret et les jetons qu'il contenait s'ils ont pu être lus.",
            "en": "warning: the config file {path} was readable by other users; it no longer is (chmod 600). Change "
            "the secret and tokens it held if they may have been read.",
        },
        "config.bad_society": {
            "fr": "society-id « {value} » n'est pas un nombre : donnez l'identifiant numérique du dossier.",
            "en": "society-id '{value}' is not a number: give the dossier's numeric id.",
        },
    }
)

SANDBOX_SECRET = "sandbox-secret"
SANDBOX_FIRM_TOKEN = "sandbox-firm-token"
SANDBOX_DEFAULT_SOCIETY = 2


@dataclass(frozen=True)
class Target:
    base_url: str
    secret: str = field(repr=False)  # a Target shows in tracebacks with locals (BULKIO_DEBUG): never these two
    token: str = field(repr=False)
    society_id: int | None
    sandbox: bool = False
    timeout: float = 30.0
    default_society: bool = False  # society_id is the sandbox's default dossier, not one the user chose
    login: TokenKeeper | None = field(default=None, repr=False, compare=False)  # renews a `bulkio login` token

    def __post_init__(self) -> None:
        remember_secrets(self.secret, self.token)  # hidden from every message and log record from now on

    def describe(self, dossier: str | None = None, dossiers: int = 1) -> str:
        """Where requests go, without secrets; `dossier` names the dossier once it is known, or `dossiers`
        says how many a run of several goes to."""
        kind = "sandbox" if self.sandbox else "MyUnisoft"
        if dossiers > 1:
            return f"{kind} {self.base_url} — {dossiers} dossiers"
        dossier = dossier or (str(self.society_id) if self.society_id is not None else None)
        return f"{kind} {self.base_url} — dossier {dossier}" if dossier else f"{kind} {self.base_url}"

    @property
    def journal_key(self) -> str:
        """Identifies the target in the journal without storing the token. A login token changes at each renewal:
        the account and schema it logs into identify it, so that a run resumes after a renewal."""
        who = self.token if self.login is None else f"login|{self.login.identity}"
        token_hash = hashlib.sha256(who.encode()).hexdigest()[:16]
        return f"{self.base_url}|{self.society_id}|{token_hash}"

    def client(self, **kwargs: object) -> MyUnisoftClient:
        if self.login is not None:
            kwargs.setdefault("renewal", self.login)
        return MyUnisoftClient(
            self.base_url, self.secret, self.token, society_id=self.society_id, timeout=self.timeout,
            **kwargs,  # type: ignore[arg-type]
        )


def config_path() -> Path:
    override = os.environ.get("BULKIO_CONFIG")
    if override:
        return Path(override)
    return Path(platformdirs.user_config_dir("bulkio", appauthor=False)) / "bulkio.toml"


def sandbox_db_path() -> Path:
    return Path(platformdirs.user_data_dir("bulkio", appauthor=False)) / "sandbox.sqlite"


def _parse_society(value: object) -> int | None:
    if value in (None, ""):
        return None
    try:
        return int(str(value).strip())
    except ValueError:
        raise UsageError(t("config.bad_society", value=value)) from None


def load_profile(profile: str = "default") -> dict[str, object]:
    path = config_path()
    if not path.exists():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise UsageError(t("config.bad_file", path=path, error=error)) from None
    section = data.get(profile)
    if section is None:
        if profile != "default":
            raise UsageError(t("config.no_profile", profile=profile, path=path))
        return {}
    return dict(section)


def write_profile(values: dict[str, object], profile: str = "default") -> Path:
    """Save credentials in the config file, readable by the user only."""
    return _write_config({profile: values})


def update_profile(changes: dict[str, object | None], profile: str = "default") -> Path:
    """Set (None: remove) keys of one profile, keeping the file's other profiles and keys; readable by the user
    only."""
    path = config_path()
    data: dict[str, object] = {}
    if path.exists():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
            raise UsageError(t("config.bad_file", path=path, error=error)) from None
    section = data.get(profile)
    values = dict(section) if isinstance(section, dict) else {}
    for key, value in changes.items():
        if value is None:
            values.pop(key, None)
        else:
            values[key] = value
    data[profile] = values
    return _write_config(data)


def _toml_key(key: str) -> str:
    return key if key and all(c.isascii() and (c.isalnum() or c in "-_") for c in key) else json.dumps(key)


def _toml_value(value: object) -> str:
    # json.dumps quotes and escapes a string the way a TOML basic string wants it: a quote in a token cannot
    # end the string and add keys of its own.
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml_value(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_toml_key(str(k))} = {_toml_value(v)}" for k, v in value.items()) + "}"
    return json.dumps(str(value))


def _write_config(data: dict[str, object]) -> Path:
    """The whole file, replaced at once: a run renewing its token may be killed at any moment, and a half-written
    file would lose the secret. A symbolic link stays one (its target is replaced)."""
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    target = path.resolve() if path.is_symlink() else path
    lines = [f"{_toml_key(k)} = {_toml_value(v)}" for k, v in data.items() if not isinstance(v, dict)]
    for name, section in data.items():
        if isinstance(section, dict):
            lines += ["", f"[{_toml_key(name)}]"]
            lines += [f"{_toml_key(str(k))} = {_toml_value(v)}" for k, v in section.items()]
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, stat.S_IRUSR | stat.S_IWUSR)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            if os.name == "posix":
                os.fchmod(fd, stat.S_IRUSR | stat.S_IWUSR)  # a leftover file keeps its mode on open: narrow it first
            handle.write("\n".join(lines).lstrip("\n") + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return path


def fits_a_header(value: str) -> bool:
    """Printable ASCII only: what an HTTP header value (a secret, a token) can carry."""
    return all(" " <= char <= "~" for char in value)


def _credential(variable: str, configured: object) -> str:
    """The environment variable, else the config file's value; surrounding blanks dropped (a pasted line break),
    and a value no HTTP header can carry refused by its name, never shown."""
    value = (os.environ.get(variable) or str(configured or "")).strip()
    remember_secrets(value)
    if not fits_a_header(value):
        raise UsageError(t("config.bad_credential", name=variable, path=config_path()))
    return value


def real_target(base_url: str | None, society_id: str | int | None, profile: str = "default") -> Target:
    values = load_profile(profile)
    secret = _credential("MYUNISOFT_SECRET", values.get("secret"))
    token = _credential("MYUNISOFT_TOKEN", values.get("token"))
    if not secret or not token:
        raise UsageError(t("config.no_credentials", path=config_path()))
    url = base_url or os.environ.get("MYUNISOFT_BASE_URL") or str(values.get("base_url") or DEFAULT_BASE_URL)
    society = society_id if society_id is not None else (
        os.environ.get("MYUNISOFT_SOCIETY_ID") or values.get("society_id")
    )
    timeout = float(str(values.get("timeout") or 30.0))
    return Target(normalise_base_url(url), secret, token, _parse_society(society), timeout=timeout,
                  login=_login_keeper(values, token, profile))


def _login_keeper(values: dict[str, object], token: str, profile: str) -> TokenKeeper | None:
    """The renewal of a token `bulkio login` saved in this profile (None for a static token)."""
    from bulkio.login import keeper_for, profile_values

    def save(answer: LoginAnswer) -> None:
        changes = profile_values(answer, str(values.get("email") or ""), None)
        changes.pop("auth_url")  # unchanged by a renewal
        update_profile(changes, profile)

    return keeper_for(values, token, save)


def open_to_others(path: Path) -> bool:
    """The file exists and other users may read or write it (POSIX)."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return os.name == "posix" and bool(mode & (stat.S_IRGRP | stat.S_IROTH | stat.S_IWGRP | stat.S_IWOTH))


def auth_url(option: str | None, profile: str = "default") -> str:
    """Where the firm login goes: --auth-url, MYUNISOFT_AUTH_URL, the profile's `auth_url`, the documented host."""
    from bulkio.login import DEFAULT_AUTH_URL

    return option or os.environ.get("MYUNISOFT_AUTH_URL") or str(load_profile(profile).get("auth_url")
                                                                   or DEFAULT_AUTH_URL)


@contextmanager
def open_target(
    sandbox: bool, base_url: str | None, society_id: str | int | None, profile: str = "default"
) -> Iterator[Target]:
    """The target, with the embedded sandbox running for the duration when --sandbox is given."""
    if not sandbox:
        yield real_target(base_url, society_id, profile)
        return
    from bulkio.sandbox import EmbeddedSandbox, SandboxConfig  # the sandbox is only loaded when asked for

    db_path = Path(os.environ.get("BULKIO_SANDBOX_DB") or sandbox_db_path())
    db_path.parent.mkdir(parents=True, exist_ok=True)
    with EmbeddedSandbox(SandboxConfig(db_path=db_path)) as running:
        society = _parse_society(society_id) if society_id is not None else SANDBOX_DEFAULT_SOCIETY
        yield Target(running.api_url, SANDBOX_SECRET, SANDBOX_FIRM_TOKEN, society, sandbox=True,
                     default_society=society_id is None)
