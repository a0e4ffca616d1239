"""Running one case: build its file, run `bulkio import` in-process against the sandbox, read the dossier back
through the API, read the result workbook, run the same import again; then judge.

The sandbox is the embedded one (uvicorn on a loopback socket, in a thread of this process), as in
tests/conftest.py, with the refusals of write routes counted by a thin ASGI wrapper until `/_sandbox/stats`
reports `refused_writes` itself.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import stat
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import openpyxl

from bulkio.sandbox import FIRM_TOKEN, SECRET, EmbeddedSandbox
from tests.realworld.model import Case, Expect, Located, Row
from tests.support.files import digest_or_none

WRITE_METHODS = ("POST", "PUT", "DELETE", "PATCH")
RESULT_LINE = re.compile(r"Classeur résultat : (.+?)\s*$", re.MULTILINE)


# --- the sandbox, with refused writes counted ----------------------------------------------------------------


class RefusalCounter:
    """ASGI wrapper: counts the write requests answered 4xx (429 aside), as `METHOD /path CODE`."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.refused: Counter[str] = Counter()
        self._lock = threading.Lock()

    @property
    def state(self) -> Any:  # EmbeddedSandbox.stop() closes the store through app.state
        return self.app.state

    def clear(self) -> None:
        with self._lock:
            self.refused.clear()

    def snapshot(self) -> dict[str, int]:
        with self._lock:
            return dict(self.refused)

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["method"] not in WRITE_METHODS:
            await self.app(scope, receive, send)
            return

        async def counting(message: Any) -> None:
            if message["type"] == "http.response.start":
                status = message["status"]
                if 400 <= status < 500 and status != 429:
                    with self._lock:
                        self.refused[f"{scope['method']} {scope['path']} {status}"] += 1
            await send(message)

        await self.app(scope, receive, counting)


class CountingSandbox(EmbeddedSandbox):
    counter: RefusalCounter

    def start(self) -> CountingSandbox:
        from bulkio.sandbox import server

        original = server.create_app

        def wrapped(config: Any) -> Any:
            self.counter = RefusalCounter(original(config))
            return self.counter

        server.create_app = wrapped  # type: ignore[assignment]
        try:
            super().start()
        finally:
            server.create_app = original  # type: ignore[assignment]
        return self

    def refused_writes(self, stats: Mapping[str, Any]) -> dict[str, int]:
        """The sandbox's own count when it has one, else the wrapper's."""
        if "refused_writes" in stats:
            return dict(stats["refused_writes"])
        return self.counter.snapshot()


# --- the dossier, read back through the API --------------------------------------------------------------------

State = dict[str, dict[Any, Any]]


FAMILIES = {"accounts": ("accounts",), "analytics": ("axes", "sections", "defaults", "keys"),
            "associates": ("capital", "pp", "pm")}
# The sandbox's write resources (writes_by_resource keys) by the family of entities they change.
RESOURCE_FAMILY = {"account": "accounts", "axe": "analytics", "section": "analytics", "key": "analytics",
                   "rates": "analytics", "capital": "associates", "associate_pp": "associates",
                   "associate_pm": "associates"}


def families_of(resources: Mapping[str, int], entities: set[str]) -> set[str]:
    """The families to read back: accounts always, those a write touched, those the case expects changes in
    (a write of an unknown kind: all of them)."""
    found = {"accounts"}
    for resource in resources:
        family = RESOURCE_FAMILY.get(resource.split(":", 1)[0])
        if family is None:
            return set(FAMILIES)
        found.add(family)
    found.update(family for family, members in FAMILIES.items() if entities & set(members))
    return found


