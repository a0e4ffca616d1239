"""Fault campaign: full imports of every sheet kind against the sandbox under faults, kills and restarts.

    python bench/campaign.py                          # seed 20261120, 10 minutes at most, 20 SIGKILLs
    python bench/campaign.py --seed 7 --seconds 120 --kills 20
    python bench/campaign.py --seconds 20 --kills 2 --variants 1     # the smoke test's budget
    python bench/campaign.py --rate-profile capture   # under another rate limiter (docs/sandbox.md)

Each run imports one workbook holding all seven sheet kinds (Comptes, Axes, Sections, Répartitions, Capital,
Associés PP, Associés PM: ~60-80 rows, ~120 writes) into dossier 2 of a freshly emptied sandbox, with
--enable-analytics. The sandbox is its own process (`bulkio sandbox --db FILE`) with the rate limit scaled in
time (20 per 0.5 s), a short stall (1.5 s) and a short client timeout (1 s), so that a run takes seconds.
Three scenarios take turns until the time is up; past it, only what is still owed runs (each scenario once,
and the kills asked for), and a run under way finishes:

  mixed    in process (`run_import`), under mixed faults: 500 errors, commit-then-timeout, 429 storms,
           latency spikes, dropped connections (before or after the commit), rates drawn per run (3 runs in
           10 at 2.5x). A run that ends with rows in error, or with a clean failure (one sentence, no
           traceback), is run again, as a user would.
  kill     `python -m bulkio import ... --yes` in a child process, SIGKILLed after a random (seeded) delay,
           then the same command again (the journal resumes), until it finishes; `--kills` in all, a few per
           run. A few commit-then-timeout faults leave writes in doubt when the kill lands.
  restart  in process, while the sandbox process is killed (SIGKILL or SIGTERM, drawn) and restarted on the
           same port and database mid-run; the client rides it out or fails cleanly, and a re-run finishes.

Reference: each workbook variant is first imported once without faults (the clean run). After each run,
with faults off:
  - live state equals the workbook: planning the workbook again finds 0 writes and 0 blocked rows (the
    re-import would cost nothing), and the audit (`bulkio diff`'s `audit_target`) finds no difference;
  - no duplicate: the sandbox database, read row by row with ids replaced by natural keys, has no row more
    than after the clean run (a key created twice shows here); no resource was written more often than in
    the clean run (`writes_by_resource`: a PUT sent again after it landed), and no write route answered
    "nothing changed" more often (`noop_writes`: an identical re-POST of something that had landed);
  - mismatches: rows of the clean run's database missing or different, plus the plan and audit findings;
  - every input row appears exactly once in each result workbook written, with a Statut; the final one has
    no Erreur / Non envoyé, and equals the clean run's statuses row for row when no re-run was needed.
The exit code is 1 when any of these fails, when a run crashed (a traceback), never converged, or the kills
asked for were not all made.

"retries†" in the table: requests beyond the clean run's (client retries, read-backs, and the planning of
each resume or re-run), as the sandbox counted them.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import httpx
import openpyxl

from bulkio.audit import all_identical, audit_target
from bulkio.config import Target
from bulkio.errors import BulkioError
from bulkio.import_runs import ImportRuns
from bulkio.lanes import open_lanes
from bulkio.load import load_and_validate
from bulkio.multi import plan_import
from bulkio.outcome import Status
from bulkio.plan import Action
from bulkio.sandbox import FIRM_TOKEN, SECRET
from bulkio.sandbox.config import RATE_PROFILES
from bulkio.session import run_import

SOCIETY = 2  # DOSSIER VIDE SAS: the target of every run
CLIENT_TIMEOUT = 1.0  # seconds: Target(timeout=...) in process, `timeout` of the profile for the children
STALL = 1.5  # seconds a commit-then-timeout holds the answer (> CLIENT_TIMEOUT: the client gives up)
MAX_INVOCATIONS = 5  # per run: the first, then re-runs after a clean failure (kills do not count)
OK_STATUSES = {"Créé", "Mis à jour", "Inchangé", "Ignoré"}

# --- the workbook --------------------------------------------------------------------------------------------

HEADERS: dict[str, list[str]] = {
    "Comptes": ["N° de compte", "Libellé", "Compte de contrepartie", "Fournisseur", "Analytique", "Ville",
                "Code postal", "IBAN", "BIC"],
    "Axes": ["Code axe", "Libellé", "Section par défaut"],
    "Sections": ["Code axe", "Code section", "Libellé", "Comptes", "Clôturée", "Par défaut"],
    "Répartitions": ["Code axe", "Clé", "Condition", "Code section", "Taux"],
    "Capital": ["Date d'effet", "Capital", "Nombre de parts"],
    "Associés PP": ["ID personne", "Nom", "Prénom", "Fonction signataire", "Fonction", "Date d'entrée",
                    "Date de sortie", "Date d'effet", "Parts PP", "Parts NP", "Parts US", "Compte associé"],
    "Associés PM": ["Société associée", "Fonction signataire", "Date d'entrée", "Date de sortie", "Date d'effet",
                    "Parts PP", "Parts NP", "Parts US", "Compte associé", "Revenus professionnels"],
}


def day(text: str) -> datetime:
    return datetime.fromisoformat(text)


def iban(bban: str) -> str:
    """A French IBAN with a valid ISO 13616 key (mod 97)."""
    check = 98 - int(bban + "152700") % 97  # "FR00" moved to the end, F=15 R=27
    return f"FR{check:02d}{bban}"


@dataclass
class Book:
    name: str
    path: Path
    sheets: dict[str, list[list[Any]]]

    @property
    def rows(self) -> int:
        return sum(len(rows) for rows in self.sheets.values())


def make_book(rng: random.Random, index: int, folder: Path, scale: float = 1.0) -> Book:
    """One workbook with the seven sheet kinds, its sizes (times `scale`) and contents drawn from `rng`."""

    def count(low: int, high: int, floor: int) -> int:
        return max(floor, round(rng.randint(low, high) * scale))

    comptes: list[list[Any]] = []
    charges, produits = [], []
    for i in range(count(8, 16, 2)):
        cls = "6" if i % 2 == 0 else "7"
        number = f"{cls}{i + 1:03d}{index}0"
        (charges if cls == "6" else produits).append(number)
        analytics = "Oui" if rng.random() < 0.35 else None  # update-only: a create then a PUT
        comptes.append([number, f"{'CHARGES' if cls == '6' else 'PRODUITS'} {index}-{i}", None, None, analytics,
                        None, None, None, None])
    for i in range(count(5, 10, 1)):
        with_bank = rng.random() < 0.4
        comptes.append([f"401F{index}{i:03d}", f"FOURNISSEUR {index}-{i}", rng.choice(charges),
                        rng.choice(["Oui", "Non", None]), None, rng.choice(["LYON", "NANTES", None]),
                        rng.choice(["69003", "44000", None]),
                        iban(f"30006000011234{index}{i:03d}{rng.randint(1000, 9999)}89") if with_bank else None,
                        "AGRIFRPP" if with_bank else None])
    for i in range(count(4, 8, 1)):
        comptes.append([f"411C{index}{i:03d}", f"CLIENT {index}-{i}", rng.choice(produits), None, None,
                        None, None, None, None])
    for number, label in (("455100", "ASSOCIE BENARD ZOE"), ("455200", "ASSOCIE DUBOIS-MOREAU"),
                          ("455300", "ASSOCIE PERRIN"), ("467100", "C/C DEMO PCG SARL"),
                          ("467200", "C/C BOULANGERIE")):
        comptes.append([number, label, None, None, None, None, None, None, None])

    axes, sections, rates = [], [], []
    for a in range(1, count(2, 3, 1) + 1):
        axe = f"AX{index}{a}"
        axes.append([axe, f"Axe {index}.{a}", "ATTENTE"])
        sections.append([axe, "ATTENTE", "Section d'attente", None, "Non", "Oui"])
        open_codes = []
        for s in range(1, count(3, 6, 2) + 1):
            code = f"S{a}{s:02d}"
            condition = f"6{s};-6{s}9" if rng.random() < 0.35 else None  # a create then a PUT
            closed = rng.random() < 0.15  # a create then a PUT; never in a key
            sections.append([axe, code, f"Section {a}.{s}", condition, "Oui" if closed else "Non", "Non"])
            if not closed:
                open_codes.append(code)
        for k in range(rng.randint(1, 2)):
            chosen = rng.sample(open_codes, min(len(open_codes), rng.randint(2, 3)))
            if len(chosen) < 2:
                continue
            cuts = sorted(rng.sample(range(1, 100), len(chosen) - 1))
            shares = [b - a for a, b in zip([0, *cuts], [*cuts, 100], strict=True)]
            for code, share in zip(chosen, shares, strict=True):
                rates.append([axe, f"K{a}{k}", f"6{k};-6{k}7", code, share])

    capital = [[day("2021-03-22"), 1000, 100]]
    pp = [
        [None, "Bénard", "Zoé", "Président", "Dirigeant associé", day("2021-03-22"), None, None, 40, 0, 0, "455100"],
        [None, "Dubois-Moreau", "Chloé", "DG", "Associé", day("2021-03-22"), None, None, 0, 20, 0, "455200"],
        [None, "Perrin", "Noël", "Gérant", "Associé", day("2021-03-22"), None, None, 0, 0, 20, "455300"],
    ]
    pm = [
        ["BOULANGERIE MARTIN EURL", "Gérant", day("2021-03-22"), day("2021-12-31"), None, 10, 0, 0, "467200", "Non"],
        ["DEMO PCG SARL", "Président", day("2022-01-01"), None, None, 30, 0, 0, "467100", "Oui"],
    ]
    sheets = {"Comptes": comptes, "Axes": axes, "Sections": sections, "Répartitions": rates, "Capital": capital,
              "Associés PP": pp, "Associés PM": pm}
    path = folder / f"campaign-{index}.xlsx"
    book = openpyxl.Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        sheet.append(HEADERS[name])
        for row in rows:
            sheet.append(row)
    book.save(path)
    return Book(f"variant {index}", path, sheets)


# --- the sandbox process -------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def empty_stats() -> dict[str, Any]:
    return {"requests": Counter(), "writes": 0, "rejected_429": 0, "writes_by_resource": Counter(),
            "faults": Counter(), "noop_writes": Counter()}


def add_stats(total: dict[str, Any], more: dict[str, Any]) -> dict[str, Any]:
    out = empty_stats()
    for key in out:
        if isinstance(out[key], Counter):
            out[key] = Counter(total.get(key, {})) + Counter(more.get(key, {}))
        else:
            out[key] = int(total.get(key, 0)) + int(more.get(key, 0))
    return out


class SandboxProcess:
    """`python -m bulkio sandbox --db FILE --port P` that can be killed and started again on the same port."""

    def __init__(self, folder: Path, rate_limit: str, rate_profile: str = "docs") -> None:
        self.db = folder / "sandbox.sqlite"
        self.log_path = folder / "sandbox.log"
        self.port = free_port()
        self.rate_limit = rate_limit
        self.rate_profile = rate_profile
        self.process: subprocess.Popen[bytes] | None = None
        self.carried = empty_stats()  # stats of the processes stopped since the last reset

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_url(self) -> str:
        return self.url + "/api/v1"

    def start(self) -> None:
        command = [sys.executable, "-m", "bulkio", "sandbox", "--db", str(self.db), "--port", str(self.port),
                   "--rate-limit", self.rate_limit, "--rate-profile", self.rate_profile, "--empty"]
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the sandbox exited at start ({self.process.returncode}), see {self.log_path}")
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(self.url + "/api/partners/health", timeout=1).status_code == 200:
                    return
            time.sleep(0.05)
        raise RuntimeError(f"the sandbox did not answer within 30 s, see {self.log_path}")

    def stop(self, hard: bool) -> None:
        """SIGKILL (hard) or SIGTERM; the stats so far are kept first (what lands in between is not counted)."""
        with contextlib.suppress(httpx.HTTPError, ValueError):
            self.carried = add_stats(self.carried, self._operator("GET", "stats"))
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL if hard else signal.SIGTERM)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None

    def _operator(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        response = httpx.request(method, f"{self.url}/_sandbox/{path}", json=body, timeout=10)
        if response.status_code >= 400:
            raise ValueError(response.text)
        return response.json()

    def reset(self) -> None:
        self._operator("POST", "reset", {"empty": True})
        self.carried = empty_stats()
        # The Associés PM rows name dossiers 1 and 4 as holders: a holder company with no share is ASSOCIE4, so
        # they get a capital, as they have in the demo data.
        headers = {"X-Third-Party-Secret": SECRET, "Authorization": f"Bearer {FIRM_TOKEN}"}
        for holder in (1, 4):
            response = httpx.post(f"{self.api_url}/society/capital", timeout=10,
                                  headers={**headers, "society-id": str(holder)},
                                  json={"effective_date": "2020-01-01", "capital": 1000, "social_part": 100})
            if response.status_code >= 400:
                raise ValueError(response.text)

    def set_faults(self, **changes: Any) -> None:
        self._operator("POST", "faults", changes)

    def faults_off(self) -> None:
        self.set_faults(error_rate=0.0, timeout_rate=0.0, storm_rate=0.0, spike_rate=0.0, drop_rate=0.0,
                        latency_ms=0)

    def stats(self) -> dict[str, Any]:
        return add_stats(self.carried, self._operator("GET", "stats"))

    def close(self) -> None:
        if self.process is not None:
            self.stop(hard=False)


# --- what a run is checked against ---------------------------------------------------------------------------


def digest(db: Path) -> dict[str, Counter[tuple[Any, ...]]]:
    """Every row of the sandbox database, its own id left out and the ids it refers to replaced by natural keys."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        def pairs(sql: str) -> dict[int, tuple[Any, Any]]:
            return {r[0]: (r[1], r[2]) for r in con.execute(sql)}

        accounts = pairs("SELECT account_id, society_id, account_number FROM account")
        axes = pairs("SELECT id_axe, society_id, code FROM analytic_axe")
        sections = {i: (axes.get(axe), code) for i, (axe, code) in
                    pairs("SELECT id_section, id_axe, code FROM analytic_section").items()}
        keys = {i: (axes.get(axe), code) for i, (axe, code) in
                pairs("SELECT id_key, id_axe, key FROM analytic_key").items()}
        refs: dict[str, dict[int, Any]] = {"account_id": accounts, "counterpart_account_id": accounts, "id_axe": axes,
                                           "id_section": sections, "id_section_default": sections, "id_key": keys}
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
                  if r[0] not in ("meta", "sqlite_sequence")]
        found: dict[str, Counter[tuple[Any, ...]]] = {}
        for table in tables:
            columns = [(c[1], bool(c[5])) for c in con.execute(f"PRAGMA table_info({table})")]
            rows: Counter[tuple[Any, ...]] = Counter()
            for values in con.execute(f"SELECT * FROM {table}"):
                rows[tuple((name, refs[name].get(value, ("?", value)) if name in refs and value is not None else value)
                           for (name, primary), value in zip(columns, values, strict=True) if not primary)] += 1
            found[table] = rows
        return found
    finally:
        con.close()


