#pragma once
// The functions of the answer language, one row each. The lexer (names and aliases), the
// parser (arity, construction), "did you mean", --help and the README's function list are all
// read off this table: adding a function is one row plus its tests.
#include <ginac/ginac.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace chainrule {

/// One function of the answer language.
struct FunctionRow {
    /// Builds the value from the arguments (their count already checked against the row);
    /// nullptr when the parser builds it itself (a pole or domain guard, a vector result).
    using Builder = GiNaC::ex (*)(const std::vector<GiNaC::ex>& args);

    std::string_view name;                 ///< the canonical spelling
    std::vector<std::string_view> aliases; ///< other spellings read as this function
    std::size_t min_args = 1;              ///< fewest arguments
    std::size_t max_args = 1;              ///< most arguments (optional ones included)
    std::string_view usage;                ///< how it is called: "leaky_relu(z, alpha)"
    std::string_view meaning;              ///< one line for --help and the README
    std::string_view rule;                 ///< the derivative rule cited by worked solutions
    Builder build = nullptr;
};

/// Every function of the language, in the order of the README's list.
const std::vector<FunctionRow>& function_table();

/// The row of a name or alias (`logsig` → sigmoid's row), or nullptr.
const FunctionRow* find_function(std::string_view name);

/// The function name or alias closest to `name` (typos, prefixes: `sig` → `sigmoid`,
/// `sine` → `sin`), or "" when none is close.
std::string suggest_function(std::string_view name);

/// The README's and --help's list: one line per function, "usage: meaning".
std::string function_list_text();

} // namespace chainrule
