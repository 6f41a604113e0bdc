#pragma once
// How a wrong answer differs from the expected derivative, when no named mistake explains it:
// the diagnosis's fallback ("structure"), in the student's own terms.
#include <ginac/ginac.h>

#include <optional>
#include <string>
#include <vector>

namespace chainrule {

/// A description of how a wrong answer differs from the expected derivative, from the
/// structure alone and in the student's own terms: off by a constant or a constant factor; or
/// the terms (of a sum) or factors (of a product) of the answer, as written, that are not
/// right, with what the derivative has in their place (at most three; never an expansion the
/// student did not write; in a hidden-answer mode, never the derivative's part). Nothing when
/// the two are equal or when no part of the answer is right.
std::optional<std::string> describe_structure(const GiNaC::ex& expected, const GiNaC::ex& answer,
                                              const std::vector<std::string>& variables);

} // namespace chainrule
