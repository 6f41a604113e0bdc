#pragma once
// Internal to generator/. Display mathematics that fits the page: the width a LaTeX formula
// takes, estimated from its source, and long formulas broken into rows at their sums' + and −
// (a quotient with a long numerator written 1/D·[N], a long bracket opened across rows).
#include <string>
#include <vector>

namespace chainrule {

/// The width in points that pdflatex gives the math-mode source at 11 pt in display style,
/// estimated on the generous side (letters 6 pt, a binary operator with its spaces 13 pt, a
/// fraction as wide as its wider half, scripts at 70%).
double latex_width(const std::string& math);

/// The formula cut into rows no wider than max_width where it can be: at the + and − of a
/// sum at the top level, inside a bracket \left(...\right) (written \biggl( \biggr) so that
/// it may span rows) and inside the numerator of a quotient (written \frac{1}{D}\biggl(N\biggr)).
/// Every row after the first starts with its operator ("+ x"); a piece that cannot be cut
/// stays whole. Joined with spaces, the rows are the formula again (up to that rewriting).
std::vector<std::string> break_latex(const std::string& math, double max_width);

} // namespace chainrule
