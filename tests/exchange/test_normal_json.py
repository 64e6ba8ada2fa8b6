"""Reading a package, each value is checked and brought to its normal JSON form
(`codec.prepare_json`). Dates and UTC times already in that form, and empty optional fields,
take a short way: it must give exactly what the long way (check, then `to_json`) gives, and
refuse exactly what it refuses, for every column and every odd form."""
from __future__ import annotations

import pytest

from app.models.base import sync_models
from app.services.exchange import codec

from .test_stored_form import ODD

EXTRA = ["2026-11-30T09:38:26.000000+00:00", "2026-11-30T09:38:26.000001+00:00",
         "2026-11-30T09:38:26.100000+00:00", "2024-02-29T23:59:59.999999+00:00",
         "2026-11-30T09:38:26.1234567+00:00", "2026-11-30t09:38:26+00:00", "x" * 50,
         "2026-11-30", "1.5", "AAAA", "", True, 1.5, [], {}]


def _outcome(fn, value):
    try:
        return "ok", fn(value)
    except codec.CodecError as exc:
        return "refused", exc.problem, exc.params, exc.field


@pytest.mark.parametrize("model", sync_models(), ids=lambda m: m.__tablename__)
def test_the_short_way_to_the_normal_form_equals_the_long_way(model):
    short, full, cols = codec.prepare_json(model), codec.prepare(model), codec.columns(model)
    values = [v for forms in ODD.values() for v in forms] + EXTRA
    shortened = 0
    for key, column in cols.items():
        if codec._kind(column.type) in codec._SAME_IN_JSON:
            continue
        for value in values:
            expected = _outcome(lambda v, c=column, f=full[key]: codec.to_json(c, f(v)), value)
            assert _outcome(short[key], value) == expected, (key, value)
            shortened += expected[0] == "ok"
    if any(codec._kind(c.type) in ("date", "utcdatetime") for c in cols.values()):
        assert shortened
