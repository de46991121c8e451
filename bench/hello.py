"""The bare endpoint every figure is measured against: Flask, one route, no database, no session.

It runs under gunicorn with the same configuration as the intranet (deploy/gunicorn.conf.py),
so the ratio page/hello is what the page costs beyond Flask and gunicorn themselves.
"""

from flask import Flask

app = Flask(__name__)


@app.route("/bench/hello")
def hello() -> str:
    """A few bytes of text."""
    return "hello"
