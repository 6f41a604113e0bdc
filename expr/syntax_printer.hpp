#pragma once
// An expression written as it was typed (expr/syntax.hpp), not in GiNaC's canonical form: a
// question shows the instructor's 0.5x(1 + tanh(√(2/π)(x + 0.044715x³))) rather than the
// expanded quotient GiNaC makes of it.
#include "expr/printer.hpp"
#include "expr/syntax.hpp"

#include <string>

namespace chainrule {

/// The expression as typed, in the notation, tidied only where nothing is lost: signs
/// (x + (−3) as x − 3, (−4)x as −4x, −(−x) as x), factors of 1 (1·x as x), powers of 1 (x¹
/// as x), and terms that are the number 0. Parentheses only where the reading needs them.
/// Nodes it does not write itself (comparisons, derivatives) are printed from their value.
std::string print_as_written(const Syntax& syntax, Notation notation);

} // namespace chainrule
