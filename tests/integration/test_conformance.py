"""`bulkio check --conformance` through the command line: exit 0 and an empty list against the sandbox as
documented; exit 1 and one line per difference against a sandbox answering like the publisher's captures
(rate profile and account shape "capture"). The report holds no secret."""

from __future__ import annotations

from pathlib import Path

import pytest

from bulkio.sandbox import EmbeddedSandbox, SandboxConfig
from tests.conftest import FIRM_TOKEN, SECRET
from tests.integration.test_cli_input import run_cli

CAPTURE_MISSING = ("analytics", "ocr_threshold", "ocr_autovalidation",
                   *(f"complementary_informations.{name}" for name in (
                       "contact_list", "tel2", "is_foreign", "misc_referent", "misc_group", "misc_doubtful_id",
                       "misc_language_id", "misc_archived")))


def test_the_documented_sandbox_conforms(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = tmp_path / "conformite.txt"
    code, out, err = run_cli(["check", "--conformance", "--sandbox", "--report", str(report)], capsys)
    assert code == 0, out + err
    assert "Aucune différence" in out and str(report) in out
    text = report.read_text(encoding="utf-8")
    assert "Requêtes : 5 GET" in text and "Total=20" in text and "Différences" not in text
    assert SECRET not in text and FIRM_TOKEN not in text


def test_an_unwritable_report_path_is_refused_before_any_request(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _out, err = run_cli(["check", "--conformance", "--sandbox", "--report", str(tmp_path / "nope" / "r.txt")],
                              capsys)
    assert code == 2 and "--report" in err, err


def probe(config: SandboxConfig, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
          capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str], str, dict[str, object]]:
    """`check --conformance` with real-looking credentials against a sandbox of this configuration: exit code,
    the difference lines, the report, the sandbox's stats."""
    monkeypatch.setenv("MYUNISOFT_SECRET", SECRET)
    monkeypatch.setenv("MYUNISOFT_TOKEN", FIRM_TOKEN)
    report = tmp_path / "conformite.txt"
    with EmbeddedSandbox(config) as running:
        code, out, err = run_cli(["check", "--conformance", "--base-url", running.url, "--society-id", "4",
                                  "--report", str(report)], capsys)
        stats = running.stats()
    assert "Traceback" not in err, err
    text = report.read_text(encoding="utf-8")
    assert SECRET not in text and FIRM_TOKEN not in text
    lines = [line for line in out.splitlines() if line.startswith("- ")]
    assert all(line in text for line in lines)
    requests = stats["requests"]
    assert isinstance(requests, dict) and all(key.startswith("GET ") for key in requests)
    assert sum(requests.values()) <= 8 and stats["writes"] == 0
    return code, lines, text, stats


def test_a_server_answering_like_the_captures_names_each_difference(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = SandboxConfig(rate_profile="capture", account_shape="capture")
    code, lines, _text, _stats = probe(config, monkeypatch, tmp_path, capsys)
    assert code == 1, lines
    assert "- X-Rate-Limit-Total = 10 (documentation : 20 requêtes par fenêtre)" in lines
    assert any(line.startswith("- fenêtre apparente de 1.") for line in lines), lines
    for name in CAPTURE_MISSING:  # the list lacks it
        assert any(f"champ « {name} » absent (16/16 comptes), nécessaire" in line for line in lines), (name, lines)
    # and so does the per-account read: one line says so, what bulkio does and what the accountant does
    [still] = [line for line in lines if "account_id=&details=true : absents aussi" in line]
    head, fields = still.split(" (", 1)[0], still.split(" (", 1)[1].split(")", 1)[0]
    assert head == "- GET /account/v2?account_id=&details=true : absents aussi", still
    assert sorted(fields.split(", ")) == sorted(CAPTURE_MISSING), still
    assert still.endswith("bloque toute mise à jour d'un compte existant qui les effacerait (UNREAD_FIELDS) ; ces "
                          "modifications se font à la main dans MyUnisoft (Paramètres > Tenue > Plan comptable)")
    assert len(lines) == 2 + len(CAPTURE_MISSING) + 1, lines


@pytest.mark.parametrize("profile", ["sliding-wrong-reset", "skewed-clock", "no-headers"])
def test_each_other_limiter_profile_is_named(
    profile: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, lines, _text, _stats = probe(SandboxConfig(rate_profile=profile), monkeypatch, tmp_path, capsys)
    assert code == 1
    expected = {"sliding-wrong-reset": "- X-Rate-Limit-Reset change", "skewed-clock": "- X-Rate-Limit-Reset dans le "
                "passé", "no-headers": "- en-têtes de débit absents sur 4/4 réponse(s)"}[profile]
    assert any(line.startswith(expected) for line in lines), lines


def test_a_list_shaped_like_the_capture_with_a_documented_per_account_read(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, lines, text, _stats = probe(SandboxConfig(account_shape="capture-list"), monkeypatch, tmp_path, capsys)
    assert code == 1 and len(lines) == len(CAPTURE_MISSING), lines
    for name in CAPTURE_MISSING:  # what tells us which reading of the API is true
        assert f"champ « {name} » présent : bulkio le lit compte par compte" in text
