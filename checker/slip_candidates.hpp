#pragma once
// Internal to checker/: the candidates. The whole wrong derivatives that known mistakes
// produce for a function, which the diagnosis (checker/diagnosis.cpp) holds against an answer.
#include "checker/mistake_id.hpp"
#include "checker/probe.hpp"

#include <ginac/ginac.h>

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace chainrule::mistakes {

/// A whole wrong derivative of the function, with the mistake that produces it.
struct Candidate {
    MistakeId id;
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

} // namespace chainrule::mistakes
