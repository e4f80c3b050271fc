"""The Near me view: order, approximate distances, filters, and places outside Serbia."""

from __future__ import annotations

from datetime import datetime

from bot.clock import BELGRADE
from bot.geo import Point
from bot.views import nearby
from bot.views.codec import decode

TUESDAY = datetime(2026, 11, 10, 11, 0, tzinfo=BELGRADE)


def test_closed_services_are_left_out_and_town_centres_are_approximate(test_content):
    found = nearby.nearest_services(test_content, Point(45.128, 19.226))
    ids = [n.service.id for n in found]
    assert "rc-sid" not in ids  # closed for good
    assert ids[0] == "dz-sid" and not found[0].approximate
    kanjiza = next(n for n in found if n.service.id == "kanjiza-help")
    assert kanjiza.approximate
    assert [n.km for n in found] == sorted(n.km for n in found)


def test_filter_buttons_carry_the_rounded_point_and_nothing_else(test_content, catalogs):
    screen = nearby.results(test_content, catalogs["en"], Point.rounded(44.81312, 20.46091), "all", "a", TUESDAY)
    datas = [b.callback.encode() for row in screen.rows for b in row if b.callback]
    filters = [decode(d) for d in datas if decode(d).screen == "nf"]
    assert filters and all(f.args[:2] == ("44813", "20461") for f in filters)
    assert all(len(d.encode()) <= 64 for d in datas)
    health = nearby.results(test_content, catalogs["en"], Point(44.813, 20.461), "health", "o", TUESDAY)
    labels = [b.label for row in health.rows for b in row]
    assert "✅ Health" in labels and "✅ 🕒 Open now" in labels


def test_far_away_points_get_the_municipality_list(test_content, catalogs):
    for point in (Point.rounded(-33.868, 151.209), Point.rounded(40.7128, -74.006), Point(45.756, 21.229)):
        screen = nearby.results(test_content, catalogs["en"], point, "all", "a", TUESDAY)
        assert "outside the area Putokaz covers" in screen.text
        assert {decode(b.callback.encode()).screen for row in screen.rows for b in row if b.callback} <= {"sc", "em", "m"}


def test_nothing_open_is_said_kindly(test_content, catalogs):
    night = datetime(2026, 11, 10, 3, 0, tzinfo=BELGRADE)
    screen = nearby.results(test_content, catalogs["en"], Point(42.31, 21.647), "legal", "o", night)
    assert "Nothing with known opening hours is open near you right now" in screen.text
