"""The Qt-free layers really are Qt-free."""
import subprocess
import sys


def test_models_and_services_load_without_pyside6():
    code = (
        "import sys, pkgutil, importlib\n"
        "import app.models, app.services\n"
        "for pkg in (app.services,):\n"
        "    for info in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + '.'):\n"
        "        importlib.import_module(info.name)\n"
        "import app.cli\n"
        "assert 'PySide6' not in sys.modules, sorted(m for m in sys.modules if 'PySide' in m)\n"
        "print('ok')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"


def test_every_shared_table_carries_the_sync_fields():
    import app.models  # noqa: F401
    from app.models.base import Base, SyncMixin

    local_only = {"local_meta", "alembic_version"}
    for mapper in Base.registry.mappers:
        table = mapper.class_.__tablename__
        if table in local_only or getattr(mapper.class_, "LOCAL_ONLY", False):
            continue
        assert issubclass(mapper.class_, SyncMixin), f"{table} lacks the sync fields"
        cols = set(mapper.columns.keys())
        assert {"id", "created_at", "updated_at", "device_id", "revision", "base_revision",
                "deleted_at"} <= cols, table
