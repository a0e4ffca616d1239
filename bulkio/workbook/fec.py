"""A FEC (Fichier des Écritures Comptables, article A47 A-1 du LPF) read as the source of a Comptes sheet.

    looks_like_fec(path)    a .txt/.csv/.tsv (or no suffix) whose first line is a FEC header split by tab or '|':
                            JournalCode, CompteNum, CompteLib, CompAuxNum, CompAuxLib, whatever their case
    read_fec(path, source)  one pass, line by line, in bytes: only the four account columns are kept, counted per
                            distinct (CompteNum, CompteLib, CompAuxNum, CompAuxLib) and decoded once each, so
                            memory grows with the accounts, never with the lines
      general accounts      CompteNum / CompteLib
      third-party accounts  CompAuxNum / CompAuxLib, numbered under the root of their collective: the root the
                            mapping gives (`third_party_roots`), else CompteNum without its trailing zeros, never
                            under 3 characters (411000 -> 411, 40110000 -> 4011); a CompAuxNum that starts with
                            the root already is taken as it is
      labels                the most frequent of an account's labels, the first read on a tie
    It gives a RawSheet named like the Comptes sheet (N° de compte, Libellé, Origine FEC), one row per account
    in the order first read, the Changes (what was built rather than read) and the notes that sum them up.

Every refusal is one InputError sentence naming the line. The format and the choices: docs/fec.md.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from typing import BinaryIO

from bulkio.errors import InputError
from bulkio.i18n import language, t
from bulkio.issues import Issue
from bulkio.spec import COMPTES
from bulkio.spec.api_rules import THIRD_PARTY_PREFIXES
from bulkio.workbook import fec_messages as _messages  # noqa: F401  (registers the messages)
from bulkio.workbook import messages as _workbook_messages  # noqa: F401  (workbook.unreadable)
from bulkio.workbook.source_options import Change, SourceOptions

# Article A47 A-1 du LPF, in this order; BNC/BA cash-basis files have Montant and Sens instead of Debit and Credit.
FEC_COLUMNS = ("JournalCode", "JournalLib", "EcritureNum", "EcritureDate", "CompteNum", "CompteLib", "CompAuxNum",
               "CompAuxLib", "PieceRef", "PieceDate", "EcritureLib", "Debit", "Credit", "EcritureLet", "DateLet",
               "ValidDate", "Montantdevise", "Idevise")
ACCOUNT_COLUMNS = ("comptenum", "comptelib", "compauxnum", "compauxlib")  # folded (casefold)
SIGNATURE = (*ACCOUNT_COLUMNS, "journalcode")
FEC_SUFFIXES = frozenset({".txt", ".csv", ".tsv", ""})
SEPARATORS = (b"\t", b"|")
SNIFF_BYTES = 64 << 10  # what looks_like_fec reads, and what the encoding is judged on
MAX_ACCOUNTS = 500_000  # about 250 MB of accounts and labels; far past any dossier's chart
MAX_LABELS = 50  # distinct labels counted per account: a label that changes on every line cannot grow memory
_DATE = re.compile(rb"(19|20)\d\d(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])")  # AAAAMMJJ
FLUSH_AT = 200_000  # distinct line keys held before they are folded into the accounts

Grid = list[list[object]]


@dataclass
class FecSheet:
    """The RawSheet of a FEC (sources.RawSheet): one header row, then one row per account."""

    name: str
    rows: Grid
    visibility: str = "visible"  # sources.VISIBLE (not imported: sources imports the guard, which sniffs FECs)

    def head(self, nrows: int) -> Grid:
        return self.rows[:nrows]

    def grid(self) -> Grid:
        return self.rows


@dataclass
class FecRead:
    sheet: FecSheet
    changes: list[Change]
    notes: list[Issue]
    lines: int  # entry lines read (header and blank lines aside)
    problems: list[Issue] = field(default_factory=list)  # rows that cannot be imported as built


def looks_like_fec(path: Path) -> bool:
    """By content: the first line is a FEC header (the name only rules out what cannot be one)."""
    path = Path(path)
    if path.suffix.lower() not in FEC_SUFFIXES:
        return False
    try:
        with path.open("rb") as handle:
            head = handle.read(SNIFF_BYTES)
    except OSError:
        return False
    return _header(head) is not None


def default_root(collective: str) -> str:
    """411000 -> 411, 40110000 -> 4011, 401 -> 401, 400000 -> 400: the trailing zeros go, 3 characters stay."""
    stripped = collective.rstrip("0")
    return stripped if len(stripped) >= 3 else collective[:3]


def read_fec(path: Path, source: SourceOptions | None = None) -> FecRead:
    path = Path(path)
    try:
        with path.open("rb") as handle:
            head = handle.read(SNIFF_BYTES)
            found = _header(head)
            if found is None:
                raise InputError(t("fec.not_fec", path=path.name))
            handle.seek(0)
            # The law allows a carriage return alone between records (A47 A-1, I 1°): old Mac files.
            lines = _split_on_cr(handle) if b"\r" in head and b"\n" not in head else iter(handle)
            next(lines)  # the header, read above
            reader = _Reader(path.name, *found, _decoder(head), source or SourceOptions())
            reader.read(lines)
    except OSError as exc:
        raise InputError(t("workbook.unreadable", path=path, reason=exc.strerror or exc)) from exc
    return reader.result()


def _header(data: bytes) -> tuple[bytes, list[str]] | None:
    """The separator and the folded column names of a FEC header line at the start of `data`, or None."""
    if len(data) >= SNIFF_BYTES and b"\n" not in data and b"\r" not in data:
        return None  # no line end in 64 KiB: no header line, whatever the bytes say
    line = data.removeprefix(codecs.BOM_UTF8).split(b"\n", 1)[0].split(b"\r", 1)[0]
    for separator in SEPARATORS:
        names = [name.strip().decode("latin-1").casefold() for name in line.split(separator)]
        if all(column in names for column in SIGNATURE):
            return separator, names
    return None


def _split_on_cr(handle: BinaryIO) -> Iterator[bytes]:
    rest = b""
    while chunk := handle.read(1 << 20):
        lines = (rest + chunk).split(b"\r")
        rest = lines.pop()
        yield from lines
    yield rest


def _decoder(head: bytes) -> Callable[[bytes], str]:
    """UTF-8 when the first 64 KiB are UTF-8, else ISO-8859-15. First 64 KiB in plain ASCII prove nothing: a value
    that is no UTF-8 further down is then read as ISO-8859-15 (a Latin-9 text is almost never valid UTF-8)."""
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=len(head) < SNIFF_BYTES)
    except UnicodeDecodeError:
        return lambda raw: raw.decode("iso8859_15")

    def utf8_or_latin9(raw: bytes) -> str:
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            return raw.decode("iso8859_15")

    return utf8_or_latin9


@dataclass(slots=True)
class _Account:
    number: str
    line: int  # the first line it is on
    collective: str  # its CompteNum
    aux: str  # its CompAuxNum; "" for a general account
    lines: int = 0
    labels: dict[str, list[int]] = field(default_factory=dict)  # label -> [lines, first line]
    unlisted: int = 0  # lines whose label came after MAX_LABELS others

    def add(self, label: str, count: int, line: int) -> None:
        self.lines += count
        found = self.labels.get(label)
        if found is not None:
            found[0] += count
            found[1] = min(found[1], line)
        elif len(self.labels) < MAX_LABELS:
            self.labels[label] = [count, line]
        else:
            self.unlisted += count

    def ranked(self) -> list[tuple[str, int]]:
        """Its non-empty labels, the most frequent first, the first read first on a tie."""
        found = sorted((item for item in self.labels.items() if item[0]), key=lambda item: (-item[1][0], item[1][1]))
        return [(label, counts[0]) for label, counts in found]


class _Reader:
    def __init__(self, name: str, separator: bytes, names: list[str], decode: Callable[[bytes], str],
                 source: SourceOptions) -> None:
        self.name, self.separator, self.decode, self.source = name, separator, decode, source
        self.width = len(names)
        self.positions = [names.index(column) for column in ACCOUNT_COLUMNS]
        # Where a line with too many fields can be proven right up to the account columns: two dates around them.
        dates = [names.index(column) for column in ("ecrituredate", "piecedate") if column in names]
        self.dates = dates if len(dates) == 2 and dates[0] < min(self.positions) and max(self.positions) < dates[1] \
            else None
        self.trailing_separator = names[-1] == ""
        # CompteNum, CompteLib, CompAuxNum and CompAuxLib as read, joined by the separator -> [first line, lines]
        self.seen: dict[bytes, list[int]] = {}
        self.accounts: dict[str, _Account] = {}
        self.collectives: dict[str, dict[str, str]] = {}  # CompAuxNum -> {account number: collective}
        self.roots: dict[str, str] = {}
        self.last_line = self.blank = 0
        self.without_number: list[int] = [0, 0]  # lines, first line
        self.extra_fields: list[int] = [0, 0]
        self.one_more: list[int] = [0, 0]

    def read(self, lines: Iterable[bytes]) -> None:
        """The hot loop: a million lines take 3 to 4 s of CPU (bench/fec_read.py, docs/fec.md). The key is the four
        account fields joined back into one bytes object: 20% faster than a tuple of four, to hash and compare."""
        separator, seen, separators = self.separator, self.seen, self.width - 1
        first, last = min(self.positions), max(self.positions) + 1
        in_order = self.positions == list(range(first, last))  # CompteNum..CompAuxLib side by side, as the law has them
        pick, join, get = itemgetter(*self.positions), separator.join, seen.get
        number = 1
        for number, line in enumerate(lines, start=2):
            if line.count(separator) != separators and not self._usable(line, number):
                continue
            fields = line.split(separator, last)
            key = join(fields[first:last] if in_order else pick(fields))
            entry = get(key)
            if entry is None:
                seen[key] = [number, 1]
                if len(seen) >= FLUSH_AT:
                    self._fold()
            else:
                entry[1] += 1
        self.last_line = number
        self._fold()

    def _usable(self, line: bytes, number: int) -> bool:
        """A line of another width: False for a blank one (skipped), True when its account columns can be read
        anyway, else the refusal naming the line."""
        if not line.strip():
            self.blank += 1
            return False
        fields = line.split(self.separator)
        found = len(fields)
        if found == self.width - 1 and self.trailing_separator:
            return True  # a separator ending the header line, not the entries
        # More fields: read only when the two dates around the account columns are in their places, so that the
        # extra separator is after them (in EcritureLib, most often). One more field, empty: a separator ending
        # every line (said nowhere), or one inside a label of a line whose last field is empty (said when not every
        # line has it, in result()).
        if found > self.width and self.dates is not None \
                and all(_DATE.fullmatch(fields[position].strip()) for position in self.dates):
            _count_line(self.extra_fields if found > self.width + 1 or fields[-1].strip() else self.one_more, number)
            return True
        separator = t("fec.tab") if self.separator == b"\t" else _quote("|")
        hint = t("fec.width.more" if found > self.width else "fec.width.fewer")
        raise InputError(t("fec.width", path=self.name, line=_number(number), found=found, expected=self.width,
                           separator=separator, hint=hint))

    def _fold(self) -> None:
        """The distinct line keys read so far, into the accounts (in the order first read)."""
        decode = self.decode
        for key, (line, count) in self.seen.items():
            number_bytes, label, aux_bytes, aux_label = key.split(self.separator)
            collective = decode(number_bytes).strip()
            if not collective:
                _count_line(self.without_number, line, count)
                continue
            self._account(collective, line, collective, "").add(decode(label).strip(), count, line)
            aux = decode(aux_bytes).strip()
            if aux:
                root = self._root(collective)
                number = aux if aux.startswith(root) else root + aux
                self._account(number, line, collective, aux).add(decode(aux_label).strip(), count, line)
                self.collectives.setdefault(aux, {}).setdefault(number, collective)
        self.seen.clear()

    def _account(self, number: str, line: int, collective: str, aux: str) -> _Account:
        found = self.accounts.get(number)
        if found is None:
            if len(self.accounts) >= MAX_ACCOUNTS:
                raise InputError(t("fec.too_many_accounts", path=self.name, limit=_number(MAX_ACCOUNTS),
                                   line=_number(line)))
            found = self.accounts[number] = _Account(number, line, collective, aux)
        return found

    def _root(self, collective: str) -> str:
        root = self.roots.get(collective)
        if root is None:
            root = self.roots[collective] = self.source.third_party_roots.get(collective) or default_root(collective)
        return root

    def result(self) -> FecRead:
        if not self.accounts:
            raise InputError(t("fec.no_entries", path=self.name))
        if 0 < self.one_more[0] < self.last_line - 1 - self.blank:
            _count_line(self.extra_fields, self.one_more[1], self.one_more[0])
        sheet = COMPTES.sheet_name(language())
        rows: Grid = [[COMPTES.column("account_number").header(language()), COMPTES.column("label").header(language()),
                       t("fec.origin_header")]]
        changes: list[Change] = []
        problems: list[Issue] = []
        varied: list[tuple[_Account, list[tuple[str, int]]]] = []
        row_of: dict[str, int] = {}
        for row, account in enumerate(self.accounts.values(), start=2):
            row_of[account.number] = row
            ranked = account.ranked()
            source = f"CompteNum {account.collective}" + (f" + CompAuxNum {account.aux}" if account.aux else "")
            rows.append([account.number, ranked[0][0] if ranked else None,
                         t("fec.origin", line=_number(account.line), source=source, lines=_lines(account.lines))])
            if account.aux:
                changes.append(Change(sheet, row, "account_number", source, account.number, self._why(account)))
                if account.number.isdigit() and not account.number.startswith(THIRD_PARTY_PREFIXES):
                    problems.append(self._padded(sheet, row, rows[0][0], account, source))
            if len(ranked) > 1 or (ranked and account.unlisted):
                varied.append((account, ranked))
                before = ", ".join(f"{_quote(label)} ({_lines(count)})" for label, count in ranked)
                if account.unlisted:
                    before += " " + t("fec.more_labels", lines=_lines(account.unlisted))
                changes.append(Change(sheet, row, "label", before, ranked[0][0], t("fec.change.labels")))
        shared = {aux: numbers for aux, numbers in self.collectives.items() if len(numbers) > 1}
        for aux, numbers in shared.items():
            why = t("fec.change.two_collectives", aux=aux, collectives=", ".join(dict.fromkeys(numbers.values())),
                    numbers=", ".join(numbers))
            changes += [Change(sheet, row_of[number], "account_number", f"CompteNum {collective} + CompAuxNum {aux}",
                               number, why) for number, collective in numbers.items()]
        return FecRead(FecSheet(sheet, rows), changes, self._notes(sheet, varied, shared),
                       self.last_line - 1 - self.blank, problems)

    def _padded(self, sheet: str, row: int, column: object, account: _Account, source: str) -> Issue:
        """A third party numbered in digits only, outside 40/41/421: MyUnisoft would pad it like a general account
        and so could update a general account of the same number with a third party's label."""
        example = account.collective.rstrip("0") or account.collective
        return Issue(sheet, row, str(column), account.number, "FEC_AUX_DIGITS_ONLY", t(
            "fec.aux_digits_only", sheet=sheet, row=row, column=column, number=account.number, source=source,
            collective=account.collective, example=example))

    def _why(self, account: _Account) -> str:
        root = self._root(account.collective)
        if account.aux.startswith(root):
            return t("fec.change.as_is", aux=account.aux, collective=account.collective, root=root)
        mapped = account.collective in self.source.third_party_roots
        rule = t("fec.rule.mapped", origin=self.source.origin or "--map") if mapped else t("fec.rule.default")
        return t("fec.change.root", aux=account.aux, collective=account.collective, root=root, rule=rule)

    def _notes(self, sheet: str, varied: list[tuple[_Account, list[tuple[str, int]]]],
               shared: Mapping[str, Mapping[str, str]]) -> list[Issue]:
        aux = sum(1 for account in self.accounts.values() if account.aux)
        general = len(self.accounts) - aux
        lines = _plural("fec.lines", self.last_line - 1 - self.blank)
        if aux:
            roots = ", ".join(f"{collective} → {root}" for collective, root in list(self.roots.items())[:3])
            built = t("fec.note.built", path=self.name, general=_plural("fec.general", general),
                      aux=_plural("fec.aux", aux), lines=lines, roots=roots + (", …" if len(self.roots) > 3 else ""))
        else:
            built = t("fec.note.built_general", path=self.name, general=_plural("fec.general", general), lines=lines)
        notes = [Issue(sheet, None, None, None, "FEC_BUILT", built)]
        if varied:
            account, ranked = varied[0]
            notes.append(Issue(sheet, None, None, None, "FEC_LABEL_VARIANTS", t(
                "fec.note.labels", accounts=_plural("fec.varied", len(varied)), number=account.number,
                kept=f"{_quote(ranked[0][0])} ({_lines(ranked[0][1])})",
                other=f"{_quote(ranked[1][0])} ({_lines(ranked[1][1])})" if len(ranked) > 1 else "…")))
        if shared:
            numbers = " / ".join(next(iter(shared.values())))
            notes.append(Issue(sheet, None, None, None, "FEC_TWO_COLLECTIVES", t(
                "fec.note.two_collectives", thirds=_plural("fec.shared", len(shared)), numbers=numbers)))
        for (count, line), code, key in ((self.without_number, "FEC_NO_ACCOUNT_NUMBER", "fec.note.no_number"),
                                         (self.extra_fields, "FEC_EXTRA_FIELDS", "fec.note.extra_fields")):
            if count:
                notes.append(Issue(sheet, None, None, None, code, t(key, count=_number(count), line=_number(line))))
        return notes


def _count_line(counter: list[int], line: int, count: int = 1) -> None:
    """[lines, first line] of something said once for all its lines."""
    counter[1] = line if not counter[0] else min(counter[1], line)
    counter[0] += count


def _number(value: int) -> str:
    return f"{value:,}" if language() == "en" else f"{value:,}".replace(",", "\u202f")


def _lines(count: int) -> str:
    return _plural("fec.lines", count)


def _quote(text: str) -> str:
    return f"'{text}'" if language() == "en" else f"« {text} »"


def _plural(key: str, count: int) -> str:
    return t(f"{key}.one" if count == 1 else f"{key}.many", n=_number(count))
