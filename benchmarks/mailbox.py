"""Sharing a busy laptop through a mailbox folder, against a plain baseline in the same run.

A field worker's laptop holds a campaign with `--visits` home visits (20 000 by default, with
a fifth as many people) and shares it in full with a colleague through one folder. We time
what each side waits for, as the user does (one `mailbox.sync` pass each):

- first time: the sender's pass (package, envelope) and the receiver's pass (check, import,
  receipt), and the package's size;
- after ten changes: ten visits edited on the sender; both passes again;
- nothing changed: one more pass on each side (the sender sends nothing, the receiver finds
  nothing new).

The baseline does the bare work underneath a first share: the same rows read with sqlite3,
written as JSON lines into a deflated zip in the folder, read back into an empty copy of the
tables with one `executemany` per table (benchmarks/exchange.py).

    python benchmarks/mailbox.py [--visits 20000] [--runs 3]
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from exchange import public, timed  # noqa: E402  (the exchange benchmark's own helpers)


def laptop(folder: Path, name: str):
    from app.services.database import open_database
    from app.services.exchange import keys

    db = open_database(folder / f"{name}.sqlite3")
    with db.transaction() as s:
        keys.create_identity(s, name, f"Organisatie {name}")
    return db


def one_run(folder: Path, visits: int) -> dict[str, float]:
    import exchange as plain
    import outreach_visits
    from sqlalchemy import select

    from app.models.outreach import OutreachVisit
    from app.services.database import open_database
    from app.services.exchange import keys, mailbox

    shared = folder / "OneDrive - Gemeente"
    shared.mkdir()
    sender, receiver = laptop(folder, "zender"), laptop(folder, "ontvanger")
    outreach_visits.build(sender, max(1, visits // 5), visits)
    for a, b in ((sender, receiver), (receiver, sender)):
        with a.transaction() as s:
            keys.trust_key(s, public(b), "colleague")
            mailbox.save_mailbox(s, "Team", shared,
                                 [mailbox.RecipientSpec(public(b).fingerprint, "full")])
    t_send, report = timed(lambda: mailbox.sync(sender, import_mode="all"))
    sent = report.mailboxes[0].sent[0]
    t_receive, got = timed(lambda: mailbox.sync(receiver, import_mode="all"))
    assert len(got.received) == 1, got.mailboxes[0].left
    with sender.transaction() as s:
        for visit in s.scalars(select(OutreachVisit).order_by(OutreachVisit.id).limit(10)):
            visit.notes = (visit.notes or "") + " (aangevuld)"
    t_send10, report10 = timed(lambda: mailbox.sync(sender, import_mode="all"))
    sent10 = report10.mailboxes[0].sent[0]
    t_receive10, got10 = timed(lambda: mailbox.sync(receiver, import_mode="all"))
    assert len(got10.received) == 1
    t_idle_send, idle = timed(lambda: mailbox.sync(sender, import_mode="all"))
    assert not idle.mailboxes[0].sent and not idle.received
    t_idle_receive, _r = timed(lambda: mailbox.sync(receiver, import_mode="all"))
    sender.close()
    receiver.close()

    base_zip = shared / "plain.zip"
    t_base_export, rows = timed(lambda: plain.baseline_export(folder / "zender.sqlite3",
                                                              base_zip))
    empty = folder / "leeg.sqlite3"
    open_database(empty).close()
    t_base_import, _n = timed(lambda: plain.baseline_import(base_zip, empty))
    return {"records": sent.records, "rows": rows, "kb": sent.size / 1024,
            "kb10": sent10.size / 1024, "send": t_send, "receive": t_receive,
            "send10": t_send10, "receive10": t_receive10, "idle_send": t_idle_send,
            "idle_receive": t_idle_receive, "base": t_base_export + t_base_import,
            "base_kb": base_zip.stat().st_size / 1024}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--visits", type=int, default=20_000)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    runs = []
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory() as tmp:
            os.environ["BUURTVERBINDER_HOME"] = tmp
            runs.append(one_run(Path(tmp), args.visits))
    med = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
    print(f"runs: {args.runs}, medians; {med['records']:.0f} records shared in full "
          f"({med['rows']:.0f} rows in the baseline)")
    print(f"first time:  send {med['send']:6.2f} s  receive {med['receive']:6.2f} s  "
          f"package {med['kb']:7.0f} KB   baseline {med['base']:5.2f} s "
          f"({med['base_kb']:.0f} KB)   ratio {(med['send'] + med['receive']) / med['base']:.1f}")
    print(f"ten changes: send {med['send10']:6.2f} s  receive {med['receive10']:6.2f} s  "
          f"package {med['kb10']:7.0f} KB   ratio "
          f"{(med['send10'] + med['receive10']) / med['base']:.1f}")
    print(f"nothing new: send {med['idle_send']:6.2f} s  receive {med['idle_receive']:6.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
