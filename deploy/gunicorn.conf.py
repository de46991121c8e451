"""gunicorn settings for production (and for `make bench`, which measures with these).

nginx sits in front (deploy/nginx-intranet.conf): it serves /static/, gzips, holds slow 3G
clients and buffers their uploads and our answers, so the app's workers can be plain `sync`
workers that each handle one request at a time and are never tied up by a slow phone.
Values may be overridden with GUNICORN_* variables for a bigger host.
"""

import multiprocessing
import os

# Where nginx proxies to, and nothing else: a client that reached gunicorn directly would skip
# nginx's buffering (one slow phone holds a sync worker for the whole timeout), its limit on
# sign-in attempts and HTTPS. Loopback by default; GUNICORN_BIND overrides it (several
# addresses comma-separated), e.g. "unix:/run/intranet/gunicorn.sock", or the private LAN
# address that the installation's nginx reaches, never 0.0.0.0 on a host with a public address.
# `make bench` passes --bind for its own port.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",")
# The classic (2 × cores) + 1: a worker waiting on the database leaves the core to another.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
# Longer than any page takes; the .xlsx export of 50,000 rows is the slowest answer.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
# Workers finish their requests within this on a stop; systemd's TimeoutStopSec (35 s in
# deploy/intranet.service) must stay longer, or it kills them mid-request.
graceful_timeout = 30
# A worker is replaced after this many requests (the jitter keeps them from all going at once):
# a backstop against slow growth of memory, not the cure. Re-encoding photos grew workers by
# 10–50 MB that glibc kept; evidence.release_memory gives that back after each upload (measured
# in bench/NOTES.md, "Photos"). MALLOC_ARENA_MAX=2 was measured too and does not help here: sync
# workers run one thread, which uses the main arena only.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "5000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "500"))
# Each worker imports the app itself: no database connection is ever shared across a fork.
preload_app = False
# nginx talks to us over loopback; a queue of waiting connections rather than refusals.
backlog = 512
# nginx keeps the access log; gunicorn writing one too costs a few % of throughput.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
loglevel = "info"
# The address of the client comes from nginx's X-Forwarded-For (INTRANET_PROXY_FIX_X_FOR=1).
forwarded_allow_ips = "127.0.0.1"
