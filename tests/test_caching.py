"""The one cache of figures (issue 13.6): kept while the fingerprint holds, bounded, per app."""

from threading import Barrier
from threading import Thread

import pytest
from sqlalchemy import select

from intranet.caching import app_cache
from intranet.caching import approval_fingerprint
from intranet.caching import FingerprintCache
from intranet.models import db
from intranet.models import LogStatus
from intranet.models import Organization
from tests.factories import make_entry
from tests.factories import make_org


def counting(value):
    calls = []

    def compute():
        calls.append(value)
        return value

    return compute, calls


@pytest.mark.sqlite_only
def test_a_value_is_kept_while_its_fingerprint_holds():
    cache = FingerprintCache(size=4)
    compute, calls = counting("2026")

    first = cache.get(2026, ("approved", 1), compute)
    again = cache.get(2026, ("approved", 1), compute)
    moved = cache.get(2026, ("approved", 2), compute)

    assert first == again == moved == "2026"
    assert len(calls) == 2
    assert len(cache) == 1  # the stale value is replaced, not kept beside the new one


@pytest.mark.sqlite_only
def test_the_least_recently_used_key_goes_first():
    cache = FingerprintCache(size=2)
    cache.get("a", 0, lambda: "A")
    cache.get("b", 0, lambda: "B")
    cache.get("a", 0, lambda: "not computed again")
    cache.get("c", 0, lambda: "C")

    assert len(cache) == 2
    assert cache.get("a", 0, lambda: "recomputed") == "A"
    assert cache.get("b", 0, lambda: "recomputed") == "recomputed"


@pytest.mark.sqlite_only
def test_threads_share_the_cache_without_losing_entries():
    cache = FingerprintCache(size=1000)
    start = Barrier(8)

    def work(offset):
        start.wait()
        for n in range(200):
            cache.get((offset, n), 0, lambda n=n: n)

    threads = [Thread(target=work, args=(t,)) for t in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(cache) == 1000


@pytest.mark.sqlite_only
def test_each_application_has_its_own_caches(app, make_app):
    cache = app_cache("figures", size=3)
    assert app_cache("figures", size=3) is cache
    other = make_app(alone=True)
    with other.app_context():
        assert app_cache("figures", size=3) is not cache


def test_the_fingerprint_moves_with_an_approval_and_a_rename(app, people):
    before = approval_fingerprint()
    make_entry(status=LogStatus.draft, author=people["phunu"])
    assert approval_fingerprint() == before  # a draft counts nowhere

    make_entry(status=LogStatus.approved, author=people["phunu"], approver=people["truong"])
    approved = approval_fingerprint()
    assert approved != before

    women = db.session.scalar(select(Organization).where(Organization.code == "phunu"))
    women.name = "Hội Phụ nữ (mới)"
    db.session.commit()
    renamed = approval_fingerprint()
    assert renamed != approved

    make_org("moi", name="Tổ chức mới")
    assert approval_fingerprint() != renamed
