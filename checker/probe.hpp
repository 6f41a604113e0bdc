#pragma once
// Internal to checker/: a cheap numeric probe. The values of expressions at a few fixed
// generic points, and how to read lists of such values (do two agree, is one a constant
// multiple of another, is a value a small fraction). The diagnosis uses it to screen its
// candidates before a proof; equivalence uses it to tell two sides apart beyond rounding.
#include <ginac/ginac.h>

#include <cstddef>
#include <optional>
#include <vector>

namespace chainrule::mistakes {

/// Values of expressions at a few fixed generic points.
class Probe {
  public:
    static constexpr std::size_t point_count = 6;
    /// The points' coordinates follow the symbols' names (sort_by_name), not their order here.
    explicit Probe(std::vector<GiNaC::ex> symbols);
    /// Nothing when the expression cannot be compiled; non-finite entries where undefined.
    /// With `errors`, a bound on each value's rounding error as well.
    std::optional<std::vector<long double>>
    values(const GiNaC::ex& e, std::vector<long double>* errors = nullptr) const;
    /// Whether a and b differ at one of the points by more than rounding could explain (the
    /// values' error bounds, with room to spare). False decides nothing.
    bool differ_beyond_rounding(const GiNaC::ex& a, const GiNaC::ex& b) const;
    /// Moves the points to where `e` (the right derivative) is neither flat nor huge, chosen
    /// from a larger fixed pool: σ((xz + 3)³ + 5y)' is below 10⁻¹⁰ at most generic points, and
    /// max(x, 2)' is 0 at all six, where every candidate would seem to agree with it. Two of
    /// the first points stay, so the flat regions are probed too. Deterministic.
    void focus_on(const GiNaC::ex& e);

  private:
    static std::vector<long double> pool_point(std::size_t k, std::size_t dimensions);
    std::vector<GiNaC::ex> symbols_;
    std::vector<std::vector<long double>> points_;
};

/// Symbols in the order of their names: GiNaC's order of expressions follows hashes that mix
/// in addresses, so the coordinates (and the points that messages name) would change from
/// run to run. Stable; anything but a symbol sorts first.
void sort_by_name(std::vector<GiNaC::ex>& symbols);

enum class Agreement { agree, differ, unknown };
/// Whether two value lists agree at every point where both are finite.
Agreement agreement(const std::vector<long double>& a, const std::vector<long double>& b);
/// numerator/denominator when it is the same at every usable point (at least two).
std::optional<long double> constant_ratio(const std::vector<long double>& numerator,
                                          const std::vector<long double>& denominator);
/// A fraction with a small denominator equal to the value, if there is one.
std::optional<GiNaC::numeric> rationalize(long double value);

} // namespace chainrule::mistakes
