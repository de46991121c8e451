"""The benchmark still runs: a commune-size run of a few seconds, and its wrk reading.

The full run is `make bench` (bench/RESULTS.md). Here the data go into a temporary SQLite file
whichever database the suite runs on, and the load comes from Python threads, so the test needs
neither wrk nor the network; the figures are not looked at, only that every page answered.
"""

import json

import pytest

from bench import run

# The bench makes its own SQLite file whatever the suite runs on, and reads the real clock in
# its gunicorn workers.
pytestmark = [pytest.mark.sqlite_only, pytest.mark.real_clock]

WRK_OUTPUT = """\
Running 5s test @ http://127.0.0.1:8000/logs
  2 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     5.12ms    1.03ms  21.40ms   90.00%
  Latency Distribution
     50%  812.00us
     75%    5.50ms
     90%    6.10ms
     99%    1.20s
  4200 requests in 5.00s, 12.00MB read
  Socket errors: connect 0, read 4200, write 0, timeout 2
  Non-2xx or 3xx responses: 3
Requests/sec:    839.80
Transfer/sec:      2.40MB
"""


def test_wrk_output_is_read_in_milliseconds_with_its_failures():
    load = run.parse_wrk(WRK_OUTPUT)

    assert load.rps == 839.80
    assert load.p50_ms == 0.812
    assert load.p99_ms == 1200.0
    assert load.requests == 4200
    # Closed connections (sync workers) are no failure; timeouts and non-2xx/3xx are.
    assert load.bad == 5


def test_a_commune_size_run_writes_the_report_and_nothing_fails(tmp_path):
    out = tmp_path / "RESULTS.md"

    code = run.main(
        [
            "--size=commune",
            f"--url=sqlite:///{tmp_path / 'bench.db'}",
            f"--data={tmp_path}",
            f"--out={out}",
            "--seconds=0.2",
            "--write-seconds=1",
            "--writers=2",
            "--workers=2",
            "--upload-rounds=1",
            "--python-driver",
        ]
    )

    assert code == 0
    report = out.read_text()
    assert "| board |" in report and "| /logs partial, status filter, page 1 |" in report
    assert "First load of the board" in report and "**Writes**" in report
    result = json.loads((tmp_path / "results-commune.json").read_text())
    assert [row["page"] for row in result["rows"] if row["bad"] or row["note"]] == []
    writes = result["writes"]
    assert all(int(status) < 500 for status in writes["statuses"])
    assert writes["saved"] > 0 and writes["in_database"] == writes["saved"]
    assert writes["database_locked"] == 0 and writes["tracebacks"] == 0
    assert result["worker_rss_mb"]
    # Photos (issue 16): the list with thumbnails, the files served, an upload that saves.
    assert "25 rows, a thumbnail each" in report and "**Upload**" in report
    assert result["evidence"]["upload"]["statuses"] == {"303": 3}
    # The list draws 25 icons of a few KB, fetched through the rights check (the 8 KB budget).
    drawn = result["evidence"]["list_images"]
    assert len(drawn) == 25 and {image["status"] for image in drawn} == {200}
    assert all(image["src"].endswith("/icon") and image["bytes"] <= 8 * 1024 for image in drawn)
    assert "images the list draws" in report
