"""The preview's dialogs: the problems list, the confirmation, the summary, the help and the mapping (its logic
and the app's side of it: mapping.py)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from rich.markup import escape
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.dom import DOMNode
from textual.screen import ModalScreen
from textual.widgets import Button, OptionList, Select, Static
from textual.widgets.option_list import Option

from bulkio.i18n import t
from bulkio.issues import Issue
from bulkio.outcome import Status
from bulkio.tui.mapping import IGNORE, MappingChoice, MappingRequest
from bulkio.tui.model import IssueGroup

# A rule broken on 100,000 rows must not build 100,000 options: the list shows this many per rule.
ISSUES_PER_GROUP = 200


def translate_bindings(node: DOMNode) -> None:
    """BINDINGS hold message keys as descriptions; each instance shows them in the current language."""
    bindings = node._bindings.key_to_bindings
    for key, found in bindings.items():
        bindings[key] = [replace(b, description=t(b.description)) if b.description else b for b in found]


@dataclass(frozen=True)
class CellRef:
    sheet: str
    row: int | None
    column: str | None  # the header as written in the file


class IssuesScreen(ModalScreen[CellRef | None]):
    """Every problem grouped by rule; Enter on one jumps to its cell."""

    BINDINGS = [Binding("escape,q,i", "dismiss_none", "tui.key.close")]
    DEFAULT_CSS = """
    IssuesScreen { align: center middle; }
    IssuesScreen > Vertical { width: 95%; height: 90%; border: thick $accent; background: $panel; }
    IssuesScreen OptionList { height: 1fr; border: none; }
    IssuesScreen .title { text-style: bold; padding: 0 1; }
    """

    def __init__(self, groups: list[IssueGroup]) -> None:
        super().__init__()
        translate_bindings(self)
        self.groups = groups
        self.targets: dict[str, Issue] = {}

    def compose(self) -> ComposeResult:
        total = sum(len(g.issues) for g in self.groups)
        options: list[Option] = []
        for group in self.groups:
            header = Text(t("tui.issues.group", code=group.code, count=len(group.issues)), style="bold")
            options.append(Option(header, disabled=True))
            for issue in group.issues[:ISSUES_PER_GROUP]:
                option_id = f"issue-{len(self.targets)}"
                self.targets[option_id] = issue
                options.append(Option(_issue_line(issue), id=option_id))
            if len(group.issues) > ISSUES_PER_GROUP:
                options.append(Option(t("tui.issues.more", count=len(group.issues) - ISSUES_PER_GROUP),
                                      disabled=True))
        with Vertical():
            yield Static(t("tui.issues.title", count=total), classes="title")
            if options:
                yield OptionList(*options, markup=False)
            else:
                yield Static(t("tui.issues.none"))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        issue = self.targets.get(event.option.id or "")
        if issue is not None:
            self.dismiss(CellRef(issue.sheet, issue.row, issue.column))

    def action_dismiss_none(self) -> None:
        self.dismiss(None)


def _issue_line(issue: Issue) -> Text:
    where = f"{issue.sheet} · {issue.row if issue.row is not None else t('tui.issues.sheet_level')}"
    if issue.column:
        where += f" · {issue.column}"
    line = Text(f"  {where} — ", style="dim")
    line.append(issue.message)
    return line


@dataclass(frozen=True)
class PushProposal:
    target: str
    sandbox: bool
    writes: int
    requests: int
    eta: str
    blocked: int
    society_changes: str


class ConfirmScreen(ModalScreen[bool]):
    """Names the target and the cost before anything is sent; Cancel has the focus on a real target."""

    BINDINGS = [Binding("escape", "cancel", "tui.confirm.cancel")]
    DEFAULT_CSS = """
    ConfirmScreen { align: center middle; }
    ConfirmScreen > Vertical { width: 76; max-width: 95%; height: auto; border: thick $warning;
                               background: $panel; padding: 1 2; }
    ConfirmScreen .title { text-style: bold; margin-bottom: 1; }
    ConfirmScreen .real { color: $error; text-style: bold; }
    ConfirmScreen .sandbox { color: $success; }
    ConfirmScreen Horizontal { height: auto; margin-top: 1; align-horizontal: right; }
    ConfirmScreen Button { margin-left: 2; }
    """

    def __init__(self, proposal: PushProposal) -> None:
        super().__init__()
        translate_bindings(self)
        self.proposal = proposal

    def compose(self) -> ComposeResult:
        p = self.proposal
        with Vertical():
            yield Static(t("tui.confirm.title"), classes="title")
            yield Static(t("tui.confirm.target", target=p.target), markup=False)
            if p.sandbox:
                yield Static(t("tui.confirm.sandbox"), classes="sandbox")
            else:
                yield Static(t("tui.confirm.real"), classes="real")
            yield Static(t("tui.confirm.writes", writes=p.writes, requests=p.requests, eta=p.eta), markup=False)
            if p.society_changes:
                yield Static(t("tui.confirm.society", changes=p.society_changes), markup=False)
            if p.blocked:
                yield Static(t("tui.confirm.blocked", blocked=p.blocked), markup=False)
            with Horizontal():
                yield Button(t("tui.confirm.cancel"), id="cancel")
                yield Button(t("tui.confirm.send"), id="send", variant="warning" if not p.sandbox else "primary")

    def on_mount(self) -> None:
        # On real data, sending takes a deliberate move to the Send button.
        self.query_one("#send" if self.proposal.sandbox else "#cancel", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "send")

    def action_cancel(self) -> None:
        self.dismiss(False)


@dataclass(frozen=True)
class PushReport:
    counts: dict[str, dict[Status, int]]  # by sheet
    interrupted: bool
    resumed: bool
    result_path: Path | None
    failure: str = ""  # the sentence of an error that stopped the push

    @property
    def failed(self) -> bool:
        return bool(self.failure) or any(per.get(Status.ERROR, 0) or per.get(Status.NOT_SENT, 0)
                                         for per in self.counts.values())


class SummaryScreen(ModalScreen[bool]):
    """After the push: counts per sheet and status, where the result workbook is. True: quit."""

    BINDINGS = [Binding("escape", "close", "tui.key.close"), Binding("q", "quit_app", "tui.key.quit")]
    DEFAULT_CSS = """
    SummaryScreen { align: center middle; }
    SummaryScreen > Vertical { width: 76; max-width: 98%; height: auto; max-height: 95%; border: thick $success;
                               background: $panel; padding: 0 1; }
    SummaryScreen.failed > Vertical { border: thick $error; }
    SummaryScreen .title { text-style: bold; }
    SummaryScreen Horizontal { height: auto; align-horizontal: right; }
    SummaryScreen Button { margin-left: 2; }
    """

    def __init__(self, report: PushReport) -> None:
        super().__init__()
        translate_bindings(self)
        self.report = report

    def compose(self) -> ComposeResult:
        r = self.report
        if r.interrupted or r.failed:
            self.add_class("failed")
        with Vertical():
            title = t("tui.summary.interrupted") if r.interrupted or r.failure else t("tui.summary.done")
            yield Static(title, classes="title")
            if r.failure:
                yield Static(t("tui.summary.failed", error=r.failure), markup=False)
            if r.resumed:
                yield Static(t("tui.summary.resumed"), markup=False)
            if r.counts:
                yield Static(_counts_table(r.counts))
            if r.result_path is not None:
                yield Static(t("tui.summary.result", path=escape(str(r.result_path))), id="result-path")
            if r.interrupted or r.failure:
                yield Static(t("tui.summary.resume"), markup=False)
            with Horizontal():
                yield Button(t("tui.key.close"), id="close")
                yield Button(t("tui.key.quit"), id="quit", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#quit", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "quit")

    def action_close(self) -> None:
        self.dismiss(False)

    def action_quit_app(self) -> None:
        self.dismiss(True)


def _counts_table(counts: dict[str, dict[Status, int]]) -> Table:
    shown = [s for s in Status if any(per.get(s, 0) for per in counts.values())]
    table = Table(expand=False, box=None, padding=(0, 1))
    table.add_column(t("tui.summary.sheet"))
    styles = {Status.CREATED: "green", Status.UPDATED: "green", Status.ERROR: "bold red", Status.NOT_SENT: "yellow"}
    for status in shown:
        table.add_column(status.label(), justify="right", style=styles.get(status, ""))
    for sheet, per in counts.items():
        table.add_row(sheet, *(str(per.get(s, 0)) for s in shown))
    return table


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark,f1", "dismiss_help", "tui.key.close")]
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll { width: 80; max-width: 98%; height: auto; max-height: 95%;
                                  border: thick $accent; background: $panel; padding: 0 1; }
    HelpScreen .title { text-style: bold; }
    """

    def __init__(self, keys: list[tuple[str, str]]) -> None:
        super().__init__()
        translate_bindings(self)
        self.keys = keys

    def compose(self) -> ComposeResult:
        table = Table(box=None, show_header=False, padding=(0, 1))
        table.add_column(style="bold cyan", no_wrap=True)
        table.add_column()
        for key, description in self.keys:
            table.add_row(key, description)
        with VerticalScroll():
            yield Static(t("tui.help.title"), classes="title")
            yield Static(table)
            yield Static(t("tui.help.states"), markup=False)

    def action_dismiss_help(self) -> None:
        self.dismiss(None)


