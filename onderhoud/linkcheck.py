"""Check external URLs over HTTP(S): concurrent, with timeouts, following redirects, HEAD with
a GET fallback. No database access here: the threads only talk HTTP; links.py records results.

Classification (README, "Link checker"): 2xx/3xx after redirects works; 4xx/5xx, a domain that
does not resolve, a certificate or TLS failure and a refused connection are broken at once; a
timeout is broken only the second time in a row (a slow server on a bad day is not a dead link).
"""

import http.client
import socket
import ssl
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

PERMANENT = (301, 308)
USER_AGENT = "Mozilla/5.0 (compatible; Vluchtwijzer-linkcheck/1.0; +{site})"


@dataclass
class Result:
    url: str
    outcome: str  # a LinkCheck.Outcome value
    status: int | None = None
    final_url: str = ""
    error: str = ""
    redirects: list[tuple[int, str]] = field(default_factory=list)  # (code, new URL) per hop

    @property
    def permanent_redirect(self) -> bool:
        return any(code in PERMANENT for code, _ in self.redirects)

    @property
    def moved_to(self) -> str:
        """The URL at the end of the leading permanent redirects (not through a temporary one)."""
        moved = ""
        for code, new_url in self.redirects:
            if code not in PERMANENT:
                break
            moved = new_url
        return moved if moved != self.url else ""


class _FollowRedirects(urllib.request.HTTPRedirectHandler):
    """urllib's redirects, keeping the method (HEAD stays HEAD) and remembering every hop."""

    max_redirections = 10

    def __init__(self, hops: list[tuple[int, str]]):
        self.hops = hops

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        new = super().redirect_request(req, fp, code, msg, headers, newurl)
        if new is not None:
            new.method = req.get_method()
            self.hops.append((code, new.full_url))
        return new


def _classify(url: str, error: BaseException) -> tuple[str, str]:
    """(outcome, message) for an exception raised while fetching."""
    reason = error.reason if isinstance(error, urllib.error.URLError) else error
    message = f"{type(reason).__name__}: {reason}"[:500]
    if isinstance(reason, socket.gaierror):
        return "dns", message
    if isinstance(reason, ssl.SSLError | ssl.CertificateError):
        return "tls", message
    if isinstance(reason, TimeoutError | socket.timeout):
        return "timeout", message
    if isinstance(reason, ValueError):
        return "invalid", message
    return "connection", message  # refused, reset, a server that closed without answering


def _fetch(url: str, method: str, timeout: float, user_agent: str, context) -> Result:
    hops: list[tuple[int, str]] = []
    opener = urllib.request.build_opener(
        _FollowRedirects(hops), urllib.request.HTTPSHandler(context=context)
    )
    request = urllib.request.Request(
        url, method=method, headers={"User-Agent": user_agent, "Accept": "*/*"}
    )
    try:
        with opener.open(request, timeout=timeout) as response:
            return Result(url, "ok", response.status, response.geturl(), redirects=hops)
    except urllib.error.HTTPError as error:
        error.close()
        return Result(url, "http", error.code, error.geturl() or url, redirects=hops)
    except (urllib.error.URLError, OSError, http.client.HTTPException, ValueError) as error:
        outcome, message = _classify(url, error)
        return Result(url, outcome, None, "", message, redirects=hops)


def check_url(url: str, *, timeout: float, user_agent: str = "", context=None) -> Result:
    """HEAD first (cheap); many servers refuse HEAD or drop it, so anything but a clear answer,
    a timeout, a DNS or a TLS failure is tried again with GET (only the headers are read)."""
    user_agent = user_agent or USER_AGENT.format(site="")
    context = context or ssl.create_default_context()
    if not url.lower().startswith(("http://", "https://")):
        return Result(url, "invalid", error="Only http and https addresses are checked.")
    result = _fetch(url, "HEAD", timeout, user_agent, context)
    if result.outcome in ("http", "connection"):
        result = _fetch(url, "GET", timeout, user_agent, context)
    return result


def check_urls(
    urls: list[str], *, timeout: float, workers: int, user_agent: str = "", context=None
) -> tuple[list[Result], float]:
    """Check every URL, `workers` at a time. Returns the results (in order) and the seconds taken."""
    started = time.monotonic()
    context = context or ssl.create_default_context()  # loading the CA store takes ~30 ms: once
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        results = list(
            pool.map(
                lambda url: check_url(url, timeout=timeout, user_agent=user_agent, context=context),
                urls,
            )
        )
    return results, time.monotonic() - started
