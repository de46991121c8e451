"""`make bench`: measure the intranet under gunicorn against a bare endpoint, write RESULTS.md.

For each size asked for, the runner upgrades the bench database (`flask db upgrade`), fills it
(bench/generate.py) unless it is filled already, starts the intranet and the bare hello app
(bench/hello.py) under gunicorn with deploy/gunicorn.conf.py on 127.0.0.1, signs in through the
real /login form, and drives load with wrk: hello, page, hello, page … so each page's ratio is
taken against the hello runs on either side of it. Then it counts SQL statements per page in a
test-client run (not under load), weighs the board's first load and the htmx answers, runs the
writes scenario, reads the workers' memory, and writes the report.

    python -m bench.run --size 100k --size 1m          # what `make bench` does
    python -m bench.run --size commune --seconds 1 --out /tmp/RESULTS.md
    python -m bench.run --size 1m --only search   # the search rows alone (bench/data/)

`--only search` measures the search pages (and /healthz, the floor) without the rest, the
writes scenario or the memory figures, and writes bench/data/RESULTS-search.md unless --out
says otherwise: on a loaded machine the whole 1m run does not fit in an afternoon.
`--only photos` measures what photos cost (issue 16) alone: the files served, the list with
photos and the bytes of the images it draws, the uploads and the workers' memory around them
(bench/data/RESULTS-photos.md).
"""

import argparse
import gzip
import html
import io
import json
import os
import platform
import random
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from dataclasses import dataclass
from dataclasses import field
from datetime import date
from datetime import timedelta
from functools import partial
from http.client import HTTPConnection
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from sqlalchemy import event
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy.engine import make_url
from werkzeug.exceptions import NotFound

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data"
NOTES = ROOT / "bench" / "NOTES.md"
BIN = Path(sys.executable).parent
PG_URL = os.environ.get(
    "BENCH_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/intranet_bench"
)
PASSWORD = "iakrai2025"
READER = "lanhdao"
APPROVER = "congan.truong"
WRITERS = ("congan.canbo", "mttq", "phunu", "doanthanhnien", "tuphap")
CONNECTIONS = 16
DEEP_PAGE = 2_000
# Common words whose title tiers are one large (the phrase) and one nearly empty.
TIER_END_QUERY = "an ninh"
HX_PARTIAL = {"HX-Request": "true", "HX-Request-Type": "partial"}


@dataclass
class Page:
    """One row of the report: who asks for what, and the budget it is held to."""

    name: str
    path: str
    user: str = READER
    headers: dict[str, str] = field(default_factory=dict)
    # (minimum ratio to hello, maximum p99 in ms), either may be None.
    budget: tuple[float | None, float | None] = (None, None)
    is_swap: bool = False
    status: int = 200
    # False: asked for once (size, time alone, memory), not driven with load.
    load: bool = True


@dataclass
class Load:
    """What a load run measured."""

    rps: float
    p50_ms: float
    p99_ms: float
    requests: int
    bad: int  # answers other than 2xx/3xx, plus socket errors


@dataclass
class Row:
    """A page's line in the report."""

    page: str
    path: str
    rps: float = 0.0
    p50_ms: float = 0.0
    p99_ms: float = 0.0
    ratio: float = 0.0
    hello_rps: float = 0.0
    raw_bytes: int = 0
    gzip_bytes: int = 0
    queries: int | None = None
    app_ms: float | None = None
    bad: int = 0
    status: int = 0
    budget_ratio: float | None = None
    budget_p99: float | None = None
    is_swap: bool = False
    note: str = ""


@dataclass
class SizeResult:
    """Everything measured at one size."""

    size: str
    database: str
    entries: int
    rows: list[Row] = field(default_factory=list)
    deep_page: int = DEEP_PAGE
    writes: dict[str, Any] = field(default_factory=dict)
    worker_rss_mb: list[float] = field(default_factory=list)
    first_load: dict[str, int] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    generated: dict[str, int] = field(default_factory=dict)
    evidence: dict[str, Any] = field(default_factory=dict)


# Load drivers


def parse_wrk(output: str) -> Load:
    """Requests per second, p50, p99 and failures from `wrk --latency` output."""

    def millis(value: str, unit: str) -> float:
        return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}[unit]

    percentiles = {
        int(p): millis(v, u)
        for p, v, u in re.findall(r"^\s+(\d+)%\s+([\d.]+)(us|ms|s|m)\b", output, re.M)
    }
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    bad = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", output))
    errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    if errors:
        # A sync worker closes each connection after answering: wrk counts those as read errors.
        bad += int(errors.group(1)) + int(errors.group(4))
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    return Load(rps=rps, p50_ms=percentiles[50], p99_ms=percentiles[99], requests=requests, bad=bad)


def run_wrk(url: str, headers: dict[str, str], seconds: float) -> Load:
    """Drive CONNECTIONS connections at one URL with wrk."""
    command = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{max(1, round(seconds))}s", "--latency"]
    command += ["--timeout", "30s"]  # wrk's 2 s default counts a slow page as a failure
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    done = subprocess.run(command + [url], capture_output=True, text=True, check=True)
    return parse_wrk(done.stdout)


