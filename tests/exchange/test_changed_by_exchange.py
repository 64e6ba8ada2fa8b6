"""Who changed a record (`changed_by`) stays in its own database: no package carries it, on
either engine, and the receiver's own name (or the server's user) is stamped instead."""
from app.models.core import Partner
from tests.server.test_changed_by import add_partner, changed_by, package_text

BOTH_ENGINES = True


def test_the_laptops_own_name_never_travels(laptops):
    """Both engines: a package holds no `changed_by`, and the receiver stamps its own."""
    anna, lead = laptops("anna"), laptops("lead")
    anna.trust(lead, "lead")
    pid = add_partner(anna.db, "OCMW Anna")
    assert changed_by(anna.db, pid)  # stamped on the sending laptop
    path = anna.export("full", to=lead)
    inside = package_text(lead, path)
    assert b"OCMW Anna" in inside and b"changed_by" not in inside
    lead.import_(path)
    stamped = changed_by(lead.db, pid)
    if lead.db.engine.dialect.name == "sqlite":  # added in bulk on a file: not known
        assert stamped == ""
    else:
        assert stamped == lead.db.user


def test_a_record_an_import_changed_shows_who_imported_it(laptops):
    """Changed here, then changed by a package (merged through the ORM): on a file no one
    (it came from elsewhere, like the records added in bulk), on a server the user."""
    from app.services import records

    anna, lead = laptops("anna"), laptops("lead")
    anna.trust(lead, "lead")
    pid = add_partner(anna.db, "OCMW Anna")
    lead.import_(anna.export("full", to=lead))
    with lead.db.transaction() as s:  # changed here first
        records.update(s, s.get(Partner, pid), phone="011 11 11 11")
    own = lead.db.device_name if lead.db.engine.dialect.name == "sqlite" else lead.db.user
    assert changed_by(lead.db, pid) == own
    with anna.db.transaction() as s:  # another field on the laptop: merged, no conflict
        records.update(s, s.get(Partner, pid), email="info@anna.be")
    lead.import_(anna.export("full", to=lead))
    with lead.db.session() as s:
        partner = s.get(Partner, pid)
        assert (partner.phone, partner.email) == ("011 11 11 11", "info@anna.be")
    assert changed_by(lead.db, pid) == ("" if lead.db.engine.dialect.name == "sqlite"
                                        else lead.db.user)
