"""The administrator edits organizations (names, parent) and villages (kind and figures)."""

from sqlalchemy import select

from intranet.models import db
from intranet.models import Organization
from intranet.models import Village
from intranet.models import VillageKind


def _org(code: str) -> Organization:
    return db.session.scalar(select(Organization).where(Organization.code == code))


def _village(code: str) -> Village:
    return db.session.scalar(select(Village).where(Village.code == code))


def _org_form(org: Organization, **overrides) -> dict:
    return {
        "name": org.name,
        "kind": org.kind.value,
        "parent": str(org.parent_id or ""),
        "is_active": "y" if org.is_active else "",
        "version": str(org.version),
    } | overrides


def _village_form(village: Village, **overrides) -> dict:
    return {
        "code": village.code,
        "name": village.name,
        "kind": village.kind.value,
        "population": str(village.population),
        "households": str(village.households),
        "minority_percent": str(village.minority_percent),
        "version": str(village.version),
    } | overrides


def test_organizations_list_shows_the_unions_under_the_front(client, demo, login):
    login("admin")

    page = client.get("/admin/orgs").get_data(as_text=True)

    assert "Hội Liên hiệp Phụ nữ xã Ia Krai" in page
    assert "Công ty TNHH MTV Cao su Ia Krai" in page
    assert "Ủy ban Mặt trận Tổ quốc Việt Nam xã Ia Krai" in page


def test_admin_renames_an_organization_in_place(client, demo, login, hx):
    login("admin")
    org = _org("phunu")

    response = client.post(
        f"/admin/orgs/{org.id}",
        data=_org_form(org, name="Hội Phụ nữ xã Ia Krai"),
        headers=hx.partial,
    )

    assert response.status_code == 200
    assert response.get_data(as_text=True).startswith(f'<tr id="organization-{org.id}"')
    assert _org("phunu").name == "Hội Phụ nữ xã Ia Krai"


def test_an_organization_cannot_belong_to_itself(client, demo, login):
    login("admin")
    org = _org("phunu")

    response = client.post(f"/admin/orgs/{org.id}", data=_org_form(org, parent=str(org.id)))

    assert response.status_code == 422
    assert "Hãy chọn tổ chức trong danh sách." in response.get_data(as_text=True)


def test_admin_creates_an_organization(client, demo, login):
    login("admin")

    response = client.post(
        "/admin/orgs",
        data={
            "code": "hoinguoicaotuoi",
            "name": "Hội Người cao tuổi",
            "kind": "front",
            "parent": str(_org("mttq").id),
            "is_active": "y",
        },
    )

    assert response.status_code == 303
    assert _org("hoinguoicaotuoi").parent.code == "mttq"


def test_duplicate_organization_code_is_refused(client, demo, login):
    login("admin")

    response = client.post(
        "/admin/orgs", data={"code": "phunu", "name": "Trùng", "kind": "women", "parent": ""}
    )

    assert response.status_code == 422
    assert "Mã này đã được dùng." in response.get_data(as_text=True)


def test_villages_page_shows_the_36_villages_and_the_commune_total(client, demo, login):
    login("admin")

    page = client.get("/admin/villages").get_data(as_text=True)

    assert page.count('<tr id="village-') == 36
    assert "Toàn xã (36 thôn, làng)" in page
    assert "29.596" in page


def test_admin_edits_a_village_in_place_and_the_total_follows(client, demo, login, hx):
    login("admin")
    village = _village("lang01")

    response = client.post(
        f"/admin/villages/{village.id}",
        data=_village_form(village, kind="plei", population=str(village.population + 100)),
        headers=hx.partial,
    )

    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert body.startswith(f'<tr id="village-{village.id}"')
    assert '<p id="admin-village-totals" class="totals" hx-swap-oob="true">' in body
    assert "29.696" in body
    assert _village("lang01").kind == VillageKind.plei


def test_village_figures_must_be_sensible(client, demo, login):
    login("admin")
    village = _village("lang01")

    response = client.post(
        f"/admin/villages/{village.id}",
        data=_village_form(village, population="-5", households="nhiều", minority_percent="140"),
    )

    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Nhập số dân là số nguyên từ 0 đến 1.000.000." in page
    assert "Hãy nhập một số nguyên." in page
    assert "Nhập tỷ lệ là số nguyên từ 0 đến 100." in page
    assert 'value="140"' in page
    assert _village("lang01").population == 812


def test_admin_creates_a_village(client, demo, login):
    login("admin")

    response = client.post(
        "/admin/villages",
        data={
            "code": "lang37",
            "name": "Ia Kênh",
            "kind": "buon",
            "population": "480",
            "households": "102",
            "minority_percent": "98",
        },
    )

    assert response.status_code == 303
    assert _village("lang37").kind == VillageKind.buon


def test_village_code_must_be_unique(client, demo, login):
    login("admin")
    village = _village("lang02")

    response = client.post(
        f"/admin/villages/{village.id}", data=_village_form(village, code="lang01")
    )

    assert response.status_code == 422
    assert "Mã này đã được dùng." in response.get_data(as_text=True)


def test_huge_name_is_refused_and_nothing_changes(client, demo, login):
    login("admin")
    org = _org("phunu")

    response = client.post(f"/admin/orgs/{org.id}", data=_org_form(org, name="x" * 50_000))

    assert response.status_code == 422
    assert _org("phunu").name == "Hội Liên hiệp Phụ nữ xã Ia Krai"