@dataclass
class Reference:
    """The clean run of a workbook variant."""

    requests: int
    writes: Counter[str]
    noop: Counter[str]
    digest: dict[str, Counter[tuple[Any, ...]]]
    statuses: dict[tuple[str, int], str]
    seconds: float  # the CLI child, start to end
    in_process: float  # the same import in process (run_import), start to end


def read_result(book: Book, path: Path) -> tuple[int, int, dict[tuple[str, int], str]]:
    """(rows missing, rows duplicated, Statut by (sheet, Excel row)) of a result workbook against the input."""
    result = openpyxl.load_workbook(path, read_only=True)
    missing = duplicated = 0
    statuses: dict[tuple[str, int], str] = {}
    for name, rows in book.sheets.items():
        if name not in result.sheetnames:
            missing += len(rows)
            continue
        grid = list(result[name].iter_rows(values_only=True))
        header = [str(h) if h is not None else "" for h in grid[0]] if grid else []
        width = len(HEADERS[name])
        if header[:width] != HEADERS[name] or "Statut" not in header:
            missing += len(rows)
            continue
        at = header.index("Statut")
        wanted = Counter(tuple(row) for row in rows)
        seen: Counter[tuple[Any, ...]] = Counter()
        for number, cells in enumerate(grid[1:], start=2):
            values = tuple(cells[:width]) + (None,) * (width - len(cells[:width]))
            if all(v is None for v in values):
                continue
            status = cells[at] if at < len(cells) else None
            if not status:
                missing += 1  # a row without its Statut
                continue
            seen[values] += 1
            statuses[(name, number)] = str(status)
        missing += sum((wanted - seen).values())
        duplicated += sum((seen - wanted).values())
    result.close()
    return missing, duplicated, statuses


