"""Sharing through a mailbox folder: two and three laptops against one shared folder, as a
synced folder or a USB stick really behaves (files arriving byte by byte and in any order,
conflict copies, lost receipts, strangers' packages)."""
from __future__ import annotations

import hashlib
import os
import shutil
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.models.core import Partner, Trajectory
from app.models.exchange import ExchangeImport
from app.services.exchange import mailbox
from tests.exchange.conftest import snapshot


def add_partner(laptop, name: str, trajectory: str = "Heidebeek") -> None:
    with laptop.db.transaction() as s:
        traj = s.scalar(select(Trajectory).where(Trajectory.name == trajectory))
        if traj is None:
            traj = Trajectory(name=trajectory, municipality="Heidebeek")
            s.add(traj)
            s.flush()
        s.add(Partner(trajectory_id=traj.id, name=name))


def connect(folder: Path, laptop, *others, scope: str = "full", auto: bool = False) -> None:
    with laptop.db.transaction() as s:
        mailbox.save_mailbox(s, "Gedeeld", folder,
                             [mailbox.RecipientSpec(o.public.fingerprint, scope) for o in others],
                             auto_import=auto)


def imports(laptop) -> int:
    with laptop.db.session() as s:
        return s.scalar(select(func.count()).select_from(ExchangeImport))


def files(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.iterdir()) if p.is_file()}


def own_files(folder: Path, laptop) -> set[str]:
    tag = mailbox.short(laptop.public.fingerprint)
    return {n for n in files(folder) if n.startswith((f"bv-{tag}-", f"bv-receipt-{tag}-"))}


@pytest.fixture
def shared(tmp_path):
    folder = tmp_path / "OneDrive - Gemeente" / "Buurtverbinder"
    folder.mkdir(parents=True)
    return folder


@pytest.fixture
def pair(laptops, shared):
    an, bo = laptops("an", "OCMW Heidebeek"), laptops("bo", "LDC De Linde")
    an.trust(bo)
    bo.trust(an)
    connect(shared, an, bo)
    connect(shared, bo, an)
    return an, bo


def test_two_laptops_share_through_one_folder_and_everything_arrives_once(pair, shared):
    an, bo = pair
    add_partner(an, "CAW De Kempen")
    first = mailbox.sync(an.db, import_mode="all")
    assert first.ok and [s.recipient for s in first.mailboxes[0].sent] == ["bo"]
    got = mailbox.sync(bo.db, import_mode="all")
    assert [r.sender for r in got.received] == ["an"] and got.received[0].changes == 2
    add_partner(bo, "Okra Heidebeek")
    mailbox.sync(bo.db, import_mode="all")
    mailbox.sync(an.db, import_mode="all")
    assert snapshot(an.db) == snapshot(bo.db)
    # more passes change nothing and import nothing twice
    before = (imports(an), imports(bo))
    for laptop in (an, bo, an, bo):
        again = mailbox.sync(laptop.db, import_mode="all")
        assert again.received == [] and again.waiting == []
        assert all(not box.sent for box in again.mailboxes)
    assert (imports(an), imports(bo)) == before
    assert snapshot(an.db) == snapshot(bo.db)


def test_confirmed_packages_are_tidied_up_and_only_by_their_sender(pair, shared):
    an, bo = pair
    add_partner(an, "CAW De Kempen")
    mailbox.sync(an.db, import_mode="all")
    mailbox.sync(bo.db, import_mode="all")  # imports, confirms with a receipt, sends its own
    assert any(n.startswith("bv-receipt-") for n in files(shared))
    bo_files = own_files(shared, bo)
    report = mailbox.sync(an.db, import_mode="all")
    assert report.mailboxes[0].pruned == 1
    # an's package is gone; everything bo wrote is still there, unchanged
    assert not any(n.endswith(".bvx") for n in own_files(shared, an))
    assert bo_files <= set(files(shared))


