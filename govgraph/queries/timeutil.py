"""``--as-of`` dates as bounds on the graph's time strings."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from govgraph.errors import InputError
from govgraph.ids import format_time

FAR_FUTURE = "9999-12-31T23:59:59Z"


def as_of_bound(value: str | None) -> str:
    """Exclusive upper bound for 'as of D': the end of day D (UTC), or now if None.

    A version recorded at any time on D is in force as of D.
    """
    if value is None:
        return FAR_FUTURE
    try:
        if "T" in value:
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=UTC)
            return format_time(moment + timedelta(seconds=1))
        day = date.fromisoformat(value)
    except ValueError:
        raise InputError(f"--as-of {value!r} is not a date (YYYY-MM-DD)") from None
    return format_time(datetime(day.year, day.month, day.day, tzinfo=UTC) + timedelta(days=1))


def day_start(value: str | None, option: str = "--since") -> str | None:
    """Inclusive lower bound for 'since D'."""
    if value is None:
        return None
    try:
        day = date.fromisoformat(value[:10])
    except ValueError:
        raise InputError(f"{option} {value!r} is not a date (YYYY-MM-DD)") from None
    return format_time(datetime(day.year, day.month, day.day, tzinfo=UTC))
