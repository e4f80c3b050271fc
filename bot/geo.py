"""Distances on the Earth and the area the bot covers. Pure functions: no Telegram, no state.

A shared location is used for one answer and forgotten: it is rounded to 3 decimals (about 100 m)
before anything else sees it, never logged and never written anywhere.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

EARTH_RADIUS_KM = 6371.0088  # the mean Earth radius (IUGG)

# Serbia's outline, from Natural Earth's 1:110m admin-0 countries (public domain), as published in
# johan/world.geo.json (countries/SRB.geo.json). At this scale the border can be off by ten
# kilometres or more (Šid itself falls just outside it), so points near the line count as covered.
SERBIA_OUTLINE: tuple[tuple[float, float], ...] = (
    (20.874313, 45.416375), (21.483526, 45.18117), (21.562023, 44.768947), (22.145088, 44.478422),
    (22.459022, 44.702517), (22.705726, 44.578003), (22.474008, 44.409228), (22.65715, 44.234923),
    (22.410446, 44.008063), (22.500157, 43.642814), (22.986019, 43.211161), (22.604801, 42.898519),
    (22.436595, 42.580321), (22.545012, 42.461362), (22.380526, 42.32026), (21.91708, 42.30364),
    (21.576636, 42.245224), (21.54332, 42.32025), (21.66292, 42.43922), (21.77505, 42.6827),
    (21.63302, 42.67717), (21.43866, 42.86255), (21.27421, 42.90959), (21.143395, 43.068685),
    (20.95651, 43.13094), (20.81448, 43.27205), (20.63508, 43.21671), (20.49679, 42.88469),
    (20.25758, 42.81275), (20.3398, 42.89852), (19.95857, 43.10604), (19.63, 43.21378),
    (19.48389, 43.35229), (19.21852, 43.52384), (19.454, 43.5681), (19.59976, 44.03847),
    (19.11761, 44.42307), (19.36803, 44.863), (19.00548, 44.86023), (19.390476, 45.236516),
    (19.072769, 45.521511), (18.82982, 45.90888), (19.596045, 46.17173), (20.220192, 46.127469),
    (20.762175, 45.734573),
)  # (longitude, latitude), as in GeoJSON
BORDER_MARGIN_KM = 20.0
# Natural Earth draws Kosovo separately, so a point there gets the "outside the area Putokaz covers" answer
# (no services are listed there); the wording takes no position on status.


@dataclass(frozen=True)
class Point:
    """A place, rounded to 3 decimals (about 100 m): precise enough for "1.2 km", no more."""

    lat: float
    lon: float

    @classmethod
    def rounded(cls, lat: float, lon: float) -> Point:
        return cls(round(lat, 3), round(lon, 3))

    def code(self) -> tuple[str, str]:
        """The point as two callback-data arguments (thousandths of a degree), e.g. ("44818", "20457")."""
        return str(round(self.lat * 1000)), str(round(self.lon * 1000))

    @classmethod
    def from_code(cls, lat: str, lon: str) -> Point:
        """The inverse of code(); ValueError for anything code() would not have produced."""
        if not (lat.isdigit() and lon.isdigit() and len(lat) <= 6 and len(lon) <= 6):
            raise ValueError("not a point")
        return cls(int(lat) / 1000, int(lon) / 1000)


def distance_km(a: Point, b: Point) -> float:
    """Great-circle distance (haversine), in kilometres."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def _inside(point: Point, outline: tuple[tuple[float, float], ...]) -> bool:
    """Ray casting: is the point inside the polygon?"""
    inside = False
    x, y = point.lon, point.lat
    for (x1, y1), (x2, y2) in zip(outline, outline[1:] + outline[:1]):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def _km_to_segment(point: Point, a: tuple[float, float], b: tuple[float, float]) -> float:
    """Distance from a point to a border segment, on a local flat projection (fine at this scale)."""
    scale = math.cos(math.radians(point.lat))
    ax, ay = (a[0] - point.lon) * scale, a[1] - point.lat
    bx, by = (b[0] - point.lon) * scale, b[1] - point.lat
    dx, dy = bx - ax, by - ay
    length = dx * dx + dy * dy
    t = 0.0 if length == 0 else max(0.0, min(1.0, -(ax * dx + ay * dy) / length))
    cx, cy = ax + t * dx, ay + t * dy
    return math.hypot(cx, cy) * math.pi / 180 * EARTH_RADIUS_KM


def in_serbia(point: Point) -> bool:
    """Inside Serbia's outline, or within BORDER_MARGIN_KM of it (the outline is coarse)."""
    if _inside(point, SERBIA_OUTLINE):
        return True
    edges = zip(SERBIA_OUTLINE, SERBIA_OUTLINE[1:] + SERBIA_OUTLINE[:1])
    return any(_km_to_segment(point, a, b) <= BORDER_MARGIN_KM for a, b in edges)
