#pragma once
// Internal to checker/ (docs/architecture.md): other layers do not include this header.
#include <ginac/ginac.h>

#include <cstdint>
#include <string>
#include <vector>

namespace chainrule {

/// Deterministic sample points: the same sequence on every machine. Coordinates are odd
/// multiples of 1/4 (first) or 1/64 (after), never integers, exactly representable both as
/// doubles and as rationals, so a point can be re-evaluated exactly where it matters.
class SamplePoints {
  public:
    /// Points in `dimensions` variables; the sequence depends only on the seed.
    SamplePoints(std::size_t dimensions, std::uint64_t seed);

    /// The next point; `spread` widens the range (1: about ±3; 10: about ±30).
    std::vector<GiNaC::numeric> next(int spread = 1);

    /// The next point close to the origin: odd multiples of 1/4096 within about ±0.05, where
    /// a steep function (sigmoid(1000z)) is not yet saturated.
    std::vector<GiNaC::numeric> next_narrow();

  private:
    std::uint64_t next_random();
    std::size_t dimensions_;
    std::uint64_t state_;
    std::size_t count_ = 0;
};

/// A number for a person: at most 6 significant digits ("1.5", "-0.0453978", "2.1e+4342").
std::string format_number(const GiNaC::numeric& value);

} // namespace chainrule
