"""Break each resume state of bulkio/push.py on purpose and show which tests fail (issue 16).

    python bench/resume_mutations.py

Each mutation is applied to bulkio/push.py in place, tests/unit/test_resume_states.py is run, and the file is
put back whatever happens. A mutation no test catches prints NOTHING FAILED and the script exits 1.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

PUSH = Path(__file__).resolve().parents[1] / "bulkio" / "push.py"
TESTS = "tests/unit/test_resume_states.py"

SEND_WHAT_IS_MISSING = "            elif row.writes:  # NOT_SENT, or SENT_NOT_LANDED: what is still missing is sent"
MUTATIONS = {
    "done: sent again": (
        "                self.result.outcomes[key] = entry.outcome  # done in an earlier run: costs nothing",
        "                pending.append(row)"),
    "sent and landed: reported as an update": (
        "    status = Status.CREATED if entry.action == Action.CREATE.value else Status.UPDATED",
        "    status = Status.UPDATED"),
    "sent and landed: sent again": (
        "    if row.action is Action.UNCHANGED:  # the snapshot shows the row as the workbook says\n"
        "        return ResumeState.SENT_LANDED",
        "    if False:\n        return ResumeState.SENT_LANDED"),
    "sent, not landed: its create reported as an update": (
        "        return self.states[key] is ResumeState.SENT_NOT_LANDED and self.entries[key].action == "
        "Action.CREATE.value",
        "        return False"),
    "sent, not landed: not sent again": (
        SEND_WHAT_IS_MISSING, "            elif row.writes and state is ResumeState.NOT_SENT:"),
    "not sent: never sent": (
        SEND_WHAT_IS_MISSING, "            elif row.writes and state is not ResumeState.NOT_SENT:"),
}


def main() -> int:
    original = PUSH.read_text(encoding="utf-8")
    missed = 0
    try:
        for name, (before, after) in MUTATIONS.items():
            if before not in original:
                print(f"{name}: the code it breaks has changed; update this script")
                missed += 1
                continue
            PUSH.write_text(original.replace(before, after), encoding="utf-8")
            run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", TESTS],
                                 capture_output=True, text=True, cwd=PUSH.parents[1])
            failed = [line.split("::")[1].split(" ")[0] for line in run.stdout.splitlines()
                      if line.startswith("FAILED")]
            missed += not failed
            print(f"{name}: {', '.join(failed) if failed else 'NOTHING FAILED'}")
    finally:
        PUSH.write_text(original, encoding="utf-8")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
