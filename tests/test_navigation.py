"""The navigation shows each role only what it may use, with the commune and the demo mark."""

import re

import pytest

pytestmark = pytest.mark.sqlite_only  # templates and rights, not SQL

NAV_LINKS = re.compile(r'<nav class="container main-nav".*?</nav>', re.S)


@pytest.mark.parametrize(
    ("username", "links"),
    [
        (
            "admin",
            [
                "Bảng tin",
                "Nhật ký hoạt động",
                "Thôn, làng",
                "Số liệu vụ việc",
                "Khen thưởng",
                "Báo cáo 19/8",
                "Đánh giá cuối năm",
                "Báo tin",
                "Người dùng",
                "Tổ chức",
                "Danh mục thôn, làng",
                "Thay đổi tài khoản",
            ],
        ),
        (
            "congan.truong",
            [
                "Bảng tin",
                "Nhật ký hoạt động",
                "Duyệt hoạt động",
                "Thôn, làng",
                "Số liệu vụ việc",
                "Khen thưởng",
                "Báo cáo 19/8",
                "Đánh giá cuối năm",
                "Tin báo",
                "Thay đổi tài khoản",
            ],
        ),
        (
            "congan.canbo",
            [
                "Bảng tin",
                "Nhật ký hoạt động",
                "Thôn, làng",
                "Số liệu vụ việc",
                "Khen thưởng",
                "Báo cáo 19/8",
                "Đánh giá cuối năm",
                "Tin báo",
            ],
        ),
        (
            "mttq",
            [
                "Bảng tin",
                "Nhật ký hoạt động",
                "Thôn, làng",
                "Số liệu vụ việc",
                "Khen thưởng",
                "Báo cáo 19/8",
                "Đánh giá cuối năm",
                "Báo tin",
            ],
        ),
        (
            "lanhdao",
            [
                "Bảng tin",
                "Nhật ký hoạt động",
                "Thôn, làng",
                "Số liệu vụ việc",
                "Khen thưởng",
                "Báo cáo 19/8",
                "Đánh giá cuối năm",
                "Báo tin",
            ],
        ),
        (
            "lang07",
            [
                "Bảng tin",
                "Nhật ký hoạt động",
                "Thôn, làng",
                "Số liệu vụ việc",
                "Khen thưởng",
                "Báo cáo 19/8",
                "Đánh giá cuối năm",
                "Báo tin",
            ],
        ),
    ],
)
def test_navigation_shows_only_what_the_role_may_use(client, demo, login, username, links):
    login(username)

    page = client.get("/").get_data(as_text=True)
    nav = NAV_LINKS.search(page).group(0).split('<span id="nav-badges"')[0]

    assert re.findall(r"<a [^>]*>([^<]+)</a>", nav) == links


def test_every_page_names_the_commune_and_marks_the_demo(client, demo, login):
    login("lang07")

    page = client.get("/").get_data(as_text=True)

    assert "Xã Ia Krai" in page
    assert "Toàn dân bảo vệ an ninh Tổ quốc" in page
    assert "Dữ liệu minh họa" in page
    assert "Rơ Mah Hling" not in page  # another user's name
    assert "Làng Dơ Nâu" in page  # lang07's own village


def test_board_shows_the_commune_in_figures(client, demo, login):
    login("mttq")

    page = client.get("/").get_data(as_text=True)

    assert "Xã qua các con số" in page
    assert "29.596" in page
    assert ">36<" in page


def test_admin_lists_run_a_constant_number_of_queries(client, demo, login, count_queries):
    login("admin")
    counts = {}
    for path in ("/admin/users", "/admin/orgs", "/admin/villages"):
        with count_queries() as statements:
            assert client.get(path).status_code == 200
        counts[path] = len(statements)

    assert counts == {"/admin/users": 3, "/admin/orgs": 2, "/admin/villages": 4}
