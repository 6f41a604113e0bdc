#pragma once
// Small helpers shared by the tests of expr/ and checker/.
#include "expr/errors.hpp"
#include "expr/parser.hpp"
#include "expr/symbols.hpp"

#include <ginac/ginac.h>

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace chainrule::test {

/// The variable of that name, as the parser makes it.
inline GiNaC::ex var(const std::string& name) { return variable(name); }

/// Options for closed mode: only these variables (and the named values) are known.
inline ParseOptions closed(std::vector<std::string> variables,
                           std::map<std::string, GiNaC::ex> lets = {}) {
    ParseOptions options;
    options.open = false;
    options.variables = std::move(variables);
    options.lets = std::move(lets);
    return options;
}

/// Whether two expressions are the same: structurally equal, or their difference expands or
/// normalises to 0.
inline bool same(const GiNaC::ex& a, const GiNaC::ex& b) {
    if (a.is_equal(b)) return true;
    GiNaC::ex difference = a - b;
    if (difference.expand().is_zero()) return true;
    return GiNaC::normal(difference).is_zero();
}

/// The value of e with the given variables set to exact rationals, as a double.
inline double value_at(const GiNaC::ex& e,
                       const std::vector<std::pair<std::string, GiNaC::numeric>>& point) {
    GiNaC::lst substitutions;
    for (const auto& [name, value] : point) substitutions.append(variable(name) == value);
    GiNaC::ex v = e.subs(substitutions).evalf();
    return GiNaC::ex_to<GiNaC::numeric>(v).to_double();
}

/// The ParseError that parsing text throws, or nothing when it parses.
inline std::optional<ParseError> parse_error(const std::string& text,
                                             const ParseOptions& options = {}) {
    try {
        parse_expression(text, options);
    } catch (const ParseError& error) {
        return error;
    }
    return std::nullopt;
}

} // namespace chainrule::test