def live_findings(book: Book, sandbox: SandboxProcess) -> list[str]:
    """Why the live dossier differs from the workbook: rows a re-import would write or block, audit findings."""
    target = Target(sandbox.api_url, SECRET, FIRM_TOKEN, SOCIETY, timeout=10.0)
    validation = load_and_validate(book.path)
    lanes = open_lanes(target)
    try:
        plan = plan_import(validation, target, lanes, enable_analytics=True)
    finally:
        lanes.close()
    findings = [f"re-import would {row.action.value} {row.sheet} row {row.excel_row} ({row.natural_key}) "
                f"{row.describe_changes() or row.message}" for row in plan.rows
                if row.writes or row.action is Action.BLOCKED]
    if plan.society_changes:
        findings.append(f"re-import would change the dossier: {plan.society_changes}")
    audits = audit_target(validation, target, "fr")
    if not all_identical(audits):
        for audit in audits:
            findings.extend(f"audit: {sheet.sheet}: {finding}" for sheet in audit.sheets
                            for finding in sheet.differences)
            if audit.error:
                findings.append(f"audit: {audit.error}")
    return findings


# --- runs ----------------------------------------------------------------------------------------------------


@dataclass
class Run:
    scenario: str
    book: Book
    invocations: int = 0
    resumes: int = 0  # invocations that picked up an interrupted one (after a kill, a failure)
    kills: int = 0
    kills_in_doubt: int = 0  # kills that left a write sent and unanswered in the journal
    restarts: int = 0
    heavy: bool = False  # mixed: fault rates x2.5
    faults: Counter[str] = field(default_factory=Counter)
    extra_requests: int = 0
    duplicates: int = 0
    mismatches: int = 0
    result_missing: int = 0
    result_duplicated: int = 0
    crashes: int = 0
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0
    results: list[Path] = field(default_factory=list)  # result workbooks of the invocations that finished
    final_statuses: dict[tuple[str, int], str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems


class Campaign:
    def __init__(self, args: argparse.Namespace, folder: Path) -> None:
        self.args = args
        self.folder = folder
        self.rng = random.Random(args.seed)
        self.sandbox = SandboxProcess(folder, args.rate_limit, args.rate_profile)
        self.books: list[Book] = []
        self.references: dict[str, Reference] = {}
        self.runs: list[Run] = []
        self.kills_left = args.kills
        self.counter = 0
        self.config = folder / "bulkio.toml"
        self.config.write_text(f"[default]\ntimeout = {CLIENT_TIMEOUT}\n", encoding="utf-8")
        os.chmod(self.config, 0o600)

    # -- plumbing --
    def workdir(self, label: str) -> Path:
        self.counter += 1
        path = self.folder / f"{self.counter:03d}-{label}"
        path.mkdir()
        return path

    def target(self) -> Target:
        return Target(self.sandbox.api_url, SECRET, FIRM_TOKEN, SOCIETY, timeout=CLIENT_TIMEOUT)

    def cli(self, book: Book, home: Path, result: Path) -> tuple[list[str], dict[str, str]]:
        command = [sys.executable, "-m", "bulkio", "import", str(book.path), "--base-url", self.sandbox.url,
                   "--society-id", str(SOCIETY), "--yes", "--enable-analytics", "--result", str(result)]
        env = {k: v for k, v in os.environ.items() if not k.startswith(("MYUNISOFT_", "BULKIO_", "XDG_"))}
        env.update({"MYUNISOFT_SECRET": SECRET, "MYUNISOFT_TOKEN": FIRM_TOKEN, "XDG_DATA_HOME": str(home / "data"),
                    "XDG_CONFIG_HOME": str(home / "config"), "BULKIO_CONFIG": str(self.config),
                    "BULKIO_DEBUG": "1", "PYTHONUNBUFFERED": "1"})
        return command, env

    def import_in_process(self, run: Run, journals: Path, result: Path) -> bool:
        """One invocation; True when every row ended well. A clean failure is noted; anything else is a crash."""
        run.invocations += 1
        try:
            _validation, runs = run_import(run.book.path, self.target(), result, journal_dir=journals,
                                           enable_analytics=True)
        except BulkioError as error:
            note(f"    clean failure: {error.message[:160]}")
            return False
        except Exception:
            run.crashes += 1
            run.problems.append("crash: " + traceback.format_exc().strip().splitlines()[-1])
            note(traceback.format_exc())
            return False
        run.results.append(result)
        return not failed(runs)

    # -- the clean run of each variant --
    def reference(self, book: Book) -> Reference:
        self.sandbox.reset()
        self.sandbox.faults_off()
        home = self.workdir("reference")
        result = home / "result.xlsx"
        command, env = self.cli(book, home, result)
        started = time.monotonic()
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
        seconds = time.monotonic() - started
        if done.returncode != 0:
            raise RuntimeError(f"the clean run of {book.name} failed ({done.returncode}):\n{done.stderr[-3000:]}")
        stats = self.sandbox.stats()
        findings = live_findings(book, self.sandbox)
        missing, duplicated, statuses = read_result(book, result)
        bad = [s for s in statuses.values() if s not in OK_STATUSES]
        if findings or missing or duplicated or bad or stats["faults"]:
            raise RuntimeError(f"the clean run of {book.name} is not clean: {findings[:5]} missing={missing} "
                               f"duplicated={duplicated} statuses={Counter(bad)}")
        reference = Reference(sum(stats["requests"].values()), stats["writes_by_resource"], stats["noop_writes"],
                              digest(self.sandbox.db), statuses, seconds, 0.0)
        # The same import in process must give the same requests, writes and state (and its duration).
        self.sandbox.reset()
        again = Run("reference", book)
        started = time.monotonic()
        ok = self.import_in_process(again, home / "journals", home / "result-in-process.xlsx")
        reference.in_process = time.monotonic() - started
        stats = self.sandbox.stats()
        if not ok or stats["writes_by_resource"] != reference.writes or digest(self.sandbox.db) != reference.digest:
            raise RuntimeError(f"the clean runs of {book.name} in a child and in process differ: {again.problems}")
        return reference

    # -- the checks after a run --
    def check(self, run: Run, reference: Reference, strict_statuses: bool) -> None:
        self.sandbox.faults_off()
        stats = self.sandbox.stats()
        run.faults.update({k: v for k, v in stats["faults"].items()})
        limited = stats["rejected_429"] - stats["faults"].get("storm", 0)
        if limited:
            run.faults["429 from the limit"] += limited  # the pacer overran the budget (not a fault)
        run.extra_requests = sum(stats["requests"].values()) - reference.requests
        # Duplicates: a resource written more often than in the clean run; an identical write sent again.
        for resource, count in stats["writes_by_resource"].items():
            if count > reference.writes.get(resource, 0):
                run.duplicates += count - reference.writes.get(resource, 0)
                run.problems.append(f"duplicate: {resource} written {count}x (clean run: "
                                    f"{reference.writes.get(resource, 0)}x)")
        noop, noop_ref = sum(stats["noop_writes"].values()), sum(reference.noop.values())
        if noop > noop_ref:
            run.duplicates += noop - noop_ref
            run.problems.append(f"re-sent writes that had landed (noop_writes): {dict(stats['noop_writes'])}")
        # The database against the clean run's: extra rows are duplicates, missing or different ones mismatches.
        state = digest(self.sandbox.db)
        for table in sorted(set(state) | set(reference.digest)):
            mine, theirs = state.get(table, Counter()), reference.digest.get(table, Counter())
            extra = sum(mine.values()) - sum(theirs.values())
            if extra > 0:
                run.duplicates += extra
                run.problems.append(f"duplicate: {extra} more row(s) in {table}: {list(mine - theirs)[:3]}")
            lost = theirs - mine
            if lost:
                run.mismatches += sum(lost.values())
                run.problems.append(f"mismatch: {table} lacks {list(lost)[:3]}")
        findings = live_findings(run.book, self.sandbox)
        if findings:
            run.mismatches += len(findings)
            run.problems.extend(f"mismatch: {finding}" for finding in findings[:10])
        # The result workbooks: every row once; the last one without errors, and as the clean run's if asked.
        if not run.results:
            run.problems.append("no result workbook was written")
        for path in run.results:
            missing, duplicated, statuses = read_result(run.book, path)
            run.result_missing += missing
            run.result_duplicated += duplicated
            if missing or duplicated:
                run.problems.append(f"result {path.name}: {missing} row(s) missing, {duplicated} duplicated")
            run.final_statuses = statuses
        wrong = {key: s for key, s in run.final_statuses.items() if s not in OK_STATUSES}
        if wrong:
            run.problems.append(f"final result has rows not done: {Counter(wrong.values())}")
        if strict_statuses:
            differing = {key: (s, reference.statuses.get(key)) for key, s in run.final_statuses.items()
                         if s != reference.statuses.get(key)}
            if differing:
                run.problems.append(f"statuses differ from the clean run's: {list(differing.items())[:5]}")

    # -- scenarios --
    def mixed(self, book: Book) -> Run:
        run = Run("mixed", book)
        rng = self.rng
        self.sandbox.reset()
        heavy = rng.random() < 0.3  # enough faults that some rows give up, and a re-run has to finish the job
        scale = 2.5 if heavy else 1.0
        self.sandbox.set_faults(
            seed=rng.randrange(1 << 30), error_rate=scale * rng.uniform(0.04, 0.10),
            timeout_rate=scale * rng.uniform(0.02, 0.06), stall_seconds=STALL, storm_rate=rng.uniform(0.005, 0.02),
            storm_length=rng.randint(2, 5), spike_rate=rng.uniform(0.01, 0.04), spike_ms=rng.randint(300, 1500),
            drop_rate=scale * rng.uniform(0.02, 0.05))
        run.heavy = heavy
        home = self.workdir("mixed")
        for attempt in range(1, MAX_INVOCATIONS + 1):
            if attempt > 1:
                run.resumes += 1
            if self.import_in_process(run, home / "journals", home / f"result-{attempt}.xlsx") or run.crashes:
                break
        else:
            run.problems.append(f"not done after {MAX_INVOCATIONS} invocations")
        self.check(run, self.references[book.name], strict_statuses=run.invocations == 1)
        return run

    def kill(self, book: Book) -> Run:
        run = Run("kill", book)
        rng = self.rng
        self.sandbox.reset()
        self.sandbox.set_faults(seed=rng.randrange(1 << 30), timeout_rate=0.05, stall_seconds=STALL)
        home = self.workdir("kill")
        planned = min(self.kills_left, rng.randint(1, 3))
        expected = self.references[book.name].seconds
        failures = 0
        while True:
            result = home / f"result-{run.invocations + 1}.xlsx"
            command, env = self.cli(book, home, result)
            resuming = unfinished(home / "data")
            run.invocations += 1
            child = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            if run.kills < planned:
                # Anywhere from start-up to the end of the writes; a resumed import has less left to do.
                delay = rng.uniform(0.3, expected * (0.9 if run.kills == 0 else 0.6))
                try:
                    child.wait(timeout=delay)
                except subprocess.TimeoutExpired:
                    child.send_signal(signal.SIGKILL)
                    child.communicate()
                    run.kills += 1
                    self.kills_left -= 1
                    run.kills_in_doubt += bool(in_doubt(home / "data"))
                    run.resumes += 1
                    continue
            try:
                _out, err = child.communicate(timeout=300)
            except subprocess.TimeoutExpired:
                child.kill()
                child.communicate()
                run.problems.append("an import did not finish within 300 s")
                break
            if "Traceback" in err:
                run.crashes += 1
                run.problems.append("crash: " + err.strip().splitlines()[-1])
                note(err)
                break
            if resuming and "Reprise" not in err:
                run.problems.append("a resumed import did not say it resumed")
            if result.exists():
                run.results.append(result)
            if child.returncode == 0:
                break
            failures += 1
            note(f"    exit {child.returncode}: {err.strip().splitlines()[-1] if err.strip() else ''}")
            if failures >= MAX_INVOCATIONS:
                run.problems.append(f"not done after {failures} failed invocations")
                break
            run.resumes += 1
        self.check(run, self.references[book.name], strict_statuses=failures == 0)
        return run

    def restart(self, book: Book) -> Run:
        run = Run("restart", book)
        rng = self.rng
        self.sandbox.reset()
        home = self.workdir("restart")
        expected = self.references[book.name].in_process
        for attempt in range(1, MAX_INVOCATIONS + 1):
            if attempt > 1:
                run.resumes += 1
            outcome: dict[str, bool] = {}

            def work(result: Path = home / f"result-{attempt}.xlsx", outcome: dict[str, bool] = outcome) -> None:
                outcome["ok"] = self.import_in_process(run, home / "journals", result)

            worker = threading.Thread(target=work)
            worker.start()
            if attempt == 1:
                for _ in range(rng.randint(1, 2)):
                    worker.join(timeout=rng.uniform(0.05, 0.8) * expected)
                    if not worker.is_alive():
                        break
                    hard = rng.random() < 0.5
                    self.sandbox.stop(hard=hard)
                    # Mostly short (the client's retries ride it out), sometimes longer than they last.
                    time.sleep(rng.uniform(0.1, 1.5) if rng.random() < 0.8 else rng.uniform(4.0, 8.0))
                    self.sandbox.start()
                    run.restarts += 1
                    run.faults["restart (SIGKILL)" if hard else "restart (SIGTERM)"] += 1
            worker.join(timeout=600)
            if worker.is_alive():
                run.problems.append("an import did not finish within 600 s")
                break
            if outcome.get("ok") or run.crashes:
                break
        else:
            run.problems.append(f"not done after {MAX_INVOCATIONS} invocations")
        self.check(run, self.references[book.name], strict_statuses=run.invocations == 1)
        return run

    # -- the campaign --
    def execute(self) -> int:
        started = time.monotonic()
        deadline = started + self.args.seconds
        self.sandbox.start()
        try:
            print(f"seed {self.args.seed}, budget {self.args.seconds:.0f} s, {self.args.kills} kills, "
                  f"rate limit {self.args.rate_limit} ({self.args.rate_profile}), client timeout {CLIENT_TIMEOUT} s, "
                  f"stall {STALL} s", flush=True)
            for index in range(self.args.variants):
                book = make_book(self.rng, index, self.folder, self.args.scale)
                self.books.append(book)
                self.references[book.name] = self.reference(book)
                ref = self.references[book.name]
                print(f"  clean run of {book.name}: {book.rows} rows, {sum(ref.writes.values())} writes, "
                      f"{ref.requests} requests, {ref.seconds:.1f} s (child), {ref.in_process:.1f} s (in process)",
                      flush=True)
            scenarios: list[tuple[str, Callable[[Book], Run]]] = [
                ("kill", self.kill), ("mixed", self.mixed), ("restart", self.restart)]
            done: Counter[str] = Counter()
            turn = 0
            while True:
                name, scenario = scenarios[turn % len(scenarios)]
                turn += 1
                now = time.monotonic()
                owed = [n for n, _ in scenarios if not done[n]] + (["kill"] if self.kills_left > 0 else [])
                if now >= deadline and (not owed or now >= deadline + max(60.0, self.args.seconds / 2)):
                    break  # past the deadline, only what is owed runs: each scenario once, and the kills
                if (name == "kill" and self.kills_left <= 0) or (now >= deadline and name not in owed):
                    continue
                book = self.rng.choice(self.books)
                begun = time.monotonic()
                run = scenario(book)
                run.seconds = time.monotonic() - begun
                self.runs.append(run)
                done[name] += bool(run.restarts) if name == "restart" else 1  # a restart run owes a restart
                print(f"  {name:<8} {book.name}: {run.invocations} invocation(s), {run.kills} kill(s), "
                      f"{run.restarts} restart(s), faults {dict(run.faults)}, {run.seconds:.1f} s "
                      f"{'ok' if run.ok else 'FAILED'}", flush=True)
                for problem in run.problems:
                    print(f"      {problem}", flush=True)
        finally:
            self.sandbox.close()
        return self.report(time.monotonic() - started)

    def report(self, seconds: float) -> int:
        print()
        header = ["scenario", "runs", "rows", "faults injected", "retries†", "resumes", "dups", "mismatch",
                  "result miss/dup", "time"]
        lines = []
        for name in ("mixed", "kill", "restart"):
            runs = [r for r in self.runs if r.scenario == name]
            if not runs:
                continue
            faults: Counter[str] = Counter()
            for r in runs:
                faults.update(r.faults)
                if r.kills:
                    faults["SIGKILL"] += r.kills
            lines.append([
                name, str(len(runs)), str(sum(r.book.rows for r in runs)),
                ", ".join(f"{kind} {count}" for kind, count in sorted(faults.items())) or "-",
                str(sum(r.extra_requests for r in runs)), str(sum(r.resumes for r in runs)),
                str(sum(r.duplicates for r in runs)), str(sum(r.mismatches for r in runs)),
                f"{sum(r.result_missing for r in runs)}/{sum(r.result_duplicated for r in runs)}",
                f"{sum(r.seconds for r in runs):.0f} s"])
        widths = [max(len(row[i]) for row in [header, *lines]) for i in range(len(header))]
        for row in [header, *lines]:
            print("  ".join(cell.ljust(widths[i]) if i in (0, 3) else cell.rjust(widths[i])
                            for i, cell in enumerate(row)))
        by = {name: [r for r in self.runs if r.scenario == name] for name in ("mixed", "kill", "restart")}
        print()
        if by["mixed"]:
            print(f"mixed: {sum(r.heavy for r in by['mixed'])} of {len(by['mixed'])} runs at 2.5x the fault rates; "
                  f"{sum(r.invocations > 1 for r in by['mixed'])} needed a re-run (rows that gave up, or a clean "
                  f"failure), which finished the job")
        if by["kill"]:
            print(f"kill: {sum(r.kills_in_doubt for r in by['kill'])} of {sum(r.kills for r in by['kill'])} kills "
                  f"left a write sent and unanswered in the journal; {sum(r.invocations for r in by['kill'])} "
                  f"invocations in all")
        if by["restart"]:
            rode = sum(r.invocations == 1 for r in by["restart"])
            print(f"restart: the import rode out the restarts in {rode} of {len(by['restart'])} runs; in "
                  f"{len(by['restart']) - rode} it failed cleanly and a re-run finished")
        print(f"seed {self.args.seed}; {len(self.runs)} runs in {seconds:.0f} s; kills made "
              f"{self.args.kills - self.kills_left}/{self.args.kills}; crashes {sum(r.crashes for r in self.runs)}")
        print("† requests beyond a clean run's: client retries, read-backs, and the planning of each resume/re-run")
        failed_runs = [r for r in self.runs if not r.ok]
        if self.kills_left > 0:
            print(f"FAILED: {self.kills_left} kill(s) not made within the time budget")
        if failed_runs:
            print(f"FAILED: {len(failed_runs)} run(s) broke an invariant (see above); artefacts in {self.folder}")
        if failed_runs or self.kills_left > 0:
            return 1
        print("every invariant held")
        return 0


def failed(runs: ImportRuns) -> bool:
    return runs.failed or any(o.status in (Status.ERROR, Status.NOT_SENT) for o in runs.outcomes.values())


def journals(data: Path) -> Iterator[Path]:
    yield from (data / "bulkio" / "journals").glob("*.sqlite")


def in_doubt(data: Path) -> int:
    """Rows a killed import left `sent` (written, no answer recorded) in its journals."""
    total = 0
    for path in journals(data):
        con = sqlite3.connect(path)
        try:
            total += con.execute("SELECT count(*) FROM entry WHERE state = 'sent'").fetchone()[0]
        finally:
            con.close()
    return total


def unfinished(data: Path) -> bool:
    """The journals hold rows of an unfinished run: the next invocation is a resume."""
    for path in journals(data):
        con = sqlite3.connect(path)
        try:
            unfinished = con.execute("SELECT finished_at IS NULL FROM run").fetchone()
            if unfinished and unfinished[0] and con.execute("SELECT count(*) FROM entry").fetchone()[0]:
                return True
        finally:
            con.close()
    return False


def note(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", type=int, default=20261120)
    parser.add_argument("--seconds", type=float, default=600.0, help="time budget (a run under way finishes)")
    parser.add_argument("--kills", type=int, default=20, help="SIGKILLs of an import, over the whole campaign")
    parser.add_argument("--variants", type=int, default=3, help="workbook variants (each gets a clean run first)")
    parser.add_argument("--scale", type=float, default=1.0, help="workbook size factor (the smoke test: 0.3)")
    parser.add_argument("--rate-limit", default="20/0.5", help="the sandbox's limit, requests/seconds per token")
    parser.add_argument("--rate-profile", default="docs", choices=RATE_PROFILES,
                        help="the sandbox's rate limiter (docs/sandbox.md, 'Rate-limit profiles')")
    parser.add_argument("--workdir", type=Path, help="keep the artefacts (workbooks, results, logs) here")
    args = parser.parse_args(argv)
    if args.workdir is not None:
        args.workdir.mkdir(parents=True, exist_ok=True)
        return Campaign(args, args.workdir).execute()
    with tempfile.TemporaryDirectory(prefix="bulkio-campaign-") as tmp:
        return Campaign(args, Path(tmp)).execute()


if __name__ == "__main__":
    sys.exit(main())
