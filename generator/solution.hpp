#pragma once
#include "expr/printer.hpp"

#include <ginac/ginac.h>

#include <array>
#include <optional>
#include <string>
#include <vector>

namespace chainrule {

/// One line of a worked solution: the derivative so far, with the parts not yet worked out
/// still written as unevaluated derivatives (deriv(u, x)), and the rule that produced it.
struct SolutionStep {
    std::string rule;     ///< "sum rule", "power rule", "chain rule", ... ("" for the first line)
    GiNaC::ex expression; ///< equal to the true derivative once its derivs are evaluated
    std::string note;     ///< e.g. "y and z are held constant"
    /// The line as written when it is not `expression` written out, one text per notation
    /// (plain, unicode, latex; "" for none): a derivation in the question's named values,
    /// ∂L/∂z2·w2·(z1 > 0)·2, whose `expression` is the same value in the variables.
    std::array<std::string, 3> shown{};
    /// The reason as written, one per notation ("" for rule and note): in LaTeX, text with
    /// its mathematics in $...$.
    std::array<std::string, 3> reason{};
    /// The line as written when the question's decimals are kept as given (0.03(z ≤ 0), not
    /// 3(z ≤ 0)/100; expr/written_decimal.hpp): `expression` is then its exact value.
    std::optional<GiNaC::ex> written;
    /// The line is the result in the form the course states it (3((z > 0) + 0.03(z ≤ 0))),
    /// written in `shown`: the answer is shown so.
    bool final_form = false;
};

/// A step-by-step derivation of d/dx f, in the style of the course notes.
struct WorkedSolution {
    GiNaC::ex function;
    std::string variable;            ///< the variable differentiated against
    bool partial = false;            ///< true when f has other variables (∂ notation)
    std::vector<SolutionStep> steps; ///< first line: deriv(f, x); last line: the result
    GiNaC::ex result;                ///< the simplified derivative
    /// The result in the question's named values (y(1 − y), 4w2(z1 > 0)(z2 − 1)) when the
    /// derivation is written in them; 0 otherwise.
    GiNaC::ex named_result;
    /// The answer as shown, with the question's decimals as written (named values kept as in
    /// named_result); unset when the question has no decimal.
    std::optional<GiNaC::ex> written_result;
};

/// Works out d/d`variable` of f rule by rule. `variables` are all the variables of the
/// question: the others are held constant (a partial derivative).
/// With course_forms, a last line rewrites the result in the course's form where it has one
/// (σ(z)(1 − σ(z)), S_i(1 − S_i)).
WorkedSolution solve_derivative(const GiNaC::ex& f, const std::string& variable,
                                const std::vector<std::string>& variables,
                                bool course_forms = true);

/// The solution as lines of text in the given notation, each "= expression   (rule)"; the
/// first line names the derivative being taken.
std::vector<std::string> render_solution(const WorkedSolution& solution, Notation notation);

/// One line of a written-out solution, in parts: the expression (without the "= " of the
/// lines after the first) and why it follows, the rule and its note ("" for the first line).
struct RenderedStep {
    std::string body;
    /// Why the step holds, as text of the notation: for LaTeX, text-mode LaTeX already
    /// escaped (a reason written in LaTeX, with its mathematics in $...$, is kept as it is).
    std::string reason;
};

/// The lines of render_solution, in parts, for layouts that place the reasons themselves.
std::vector<RenderedStep> render_solution_steps(const WorkedSolution& solution, Notation notation);

} // namespace chainrule
