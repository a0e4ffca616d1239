"""Files that hold credentials are the user's only: the config file bulkio writes is 0600 from its first byte,
the tokens file the user writes is flagged when others can read it, and no other file bulkio writes holds a
token at all (a journal names its target by a hash)."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path
from typing import Any

import pytest

from bulkio.config import config_path, load_profile, real_target, write_profile
from tests.conftest import write_xlsx
from tests.integration.test_cli_input import run_cli
from tests.security.support import (
    ALL_DISTINCT,
    DISTINCT_FIRM_TOKEN,
    DISTINCT_SECRET,
    DISTINCT_SOCIETY_TOKENS,
    data_home,
    echoing_proxy,
    leaks,
    written_files,
)

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_config_file_is_created_readable_by_its_owner_only() -> None:
    path = write_profile({"secret": DISTINCT_SECRET, "token": DISTINCT_FIRM_TOKEN, "society_id": 5})
    assert path == config_path() and mode(path) == 0o600
    assert load_profile() == {"secret": DISTINCT_SECRET, "token": DISTINCT_FIRM_TOKEN, "society_id": 5}


def test_an_existing_open_config_file_is_narrowed_before_the_token_is_written(monkeypatch: pytest.MonkeyPatch) -> None:
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("[default]\n", encoding="utf-8")
    path.chmod(0o644)
    modes_while_writing: list[int] = []
    real_fdopen = os.fdopen

    def watching_fdopen(fd: int, *args: Any, **kwargs: Any) -> Any:
        handle = real_fdopen(fd, *args, **kwargs)
        write = handle.write

        def checked_write(text: str) -> int:
            modes_while_writing.append(stat.S_IMODE(os.fstat(fd).st_mode))
            return write(text)

        handle.write = checked_write
        return handle

    monkeypatch.setattr(os, "fdopen", watching_fdopen)
    write_profile({"token": DISTINCT_FIRM_TOKEN})
    assert modes_while_writing and all(m == 0o600 for m in modes_while_writing), [oct(m) for m in modes_while_writing]
    assert mode(path) == 0o600


def test_a_quote_in_a_credential_cannot_add_keys_to_the_config_file() -> None:
    crafted = 'abc"\nbase_url = "http://evil.example'
    write_profile({"secret": DISTINCT_SECRET, "token": crafted})
    values = load_profile()
    assert values["token"] == crafted and "base_url" not in values


def test_a_tokens_file_others_can_read_is_flagged(
    sandbox, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]  # type: ignore[no-untyped-def]
) -> None:
    monkeypatch.setenv("MYUNISOFT_SECRET", DISTINCT_SECRET)
    monkeypatch.setenv("MYUNISOFT_TOKEN", DISTINCT_FIRM_TOKEN)
    tokens = tmp_path / "jetons.toml"
    tokens.write_text(f'[tokens]\n5 = "{DISTINCT_SOCIETY_TOKENS[5]}"\n', encoding="utf-8")
    book = write_xlsx(tmp_path / "cabinet.xlsx", "Comptes", ["Dossier", "N° de compte", "Libellé"],
                      [["5", "401PERM", "Permissions"]])
    with echoing_proxy(sandbox.url) as proxy:
        args = ["import", str(book), "--base-url", proxy.url, "--tokens", str(tokens), "--dry-run"]
        tokens.chmod(0o644)
        code, out, err = run_cli(args, capsys)
        assert code == 0, err
        assert "lisible par d'autres utilisateurs" in err and f"chmod 600 {tokens}" in err, err
        assert leaks(ALL_DISTINCT, {"stdout": out, "stderr": err}, []) == []
        tokens.chmod(0o600)
        code, _out, err = run_cli(args, capsys)
        assert code == 0, err
        assert "lisible par d'autres" not in err and "chmod" not in err


def test_journals_name_their_target_by_a_hash_never_by_the_token(
    sandbox, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]  # type: ignore[no-untyped-def]
) -> None:
    monkeypatch.setenv("MYUNISOFT_SECRET", DISTINCT_SECRET)
    monkeypatch.setenv("MYUNISOFT_TOKEN", DISTINCT_FIRM_TOKEN)
    book = write_xlsx(tmp_path / "comptes.xlsx", "Comptes", ["N° de compte", "Libellé"], [["401JRNL", "Journal"]])
    with echoing_proxy(sandbox.url) as proxy:
        code, _out, err = run_cli(["import", str(book), "--base-url", proxy.url, "--society-id", "2", "--yes",
                                   "--result", str(tmp_path / "r.xlsx")], capsys)
        key = real_target(proxy.url, "2").journal_key
    assert code == 0, err
    journals = [path for path in written_files(data_home()) if path.suffix == ".sqlite"]
    assert journals
    targets = set()
    for path in journals:
        with sqlite3.connect(path) as db:
            targets |= {row[0] for row in db.execute("SELECT target FROM run")}
    assert targets == {key} and key.rsplit("|", 1)[1] not in DISTINCT_FIRM_TOKEN and len(key.rsplit("|", 1)[1]) == 16
    assert leaks(ALL_DISTINCT, {}, written_files(tmp_path, data_home())) == []
