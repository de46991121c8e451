"""Time the biggest download, /logs.xlsx at its row cap: rows per second on this machine.

The machine is shared, so each run prints wall time and the process's own CPU time; compare
CPU times between runs. The database is one the bench made (`bench/generate.py`):

    python -m bench.export --url sqlite:///bench/data/bench-100k.db --repeat 3
"""

import argparse
import time
from io import BytesIO

from openpyxl import load_workbook

from intranet import create_app
from intranet import demo


def main() -> None:
    """Command line: sign in, download /logs.xlsx a few times, print rows per second."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", required=True, help="SQLAlchemy URL of a filled database")
    parser.add_argument("--user", default="congan.truong", help="who downloads (sees the most)")
    parser.add_argument("--query", default="", help="filters, e.g. status=approved")
    parser.add_argument("--cap", type=int, help="LOGS_EXPORT_MAX_ROWS for this run")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    settings = {"SQLALCHEMY_DATABASE_URI": args.url, "SECRET_KEY": "bench"}
    settings |= {"WTF_CSRF_ENABLED": False, "DEMO_MODE": True}
    if args.cap:
        settings["LOGS_EXPORT_MAX_ROWS"] = args.cap
    app = create_app(settings)
    client = app.test_client()
    signed_in = client.post("/login", data={"username": args.user, "password": demo.DEMO_PASSWORD})
    assert signed_in.status_code == 303, "sign-in failed"
    for run in range(1, args.repeat + 1):
        wall, cpu = time.perf_counter(), time.process_time()
        response = client.get(f"/logs.xlsx?{args.query}")
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        assert response.status_code == 200, response.status
        sheet = load_workbook(BytesIO(response.data), read_only=True).worksheets[0]
        rows = sum(
            1
            for (day,) in sheet.iter_rows(min_row=2, max_col=1, values_only=True)
            if day and not isinstance(day, str)
        )
        print(
            f"run {run}: {rows} rows, {len(response.data) / 1e6:.1f} MB in {wall:.1f} s wall, "
            f"{cpu:.1f} s CPU: {rows / wall:,.0f} rows/s wall, {rows / cpu:,.0f} rows/s CPU"
        )


if __name__ == "__main__":
    main()
