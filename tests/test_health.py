"""GET /healthz: 200 {"status": "ok"} when the database answers, 503 otherwise."""

from sqlalchemy.exc import OperationalError


def test_healthz_answers_ok_when_the_database_answers(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_healthz_answers_503_when_the_database_does_not(client, monkeypatch):
    def broken(*args, **kwargs):
        raise OperationalError("SELECT 1", {}, Exception("database is gone"))

    monkeypatch.setattr("intranet.board.routes.db.session.execute", broken)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.get_json() == {"status": "unavailable"}


def test_a_page_answers_503_with_retry_after_when_the_database_goes_away(
    client, demo, login, hx, monkeypatch
):
    login("phunu")

    def restarting(*args, **kwargs):
        raise OperationalError("SELECT", {}, Exception("server closed the connection"))

    monkeypatch.setattr("intranet.logs.queries.db.session.execute", restarting)
    monkeypatch.setattr("intranet.logs.queries.db.session.scalars", restarting)

    page = client.get("/logs")
    fragment = client.get("/logs?q=họp", headers=hx.partial)

    assert page.status_code == fragment.status_code == 503
    assert page.headers["Retry-After"] == fragment.headers["Retry-After"] == "10"
    assert "xin thử lại sau giây lát" in page.get_data(as_text=True)
    assert fragment.headers["HX-Retarget"] == "#alerts"
    monkeypatch.undo()
    assert client.get("/logs").status_code == 200  # and it recovers by itself
