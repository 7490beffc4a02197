// Distances between points on the earth for proximity and safety rules.
//
// HaversineKm is the reference (spherical earth, error < 0.5 %). DistanceFrom is the fast form the
// ranking uses on every home: an equirectangular approximation taken at the pair's mean latitude,
// whose cosine is expanded around the reference point, so a distance costs a few multiplications
// and one square root. It stays within 0.1 % of HaversineKm up to 300 km and within 0.5 % between
// any two places in Sweden.

#ifndef GFO_MATCHER_GEO_H_
#define GFO_MATCHER_GEO_H_

#include <cmath>
#include <cstdint>
#include <numbers>

#include "matcher/types.h"

namespace gfo::matcher {

inline constexpr double kEarthRadiusKm = 6371.0088;  // IUGG mean radius

// Great-circle distance in km.
double HaversineKm(const GeoPoint& a, const GeoPoint& b);

// The fixed grid that a protected home's location (skyddade personuppgifter) is coarsened to
// before the matcher measures any distance to it (internal/kernel.h FactsOf). Rows are 0.18° of
// latitude (20.0 km) counted from the south pole; each row is cut, from 180° W, into the whole
// number of equal columns that makes each at least 20 km wide along the row's middle latitude
// (in Sweden 0.31°-0.50° of longitude). A cell is thus about 20 x 20 km and its corners lie about
// 14.2 km from its centre. The grid depends on nothing but the point, so every home in one cell
// is matched alike.
inline constexpr double kProtectedCellKm = 20;

struct GridCell {
  int32_t row = -1;     // 0 at the south pole; -1 for a point that is not finite
  int32_t column = -1;  // 0 at 180° W
  GeoPoint centre;
  double radius_km = 0;  // no point of the cell is farther from the centre (great circle)
};

// The distance to the nearest point of a protected home's cell from a point `centre_km` from the
// cell's centre: what a safety line (a risk location's minimum distance) is checked against,
// wherever in the cell the home is. At least 0; a NaN distance gives 0, so the home is left out.
inline double NearestInCellKm(double centre_km, double radius_km) {
  const double nearest = centre_km - radius_km;
  return nearest > 0 ? nearest : 0.0;
}

// The cell of `point`. A latitude beyond ±90° counts as the pole's row, a longitude is taken
// modulo 360°. A point whose latitude or longitude is not finite has no cell: it is returned as
// its own centre with radius 0, so that every distance to it stays non-finite.
GridCell ProtectedCellOf(const GeoPoint& point);

// Distances from one fixed reference point.
class DistanceFrom {
 public:
  explicit DistanceFrom(const GeoPoint& reference)
      : lat_rad_(reference.lat * kRadPerDegree),
        lon_rad_(reference.lon * kRadPerDegree),
        cos_lat_(std::cos(lat_rad_)),
        sin_lat_(std::sin(lat_rad_)) {}

  // Squared approximate distance in km².
  double SquaredKm(double lat, double lon) const {
    const double dlat = lat * kRadPerDegree - lat_rad_;
    double dlon = lon * kRadPerDegree - lon_rad_;
    if (dlon > std::numbers::pi) dlon -= 2 * std::numbers::pi;
    if (dlon < -std::numbers::pi) dlon += 2 * std::numbers::pi;
    // cos(lat_ref + e) with e = dlat / 2, to second order in e.
    const double e = 0.5 * dlat;
    const double cos_mean = cos_lat_ * (1 - 0.5 * e * e) - sin_lat_ * e;
    const double x = dlon * cos_mean;
    return kEarthRadiusKm * kEarthRadiusKm * (x * x + dlat * dlat);
  }

  // Approximate distance in km.
  double Km(double lat, double lon) const { return std::sqrt(SquaredKm(lat, lon)); }

 private:
  static constexpr double kRadPerDegree = std::numbers::pi / 180.0;
  double lat_rad_;
  double lon_rad_;
  double cos_lat_;
  double sin_lat_;
};

}  // namespace gfo::matcher

#endif  // GFO_MATCHER_GEO_H_
