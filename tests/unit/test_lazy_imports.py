"""Start-up (issue 16): the command line parses and answers `--help`, a command's `--help`, a usage error and
`--version` without importing the heavy libraries; each command imports what it needs when it runs.

Each case runs bulkio's main() in a fresh interpreter and reads sys.modules at the end: a test process has imported
everything already, so only a new one can tell.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import openpyxl
import pytest

import bulkio
from bulkio.api.client import redact_secrets
from bulkio.cli.app import _shares_a_form
from bulkio.validate.text_rules import PANDERA_MIN_ROWS

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("pandas", "numpy", "pandera", "openpyxl", "python_calamine", "textual", "starlette", "uvicorn", "httpx",
         "httpcore")
TOKEN = "tok-9f8e7d6c5b4a"

PROBE = """
import json, os, sys
result, args = sys.argv[1], json.loads(sys.argv[2])
sys.argv = ["bulkio", *args]
code = None
try:
    exec(os.environ.get("PROBE_BEFORE", ""))
    from bulkio.cli import main
    main()
except SystemExit as exit_:
    code = exit_.code
finally:
    with open(result, "w") as handle:
        json.dump({"code": code, "modules": sorted(sys.modules)}, handle)
"""


def bulkio_fresh(args: list[str], tmp_path: Path, **env: str) -> dict[str, Any]:
    """main() with `args` in a new interpreter: exit code, output, and the top-level heavy packages it loaded."""
    result = tmp_path / "probe.json"
    environ = {k: v for k, v in os.environ.items()
               if k not in ("BULKIO_LANG", "MYUNISOFT_SECRET", "MYUNISOFT_TOKEN", "PYTHONPATH")}
    environ.update(env, PYTHONPATH=str(ROOT), COLUMNS="100")
    done = subprocess.run([sys.executable, "-c", PROBE, str(result), json.dumps(args)], cwd=tmp_path, env=environ,
                          capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=120, check=False)
    probe = json.loads(result.read_text())
    loaded = {name.split(".")[0] for name in probe["modules"]}
    return {"code": probe["code"], "out": done.stdout, "err": done.stderr, "heavy": sorted(loaded & set(HEAVY)),
            "modules": probe["modules"]}


@pytest.mark.parametrize(("args", "code", "out", "err"), [
    (["--help"], 0, ["Usage: bulkio", "validate", "import", "preview", "sandbox"], []),
    ([], 2, ["Usage: bulkio", "validate"], []),  # `bulkio` alone: the help, nothing else
    (["import", "--help"], 0, ["Usage: bulkio import", "--dry-run", "--map", "--sheet"], []),
    (["validate", "--help"], 0, ["Usage: bulkio validate", "--json"], []),
    (["preview", "--help"], 0, ["Usage: bulkio preview"], []),
    (["sandbox", "--help"], 0, ["Usage: bulkio sandbox", "--rate-profile"], []),
    (["--version"], 0, [bulkio.__version__], []),
    (["version"], 0, [bulkio.__version__], []),
    (["valider", "x.xlsx"], 2, [], ["bulkio : commande inconnue « valider » : vouliez-vous dire validate ?"]),
    (["import", "x.xlsx", "--dryrun"], 2, [], ["option inconnue « --dryrun » pour bulkio import",
                                                "vouliez-vous dire --dry-run ?"]),
    (["validate", "x.xlsx", "--jsn", "--lang", "en"], 2, [], ["unknown option '--jsn'", "did you mean --json?"]),
    (["import"], 2, [], ["bulkio import attend l'argument FILE"]),
    (["sandbox", "--port", "abc"], 2, [], ["valeur invalide pour --port"]),
])
def test_the_command_line_answers_without_the_heavy_libraries(
    args: list[str], code: int, out: list[str], err: list[str], tmp_path: Path,
) -> None:
    run = bulkio_fresh(args, tmp_path)
    assert run["heavy"] == [], (args, run["heavy"])
    assert run["code"] == code, run["err"]
    for text in out:
        assert text in run["out"], run["out"]
    for text in err:  # translated: the messages registered before they were needed
        assert text in run["err"], run["err"]
    assert "Traceback" not in run["err"] and "inattendue" not in run["err"], run["err"]
    if out == [bulkio.__version__]:
        assert run["out"] == f"{bulkio.__version__}\n"


@pytest.mark.parametrize("args", [["--help"], [], ["import", "--help"], ["sandbox", "--help"]])
def test_the_help_is_the_same_without_the_markdown_and_traceback_modules(args: list[str], tmp_path: Path) -> None:
    """Typer's help renderer is loaded with stand-ins for rich.markdown and rich.traceback, which bulkio's help never
    uses (app._light_help_renderer): the help is the same byte for byte as with the renderer loaded whole, and when
    a stand-in does not fit (a later Typer importing another name), the renderer is loaded whole."""
    light = bulkio_fresh(args, tmp_path)
    assert not {"markdown_it", "pygments"} & {name.split(".")[0] for name in light["modules"]}, \
        "the help loaded markdown-it or Pygments: the stand-ins no longer fit Typer (bulkio/cli/app.py)"
    whole = bulkio_fresh(args, tmp_path, PROBE_BEFORE="import typer.rich_utils")
    assert "markdown_it" in {name.split(".")[0] for name in whole["modules"]}
    unfit = bulkio_fresh(args, tmp_path, PROBE_BEFORE=(
        "import bulkio.cli; sys.modules['bulkio.cli.app']._UNUSED_BY_THE_HELP = {'rich.markdown': 'NoSuchName'}"))
    assert "markdown_it" in {name.split(".")[0] for name in unfit["modules"]}
    assert light["out"] == whole["out"] == unfit["out"] and "Usage: bulkio" in light["out"]
    assert light["code"] == whole["code"] == unfit["code"]
    assert light["err"] == whole["err"] == unfit["err"] == ""


def test_a_usage_error_echoing_a_credential_still_hides_it(tmp_path: Path) -> None:
    """The cheap path skips the redaction only when no credential can be in the sentence: one pasted as an argument
    is still hidden (the redaction is loaded for it), one absent from the sentence costs no import of httpx."""
    pasted = bulkio_fresh(["validate", "plan.xlsx", TOKEN], tmp_path, MYUNISOFT_TOKEN=TOKEN)
    assert pasted["code"] == 2
    assert TOKEN not in pasted["err"] and "« *** »" in pasted["err"], pasted["err"]
    absent = bulkio_fresh(["valider", "plan.xlsx"], tmp_path, MYUNISOFT_TOKEN=TOKEN, MYUNISOFT_SECRET="s3cr3t-value")
    assert absent["heavy"] == [] and "vouliez-vous dire validate ?" in absent["err"], absent


def test_the_cheap_check_never_skips_a_text_that_redaction_would_change() -> None:
    """`_shares_a_form(text, secret)` is False only when redact_secrets(text, (secret,)) returns `text` as it is."""
    rng = random.Random(16)
    alphabet = "ab c\n\t-é€~"
    for _ in range(4000):
        secret = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 9)))
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 20)))
        if rng.random() < 0.3 and secret:  # a piece of the secret inside the text
            start = rng.randint(0, len(secret) - 1)
            text = text[:5] + secret[start:start + rng.randint(1, 8)] + text[5:]
        if not _shares_a_form(text, secret):  # (beside the secrets other tests have registered in this process)
            assert redact_secrets(text, (secret,)) == redact_secrets(text), (text, secret)


def test_validating_a_small_file_loads_no_pandas_nor_the_api(tmp_path: Path) -> None:
    """`bulkio validate` of the 27-row sample reads it (calamine) and checks it without pandas, pandera, numpy,
    openpyxl or anything of the API, the preview or the sandbox (issue 16: within 0.8 s); the answer is unchanged."""
    run = bulkio_fresh(["validate", str(ROOT / "samples" / "comptes-demo.xlsx")], tmp_path)
    assert run["code"] == 0, run["err"]
    assert "Aucune erreur : 27 lignes valides." in run["err"], run["err"]
    assert run["heavy"] == ["python_calamine"], run["heavy"]  # the probe sees what a command imports in its body
    assert "bulkio.pipeline" not in run["modules"] and "bulkio.entities" not in run["modules"]


def test_a_large_sheet_is_checked_by_pandera(tmp_path: Path) -> None:
    """From PANDERA_MIN_ROWS rows, the text rules run through pandera: the command imports it then."""
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Comptes")
    sheet.append(["N° de compte", "Libellé"])
    for i in range(PANDERA_MIN_ROWS):
        sheet.append([f"401{i:06d}", f"FOURNISSEUR {i}"])
    book.save(path := tmp_path / "grand.xlsx")
    run = bulkio_fresh(["validate", str(path)], tmp_path)
    assert run["code"] == 0, run["err"]
    assert f"Aucune erreur : {PANDERA_MIN_ROWS} lignes valides." in run["err"], run["err"]
    assert {"pandas", "pandera"} <= set(run["heavy"]), run["heavy"]