def run_python(url: str, headers: dict[str, str], seconds: float) -> Load:
    """The same measurement with threads and http.client, where wrk is not installed."""
    host, port, path = _split(url)
    latencies: list[float] = []
    bad = [0]
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def worker() -> None:
        mine, failures = [], 0
        while time.monotonic() < deadline:
            started = time.perf_counter()
            try:
                status, _headers, _body = request(port, "GET", path, headers)
                failures += status >= 400
            except OSError:
                failures += 1
            mine.append(time.perf_counter() - started)
        with lock:
            latencies.extend(mine)
            bad[0] += failures

    threads = [threading.Thread(target=worker) for _ in range(4)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    took = time.monotonic() - started
    latencies.sort()
    return Load(
        rps=len(latencies) / took,
        p50_ms=latencies[len(latencies) // 2] * 1000,
        p99_ms=latencies[int(len(latencies) * 0.99)] * 1000,
        requests=len(latencies),
        bad=bad[0],
    )


def _split(url: str) -> tuple[str, int, str]:
    rest = url.split("://", 1)[1]
    hostport, _slash, path = rest.partition("/")
    host, _colon, port = hostport.partition(":")
    return host, int(port), "/" + path


def request(
    port: int, method: str, path: str, headers: dict[str, str], body: str | bytes | None = None
) -> tuple[int, dict[str, str], bytes]:
    """One HTTP request on a fresh connection: status, headers (last of each name), body."""
    connection = HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        answer = response.read()
        cookies = [v for k, v in response.getheaders() if k.lower() == "set-cookie"]
        found = {k.lower(): v for k, v in response.getheaders()}
        found["set-cookie"] = "\n".join(cookies)
        return response.status, found, answer
    finally:
        connection.close()


# Servers


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def gunicorn(
    app: str, env: dict[str, str], log: Path, workers: int | None
) -> Iterator[tuple[int, int]]:
    """Serve `app` under gunicorn with the production configuration; yield port and master pid."""
    port = free_port()
    command = [str(BIN / "gunicorn"), "-c", str(ROOT / "deploy" / "gunicorn.conf.py")]
    command += ["--bind", f"127.0.0.1:{port}"]
    if workers:
        command += ["--workers", str(workers)]
    with log.open("w") as output:
        process = subprocess.Popen(
            command + [app], cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                request(port, "GET", "/healthz" if app == "wsgi:app" else "/bench/hello", {})
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"gunicorn {app} did not start: see {log}") from None
                time.sleep(0.2)
        yield port, process.pid
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


def worker_rss_mb(master_pid: int) -> list[float]:
    """Resident memory of each worker of a gunicorn master, in MB."""
    sizes = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        if re.search(rf"^PPid:\s+{master_pid}$", text, re.M):
            kb = int(re.search(r"^VmRSS:\s+(\d+) kB", text, re.M).group(1))
            sizes.append(round(kb / 1024, 1))
    return sorted(sizes)


def app_env(url: str) -> dict[str, str]:
    """The production settings, pointed at the bench database."""
    return os.environ | {
        "INTRANET_SQLALCHEMY_DATABASE_URI": url,
        "INTRANET_SECRET_KEY": "bench-" + secrets.token_hex(16),
        "INTRANET_DEMO_MODE": "false",
        "INTRANET_SESSION_COOKIE_SECURE": "true",
        "INTRANET_PROXY_FIX_X_FOR": "1",
    }


# Signing in and reading forms


def hidden_value(page: str, name: str) -> str:
    """The value of a hidden input in a form."""
    match = re.search(rf'name="{name}"[^>]*value="([^"]*)"', page) or re.search(
        rf'value="([^"]*)"[^>]*name="{name}"', page
    )
    if match is None:
        raise RuntimeError(f"no {name} in the form")
    return html.unescape(match.group(1))


def session_cookie(headers: dict[str, str]) -> str | None:
    for line in headers.get("set-cookie", "").split("\n"):
        if line.startswith("session="):
            return line.split(";", 1)[0]
    return None


def sign_in(port: int, username: str) -> str:
    """Sign in through the real form; the Cookie header of the new session."""
    _status, headers, body = request(port, "GET", "/login", {})
    cookie = session_cookie(headers) or ""
    form = urlencode(
        {
            "username": username,
            "password": PASSWORD,
            "csrf_token": hidden_value(body.decode(), "csrf_token"),
        }
    )
    status, headers, _body = request(
        port,
        "POST",
        "/login",
        {"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"},
        form,
    )
    signed_in = session_cookie(headers)
    if status != 303 or signed_in is None:
        raise RuntimeError(f"signing in as {username} failed with {status}")
    return signed_in


# What to measure


def plan_pages(app: Any, year: int) -> tuple[list[Page], list[str], int]:
    """The pages of this build (routes that do not exist are reported as not built yet)."""
    from intranet.logs import queries

    routes = app.url_map.bind("localhost")
    with app.app_context():
        cursor = _poll_cursor()
        reader = _user(READER)
        deep_all = _page_cursor(queries, reader, {}, DEEP_PAGE)
        deep_approved = _page_cursor(queries, reader, {"status": "approved"}, DEEP_PAGE)
        tier_end = _tier_end_cursor(reader, TIER_END_QUERY)
        entries = app.extensions["sqlalchemy"].session.scalar(
            select(func.count()).select_from(_model("ActivityLog"))
        )
    narrow = {"org": "toantt", "village": "lang07", "kind": "patrol"}
    last_day = date.today().replace(day=1) - timedelta(days=1)
    month = last_day.replace(day=1)
    pages = [
        Page("/healthz (public, one query: the app's floor)", "/healthz"),
        Page("board", "/", budget=(0.15, None)),
        Page(
            "board poll, nothing new (204)",
            "/board/feed?" + urlencode({"after": cursor}),
            headers=HX_PARTIAL,
            budget=(0.60, None),
            is_swap=True,
            status=204,
        ),
        Page("/logs full, page 1", "/logs"),
        Page(f"/logs full, page {DEEP_PAGE:,}", "/logs?" + urlencode({"page": deep_all[1]})),
        Page(
            "/logs partial, status filter, page 1",
            "/logs?status=approved",
            headers=HX_PARTIAL,
            budget=(0.25, 50.0),
            is_swap=True,
        ),
        Page(
            f"/logs partial, status filter, page {deep_approved[0]:,}",
            "/logs?" + urlencode({"status": "approved", "page": deep_approved[1]}),
            headers=HX_PARTIAL,
            budget=(0.25, 50.0),
            is_swap=True,
        ),
        Page(
            "/logs partial, org + village + kind",
            "/logs?" + urlencode(narrow),
            headers=HX_PARTIAL,
            budget=(0.25, 50.0),
            is_swap=True,
        ),
        Page(
            "/logs partial, text search",
            "/logs?" + urlencode({"q": "ma túy"}),
            headers=HX_PARTIAL,
            is_swap=True,
        ),
        # Issue 15: a rare word must cost about what a common one does (typed without accents,
        # as people do): "chuông" is in about 0.3 % of the entries, "an ninh" in half of them.
        Page(
            "/logs partial, search, rare word (chuong)",
            "/logs?" + urlencode({"q": "chuong"}),
            headers=HX_PARTIAL,
            is_swap=True,
        ),
        Page(
            "/logs partial, search, common words (an ninh)",
            "/logs?" + urlencode({"q": "an ninh"}),
            headers=HX_PARTIAL,
            is_swap=True,
        ),
        # A word in almost no entry (issue 15: PostgreSQL misjudged the prefix and walked the
        # list), and the page where the phrase-in-title tier of common words ends and the
        # next, nearly empty one begins (it was a walk of the whole list).
        Page(
            "/logs partial, search, very rare word (chieng)",
            "/logs?" + urlencode({"q": "chieng"}),
            headers=HX_PARTIAL,
            is_swap=True,
        ),
        Page(
            f"/logs partial, search ({TIER_END_QUERY}), the page where a tier ends",
            "/logs?" + urlencode({"q": TIER_END_QUERY, "page": tier_end}),
            headers=HX_PARTIAL,
            is_swap=True,
        ),
        Page("/review (police approver)", "/review", user=APPROVER),
        Page("village page", "/villages/lang07"),
        Page(
            "/logs.xlsx, last month's entries",
            "/logs.xlsx?" + urlencode({"from": month.isoformat(), "to": last_day.isoformat()}),
        ),
        Page(
            f"/logs.xlsx, entries of {year} (once, no load)",
            "/logs.xlsx?" + urlencode({"from": f"{year}-01-01"}),
            load=False,
        ),
    ]
    optional = [
        Page("/tips (police)", "/tips", user=APPROVER),
        Page("/stats", "/stats", budget=(0.10, None)),
        Page(f"/reports/{year}", f"/reports/{year}", budget=(0.10, None)),
    ]
    missing = []
    for page in optional:
        try:
            routes.match(page.path)
        except NotFound:
            missing.append(page.name)
        else:
            pages.append(page)
    return pages, missing, entries or 0


def _model(name: str) -> Any:
    import intranet.models

    return getattr(intranet.models, name)


def _user(username: str) -> Any:
    from intranet.models import db

    User = _model("User")
    return db.session.scalar(select(User).where(User.username == username))


def _poll_cursor() -> str:
    """The board's cursor as its first load would set it (the newest approval)."""
    from intranet.board.routes import feed_cursor
    from intranet.logs import queries

    return feed_cursor(queries.board_feed({}))


def _page_cursor(queries: Any, user: Any, criteria: dict[str, Any], page: int) -> tuple[int, str]:
    """The `page` value of page N of a list (or of its last page, when it has fewer)."""
    from intranet.models import db
    from intranet.pagination import Cursor
    from intranet.permissions import visible_logs

    ActivityLog = _model("ActivityLog")

    query = queries.filtered(
        select(ActivityLog.date, ActivityLog.id).where(visible_logs(user)), criteria
    )
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    page = max(2, min(page, (total - 1) // queries.PAGE_SIZE + 1))
    day, pk = db.session.execute(
        query.order_by(ActivityLog.date.desc(), ActivityLog.id.desc())
        .offset((page - 1) * queries.PAGE_SIZE - 1)
        .limit(1)
    ).one()
    return page, Cursor(day, pk).encode()


def _tier_end_cursor(user: Any, q: str) -> str:
    """The `page` value whose page holds the last two rows of the search's first tier (the
    query's words as a phrase in the title) and then the next tiers'."""
    from intranet import search
    from intranet.models import db
    from intranet.pagination import Cursor
    from intranet.permissions import visible_logs

    ActivityLog = _model("ActivityLog")
    phrase = dict(search.tiers(ActivityLog, q))[search.PHRASE_IN_TITLE]
    query = select(ActivityLog.date, ActivityLog.id).where(
        visible_logs(user), search.matches(ActivityLog, q), phrase
    )
    day, pk = db.session.execute(
        query.order_by(ActivityLog.date.asc(), ActivityLog.id.asc()).offset(2).limit(1)
    ).one()
    return Cursor(day, pk, tier=search.PHRASE_IN_TITLE).encode()


def count_queries(app: Any, pages: list[Page]) -> dict[str, tuple[int, float]]:
    """SQL statements each page runs in a test-client request, and its time alone, in ms.

    The time is the median of a few requests in this process, one at a time: it shows what a
    page costs without the load of the run (or of other work on a shared machine).
    """
    from intranet.models import db

    counts: dict[str, tuple[int, float]] = {}
    clients: dict[str, Any] = {}
    with app.app_context():
        engine = db.engine
    for page in pages:
        client = clients.get(page.user)
        if client is None:
            client = clients[page.user] = app.test_client()
            form = client.get("/login").get_data(as_text=True)
            client.post(
                "/login",
                data={
                    "username": page.user,
                    "password": PASSWORD,
                    "csrf_token": hidden_value(form, "csrf_token"),
                },
            )
        call = partial(client.get, page.path, headers=page.headers)
        if page.load:
            call()
        times = []
        for _ in range(7 if page.load else 1):
            started = time.perf_counter()
            call()
            times.append((time.perf_counter() - started) * 1000)
        counts[page.name] = (statements_run(engine, call), statistics.median(times))
    return counts


def statements_run(engine: Any, call: Callable[[], object]) -> int:
    """How many SQL statements `call` runs on `engine`."""
    statements: list[str] = []

    def before(conn, cursor, statement, parameters, context, executemany):  # noqa: ARG001
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", before)
    try:
        call()
    finally:
        event.remove(engine, "before_cursor_execute", before)
    return len(statements)


def weigh(port: int, cookie: str, page: Page) -> tuple[int, int, int]:
    """Status, raw bytes and gzip bytes of one answer."""
    headers = {"Cookie": cookie, **page.headers}
    status, _h, raw = request(port, "GET", page.path, headers)
    _s, found, body = request(port, "GET", page.path, headers | {"Accept-Encoding": "gzip"})
    squeezed = len(body) if found.get("content-encoding") == "gzip" else _gzip_size(raw)
    return status, len(raw), squeezed


def _gzip_size(body: bytes) -> int:
    """What nginx's gzip (level 5) would send, for answers the app leaves alone."""
    return len(gzip.compress(body, 5)) if body else 0


def first_load(port: int, cookie: str) -> dict[str, int]:
    """The board with every asset it links, in gzip bytes (as nginx serves /static/)."""
    _status, _h, board = request(port, "GET", "/", {"Cookie": cookie})
    weights = {"/": _gzip_size(board)}
    for asset in re.findall(r'(?:href|src)="(/static/[^"]+)"', board.decode()):
        _s, _h, body = request(port, "GET", html.unescape(asset), {})
        weights[asset] = _gzip_size(body)
    return weights


# Writes


def writes_scenario(
    port: int, reader_cookie: str, seconds: float, writers: int, driver: Callable, url: str
) -> dict[str, Any]:
    """`writers` clients save entries while CONNECTIONS connections read, then count them."""
    run = uuid.uuid4().hex[:8]
    cookies = [sign_in(port, WRITERS[n % len(WRITERS)]) for n in range(writers)]
    saved: list[str] = []
    statuses: dict[int, int] = {}
    errors: list[str] = []
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def write(cookie: str, number: int) -> None:
        serial = 0
        while time.monotonic() < deadline:
            try:
                _s, found, body = request(port, "GET", "/logs/new", {"Cookie": cookie})
                # The form's CSRF token lives in the session: keep the cookie that carries it.
                cookie = session_cookie(found) or cookie
                form_page = body.decode()
                token = hidden_value(form_page, "client_token")
                fields = {
                    "csrf_token": hidden_value(form_page, "csrf_token"),
                    "client_token": token,
                    "title": f"Bench write {run} {number}-{serial}",
                    "description": "Tuần tra ban đêm, tình hình an ninh ổn định. " * 4,
                    "date": date.today().isoformat(),
                    "kind": "patrol",
                    "village": "",
                    "participants": "5",
                }
            except (OSError, RuntimeError) as error:
                with lock:
                    errors.append(repr(error))
                continue
            serial += 1
            for _attempt in range(3):  # a retry after a timeout posts the same token
                try:
                    status, _h, _b = request(
                        port,
                        "POST",
                        "/logs",
                        {"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"},
                        urlencode(fields),
                    )
                except OSError as error:
                    with lock:
                        errors.append(repr(error))
                    continue
                with lock:
                    statuses[status] = statuses.get(status, 0) + 1
                    if status == 303:
                        saved.append(token)
                break

    threads = [threading.Thread(target=write, args=(c, n)) for n, c in enumerate(cookies)]
    for thread in threads:
        thread.start()
    reads = driver(url, {"Cookie": reader_cookie, **HX_PARTIAL}, seconds)
    for thread in threads:
        thread.join()
    return {
        "run": run,
        "writers": writers,
        "readers": CONNECTIONS,
        "seconds": seconds,
        "saved": len(set(saved)),
        "statuses": statuses,
        "errors": errors[:5],
        "read_rps": round(reads.rps, 1),
        "read_p99_ms": round(reads.p99_ms, 1),
        "read_failures": reads.bad,
    }


def count_written(app: Any, run: str) -> int:
    """Entries the writes scenario left in the database."""
    from intranet.models import db

    ActivityLog = _model("ActivityLog")
    with app.app_context():
        return db.session.scalar(
            select(func.count(ActivityLog.id)).where(ActivityLog.title.like(f"Bench write {run} %"))
        )


# Evidence (issue 16): what photos cost

PHOTO_PAGE, PLAIN_PAGE = 5, 7  # pages of the reader's /logs: one row a photo each, one none
UPLOADER = "mttq"
UPLOAD_ROUNDS = 8
# A page of 25 entries with thumbnails, against the same list's page without attachments.
LIST_HTML_GROWTH_KB = 2.0  # the page's own HTML, gzip: 25 <img> tags more
LIST_SPEED_RATIO = 1.2  # time alone with thumbnails against without (steadier than req/s)
ALONE_ROUNDS = 40
THUMBNAIL_KB = 8.0  # each image a list draws, on average: DESIGN 6's 8 KB for one interaction


def bench_photo(width: int = 1600, height: int = 1200, seed: int = 16) -> bytes:
    """A generated picture with a photo's texture, as a phone saves it at JPEG quality 90:
    hills, clutter and grain at three scales (never a person). Flat drawings compress far
    better than photos do; with the grain, the stored 1600 px JPEG is about 400 KB and its
    thumbnail about 13 KB, the heavy end of what phone photos give."""
    from PIL import Image
    from PIL import ImageDraw

    rng = random.Random(seed)
    picture = Image.new("RGB", (width, height), (rng.randint(90, 160), 160, 220))
    draw = ImageDraw.Draw(picture)
    for _hill in range(6):
        x, y = rng.randint(-width // 3, width), rng.randint(height // 3, height)
        colour = (rng.randint(40, 120), rng.randint(90, 170), rng.randint(30, 90))
        draw.ellipse((x, y, x + rng.randint(width // 3, width), y + height), fill=colour)
    for _thing in range(40):
        x, y = rng.randint(0, width), rng.randint(height // 3, height)
        r = rng.randint(width // 80, width // 20)
        colour = (rng.randint(20, 220), rng.randint(20, 220), rng.randint(20, 220))
        draw.ellipse((x - r, y - r, x + r, y + r), fill=colour)
    layers = [
        Image.effect_noise((max(1, width // scale), max(1, height // scale)), 64).resize(
            (width, height), Image.Resampling.BICUBIC
        )
        for scale in (1, 6, 24)
    ]
    picture = Image.blend(picture, Image.merge("RGB", layers), 0.3)
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=90)
    return out.getvalue()


def prepare_evidence(app: Any) -> dict[str, Any]:
    """Give every row of page PHOTO_PAGE of the reader's /logs a photo (as an upload would);
    page PLAIN_PAGE is the same list without attachments. Paths, ids and sizes to measure."""
    from werkzeug.datastructures import FileStorage

    from intranet import evidence
    from intranet.logs import queries
    from intranet.models import Attachment
    from intranet.models import AttachmentContent
    from intranet.models import db
    from intranet.models import User

    with app.app_context():
        reader, cursor, pages, cursors = _user(READER), None, [], []
        for _page in range(PLAIN_PAGE):
            page = queries.entries_page(reader, {}, cursor)
            pages.append(page.rows)
            cursors.append(cursor)
            cursor = page.next_cursor
            if cursor is None:
                break
        if len(pages) < PLAIN_PAGE or len(pages[-1]) < queries.PAGE_SIZE:
            return {}
        photo_rows, plain_rows = pages[PHOTO_PAGE - 1], pages[PLAIN_PAGE - 1]
        having = set(
            db.session.scalars(
                select(Attachment.entry_id).where(
                    Attachment.entry_id.in_([entry.id for entry in photo_rows])
                )
            )
        )
        for number, entry in enumerate(photo_rows):
            if entry.id not in having:
                upload = FileStorage(io.BytesIO(bench_photo(seed=number)), filename="anh.jpg")
                author = db.session.get(User, entry.author_id)
                evidence.attach(entry, evidence.prepare_uploads([upload]), author)
        db.session.commit()
        firsts = evidence.summaries(entry.id for entry in photo_rows)
        image_ids = [firsts[entry.id].first_image_id for entry in photo_rows]
        sizes = db.session.execute(
            select(
                Attachment.id,
                Attachment.content_sha256,
                func.length(AttachmentContent.thumbnail),
                AttachmentContent.size,
                func.length(AttachmentContent.icon),
            )
            .join(AttachmentContent, Attachment.content_sha256 == AttachmentContent.sha256)
            .where(Attachment.id.in_([i for i in image_ids if i]))
        ).all()
        plain_files = db.session.scalar(
            select(func.count(Attachment.id)).where(
                Attachment.entry_id.in_([entry.id for entry in plain_rows])
            )
        )
        first_id, sha, *_sizes = next(row for row in sizes if row[0] == image_ids[0])
        reencode = {}
        for name, (width, height) in (("1600 px", (1600, 1200)), ("4000 × 3000", (4000, 3000))):
            original = bench_photo(width, height, seed=99)
            times = []
            for _round in range(5):
                started = time.perf_counter()
                evidence.prepare(FileStorage(io.BytesIO(original), filename="anh.jpg"))
                times.append((time.perf_counter() - started) * 1000)
            reencode[name] = {"ms": round(statistics.median(times), 1), "bytes": len(original)}
    return {
        "with_photos": "/logs?" + urlencode({"page": cursors[PHOTO_PAGE - 1]}),
        "without": "/logs?" + urlencode({"page": cursors[PLAIN_PAGE - 1]}),
        "attachment_id": first_id,
        "etag": f'"{sha}-t"',
        "thumbnail_bytes": [int(row[2] or 0) for row in sizes],
        "image_bytes": [int(row[3]) for row in sizes],
        "icon_bytes": [int(row[4] or 0) for row in sizes],
        "rows_with_photo": sum(1 for i in image_ids if i),
        "plain_rows_with_files": int(plain_files or 0),
        "reencode": reencode,
    }


def alternate_alone(
    app: Any, paths: dict[str, str], rounds: int = ALONE_ROUNDS
) -> dict[str, float]:
    """Each path's time alone (test client, one process), asked in turns `rounds` times: the
    median of each. Two pages compared this way share whatever else loads the machine."""
    client = app.test_client()
    form = client.get("/login").get_data(as_text=True)
    client.post(
        "/login",
        data={
            "username": READER,
            "password": PASSWORD,
            "csrf_token": hidden_value(form, "csrf_token"),
        },
    )
    times: dict[str, list[float]] = {name: [] for name in paths}
    for _round in range(rounds + 3):
        for name, path in paths.items():
            started = time.perf_counter()
            client.get(path)
            times[name].append((time.perf_counter() - started) * 1000)
    return {name: round(statistics.median(t[3:]), 2) for name, t in times.items()}


def evidence_pages(plan: dict[str, Any]) -> list[Page]:
    """The pages that show photos, driven with load like any other."""
    if not plan:
        return []
    thumbnail = f"/attachments/{plan['attachment_id']}/thumbnail"
    icon = f"/attachments/{plan['attachment_id']}/icon"
    return [
        Page("attachment icon (128 px square JPEG, lists)", icon),
        Page("attachment thumbnail (320 px JPEG, the record's page)", thumbnail),
        Page(
            "attachment thumbnail, revalidated (304)",
            thumbnail,
            headers={"If-None-Match": plan["etag"]},
            status=304,
        ),
        Page("attachment full image (1600 px JPEG)", f"/attachments/{plan['attachment_id']}"),
        Page(f"/logs page {PHOTO_PAGE}: 25 rows, a thumbnail each", plan["with_photos"]),
        Page(f"/logs page {PLAIN_PAGE}: 25 rows, no attachments", plan["without"]),
    ]


def list_images(port: int, cookie: str, path: str) -> list[dict[str, Any]]:
    """The images a list page draws, fetched as the browser then fetches them: URL and bytes."""
    _status, _h, page = request(port, "GET", path, {"Cookie": cookie})
    images = []
    for src in re.findall(r'<img src="(/attachments/[^"]+)"', page.decode()):
        status, _h, body = request(port, "GET", html.unescape(src), {"Cookie": cookie})
        images.append({"src": src, "status": status, "bytes": len(body)})
    return images


def multipart(fields: dict[str, str], files: list[tuple[str, str, bytes]]) -> tuple[str, bytes]:
    """A multipart/form-data body, as a browser sends the entry form."""
    boundary = "bench" + secrets.token_hex(12)
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    for name, filename, data in files:
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: image/jpeg\r\n\r\n'
        )
        parts.append(head.encode() + data + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return f"multipart/form-data; boundary={boundary}", b"".join(parts)


def upload_cost(port: int, rounds: int = UPLOAD_ROUNDS) -> dict[str, Any]:
    """Post the entry form (multipart) with no file, then with one photo, in turns, one at a
    time: the median time of each, and the ratio to the post without a file."""
    cookie = sign_in(port, UPLOADER)
    run = uuid.uuid4().hex[:8]
    photos = {
        "one 1600 px JPEG (JavaScript on: scaled in the browser)": bench_photo(1600, 1200, 7),
        "one 4000 × 3000 JPEG (JavaScript off: the phone's original)": bench_photo(4000, 3000, 8),
    }
    times: dict[str, list[float]] = {"no file": [], **{name: [] for name in photos}}
    statuses: dict[int, int] = {}

    def post(files: list[tuple[str, str, bytes]], serial: int) -> float:
        nonlocal cookie
        _s, found, body = request(port, "GET", "/logs/new", {"Cookie": cookie})
        cookie = session_cookie(found) or cookie
        page = body.decode()
        fields = {
            "csrf_token": hidden_value(page, "csrf_token"),
            "client_token": hidden_value(page, "client_token"),
            "title": f"Bench upload {run} {serial}",
            "description": "Họp dân tuyên truyền phòng chống ma túy, có ảnh buổi họp.",
            "date": date.today().isoformat(),
            "kind": "propaganda",
            "village": "",
            "participants": "30",
        }
        content_type, data = multipart(fields, files)
        started = time.perf_counter()
        status, _h, _b = request(
            port, "POST", "/logs", {"Cookie": cookie, "Content-Type": content_type}, data
        )
        took = (time.perf_counter() - started) * 1000
        statuses[status] = statuses.get(status, 0) + 1
        return took

    serial = 0
    for _round in range(rounds):
        serial += 1
        times["no file"].append(post([], serial))
        for name, data in photos.items():
            serial += 1
            times[name].append(post([("attachments", "anh.jpg", data)], serial))
    base = statistics.median(times["no file"])
    return {
        "rounds": rounds,
        "statuses": statuses,
        "bytes": {name: len(data) for name, data in photos.items()},
        "median_ms": {name: round(statistics.median(t), 1) for name, t in times.items()},
        "ratio": {name: round(statistics.median(t) / base, 2) for name, t in times.items()},
    }


def evidence_section(result: SizeResult) -> list[str]:
    """Issue 16's figures at this size: uploads, serving, and the list with thumbnails."""
    e = result.evidence
    if not e:
        return []
    lines = [f"### Photos (issue 16) at {result.size}", ""]
    upload = e.get("upload")
    if upload:
        lines += [
            f"**Upload**: the entry form posted (multipart, one at a time, {upload['rounds']} "
            f"rounds in turns) as `{UPLOADER}`; answers "
            f"{dict(sorted(upload['statuses'].items()))}.",
            "",
            "| post | sent KB | median ms | × the post without a file |",
            "| --- | ---: | ---: | ---: |",
        ]
        for name, ms in upload["median_ms"].items():
            sent = upload["bytes"].get(name, 0) / 1024
            lines.append(f"| {name} | {sent:,.0f} | {ms:.0f} | {upload['ratio'][name]:.2f} |")
        lines.append("")
    reencode = e["plan"].get("reencode", {})
    if reencode:
        lines += [
            "Re-encoding alone (`evidence.prepare`, in one process, median of 5): "
            + "; ".join(
                f"{name} ({v['bytes'] / 1024:,.0f} KB sent): {v['ms']:.0f} ms"
                for name, v in reencode.items()
            )
            + ".",
            "",
        ]
    rows = {row.page: row for row in result.rows}
    with_row = next((r for n, r in rows.items() if n.endswith("a thumbnail each")), None)
    plain_row = next((r for n, r in rows.items() if n.endswith("no attachments")), None)
    thumbs = e["plan"]["thumbnail_bytes"]
    drawn = [image["bytes"] for image in e.get("list_images", [])]
    if with_row and plain_row and thumbs:
        growth = (with_row.gzip_bytes - plain_row.gzip_bytes) / 1024
        speed = with_row.rps / plain_row.rps if plain_row.rps else 0.0
        both = e["plan"].get("alone") or {"with": with_row.app_ms, "without": plain_row.app_ms}
        alone = both["with"] / both["without"] if both["without"] else 0.0
        average = statistics.mean(thumbs) / 1024
        same_queries = with_row.queries == plain_row.queries
        lines += [
            f"**A page of 25 entries with thumbnails** (`/logs` page {PHOTO_PAGE}, every row "
            f"a photo) against the same list's page {PLAIN_PAGE} "
            f"({e['plan']['plain_rows_with_files']} files):",
            "",
            f"- SQL per page: {with_row.queries} against {plain_row.queries} "
            f"(budget: the same, whatever the number of thumbnails): {verdict(same_queries)};",
            f"- the page's HTML, gzip: {with_row.gzip_bytes / 1024:.1f} KB against "
            f"{plain_row.gzip_bytes / 1024:.1f} KB, {growth:+.1f} KB (budget < "
            f"+{LIST_HTML_GROWTH_KB:.0f} KB): {verdict(growth < LIST_HTML_GROWTH_KB)};",
            f"- time alone, {ALONE_ROUNDS} requests of each in turns: {both['with']:.1f} ms "
            f"against {both['without']:.1f} ms, ×{alone:.2f} (budget ≤ ×{LIST_SPEED_RATIO}): "
            f"{verdict(alone <= LIST_SPEED_RATIO)}; under load {with_row.rps:,.0f} against "
            f"{plain_row.rps:,.0f} req/s (×{speed:.2f});",
        ]
        if drawn:
            kinds = sorted({image["src"].rsplit("/", 1)[-1] for image in e["list_images"]})
            drawn_average = statistics.mean(drawn) / 1024
            lines.append(
                f"- the {len(drawn)} images the list draws, fetched as the browser then fetches "
                f"them (lazily, as they scroll into view; {', '.join(kinds)}): "
                f"{sum(drawn) / 1024:,.0f} KB in all, {drawn_average:.1f} KB each on average "
                f"(budget ≤ {THUMBNAIL_KB:.0f} KB each): {verdict(drawn_average <= THUMBNAIL_KB)};"
            )
        icons = [size for size in e["plan"].get("icon_bytes", []) if size]
        lines += [
            "- stored per photo: the 128 px icon "
            + (f"{statistics.mean(icons) / 1024:.1f} KB" if icons else "(none)")
            + f", the 320 px thumbnail {average:.1f} KB (the record's page), the full image "
            f"{statistics.mean(e['plan']['image_bytes']) / 1024:,.0f} KB.",
            "",
        ]
    rss = e.get("rss_mb")
    if rss:
        lines += [
            "Workers' memory (RSS, MB) before the uploads: "
            f"{', '.join(f'{m:.0f}' for m in rss['before uploads'])}; after: "
            f"{', '.join(f'{m:.0f}' for m in rss['after'])}.",
            "",
        ]
    return lines


# One size


def prepare_database(size: str, url: str | None, data: Path = DATA) -> str:
    """Create (PostgreSQL) and upgrade the bench database; its URL."""
    if url is None:
        data.mkdir(parents=True, exist_ok=True)
        url = PG_URL if size == "1m" else f"sqlite:///{data / f'bench-{size}.db'}"
    if url.startswith("postgresql"):
        _create_pg_database(url)
    env = os.environ | {"INTRANET_SQLALCHEMY_DATABASE_URI": url, "INTRANET_SECRET_KEY": "bench"}
    subprocess.run(
        [str(BIN / "flask"), "--app", "wsgi", "db", "upgrade"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    return url


def _create_pg_database(url: str) -> None:
    import psycopg

    base, _slash, name = url.replace("postgresql+psycopg://", "postgresql://").rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,))
        if exists.fetchone() is None:
            connection.execute(f'CREATE DATABASE "{name}"')


def bench_size(size: str, args: argparse.Namespace, log: Callable[[str], None]) -> SizeResult:
    """Everything measured at one size."""
    from bench.generate import generate
    from intranet import create_app

    data = args.data
    url = prepare_database(size, args.url, data)
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench"})
    started = time.monotonic()
    generated = generate(app, size)
    log(f"{size}: data ready in {time.monotonic() - started:.0f} s {generated or ''}")
    year = date.today().year
    pages, missing, entries = plan_pages(app, year)
    photo_plan = None
    if args.only == "search":
        pages = [p for p in pages if "search" in p.name or p.path == "/healthz"]
    else:
        photo_plan = prepare_evidence(app)
        pages = [] if args.only == "photos" else pages
        pages += evidence_pages(photo_plan)
    result = SizeResult(size=size, database=url.split(":", 1)[0], entries=entries)
    result.generated, result.missing = generated, missing
    driver = run_wrk if shutil.which("wrk") and not args.python_driver else run_python
    queries = count_queries(app, pages)
    if photo_plan:
        photo_plan["alone"] = alternate_alone(
            app, {"with": photo_plan["with_photos"], "without": photo_plan["without"]}
        )
    with (
        gunicorn("bench.hello:app", os.environ.copy(), data / "hello.log", args.workers) as (
            hello,
            _hello_pid,
        ),
        gunicorn("wsgi:app", app_env(url), data / f"app-{size}.log", args.workers) as (
            port,
            master,
        ),
    ):
        cookies = {user: sign_in(port, user) for user in {p.user for p in pages}}
        hello_url = f"http://127.0.0.1:{hello}/bench/hello"
        hello_runs = [driver(hello_url, {}, args.seconds)]
        for page in pages:
            if not page.load:
                status, raw, squeezed = weigh(port, cookies[page.user], page)
                result.rows.append(
                    Row(
                        page=page.name,
                        path=page.path,
                        raw_bytes=raw,
                        gzip_bytes=squeezed,
                        status=status,
                        queries=queries[page.name][0],
                        app_ms=round(queries[page.name][1], 2),
                    )
                )
                continue
            headers = {"Cookie": cookies[page.user], "Accept-Encoding": "gzip", **page.headers}
            url_ = f"http://127.0.0.1:{port}{page.path}"
            for _warm_up in range(3):
                request(port, "GET", page.path, headers)
            measured = driver(url_, headers, args.seconds)
            hello_runs.append(driver(hello_url, {}, args.seconds))
            baseline = statistics.mean(r.rps for r in hello_runs[-2:])
            status, raw, squeezed = weigh(port, cookies[page.user], page)
            row = Row(
                page=page.name,
                path=page.path,
                rps=round(measured.rps, 1),
                p50_ms=round(measured.p50_ms, 2),
                p99_ms=round(measured.p99_ms, 2),
                ratio=round(measured.rps / baseline, 3),
                hello_rps=round(baseline, 1),
                raw_bytes=raw,
                gzip_bytes=squeezed,
                queries=queries[page.name][0],
                app_ms=round(queries[page.name][1], 2),
                bad=measured.bad,
                status=status,
                budget_ratio=page.budget[0],
                budget_p99=page.budget[1],
                is_swap=page.is_swap,
            )
            if status != page.status:
                row.note = f"answered {status}, expected {page.status}"
            result.rows.append(row)
            log(f"{size}: {page.name}: {row.rps} req/s, ×{row.ratio} of hello, p99 {row.p99_ms} ms")
        if args.only == "search":
            return result
        if args.only is None:
            result.first_load = first_load(port, cookies[READER])
        if photo_plan:
            drawn = list_images(port, cookies[READER], photo_plan["with_photos"])
            rss_before = worker_rss_mb(master)
            upload = upload_cost(port, args.upload_rounds) if args.upload_rounds else {}
            result.evidence = {
                "plan": photo_plan,
                "list_images": drawn,
                "upload": upload,
                "rss_mb": {"before uploads": rss_before, "after": worker_rss_mb(master)},
            }
            log(f"{size}: list images {[d['bytes'] for d in drawn]}")
            log(f"{size}: uploads {upload.get('median_ms')}")
            log(f"{size}: RSS {result.evidence['rss_mb']}")
        if args.only == "photos":
            result.worker_rss_mb = worker_rss_mb(master)
            return result
        result.rows.extend(_swap_sizes(app, port, cookies[READER]))
        if args.write_seconds:
            writes = writes_scenario(
                port,
                cookies[READER],
                args.write_seconds,
                args.writers,
                driver,
                f"http://127.0.0.1:{port}/logs?status=approved",
            )
            writes["in_database"] = count_written(app, writes["run"])
            log_text = (data / f"app-{size}.log").read_text(errors="replace")
            writes["database_locked"] = log_text.count("database is locked")
            writes["tracebacks"] = log_text.count("Traceback")
            result.writes = writes
            log(f"{size}: writes {writes}")
        result.worker_rss_mb = worker_rss_mb(master)
    return result


def _swap_sizes(app: Any, port: int, cookie: str) -> list[Row]:
    """htmx answers measured for size only: the board filter, a poll that brings 20 rows."""
    from intranet.board.routes import feed_cursor
    from intranet.logs import queries

    with app.app_context():
        older = queries.board_feed({})
        cursor = feed_cursor(older[-1:]) if older else ""
    rows = []
    for name, path in (
        ("board filter (htmx)", "/?kind=patrol"),
        ("board poll, 19 new rows + counters", "/board/feed?" + urlencode({"after": cursor})),
    ):
        page = Page(name, path, headers=HX_PARTIAL, is_swap=True)
        status, raw, squeezed = weigh(port, cookie, page)
        rows.append(
            Row(
                page=name,
                path=path,
                raw_bytes=raw,
                gzip_bytes=squeezed,
                status=status,
                is_swap=True,
            )
        )
    return rows


# The report


def verdict(ok: bool) -> str:
    return "met" if ok else "**missed**"


def size_section(result: SizeResult) -> list[str]:
    lines = [
        f"## {result.size}: {result.entries:,} entries on {result.database}",
        "",
        "| page | req/s | p50 ms | p99 ms | × hello | alone ms | raw KB | gzip KB | SQL/req "
        "| budget |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for row in result.rows:
        budget = []
        if row.budget_ratio is not None:
            budget.append(
                f"≥ {row.budget_ratio:.0%} of hello: {verdict(row.ratio >= row.budget_ratio)}"
            )
        if row.budget_p99 is not None:
            budget.append(f"p99 < {row.budget_p99:.0f} ms: {verdict(row.p99_ms < row.budget_p99)}")
        if row.is_swap:
            budget.append(f"swap < 8 KB: {verdict(row.gzip_bytes < 8 * 1024)}")
        if row.bad:
            budget.append(f"**{row.bad} failed answers**")
        if row.note:
            budget.append(f"**{row.note}**")
        load = ["", "", "", ""]
        if row.rps > 0:
            load = [f"{row.rps:,.0f}", f"{row.p50_ms:.1f}", f"{row.p99_ms:.1f}", f"{row.ratio:.2f}"]
        cells = [
            row.page,
            *load,
            "" if row.app_ms is None else f"{row.app_ms:.1f}",
            f"{row.raw_bytes / 1024:.1f}",
            f"{row.gzip_bytes / 1024:.1f}",
            "" if row.queries is None else str(row.queries),
            "; ".join(budget),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    for name in result.missing:
        lines.append(f"| {name} | not built yet | | | | | | | | |")
    hello = [r.hello_rps for r in result.rows if r.hello_rps]
    if hello:
        lines += [
            "",
            f"Hello answered {min(hello):,.0f}–{max(hello):,.0f} req/s across the run "
            "(each ratio is against the hello runs just before and after that page).",
        ]
    by_name = {r.page: r for r in result.rows}
    page1 = next((r for n, r in by_name.items() if "status filter, page 1" in n), None)
    deep = next(
        (r for n, r in by_name.items() if "status filter, page" in n and "page 1" not in n), None
    )
    if page1 and deep:
        gap = deep.rps / page1.rps - 1
        lines.append(
            f"Deep page against page 1 (partial, status filter): {gap:+.0%} in req/s, "
            f"budget within 20 %: {verdict(gap >= -0.20)}."
        )
    total = sum(result.first_load.values())
    lines += [""]
    if result.first_load:  # not measured with --only
        lines += [
            f"**First load of the board**, all assets, gzip: {total / 1024:.1f} KB "
            f"(budget < 60 KB: {verdict(total < 60 * 1024)}): "
            + ", ".join(f"`{k}` {v / 1024:.1f}" for k, v in result.first_load.items())
            + ".",
            "",
        ]
    if result.writes:
        w = result.writes
        server_errors = sum(n for s, n in w["statuses"].items() if int(s) >= 500)
        exact = w["in_database"] == w["saved"]
        ok = not server_errors and not w["database_locked"] and exact and not w["read_failures"]
        lines += [
            f"**Writes**: {w['writers']} clients saved entries for {w['seconds']:.0f} s while "
            f"{w['readers']} connections read `/logs` (htmx partial): {w['saved']} entries saved "
            f"(answers {dict(sorted(w['statuses'].items()))}), {w['in_database']} in the "
            f'database, {server_errors} 5xx, {w["database_locked"]} "database is locked", '
            f"{w['tracebacks']} tracebacks, {w['read_failures']} failed reads; reads "
            f"{w['read_rps']:,.0f} req/s, p99 {w['read_p99_ms']:.0f} ms: {verdict(ok)}.",
            "",
        ]
    lines += evidence_section(result)
    if result.worker_rss_mb:
        worst = max(result.worker_rss_mb)
        lines += [
            f"**Memory**: {len(result.worker_rss_mb)} workers, RSS after the run "
            f"{', '.join(f'{m:.0f}' for m in result.worker_rss_mb)} MB "
            f"(budget < 150 MB each: {verdict(worst < 150)}).",
            "",
        ]
    return lines


def report(results: list[SizeResult], args: argparse.Namespace) -> str:
    """RESULTS.md: the figures of every size, the SQLite/PostgreSQL comparison, the notes."""
    lines = [
        "# Benchmark results",
        "",
        f"Written by `make bench` (bench/run.py) on {date.today():%d/%m/%Y}: "
        f"{os.cpu_count()} cores, Python {platform.python_version()}, "
        f"gunicorn with deploy/gunicorn.conf.py"
        f"{f' and {args.workers} workers' if args.workers else ''}, "
        f"{'wrk' if shutil.which('wrk') and not args.python_driver else 'a Python driver'} "
        f"with {CONNECTIONS} connections, {args.seconds:g} s a run, every page run between "
        "two runs of a bare Flask endpoint under the same gunicorn settings. Pages are asked "
        "for with `Accept-Encoding: gzip`, signed in through the real /login form "
        f"(`{READER}`; the review queue and tips as `{APPROVER}`). SQL/req is counted in a "
        "test-client request, not under load; *alone ms* is the median time of that request in "
        "one process with nothing else asked of the app. KB are KiB.",
        "",
    ]
    for result in results:
        lines += size_section(result)
    sizes = {r.size: r for r in results}
    if "100k" in sizes and "1m" in sizes:
        lines += [
            "## 1,000,000 entries on PostgreSQL against 100,000 on SQLite",
            "",
            "| page | p99 SQLite 100k | p99 PostgreSQL 1m | within 2× |",
            "| --- | ---: | ---: | --- |",
        ]
        small = {r.page: r for r in sizes["100k"].rows if r.rps}
        for row in sizes["1m"].rows:
            if row.page in small:
                base = small[row.page].p99_ms
                lines.append(
                    f"| {row.page} | {base:.1f} | {row.p99_ms:.1f} | "
                    f"{verdict(row.p99_ms <= 2 * base)} |"
                )
        lines.append("")
    if NOTES.exists():
        lines += [NOTES.read_text().strip(), ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", action="append", choices=("commune", "100k", "1m"))
    parser.add_argument("--url", help="database URL instead of the size's default")
    parser.add_argument("--seconds", type=float, default=5.0, help="length of each load run")
    parser.add_argument("--write-seconds", type=float, default=30.0)
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--workers", type=int, help="gunicorn workers (default: the config's)")
    parser.add_argument(
        "--upload-rounds", type=int, default=UPLOAD_ROUNDS, help="posts with and without a photo"
    )
    parser.add_argument("--python-driver", action="store_true", help="load from Python, not wrk")
    parser.add_argument(
        "--only", choices=("search", "photos"), help="measure these pages alone (not RESULTS.md)"
    )
    parser.add_argument("--out", type=Path, help="the report (default bench/RESULTS.md)")
    parser.add_argument("--data", type=Path, default=DATA, help="databases, logs, JSON")
    parser.add_argument(
        "--report-only", action="store_true", help="rewrite the report from the saved JSON"
    )
    args = parser.parse_args(argv)
    sizes = args.size or ["100k", "1m"]
    if args.out is None:
        args.out = (
            args.data / f"RESULTS-{args.only}.md" if args.only else ROOT / "bench" / "RESULTS.md"
        )
    saved_as = f"results-{{}}-{args.only}.json" if args.only else "results-{}.json"

    def log(line: str) -> None:
        print(line, flush=True)

    results = []
    for size in sizes if args.report_only else ():
        saved = json.loads((args.data / saved_as.format(size)).read_text())
        saved["rows"] = [Row(**row) for row in saved["rows"]]
        results.append(SizeResult(**saved))
    for size in () if args.report_only else sizes:
        if size == "1m" and args.url is None and not _postgres_answers():
            log(f"1m: PostgreSQL does not answer at {PG_URL}; that size is left out.")
            continue
        results.append(bench_size(size, args, log))
        (args.data / saved_as.format(size)).write_text(
            json.dumps(asdict(results[-1]), indent=1, default=str)
        )
    args.out.write_text(report(results, args))
    log(f"wrote {args.out}")
    return 0


def _postgres_answers() -> bool:
    url = make_url(PG_URL)
    try:
        socket.create_connection((url.host or "127.0.0.1", url.port or 5432), timeout=2).close()
    except OSError:
        return False
    return True


if __name__ == "__main__":
    sys.exit(main())
