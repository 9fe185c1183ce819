"""Placeholder module: being written (see README)."""

from typing import Any


def setup(app) -> dict[str, Any]:
    return {"version": "0", "parallel_read_safe": True, "parallel_write_safe": True}
