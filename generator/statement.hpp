#pragma once
// The question a problem asks, written out in plain text, Unicode and LaTeX.
#include "expr/printer.hpp"
#include "expr/syntax.hpp"
#include "expr/value.hpp"
#include "generator/problem.hpp"
#include "generator/tolerance.hpp"

#include <ginac/ginac.h>

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace chainrule {

/// An expression as a problem shows it: as the instructor typed it (parameters filled in,
/// signs and factors of 1 tidied: expr/syntax_printer.hpp), or its value printed in the
/// notation; for a call of a function that expands when read (softmax(z1, z2)), the call.
struct Display {
    ExprValue value;
    std::optional<Syntax> written; ///< the text as typed, when it was kept
    std::string call;              ///< the function's name when shown as a call, else ""
    std::vector<GiNaC::ex> arguments;
};

/// The display in the given notation.
std::string show(const Display& display, Notation notation);

/// A named value shown in a question: a part of a chain (z = wx + b) or a name the answer may
/// use (y for σ(z)).
struct NamedDisplay {
    std::string name;
    Display display;
    std::vector<std::string> entry_names; ///< S1..SK for a vector S; {name} for a scalar
    bool part = false;                    ///< a link of the chain, not only a name to use
};

/// What the question says, before it is written in a notation.
struct Statement {
    AskKind ask = AskKind::derivative;
    std::string function_name; ///< f, the chain's output y, or S2 for a component
    std::string vector_name;   ///< for a component or a Jacobian: S
    bool chain = false;        ///< the function is given as the parts of a chain
    bool component = false;    ///< the function is one entry of a vector function
    Display function;          ///< how the function is shown (not for a chain)
    std::vector<std::string> variables;
    std::vector<std::string> wrt;
    std::vector<std::string> output_names; ///< Jacobian rows: S1..SK
    std::vector<NamedDisplay> named;       ///< in order
    std::string intro;                     ///< the template's prompt, placeholders unfilled
    /// For a question at a point: the variables' values there, and the tolerance.
    std::vector<std::pair<std::string, GiNaC::numeric>> at;
    Tolerance tolerance;
};

/// Fills a placeholder of the intro that names a parameter or an expression over parameters;
/// nullopt when the content names none.
using IntroResolver = std::function<std::optional<std::string>(const std::string&, Notation)>;

/// The question in every notation: the intro (placeholders filled: parameters through
/// `parameters`, then f, the function's name, wrt, variables and named values), what is
/// given, what to find, and the names the answer may use. Throws TextError for a placeholder
/// of the intro that names nothing.
Prompt render_prompt(const Statement& statement, const IntroResolver& parameters);

} // namespace chainrule
