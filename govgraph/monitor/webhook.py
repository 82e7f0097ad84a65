"""POST change summaries to a webhook, one JSON object per request, with retries.

Each request carries one summary (``ChangeSummary.to_dict``) as ``application/json``,
with its id also in the ``Idempotency-Key`` header: delivery is at-least-once (a run
killed after a POST but before the watch state was saved sends it again), so a receiver
that must not act twice deduplicates on that key.

A failed request (connection refused, timeout, HTTP 5xx, 408 or 429) is retried with
exponential backoff (``backoff``, ``2 * backoff``, ...); other 4xx answers are not retried
(the receiver refuses the request; sending it again will not help). When a summary still
cannot be delivered, ``WebhookError`` names the URL, the attempts and the last failure;
summaries delivered before it stay delivered (``on_delivered`` reports each one).
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from urllib.parse import urlparse

from govgraph import __version__
from govgraph.errors import GovgraphError, InputError
from govgraph.monitor.events import ChangeSummary

RETRY_STATUS = frozenset({408, 429, 500, 502, 503, 504})


class WebhookError(GovgraphError):
    """A webhook keeps failing; the message names the URL and the last failure."""


def check_url(url: str) -> str:
    """An http(s) URL, or an InputError naming it."""
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise InputError(f"--webhook {url!r} is not an http:// or https:// URL")
    return url


def post_json(
    url: str,
    payload: dict,
    *,
    key: str,
    attempts: int = 4,
    backoff: float = 1.0,
    timeout: float = 15.0,
    sleep: Callable[[float], None] = time.sleep,
) -> int:
    """POST one JSON object, retrying transient failures; return the HTTP status."""
    body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    last = "no attempt made"
    for attempt in range(1, attempts + 1):
        request = urllib.request.Request(
            url,
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/json; charset=utf-8",
                "Idempotency-Key": key,
                "User-Agent": f"govgraph/{__version__}",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return int(response.status)
        except urllib.error.HTTPError as exc:
            last = f"HTTP {exc.code} {exc.reason}"
            if exc.code not in RETRY_STATUS:
                raise WebhookError(
                    f"webhook {url} refused change {key}: {last} (not retried)"
                ) from None
        except (urllib.error.URLError, TimeoutError, ConnectionError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            last = str(reason) or type(exc).__name__
        if attempt < attempts:
            sleep(backoff * 2 ** (attempt - 1))
    raise WebhookError(
        f"webhook {url} failed {attempts} times for change {key}; last error: {last}"
    )


def send(
    url: str,
    summaries: Iterable[ChangeSummary],
    *,
    attempts: int = 4,
    backoff: float = 1.0,
    timeout: float = 15.0,
    on_delivered: Callable[[str], None] | None = None,
) -> list[str]:
    """POST each summary in turn; return the ids delivered (all, or WebhookError)."""
    check_url(url)
    delivered = []
    for s in summaries:
        post_json(url, s.to_dict(), key=s.id, attempts=attempts, backoff=backoff, timeout=timeout)
        delivered.append(s.id)
        if on_delivered is not None:
            on_delivered(s.id)
    return delivered
