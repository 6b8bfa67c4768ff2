"""Test helpers for data rights: find a person's email address or name anywhere in the database.

The scan reflects every table the database holds (the core's, every
plugin's, anything a migration added), reads every row, and looks at every
text and JSON value, so a table nobody remembered is still searched.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import MetaData, select

from consultation.extensions import db


def _texts(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, bytes):
        return [value.decode("utf-8", "replace")]
    if isinstance(value, dict | list):
        # Both as stored (ASCII-escaped JSON) and as read.
        return [json.dumps(value), json.dumps(value, ensure_ascii=False)]
    return []


def find_in_database(*needles: str) -> list[str]:
    """Every "table.column (row n)" whose text holds any of `needles`, case-insensitively."""
    wanted = [n.lower() for n in needles if n]
    escaped = [json.dumps(n)[1:-1] for n in wanted]
    db.session.commit()
    metadata = MetaData()
    metadata.reflect(bind=db.engine)
    found = []
    with db.engine.connect() as connection:
        for table in metadata.sorted_tables:
            for number, row in enumerate(connection.execute(select(table)).mappings()):
                for column, value in row.items():
                    for text in _texts(value):
                        lowered = text.lower()
                        if any(n in lowered for n in wanted + escaped):
                            found.append(f"{table.name}.{column} (row {number})")
    return found
