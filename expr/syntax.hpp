#pragma once
// An answer as typed: the shape of the expression before GiNaC puts it in its canonical form
// (which collects 3x + 2x into 5x and multiplies 2(x + 1) out). Form requirements (expanded,
// factored, simplified) are decided on it.
#include <ginac/ginac.h>

#include <string>
#include <vector>

namespace chainrule {

/// One node of an answer as typed.
struct Syntax {
    enum class Kind {
        number,  ///< a number as written; `value` is its exact value
        name,    ///< a variable, a named value (`S1`) or a constant (`e`, `π`); `text` is its name
        sum,     ///< children joined by + and −; `ops` holds '+' or '-' per child
        product, ///< children joined by *, / or juxtaposition; `ops` holds '*' or '/' per child
        negation,   ///< −child
        power,      ///< children[0] ^ children[1] (a superscript gives a number exponent)
        call,       ///< text(children...): a function of the language, √ as `sqrt`
        derivative, ///< an unevaluated derivative: d/dx(child) or diff(child, x)
        vector,     ///< [children...]: a vector, or a matrix whose children are its rows
        other,      ///< anything else (comparisons)
    };
    Kind kind = Kind::other;
    std::string text;
    std::vector<Syntax> children;
    std::vector<char> ops;
    /// The node's value with named values substituted, when it is a scalar; 0 otherwise.
    GiNaC::ex value;
};

} // namespace chainrule
