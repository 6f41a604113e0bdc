#pragma once
// The differentiation rules of the course, one rewrite at a time: the engine behind the worked
// solutions of generator/solution.hpp.
#include <ginac/ginac.h>

#include <set>
#include <string>
#include <vector>

namespace chainrule {

/// One rule applied to one unevaluated derivative d/dx(u).
struct RuleApplication {
    /// What d/dx(u) becomes: equal to the derivative of u, with the derivatives that are still
    /// to be worked out written as deriv(v, x) of parts v of u.
    GiNaC::ex replacement;
    /// The rules used, e.g. {"chain rule", "derivative of exp"}.
    std::vector<std::string> rules;
    /// Names of the other variables that the rule treated as constants (constant rule,
    /// constant multiple rule).
    std::set<std::string> held;
};

/// Applies the one rule that the outermost structure of u calls for to d/dx(u): constant,
/// power, sum, constant multiple, product, quotient, chain rule and the derivatives of the
/// course functions.
RuleApplication apply_rule(const GiNaC::ex& u, const GiNaC::symbol& x);

/// What one line of a derivation did: the rules used on its derivatives, in a fixed order,
/// and the variables held constant.
struct RuleLog {
    std::vector<std::string> rules;
    std::set<std::string> held;
    /// Adds the rules and held variables of one application.
    void add(const RuleApplication& application);
};

/// e with every outermost unevaluated derivative rewritten by apply_rule; what was used goes
/// into log. Derivatives against another variable than a symbol are evaluated outright.
GiNaC::ex apply_rules_once(const GiNaC::ex& e, RuleLog& log);

/// The rule names of a log in reading order: "sum rule", "constant multiple rule", ...,
/// "constant rule", joined by ", ".
std::string rule_label(const std::vector<std::string>& rules);

/// The number of nodes of e's expression tree, counting no further than limit.
std::size_t expression_size(const GiNaC::ex& e, std::size_t limit);

} // namespace chainrule
