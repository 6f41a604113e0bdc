#pragma once
#include "expr/value.hpp"

#include <ginac/ginac.h>

#include <string>

namespace chainrule {

/// How an expression is written out.
enum class Notation {
    plain,   ///< ASCII in the answer language: parses back to the same expression
    unicode, ///< for terminals: 25x⁴ + 12x², σ(z)(1 − σ(z))
    latex,   ///< for documents: 25 x^{4} + 12 x^{2}
};

/// The expression written in the given notation. Terms and factors come in a fixed order (by
/// degree, then alphabetically), independent of GiNaC's internal order.
std::string print(const GiNaC::ex& e, Notation notation = Notation::plain);

/// A scalar, vector or matrix written in the given notation.
std::string print(const ExprValue& value, Notation notation = Notation::plain);

/// The degree by which the printers order the terms of a sum (highest first): the total
/// degree in the variables; a function of them counts 1/2, a number 0.
double term_degree(const GiNaC::ex& e);

/// A variable's name in the given notation: alpha → α or \alpha, z1 → z1 or z_{1}.
std::string print_name(const std::string& name, Notation notation);

} // namespace chainrule
