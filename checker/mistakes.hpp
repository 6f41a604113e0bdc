#pragma once
// Internal to diagnosis.cpp: the wrong derivatives that known mistakes produce for a
// function, and a cheap numeric probe to pre-filter them.
#include <ginac/ginac.h>

#include <cstddef>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace chainrule::mistakes {

class Probe;

/// A whole wrong derivative of the function, with the mistake that produces it.
struct Candidate {
    std::string id;
    std::string message;
    /// The wrong derivative; for a slip at one place found through the probe, built on demand
    /// (derivative_of) and empty until then.
    GiNaC::ex derivative;
    /// For such a candidate: its values at the probe's points, worked out without building it.
    std::optional<std::vector<long double>> values;
    /// Builds the derivative of a candidate that has values but no derivative yet.
    std::function<GiNaC::ex()> build;
    /// A slip at one place of the function's tree: where (the child indices from the root)
    /// and the derivative of that node under the mistaken rule.
    bool at_site = false;
    std::vector<std::size_t> path = {};
    GiNaC::ex site_derivative = {};
    /// The sign of the whole derivative flipped.
    bool whole_sign = false;
};

/// Whether two one-place slips are at places neither of which holds the other: their
/// effects on the derivative then add up.
bool disjoint_sites(const Candidate& a, const Candidate& b);

/// The derivative of `function` with the two slips of a and b (disjoint_sites) together.
GiNaC::ex derivative_with_two_slips(const GiNaC::ex& function, const GiNaC::symbol& x,
                                    const std::vector<GiNaC::ex>& others, const Candidate& a,
                                    const Candidate& b);

/// The candidate's derivative, built (once) when it is not yet.
const GiNaC::ex& derivative_of(Candidate& candidate);

/// The candidates for d/dx function, most telling first, at most `cap` of them: whole-answer
/// mistakes (sign, wrong variable, other variables varying), the same slip at every place
/// (exponent not lowered, coefficient missing, chain factor missing, product as product),
/// then one slip at one place of the tree, in preorder. With a probe and the right
/// derivative's values at its points, the one-slip candidates come as values only: the
/// derivative is linear along the path from the slip to the root, so a slip's values are the
/// right ones plus the path's factor times the change at the slipped node, and most
/// candidates, which no answer matches, are never built. `derivative`, when given, is
/// d/dx function already worked out.
std::vector<Candidate> build_candidates(const GiNaC::ex& function, const GiNaC::symbol& x,
                                        const std::vector<GiNaC::ex>& others, std::size_t cap,
                                        const Probe* probe = nullptr,
                                        const std::vector<long double>* expected_values = nullptr,
                                        const GiNaC::ex* derivative = nullptr);

std::string text(const GiNaC::ex& e);

/// Values of expressions at a few fixed generic points.
class Probe {
  public:
    static constexpr std::size_t point_count = 6;
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

enum class Agreement { agree, differ, unknown };
/// Whether two value lists agree at every point where both are finite.
Agreement agreement(const std::vector<long double>& a, const std::vector<long double>& b);
/// numerator/denominator when it is the same at every usable point (at least two).
std::optional<long double> constant_ratio(const std::vector<long double>& numerator,
                                          const std::vector<long double>& denominator);
/// A fraction with a small denominator equal to the value, if there is one.
std::optional<GiNaC::numeric> rationalize(long double value);

} // namespace chainrule::mistakes
