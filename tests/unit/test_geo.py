"""Distances and the covered area (bot/geo.py)."""

from __future__ import annotations

import pytest

from bot.geo import Point, distance_km, in_serbia


@pytest.mark.parametrize(
    ("a", "b", "km"),
    [
        # Reference values from the haversine formula on the mean Earth radius, checked against
        # published great-circle distances (Belgrade-Novi Sad ~ 70 km, Belgrade-Niš ~ 200 km).
        (Point(44.817, 20.457), Point(45.251, 19.837), 68.4),  # Belgrade - Novi Sad
        (Point(44.817, 20.457), Point(43.321, 21.896), 202.2),  # Belgrade - Niš
        (Point(45.128, 19.226), Point(45.128, 19.226), 0.0),
        (Point(0.0, 0.0), Point(0.0, 1.0), 111.2),  # one degree of the equator
    ],
)
def test_distance(a, b, km):
    assert distance_km(a, b) == pytest.approx(km, abs=0.5)
    assert distance_km(b, a) == pytest.approx(distance_km(a, b))


def test_point_round_trip_through_callback_arguments():
    point = Point.rounded(44.81649, 20.45731)
    assert point == Point(44.816, 20.457)
    assert point.code() == ("44816", "20457")
    assert Point.from_code(*point.code()) == point
    for bad in (("-1", "20"), ("44.8", "20"), ("1234567", "1"), ("", "1")):
        with pytest.raises(ValueError):
            Point.from_code(*bad)


@pytest.mark.parametrize(
    ("name", "point", "inside"),
    [
        ("Beograd", Point(44.817, 20.457), True),
        ("Šid (outside the coarse outline, within the margin)", Point(45.128, 19.226), True),
        ("Kanjiža", Point(46.067, 20.05), True),
        ("Preševo", Point(42.309, 21.65), True),
        ("Zagreb", Point(45.815, 15.982), False),
        ("Timișoara (inside Serbia's bounding box)", Point(45.756, 21.229), False),
        ("Sofia", Point(42.698, 23.322), False),
        ("Budapest", Point(47.498, 19.04), False),
        ("Sarajevo", Point(43.856, 18.413), False),
    ],
)
def test_in_serbia(name, point, inside):
    assert in_serbia(point) is inside, name


def test_every_municipality_centre_is_covered(bundled_content):
    for place in bundled_content.municipalities.values():
        assert place.centre is not None, f"{place.id} has no centre"
        assert in_serbia(Point(place.centre.lat, place.centre.lon)), place.id