def read_state(sandbox: EmbeddedSandbox, society: int, families: set[str] | None = None) \
        -> tuple[State, dict[str, dict[str, Any]]]:
    """(entity -> {key: value}, account number -> full record), for the families asked (all by default). Entities:
    accounts {number: label}; axes {code: label}; sections {(axe, code): label}; defaults {axe: section};
    keys {(axe, key): {section: rate}}; capital {"latest": (date, amount, shares)};
    pp {(NAME, Firstname, start): (end, PP, NP, US)}; pm {(company, start): (end, PP, NP, US)}."""
    headers = {"X-Third-Party-Secret": SECRET, "Authorization": f"Bearer {FIRM_TOKEN}", "society-id": str(society)}
    state: State = {}
    with httpx.Client(base_url=sandbox.api_url, headers=headers, timeout=10) as http:
        families = set(FAMILIES) if families is None else families
        records = http.get("/account/v2", params={"details": "true", "counterpart": "true"}).json()
        accounts = {r["account_number"]: r for r in records}
        state["accounts"] = {number: r["label"] for number, r in accounts.items()}
        axes = http.get("/analytics/axes").json() if "analytics" in families else None
        if isinstance(axes, list):
            state["axes"] = {a["code"]: a["label"] for a in axes}
            state["sections"], state["defaults"], state["keys"] = {}, {}, {}
            for axe in axes:
                sections = http.get(f"/analytics/axes/{axe['id_axe']}/sections",
                                    params={"closed_section": "true"}).json()
                codes = {s["id_section_analytique"]: s["code"] for s in sections}
                for section in sections:
                    state["sections"][(axe["code"], section["code"])] = section["label"]
                state["defaults"][axe["code"]] = codes.get(axe["id_section_default"])
                for key in http.get(f"/analytics/axes/{axe['id_axe']}/repartition_keys").json():
                    rates = http.get(f"/analytics/repartition_keys/{key['id_repartion_key']}/repartition").json()
                    state["keys"][(axe["code"], key["key"])] = {codes.get(r["id_section"]): r["rate"] for r in rates}
        if "associates" not in families:
            return state, accounts
        associates = http.get(f"/society/{society}/associate").json()
        capital = associates.get("capital")
        state["capital"] = {"latest": (capital["date"], capital["capital"], capital["social_part"])} if capital else {}
        links = associates.get("associate_list") or {}
        state["pp"] = {
            (p["physical_person"]["name"], p["physical_person"]["firstname"], p["start_date"]):
                (p["end_date"], p["social_part"]["PP"], p["social_part"]["NP"], p["social_part"]["US"])
            for p in links.get("physical_person_list", [])}
        state["pm"] = {
            (s["society"]["name"], s.get("start_date", "")):
                (s.get("end_date", ""), s["social_part"]["PP"], s["social_part"]["NP"], s["social_part"]["US"])
            for s in links.get("society_list", [])}
    return state, accounts


def delta(before: State, after: State) -> State:
    """What was added or changed, by entity (a record that disappeared shows as None: bulkio never deletes)."""
    changes: State = {}
    for entity in set(after):
        old, new = before.get(entity, {}), after.get(entity, {})
        found = {key: value for key, value in new.items() if old.get(key) != value}
        found.update({key: None for key in old if key not in new})
        if found:
            changes[entity] = found
    return changes


# --- the command line, in-process ------------------------------------------------------------------------------


@dataclass
class Run:
    code: int
    out: str
    err: str
    seconds: float

    @property
    def shown(self) -> str:
        return self.out + self.err


@contextlib.contextmanager
def environment(home: Path) -> Iterator[None]:
    wanted = {"MYUNISOFT_SECRET": SECRET, "MYUNISOFT_TOKEN": FIRM_TOKEN, "COLUMNS": "400", "LINES": "50",
              "XDG_DATA_HOME": str(home / "data"), "XDG_CONFIG_HOME": str(home / "config"),
              "BULKIO_CONFIG": str(home / "config" / "bulkio.toml")}
    dropped = ("BULKIO_LANG", "MYUNISOFT_SOCIETY_ID", "MYUNISOFT_BASE_URL", "BULKIO_SANDBOX_DB", "BULKIO_DEBUG")
    saved = {name: os.environ.get(name) for name in (*wanted, *dropped)}
    os.environ.update(wanted)
    for name in dropped:
        os.environ.pop(name, None)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


_COMMANDS: dict[int, Any] = {}
_TLS_CONTEXTS: dict[tuple[Any, ...], Any] = {}


