#pragma once
// A concrete problem: one variant of a template, with its parameters filled in.
#include "checker/form.hpp"
#include "expr/value.hpp"
#include "generator/tolerance.hpp"

#include <ginac/ginac.h>

#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace chainrule {

/// What a problem asks for.
enum class AskKind {
    derivative, ///< d/dx f of a function of one variable (or ∂/∂x f of several)
    partial,    ///< ∂/∂x f: one partial derivative, the other variables held constant
    partials,   ///< several partial derivatives, answered as a vector in the order asked
    gradient,   ///< ∇f: every partial derivative, as a vector
    jacobian,   ///< the Jacobian matrix of a vector function
};

/// "derivative", "partial", "partials", "gradient", "jacobian".
const char* to_string(AskKind ask);
/// The kind named by text; false when text names none.
bool parse_ask_kind(const std::string& text, AskKind& out);

struct MatrixProblem; // generator/matrix_problem.hpp

/// The question text in each notation.
struct Prompt {
    std::string plain;   ///< ASCII, expressions in the answer language
    std::string unicode; ///< for terminals and Markdown
    std::string latex;   ///< LaTeX text mode, mathematics in $...$
};

/// The share of the points that a right answer in the wrong form earns when the template and
/// the spec do not say.
inline constexpr double default_problem_form_credit = 0.5;

/// A wrong answer an instructor foresaw, and what to tell the student who gives it.
struct Mistake {
    std::string answer; ///< in the answer language (may use the problem's named values)
    ExprValue value;    ///< the answer, parsed
    std::string feedback;
    /// Which of the template's mistakes it is (a mistake whose `where:` does not hold for the
    /// variant is left out); not written to problem-set files.
    std::size_t source = 0;
};

/// One problem of a problem set.
struct Problem {
    std::string id;         ///< stable within its set: "<template>-<k>"
    std::size_t number = 0; ///< 1-based position in its set
    std::string template_id;
    std::string topic;
    std::string title;
    int difficulty = 1;
    std::vector<std::string> tags;
    double points = 1;

    Prompt prompt;
    AskKind ask = AskKind::derivative;
    std::string function_name;          ///< "f", or the output of a chain ("y"), or "S2"
    ExprValue function;                 ///< every named value substituted
    std::vector<std::string> variables; ///< the question's variables, in order
    std::vector<std::string> wrt;       ///< what to differentiate with respect to, in order
    /// Names the answer may use, in order, each standing for its expression (named values
    /// substituted): "y" → σ(wx + b), "S1" → e^z1/(e^z1 + e^z2).
    std::vector<std::pair<std::string, GiNaC::ex>> lets;
    /// `function` and `lets` with the instructor's decimals kept as written (0.03, not 3/100;
    /// expr/written_decimal.hpp), for the worked solution and the answer as shown; empty when
    /// the question has no decimal. Never graded against.
    std::vector<GiNaC::ex> written_function;
    std::vector<std::pair<std::string, GiNaC::ex>> written_lets;

    /// For a question at a point (`at:`): each variable's value there, in the order of
    /// `variables`. `expected` is then the derivative's exact value at the point, and the
    /// answer a number judged within `tolerance`.
    std::vector<std::pair<std::string, GiNaC::numeric>> at;
    Tolerance tolerance;
    ExprValue expected;              ///< the derivative asked for
    std::vector<std::string> labels; ///< one per entry of `expected` ("" for a scalar)

    std::vector<Mistake> mistakes;
    /// The form requirement as shown to people ("" for none): the name of required_form, or
    /// a sentence (`in terms of y`) that is shown and not checked.
    std::string form;
    AnswerForm required_form = AnswerForm::none; ///< checked by check and grade
    /// The share of the points a right answer earns when it is not in required_form.
    double form_credit = default_problem_form_credit;
    /// The share of the points a derivation can earn when it goes wrong at a late step (or is
    /// unfinished): 0 for none (docs/grading.md, "Verdicts and scoring").
    double step_credit = 0;
    /// The parameter values of this variant, in the template's order, as written.
    std::vector<std::pair<std::string, std::string>> parameters;

    /// A matrix question (names with symbolic shapes, answered by one expression of the
    /// matrix language), or null. Then `function`, `expected`, `lets` and `labels` are unused,
    /// `variables` are the declared names and `wrt` the one name asked about.
    std::shared_ptr<const MatrixProblem> matrix;

    /// The named values as parser lets.
    std::map<std::string, GiNaC::ex> let_map() const;
};

} // namespace chainrule
