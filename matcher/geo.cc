#include "matcher/geo.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <numbers>

namespace gfo::matcher {

double HaversineKm(const GeoPoint& a, const GeoPoint& b) {
  constexpr double kRad = std::numbers::pi / 180.0;
  const double dlat = (b.lat - a.lat) * kRad;
  const double dlon = (b.lon - a.lon) * kRad;
  const double s = std::sin(dlat / 2);
  const double t = std::sin(dlon / 2);
  const double h = s * s + std::cos(a.lat * kRad) * std::cos(b.lat * kRad) * t * t;
  return 2 * kEarthRadiusKm * std::asin(std::sqrt(std::clamp(h, 0.0, 1.0)));
}

namespace {

constexpr double kRowDegrees = 0.18;  // 20.0 km of latitude
constexpr int32_t kRows = 1000;       // 180° / kRowDegrees

struct GridRow {
  int32_t columns;
  double column_degrees;
  double centre_lat;
  double radius_km;
};

// The rows are computed once: a protected home's cell then costs a few arithmetic operations in
// the ranking's scan.
std::array<GridRow, kRows> MakeRows() {
  constexpr double kKmPerDegree = kEarthRadiusKm * std::numbers::pi / 180.0;
  std::array<GridRow, kRows> rows{};
  for (int32_t r = 0; r < kRows; ++r) {
    GridRow& row = rows[static_cast<size_t>(r)];
    row.centre_lat = -90 + (r + 0.5) * kRowDegrees;
    const double km_per_degree_lon =
        kKmPerDegree * std::cos(row.centre_lat * std::numbers::pi / 180);
    row.columns = std::max<int32_t>(
        1, static_cast<int32_t>(std::floor(360 * km_per_degree_lon / kProtectedCellKm)));
    row.column_degrees = 360.0 / row.columns;
    // The corners are the cell's farthest points from its centre; those on the edge nearer the
    // equator, where the row is wider, are the farther ones, but measuring all four costs nothing.
    const GeoPoint centre{row.centre_lat, 0};
    for (const double dlat : {-0.5 * kRowDegrees, 0.5 * kRowDegrees}) {
      for (const double dlon : {-0.5 * row.column_degrees, 0.5 * row.column_degrees}) {
        row.radius_km = std::max(row.radius_km, HaversineKm(centre, {row.centre_lat + dlat, dlon}));
      }
    }
  }
  return rows;
}

}  // namespace

GridCell ProtectedCellOf(const GeoPoint& point) {
  if (!std::isfinite(point.lat) || !std::isfinite(point.lon)) {
    return GridCell{-1, -1, point, 0};
  }
  static const std::array<GridRow, kRows> kGridRows = MakeRows();
  const int32_t r = static_cast<int32_t>(
      std::clamp(std::floor((point.lat + 90) / kRowDegrees), 0.0, kRows - 1.0));
  const GridRow& row = kGridRows[static_cast<size_t>(r)];
  double east = std::fmod(point.lon + 180, 360);  // degrees east of 180° W, in [0, 360)
  if (east < 0) east += 360;
  const int32_t column = static_cast<int32_t>(
      std::clamp(std::floor(east / row.column_degrees), 0.0, row.columns - 1.0));
  return GridCell{
      r, column, {row.centre_lat, -180 + (column + 0.5) * row.column_degrees}, row.radius_km};
}

}  // namespace gfo::matcher