@contextlib.contextmanager
def quick_command_line() -> Iterator[None]:
    """Two speed-ups for running the command line in-process, neither changing what it does: the Typer command
    is built once (Typer rebuilds it from the functions' signatures on every call, 55 ms), and the clients share one
    default TLS context (httpx loads the CA bundle for each client, 35 ms, even for http://127.0.0.1)."""
    import httpx._transports.default as transports
    import typer.main

    build_command, make_context = typer.main.get_command, transports.create_ssl_context
    commands, contexts = _COMMANDS, _TLS_CONTEXTS

    def command_of(app: Any) -> Any:
        if id(app) not in commands:
            commands[id(app)] = build_command(app)
        return commands[id(app)]

    def context(verify: Any = True, cert: Any = None, trust_env: bool = True) -> Any:
        if verify is not True or cert is not None:
            return make_context(verify=verify, cert=cert, trust_env=trust_env)
        key = (trust_env, os.environ.get("SSL_CERT_FILE"), os.environ.get("SSL_CERT_DIR"))
        if key not in contexts:
            contexts[key] = make_context(verify=verify, cert=cert, trust_env=trust_env)
        return contexts[key]

    typer.main.get_command = command_of  # type: ignore[assignment]
    transports.create_ssl_context = context  # type: ignore[assignment]
    try:
        yield
    finally:
        typer.main.get_command = build_command
        transports.create_ssl_context = make_context


def cli(args: list[str], home: Path) -> Run:
    from bulkio.cli import main
    from bulkio.i18n import language, set_language

    out, err = io.StringIO(), io.StringIO()
    old_argv, previous = sys.argv, language()
    sys.argv = ["bulkio", *args]
    started = time.perf_counter()
    code: int = 0
    try:
        with environment(home), quick_command_line(), contextlib.redirect_stdout(out), \
                contextlib.redirect_stderr(err):
            try:
                main()
            except SystemExit as exit_:
                code = exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 2)
    finally:
        sys.argv = old_argv
        set_language(previous)
    return Run(code, out.getvalue(), err.getvalue(), time.perf_counter() - started)


