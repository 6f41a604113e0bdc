#pragma once
#include "expr/printer.hpp"

#include <ginac/ginac.h>

#include <string>
#include <vector>

namespace chainrule {

/// One line of a worked solution: the derivative so far, with the parts not yet worked out
/// still written as unevaluated derivatives (deriv(u, x)), and the rule that produced it.
struct SolutionStep {
    std::string rule;       ///< "sum rule", "power rule", "chain rule", ... ("" for the first line)
    GiNaC::ex expression;   ///< equal to the true derivative once its derivs are evaluated
    std::string note;       ///< e.g. "y and z are held constant"
};

/// A step-by-step derivation of d/dx f, in the style of the course notes.
struct WorkedSolution {
    GiNaC::ex function;
    std::string variable;              ///< the variable differentiated against
    bool partial = false;              ///< true when f has other variables (∂ notation)
    std::vector<SolutionStep> steps;   ///< first line: deriv(f, x); last line: the result
    GiNaC::ex result;                  ///< the simplified derivative
};

/// Works out d/d`variable` of f rule by rule. `variables` are all the variables of the
/// question: the others are held constant (a partial derivative).
WorkedSolution solve_derivative(const GiNaC::ex& f, const std::string& variable,
                                const std::vector<std::string>& variables);

/// The solution as lines of text in the given notation, each "= expression   (rule)"; the
/// first line names the derivative being taken.
std::vector<std::string> render_solution(const WorkedSolution& solution, Notation notation);

/// One line of a written-out solution, in parts: the expression (without the "= " of the
/// lines after the first) and why it follows, the rule and its note ("" for the first line).
struct RenderedStep {
    std::string body;
    std::string reason;
};

/// The lines of render_solution, in parts, for layouts that place the reasons themselves.
std::vector<RenderedStep> render_solution_steps(const WorkedSolution& solution,
                                               Notation notation);

} // namespace chainrule
