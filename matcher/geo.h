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
#include <numbers>

#include "matcher/types.h"

namespace gfo::matcher {

inline constexpr double kEarthRadiusKm = 6371.0088;  // IUGG mean radius

// Great-circle distance in km.
double HaversineKm(const GeoPoint& a, const GeoPoint& b);

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