class MappingScreen(ModalScreen[MappingChoice | None]):
    """The active sheet's unrecognised headers, each with a choice among its kind's columns not already there or
    "ignorer"; the sheets not read, each with a kind. Apply (and save): the choices; Escape: nothing."""

    BINDINGS = [Binding("escape", "close", "tui.key.close")]
    DEFAULT_CSS = """
    MappingScreen { align: center middle; }
    MappingScreen > Vertical { width: 90; max-width: 98%; height: auto; max-height: 95%; border: thick $accent;
                               background: $panel; padding: 0 1; }
    MappingScreen .title { text-style: bold; }
    MappingScreen .intro { color: $text-muted; }
    MappingScreen .section { text-style: bold; margin-top: 1; }
    MappingScreen VerticalScroll { height: auto; max-height: 14; }
    MappingScreen .line { height: auto; }
    MappingScreen .line > Static { width: 1fr; padding: 0 1 0 0; }
    MappingScreen .line > Select { width: 36; }
    MappingScreen .problem { color: $error; text-style: bold; }
    MappingScreen Horizontal.buttons { height: auto; align-horizontal: right; }
    MappingScreen Button { margin-left: 2; }
    """

    def __init__(self, request: MappingRequest) -> None:
        super().__init__()
        translate_bindings(self)
        self.request = request

    def compose(self) -> ComposeResult:
        r = self.request
        ignore = (t("tui.mapping.ignore"), IGNORE)
        with Vertical():
            yield Static(t("tui.mapping.title", sheet=r.sheet, kind=r.kind_label), classes="title", markup=False)
            yield Static(t("tui.mapping.intro"), classes="intro", markup=False)
            with VerticalScroll():
                if not r.headers:
                    yield Static(t("tui.mapping.none"), markup=False)
                for index, line in enumerate(r.headers):
                    options = [(choice.label, choice.value) for choice in r.columns]
                    with Horizontal(classes="line"):
                        yield Static(Text(line.header))
                        yield Select(options + ([ignore] if line.can_ignore else []), prompt=t("tui.mapping.leave"),
                                     id=f"header-{index}", compact=True)
                if r.skipped:
                    yield Static(t("tui.mapping.skipped"), classes="section", markup=False)
                for index, sheet in enumerate(r.skipped):
                    with Horizontal(classes="line"):
                        yield Static(Text.assemble(sheet.name, (f"  {sheet.reason}", "dim")))
                        yield Select([(choice.label, choice.value) for choice in r.kinds] + [ignore],
                                     prompt=t("tui.mapping.leave"), id=f"sheet-{index}", compact=True)
            yield Static("", id="mapping-problem", classes="problem", markup=False)
            with Horizontal(classes="buttons"):
                yield Button(t("tui.key.close"), id="close")
                yield Button(t("tui.mapping.save"), id="save")
                yield Button(t("tui.mapping.apply"), id="apply", variant="primary")

    def on_mount(self) -> None:
        selects = self.query(Select)
        if selects:
            selects.first().focus()

    def choice(self, save: bool = False) -> MappingChoice | None:
        """What the selects say; None (with a word on the screen) when two headers take one column."""
        r = self.request
        columns: dict[str, str] = {}
        for index, line in enumerate(r.headers):
            value = self.query_one(f"#header-{index}", Select).value
            if isinstance(value, str):
                taken = next((header for header, column in columns.items() if column == value != IGNORE), None)
                if taken is not None:
                    label = next(choice.label for choice in r.columns if choice.value == value)
                    self._problem(t("tui.mapping.same_column", first=taken, second=line.header, column=label))
                    return None
                columns[line.header] = value
        sheets = {sheet.name: value for index, sheet in enumerate(r.skipped)
                  if isinstance(value := self.query_one(f"#sheet-{index}", Select).value, str)}
        return MappingChoice(columns, sheets, save)

    def _problem(self, text: str) -> None:
        self.query_one("#mapping-problem", Static).update(text)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "close":
            self.dismiss(None)
            return
        save = event.button.id == "save"
        choice = self.choice(save)
        if choice is None:
            return
        if save and not choice and not self.request.can_save:
            self._problem(t("tui.mapping.nothing_to_save"))
            return
        self.dismiss(choice if choice or save else None)

    def action_close(self) -> None:
        self.dismiss(None)


class OverwriteScreen(ModalScreen[Path | None]):
    """The mapping file exists: replace it, or write the free name beside it (the focus), or cancel."""

    BINDINGS = [Binding("escape", "cancel", "tui.mapping.cancel")]
    DEFAULT_CSS = """
    OverwriteScreen { align: center middle; }
    OverwriteScreen > Vertical { width: 76; max-width: 95%; height: auto; border: thick $warning;
                                 background: $panel; padding: 1 2; }
    OverwriteScreen Horizontal { height: auto; margin-top: 1; align-horizontal: right; }
    OverwriteScreen Button { margin-left: 2; }
    """

    def __init__(self, path: Path, other: Path) -> None:
        super().__init__()
        translate_bindings(self)
        self.path, self.other = path, other

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(t("tui.mapping.exists", path=self.path), markup=False)
            with Horizontal():
                yield Button(t("tui.mapping.cancel"), id="cancel")
                yield Button(t("tui.mapping.replace"), id="replace", variant="warning")
                yield Button(t("tui.mapping.new_name", name=self.other.name), id="new", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#new", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        wanted = {"replace": self.path, "new": self.other}
        self.dismiss(wanted.get(event.button.id or ""))

    def action_cancel(self) -> None:
        self.dismiss(None)
