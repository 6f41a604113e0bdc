#pragma once
// The functions of the answer language, one row each. The lexer (names and aliases), the
// parser (arity, construction), "did you mean", --help and the README's function list are all
// read off this table: adding a function is one row plus its tests.
#include "expr/value.hpp"

#include <ginac/ginac.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace chainrule {

/// Where a function is called: for a row that builds from whole values (vectors included) and
/// checks its own arguments, the means to refuse them with a ParseError that points at the call.
struct CallSite {
    std::string_view name;    ///< the function's canonical name
    std::size_t column = 0;   ///< 1-based column of the name
    const std::string& input; ///< the text being read

    /// Throws the ParseError of message at the call.
    [[noreturn]] void fail(const std::string& message) const;
    /// The value as one expression; a ParseError ("a condition of piecewise at column 1 needs
    /// a single expression, not a vector of 2 entries") when it is a vector or matrix.
    GiNaC::ex scalar(const ExprValue& value, const std::string& what) const;
};

/// One function of the answer language.
struct FunctionRow {
    /// Builds the value from the arguments (their count already checked against the row, its
    /// guard passed); nullptr for a row built by build_values.
    using Builder = GiNaC::ex (*)(const std::vector<GiNaC::ex>& args);
    /// For a function with a pole or a domain guard: why these arguments are refused, as the
    /// end of the message after "f(args) at column N" (" is undefined: a division by zero");
    /// "" when they are fine. Checked before build: GiNaC throws from inside the object it is
    /// making (tan(π/2), log(0)), which then leaks.
    using Guard = std::string (*)(const std::vector<GiNaC::ex>& args);

    std::string_view name;                 ///< the canonical spelling
    std::vector<std::string_view> aliases; ///< other spellings read as this function
    std::size_t min_args = 1;              ///< fewest arguments
    std::size_t max_args = 1;              ///< most arguments (optional ones included)
    std::string_view usage;                ///< how it is called: "leaky_relu(z, alpha)"
    std::string_view meaning;              ///< one line for --help and the README
    std::string_view rule;                 ///< the derivative rule cited by worked solutions
    /// Builds the value from whole values, checking their number and shapes itself
    /// (piecewise's pairs, softmax's vector, diff's variable); nullptr for a row built by build.
    using ValueBuilder = ExprValue (*)(const std::vector<ExprValue>& args, const CallSite& site);

    Builder build = nullptr;
    Guard guard = nullptr;
    ValueBuilder build_values = nullptr;
    /// Builds the value as the instructor wrote it, for showing a function and working out its
    /// solution (ParseOptions::decimals_as_written): `elu(u, α)` stays a call of ELU. nullptr
    /// when that is `build`'s value.
    Builder build_as_written = nullptr;
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