def test_files_arriving_byte_by_byte_in_any_order_are_never_read_half(pair, shared, tmp_path):
    an, bo = pair
    add_partner(an, "CAW De Kempen")
    outbox = tmp_path / "an-side"
    outbox.mkdir()
    with an.db.transaction() as s:  # an writes into its side of a synced folder
        box = mailbox.find_mailbox(s, "Gedeeld")
        box.folder = str(outbox)
    mailbox.sync(an.db, import_mode="all")
    written = {p.name: p.read_bytes() for p in outbox.iterdir()}
    # the sync tool brings the envelope first and the package in slices, then both grow
    order = sorted(written, key=lambda n: not n.endswith(".json"))
    for name in order:
        (shared / name).write_bytes(b"")
    longest = max(len(d) for d in written.values())
    cuts = sorted({*range(0, longest, max(1, longest // 23)), longest - 1})
    for cut in cuts:
        for name in order:
            (shared / name).write_bytes(written[name][:cut])
        report = mailbox.sync(bo.db, import_mode="all", send=False)
        assert report.received == [], f"read at {cut} of {longest} bytes"
        assert imports(bo) == 0
    for name in order:
        (shared / name).write_bytes(written[name])
    report = mailbox.sync(bo.db, import_mode="all", send=False)
    assert [r.sender for r in report.received] == ["an"]
    assert imports(bo) == 1


def test_sync_tool_conflict_copies_are_read_once_and_never_touched(pair, shared):
    an, bo = pair
    add_partner(an, "CAW De Kempen")
    mailbox.sync(an.db, import_mode="all")
    package = next(p for p in shared.iterdir() if p.name.endswith(".bvx"))
    stem = package.name[:-4]
    copies = [f"{stem} (1).bvx", f"{stem}.sync-conflict-20261130-101112-ABCDEFG.bvx",
              f"{stem}-DESKTOP-4F2K9QX.bvx", f"{stem}.bvx (conflicted copy).json"]
    for name in copies:
        shutil.copyfile(package, shared / name)
    before = {n: h for n, h in files(shared).items() if n in copies}
    report = mailbox.sync(bo.db, import_mode="all")
    assert len(report.received) == 1 and imports(bo) == 1
    assert report.mailboxes[0].copies_ignored == len(copies)
    mailbox.sync(an.db, import_mode="all")  # an tidies its confirmed package up
    mailbox.sync(bo.db, import_mode="all")
    assert imports(bo) == 1
    assert {n: h for n, h in files(shared).items() if n in copies} == before


def test_a_conflict_copy_that_holds_a_new_package_is_read(pair, shared):
    an, bo = pair
    add_partner(an, "CAW De Kempen")
    mailbox.sync(an.db, import_mode="all")
    package = next(p for p in shared.iterdir() if p.name.endswith(".bvx"))
    # the sync tool kept only a renamed copy of the package; the envelope never arrived
    package.rename(shared / (package.name[:-4] + " (1).bvx"))
    (shared / (package.name + ".json")).unlink()
    report = mailbox.sync(bo.db, import_mode="all", send=False)
    assert [r.sender for r in report.received] == ["an"]
    assert snapshot(an.db)["partner"] == snapshot(bo.db)["partner"]


def test_a_lost_receipt_is_written_again_and_old_packages_go_after_keep_days(pair, shared):
    an, bo = pair
    add_partner(an, "CAW De Kempen")
    mailbox.sync(an.db, import_mode="all")
    mailbox.sync(bo.db, import_mode="all", send=False)
    receipt = next(p for p in shared.iterdir() if p.name.startswith("bv-receipt-"))
    receipt.unlink()  # lost on the way
    report = mailbox.sync(an.db, import_mode="all", receive=False)
    assert report.mailboxes[0].pruned == 0  # not confirmed: kept
    mailbox.sync(bo.db, import_mode="all", send=False)  # bo writes its receipt again
    assert receipt.exists()
    assert imports(bo) == 1  # and imports nothing twice
    report = mailbox.sync(an.db, import_mode="all", receive=False)
    assert report.mailboxes[0].pruned == 1


def test_unconfirmed_packages_older_than_keep_days_go_but_the_newest_stays(pair, shared,
                                                                          monkeypatch):
    an, _bo = pair
    add_partner(an, "CAW De Kempen")
    mailbox.sync(an.db, import_mode="all")
    later = mailbox.utcnow() + timedelta(days=40)
    monkeypatch.setattr(mailbox, "utcnow", lambda: later)
    add_partner(an, "Okra Heidebeek")
    report = mailbox.sync(an.db, import_mode="all")  # a second package; the first is too old
    assert report.mailboxes[0].pruned == 1
    packages = [n for n in own_files(shared, an) if n.endswith(".bvx")]
    assert len(packages) == 1 and later.strftime("%Y%m%d") in packages[0]


def test_a_package_from_an_unknown_key_waits_and_is_not_touched(pair, laptops, shared):
    _an, bo = pair
    stranger = laptops("x", "Onbekend")
    stranger.trust(bo)  # knows bo's public key; bo does not know the stranger
    add_partner(stranger, "Nep-partner")
    connect(shared, stranger, bo)
    mailbox.sync(stranger.db, import_mode="all")
    theirs = own_files(shared, stranger)
    before = {n: h for n, h in files(shared).items() if n in theirs}
    report = mailbox.sync(bo.db, import_mode="all")
    assert report.received == [] and imports(bo) == 0
    left = report.mailboxes[0].left
    assert len(left) == 1 and "niet gekend" in left[0].text()
    assert {n: h for n, h in files(shared).items() if n in theirs} == before


def test_three_laptops_and_the_lead_organisation(laptops, shared):
    an, bo, lead = laptops("an"), laptops("bo"), laptops("lead", "Welzijnsvereniging")
    for x in (an, bo):
        x.trust(lead, "lead")
        lead.trust(x)
    an.trust(bo)
    bo.trust(an)
    connect(shared, an, bo)
    with an.db.transaction() as s:
        mailbox.save_mailbox(s, "Gedeeld", shared, [
            mailbox.RecipientSpec(bo.public.fingerprint, "full"),
            mailbox.RecipientSpec(lead.public.fingerprint, "lead")],
            mailbox_id=mailbox.find_mailbox(s, "Gedeeld").id)
    connect(shared, bo, an)
    connect(shared, lead)  # the lead organisation only reads
    add_partner(an, "CAW De Kempen")
    add_partner(bo, "Okra Heidebeek", trajectory="Zandhoven")
    lead_received = []
    for _round in range(2):
        for laptop in (an, bo, lead):
            report = mailbox.sync(laptop.db, import_mode="all")
            if laptop is lead:
                lead_received += [r.sender for r in report.received]
    assert set(lead_received) == {"an"}  # the lead reads only what is addressed to it
    with lead.db.session() as s:  # bo's trajectory reached it through an's full copy
        assert set(s.scalars(select(Trajectory.name))) == {"Heidebeek", "Zandhoven"}
    assert snapshot(an.db) == snapshot(bo.db)
    counts = [imports(x) for x in (an, bo, lead)]
    for laptop in (an, bo, lead):
        assert mailbox.sync(laptop.db, import_mode="all").received == []
    assert [imports(x) for x in (an, bo, lead)] == counts


def test_other_senders_files_are_never_changed_or_deleted(laptops, shared):
    people = [laptops(n) for n in ("an", "bo", "cas")]
    for x in people:
        for y in people:
            if x is not y:
                x.trust(y)
    for x in people:
        connect(shared, x, *[y for y in people if y is not x])
        add_partner(x, f"Partner van {x.name}")
    for _round in range(3):
        for x in people:
            before = files(shared)
            mine = own_files(shared, x)
            mailbox.sync(x.db, import_mode="all")
            after = files(shared)
            for name, digest in before.items():
                if name not in mine:
                    assert after.get(name) == digest, f"{x.name} changed {name}"
    snaps = [snapshot(x.db) for x in people]
    assert snaps[0] == snaps[1] == snaps[2]
    assert all(imports(x) >= 2 for x in people)


def test_ask_mode_waits_for_the_users_ok_and_summarises(pair, shared):
    an, bo = pair
    add_partner(an, "CAW De Kempen")
    add_partner(an, "Okra Heidebeek")
    mailbox.sync(an.db, import_mode="all")
    report = mailbox.sync(bo.db, import_mode="ask")
    assert imports(bo) == 0 and len(report.waiting) == 1
    assert mailbox.waiting_summary(report.waiting) == "1 pakket: 3 wijzigingen van an"
    mailbox.import_waiting(bo.db, report.waiting)
    assert imports(bo) == 1 and any(n.startswith("bv-receipt-") for n in files(shared))


def test_auto_import_from_trusted_senders_is_a_mailbox_setting(laptops, shared):
    an, bo = laptops("an"), laptops("bo")
    an.trust(bo)
    bo.trust(an)
    connect(shared, an, bo)
    connect(shared, bo, an, auto=True)
    add_partner(an, "CAW De Kempen")
    mailbox.sync(an.db, import_mode="trusted")
    assert len(mailbox.sync(bo.db, import_mode="trusted").received) == 1


def test_a_dry_run_writes_nothing_anywhere(pair, shared):
    an, _bo = pair
    add_partner(an, "CAW De Kempen")
    before_db = an.db.path.read_bytes()
    report = mailbox.sync(an.db, dry_run=True)
    assert report.mailboxes[0].sent[0].changes == 2
    assert files(shared) == {}
    assert an.db.path.read_bytes() == before_db


def test_an_unplugged_stick_is_reported_and_not_created(pair, tmp_path):
    an, _bo = pair
    stick = tmp_path / "media" / "USB"
    with an.db.transaction() as s:
        mailbox.find_mailbox(s, "Gedeeld").folder = str(stick)
    report = mailbox.sync(an.db)
    assert not report.ok and "niet bereikbaar" in report.mailboxes[0].error.user_message()
    assert not stick.exists()
    with an.db.session() as s:
        assert mailbox.status(s)[0].reachable is False


def test_a_folder_that_goes_read_only_is_a_calm_error(pair, shared):
    if os.geteuid() == 0:
        # root ignores permission bits: make the folder a file's child instead
        an, _bo = pair
        add_partner(an, "CAW De Kempen")
        with an.db.transaction() as s:
            mailbox.find_mailbox(s, "Gedeeld").folder = str(shared / "x.txt")
        (shared / "x.txt").write_text("not a folder")
        report = mailbox.sync(an.db)
        assert not report.ok
        return
    an, _bo = pair
    shared.chmod(0o555)
    try:
        report = mailbox.sync(an.db)
        assert not report.ok and "niet geschreven" in report.mailboxes[0].error.user_message()
    finally:
        shared.chmod(0o755)


def test_status_counts_changes_not_yet_shared(pair, shared):
    an, _bo = pair
    add_partner(an, "CAW De Kempen")
    with an.db.session() as s:
        assert mailbox.status(s)[0].not_shared == 2
    mailbox.sync(an.db)
    with an.db.session() as s:
        st = mailbox.status(s)[0]
        assert st.not_shared == 0 and st.last_sent_at is not None and st.reachable
    add_partner(an, "Okra Heidebeek")
    with an.db.session() as s:
        assert mailbox.status(s)[0].not_shared == 1


def test_a_mailbox_must_name_known_keys_and_a_scope(pair, shared):
    an, _bo = pair
    with an.db.transaction() as s, pytest.raises(mailbox.MailboxError):
        mailbox.save_mailbox(s, "Fout", shared, [mailbox.RecipientSpec("ab" * 32, "full")])
    with an.db.transaction() as s, pytest.raises(mailbox.MailboxError):
        mailbox.save_mailbox(s, "Fout", shared,
                             [mailbox.RecipientSpec(an.public.fingerprint, "alles")])
    with an.db.transaction() as s, pytest.raises(mailbox.MailboxError):
        mailbox.save_mailbox(s, "Gedeeld", shared, [])  # the name is taken