@contextlib.contextmanager
def fifo_feeder(path: Path) -> Iterator[None]:
    """A named pipe given as input: whoever opens it for reading gets an empty stream instead of waiting forever."""
    if not (path.exists() and stat.S_ISFIFO(path.stat().st_mode)):
        yield
        return
    stop = threading.Event()

    def feed() -> None:
        for _ in range(20):
            with open(path, "wb"):  # blocks until a reader opens the pipe
                pass
            if stop.is_set():
                return

    thread = threading.Thread(target=feed, daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        while thread.is_alive():
            reader = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # releases a writer waiting in open()
            os.close(reader)
            thread.join(0.05)


# --- the result workbook -----------------------------------------------------------------------------------------

ResultRows = dict[tuple[str, int], tuple[str, str, str]]  # (sheet, Excel row) -> (status, code, message)


def read_result(path: Path) -> tuple[ResultRows, dict[tuple[str, int], int]]:
    """Every row holding a status, and how many status cells each row has (more than 1: a row reported twice)."""
    found: ResultRows = {}
    counts: dict[tuple[str, int], int] = {}
    book = openpyxl.load_workbook(path, data_only=True)
    for sheet in book.worksheets:
        if sheet.title in ("Résumé", "Summary"):
            continue
        header_row, columns = None, {}
        for row in sheet.iter_rows(min_row=1, max_row=min(sheet.max_row, 40)):
            texts = {str(c.value).strip(): c.column for c in row if c.value is not None}
            if "Statut" in texts:
                header_row = row[0].row
                columns = {name: texts.get(name) for name in ("Code erreur", "Message")}
                status_columns = [c.column for c in row if c.value is not None and str(c.value).strip() == "Statut"]
                break
        if header_row is None:
            continue
        for number in range(header_row + 1, sheet.max_row + 1):
            statuses = [sheet.cell(number, column).value for column in status_columns]
            statuses = [s for s in statuses if s not in (None, "")]
            if not statuses:
                continue
            texts = []
            for name in ("Code erreur", "Message"):
                column = columns.get(name)
                value = sheet.cell(number, column).value if column else None
                texts.append("" if value is None else str(value))
            counts[(sheet.title, number)] = len(statuses)
            found[(sheet.title, number)] = (str(statuses[0]), texts[0], texts[1])
    return found, counts


# --- one case, run once ------------------------------------------------------------------------------------------


@dataclass
class Record:
    case: Case
    folder: Path
    input: Path
    result: Path | None = None  # the --result given (None: the default path next to the input)
    result_before: str | None = None  # the digest of a file already at `result` (an earlier run's result)
    first: Run | None = None
    changes: State = field(default_factory=dict)
    accounts: dict[str, dict[str, Any]] = field(default_factory=dict)  # the dossier's accounts afterwards
    stats: dict[str, Any] = field(default_factory=dict)  # the sandbox's stats after the first run
    refused_writes: dict[str, int] = field(default_factory=dict)
    found_result: Path | None = None
    result_rows: ResultRows = field(default_factory=dict)
    status_cells: dict[tuple[str, int], int] = field(default_factory=dict)
    rerun: Run | None = None
    rerun_writes: int = 0
    rerun_write_requests: dict[str, int] = field(default_factory=dict)
    issues: set[Located] | None = None
    input_changed: bool = False
    broken: str | None = None  # the harness itself could not run the case (the builder failed...)

    @property
    def writes(self) -> int:
        return int(self.stats.get("writes", 0))

    @property
    def write_requests(self) -> dict[str, int]:
        return write_requests(self.stats)

    @property
    def reached_import(self) -> bool:
        return self.found_result is not None or self.writes > 0 or bool(self.write_requests)


def write_requests(stats: Mapping[str, Any]) -> dict[str, int]:
    return {key: n for key, n in stats.get("requests", {}).items() if key.split(" ", 1)[0] in WRITE_METHODS}


def command(case: Case, record: Record, sandbox: EmbeddedSandbox) -> list[str]:
    values = {"file": str(record.input), "base": sandbox.api_url, "society": str(case.society),
              "dir": str(record.folder), "result": str(record.result) if record.result else ""}
    if case.command is not None:
        return [part.format(**values) for part in case.command]
    args = ["import", str(record.input), "--base-url", sandbox.api_url, "--society-id", str(case.society), "--yes"]
    if record.result is not None:
        args += ["--result", str(record.result)]
    return [*args, *(part.format(**values) for part in case.args)]


def find_result(record: Record, run: Run) -> Path | None:
    printed = RESULT_LINE.findall(run.shown)
    if printed and Path(printed[-1]).is_file() and not Path(printed[-1]).samefile(record.input):
        return Path(printed[-1])
    given = record.result
    if given is not None and os.path.isfile(given) and given.suffix.lower() in (".xlsx", ".xlsm") \
            and not (record.input.exists() and given.samefile(record.input)) \
            and (record.result_before is None or digest_or_none(given) != record.result_before):
        return given
    if record.result is None:
        made = sorted(record.folder.glob(f"{record.input.stem}.resultat-*.xls*"))
        if made:
            return made[-1]
    return None


COUNTERS = ("requests", "writes_by_resource", "refused_writes", "noop_writes", "faults")


def stats_since(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, Any]:
    """The sandbox's counters for what happened between two snapshots."""
    found: dict[str, Any] = {"writes": int(after.get("writes", 0)) - int(before.get("writes", 0))}
    for name in COUNTERS:
        if name in after:
            old = before.get(name, {})
            found[name] = {key: n - old.get(key, 0) for key, n in after[name].items() if n - old.get(key, 0)}
    return found


class Cleanliness:
    """Whether the sandbox still holds its demo data (no write since the last reset), and each dossier's state
    then: a case that wrote nothing spares the next one a reset, and no case reads the demo data twice."""

    def __init__(self) -> None:
        self.clean = False
        self.demo: dict[int, State] = {}

    def prepare(self, sandbox: CountingSandbox) -> None:
        if not self.clean:
            sandbox.reset()
            self.clean = True

    def before(self, sandbox: CountingSandbox, society: int) -> State:
        if society not in self.demo:
            self.demo[society], _ = read_state(sandbox, society)
        return self.demo[society]


def run_case(case: Case, sandbox: CountingSandbox, folder: Path, sandbox_state: Cleanliness | None = None) \
        -> Record:
    folder.mkdir(parents=True, exist_ok=True)
    record = Record(case, folder, Path(case.input_path) if case.input_path else folder / case.file)
    if case.result is not None:
        record.result = Path(case.result) if Path(case.result).is_absolute() else folder / case.result
    home = folder / "home"
    state = sandbox_state or Cleanliness()
    state.prepare(sandbox)
    try:
        if not case.input_path:
            case.build(record.input)
    except Exception as error:
        record.broken = f"the builder failed: {type(error).__name__}: {error}"
        return record
    before = state.before(sandbox, case.society)
    input_digest = digest_or_none(record.input)
    record.result_before = digest_or_none(record.result) if record.result is not None else None
    args = command(case, record, sandbox)
    baseline = sandbox.stats()
    sandbox.counter.clear()
    state.clean = False
    with fifo_feeder(record.input):
        record.first = cli(args, home)
    record.input_changed = input_digest is not None and digest_or_none(record.input) != input_digest
    record.stats = stats_since(baseline, sandbox.stats())
    record.refused_writes = sandbox.refused_writes(record.stats)
    expected = {entity for expect in case.alternatives for entity in expect.changes}
    after, record.accounts = read_state(sandbox, case.society,
                                        families_of(record.stats.get("writes_by_resource", {}), expected))
    record.changes = delta(before, after)
    record.found_result = find_result(record, record.first)
    if record.found_result is not None:
        try:
            record.result_rows, record.status_cells = read_result(record.found_result)
        except Exception as error:
            record.broken = f"the result workbook {record.found_result} cannot be read: {error}"
    if record.reached_import:
        stats_before = sandbox.stats()
        # The first run's result is read already: the rerun may replace it (else it is refused, and sends nothing).
        again_args = [*args, "--overwrite"] if args[0] == "import" and "--result" in args else args
        with fifo_feeder(record.input):
            record.rerun = cli(again_args, home)
        again = stats_since(stats_before, sandbox.stats())
        record.rerun_writes = again["writes"]
        record.rerun_write_requests = write_requests(again)
    total_writes = record.writes + record.rerun_writes + sum(record.write_requests.values()) \
        + sum(record.rerun_write_requests.values())
    state.clean = total_writes == 0
    if any(expect.issues is not None for expect in case.alternatives) and not case.input_path:
        shown = cli(["validate", str(record.input), "--json"], home)
        try:
            record.issues = {Located(i["sheet"], i["row"], i["column"], i["code"]) for i in json.loads(shown.out)}
        except ValueError:
            record.issues = {Located("(validate --json printed no JSON)", None, shown.shown.strip()[:200], "")}
    return record


# --- judging -----------------------------------------------------------------------------------------------------


def _short(items: list[str], limit: int = 8) -> str:
    more = f" … (+{len(items) - limit})" if len(items) > limit else ""
    return "; ".join(items[:limit]) + more


def _matches(value: str, wanted: str | frozenset[str] | None) -> bool:
    if wanted is None:
        return value == ""
    if isinstance(wanted, frozenset):
        return value in wanted or ("*" in wanted and value != "")
    return value == wanted


def compare_changes(got: State, wanted: Mapping[str, Mapping[Any, Any]]) -> list[str]:
    problems = []
    for entity in sorted(set(got) | set(wanted)):
        have, want = got.get(entity, {}), dict(wanted.get(entity, {}))
        missing = [f"{k!r}" for k in want if k not in have]
        extra = [f"{k!r}={have[k]!r}" for k in have if k not in want]
        wrong = [f"{k!r}: {have[k]!r} instead of {want[k]!r}" for k in want if k in have and have[k] != want[k]]
        if missing:
            problems.append(f"{entity} not written: {_short(missing)}")
        if extra:
            problems.append(f"{entity} written though not meant: {_short(extra)}")
        if wrong:
            problems.append(f"{entity} written wrong: {_short(wrong)}")
    return problems


def _shown(wanted: str | frozenset[str] | None) -> str:
    if wanted is None:
        return ""
    return wanted if isinstance(wanted, str) else "|".join(sorted(wanted))


def compare_rows(got: ResultRows, wanted: Mapping[tuple[str, int], Row]) -> list[str]:
    problems = []
    missing = [f"{s}!{r}" for (s, r) in wanted if (s, r) not in got]
    extra = [f"{s}!{r}={got[(s, r)][0]} {got[(s, r)][1]}".strip() for (s, r) in got if (s, r) not in wanted]
    wrong = []
    for key, row in wanted.items():
        if key not in got:
            continue
        status, code, message = got[key]
        ok = _matches(status, row.status) and _matches(code, row.code) and all(f in message for f in row.says)
        if not ok:
            want_code = _shown(row.code)
            want_status = _shown(row.status)
            wrong.append(f"{key[0]}!{key[1]}: {status} {code} «{message[:90]}» instead of {want_status} {want_code}"
                         + (f" saying {row.says}" if row.says else ""))
    if missing:
        problems.append(f"rows without a status: {_short(missing)}")
    if extra:
        problems.append(f"rows reported though not input rows: {_short(extra)}")
    if wrong:
        problems.append(f"rows: {_short(wrong, 6)}")
    return problems


def _output(run: Run) -> str:
    """What the user read, without the table drawing."""
    lines = [re.sub(r"[┃│┏┓┗┛┡┩└┘━─╇┳┻╈┼]+", " ", line).strip() for line in run.shown.splitlines()]
    return " / ".join(line for line in lines if line)[:700]


def judge(record: Record, expect: Expect) -> list[str]:
    """What differs between the run and one expected outcome (empty: it matches)."""
    if record.broken:
        return [record.broken]
    run = record.first
    assert run is not None
    problems: list[str] = []
    if run.code != expect.exit:
        problems.append(f"exit {run.code} instead of {expect.exit}")
    if record.input_changed:
        problems.append("the input file was modified")
    if expect.refused:
        lines = [line for line in run.shown.splitlines() if line.strip()]
        if len(lines) != 1 or not lines[0].startswith("bulkio : "):
            problems.append(f"not one sentence: {_short([ln[:140] for ln in lines], 4)}")
        if record.writes or record.write_requests:
            problems.append(f"{record.writes} write(s), requests {record.write_requests} before the refusal")
        if record.changes:
            problems.extend(compare_changes(record.changes, {}))
        if record.found_result is not None:
            problems.append(f"a result workbook was written: {record.found_result.name}")
    else:
        problems.extend(compare_changes(record.changes, expect.changes))
        for number, fields in expect.fields.items():
            account = record.accounts.get(number)
            for path, value in fields.items():
                got: Any = account
                for part in path.split("."):
                    if isinstance(got, list) and part.isdigit():
                        got = got[int(part)] if int(part) < len(got) else None
                    else:
                        got = got.get(part) if isinstance(got, dict) else None
                if got != value:
                    problems.append(f"{number}.{path} = {got!r} instead of {value!r}")
        if expect.rows or record.result_rows:
            if record.found_result is None:
                problems.append("no result workbook found (neither --result nor a printed fallback)")
            else:
                problems.extend(compare_rows(record.result_rows, expect.rows))
    for fragment in expect.says:
        if fragment not in run.shown:
            problems.append(f"{fragment!r} not in the output: {_output(run)!r}")
    if expect.issues is not None and record.issues != set(expect.issues):
        missing = sorted(map(str, set(expect.issues) - (record.issues or set())))
        extra = sorted(map(str, (record.issues or set()) - set(expect.issues)))
        problems.append(f"validate --json: missing {_short(missing, 4)}; unexpected {_short(extra, 4)}")
    return problems


def best_judgement(record: Record) -> tuple[Expect, list[str]]:
    """The alternative that matches, else the one with the fewest differences."""
    judged = [(expect, judge(record, expect)) for expect in record.case.alternatives]
    return min(judged, key=lambda pair: len(pair[1]))


def invariants(record: Record) -> list[str]:
    """The four invariants of issue 13, whatever the case expects."""
    if record.broken:
        return [record.broken]
    problems = []
    if record.refused_writes:
        problems.append(f"writes refused by the sandbox: {record.refused_writes}")
    twice = {key: n for key, n in record.stats.get("writes_by_resource", {}).items() if n > 1}
    if twice:
        problems.append(f"records written more than once in one run: {_short([f'{k}×{n}' for k, n in twice.items()])}")
    if record.reached_import:
        expect, _ = best_judgement(record)
        declared = set(expect.rows) if not expect.refused else set()
        if record.found_result is None:
            problems.append("no result workbook (neither at --result nor a printed fallback path)")
        else:
            got = set(record.result_rows)
            if declared and got != declared:
                lost = sorted(f"{s}!{r}" for s, r in declared - got)
                added = sorted(f"{s}!{r}" for s, r in got - declared)
                problems.append(f"input rows without a status: {_short(lost)}; rows that are no input row: "
                                f"{_short(added)}")
            doubled = [f"{s}!{r}" for (s, r), n in record.status_cells.items() if n > 1]
            if doubled:
                problems.append(f"rows with two statuses: {_short(doubled)}")
        if record.rerun_writes or record.rerun_write_requests:
            problems.append(f"the same import again wrote {record.rerun_writes} time(s): "
                            f"{record.rerun_write_requests}")
    return problems
