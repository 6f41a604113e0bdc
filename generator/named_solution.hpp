#pragma once
// Worked solutions written in a question's named values, as the course notes write them:
// backpropagation through a chain of parts as the product of local gradients, each computed
// once (δ = ∂L/∂z2 = 2(z2 − 1), ∂z2/∂a1 = w2, ∂a1/∂z1 = (z1 > 0), ...), and an activation's
// derivative in terms of its output: y(1 − y), 1 − y², S_i(1 − S_i), −S_i·S_m.
#include "generator/problem.hpp"
#include "generator/solution.hpp"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace chainrule {

/// The derivation of d/d`variable` of f (one entry of problem's function, named
/// function_name) in the problem's named values (its lets and parts), or nullopt when f is
/// not built from them along one path to the variable (the rule-by-rule solution of
/// solve_derivative is then the one to show).
///
/// Every line's `expression` is the line's value in the variables: the named values
/// substituted and each local gradient still to be worked out evaluated, so that each line is
/// checked equal to the derivative as a rule-by-rule line is. Its text is in `shown`.
std::optional<WorkedSolution> solve_in_named_values(const Problem& problem, const GiNaC::ex& f,
                                                    const std::string& function_name,
                                                    const std::string& variable);

/// ∂f/∂part for a named value `part` of lets (names and values in the variables, in order):
/// backpropagation's upstream gradient. f is written through the named values down to part,
/// differentiated with part as a variable, and the result written back in the variables:
/// ∂L/∂a1 = 2(z2 − 1)·w2 for L = (z2 − 1)², z2 = w2·a1 + b2. nullopt when part is not a
/// name of lets (or names a number or a lone variable).
std::optional<GiNaC::ex>
derivative_wrt_named_value(const GiNaC::ex& f, const std::string& part,
                           const std::vector<std::pair<std::string, GiNaC::ex>>& lets);

/// The derivative of f with respect to each name of wrt in order (a row per entry of f, as
/// differentiate gives it): a variable as usual, a named value of lets as
/// derivative_wrt_named_value. Throws InputError for a name that is neither.
ExprValue
differentiate_with_named_values(const ExprValue& f, const std::vector<std::string>& wrt,
                                const std::vector<std::pair<std::string, GiNaC::ex>>& lets);

/// The derivative of f = leaky_relu(u, α) or elu(u, α) with α a number, ended as
/// u'·((u > 0) + α(u ≤ 0)) or u'·((u > 0) + αe^u(u ≤ 0)) with α written as given (0.06, not
/// 3/50); nullopt for another f.
std::optional<SolutionStep> activation_slope_line(const GiNaC::ex& f, const GiNaC::symbol& x);

} // namespace chainrule
