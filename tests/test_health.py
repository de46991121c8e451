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
