#pragma once
#include "checker/form.hpp"
#include "checker/verdict.hpp"
#include "expr/parser.hpp"

#include <ginac/ginac.h>

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace chainrule {

/// What an answer is checked against.
struct Expectation {
    ExprValue expected;                    ///< the right answer
    std::vector<std::string> variables;    ///< the question's variables, in order
    std::map<std::string, GiNaC::ex> lets; ///< names the answer may use
    /// A label per entry of `expected` ("∂/∂x"); empty for the default ("[1]", "[1,2]").
    std::vector<std::string> labels;
    /// For a derivative question: the function and the variables differentiated against
    /// (entry i of `expected` is d function[i / wrt.size()] / d wrt[i % wrt.size()]), so
    /// that wrong entries can be diagnosed. Empty wrt for a plain comparison.
    ExprValue function;
    std::vector<std::string> wrt;
    /// The form a right answer must be written in (checked on the answer as typed).
    AnswerForm form = AnswerForm::none;
};

/// The work (expr/work_budget.hpp) one comparison of two expressions may take: nodes compiled
/// and evaluated at the sample points, derivatives taken. An answer that needs more is refused
/// as too costly to check (an invalid verdict), the same on every machine. The answers of the
/// course take a few thousand units; a product of 999 factors about a million.
inline constexpr std::uint64_t comparison_work_budget = 2000000;
/// The work the search for the mistake in one wrong entry may take (diagnosis.hpp). Past it,
/// the entry is incorrect with no mistake named, and a note says why.
inline constexpr std::uint64_t diagnosis_work_budget = 1000000;

/// The message of an answer refused because comparing it takes more than `units` of work.
std::string too_costly_message(std::uint64_t units);

/// Whether two scalar expressions are equal as real functions of `variables` almost
/// everywhere: symbolically first, then by sampling every region. Unevaluated derivatives are
/// evaluated first. An answer whose comparison needs more than comparison_work_budget is
/// invalid, "too costly to check" (when this call opened the budget; inside another's, the
/// exhaustion goes to its owner).
PartVerdict compare_expressions(const GiNaC::ex& expected, const GiNaC::ex& answer,
                                const std::vector<std::string>& variables);

/// A cheap screen for callers that hold one answer against many candidates (a template's
/// foreseen mistakes): true when the two clearly differ at one of a few fixed generic points
/// where both are defined, so that compare_expressions would find them unequal. False decides
/// nothing.
bool clearly_different(const GiNaC::ex& a, const GiNaC::ex& b);

/// For the hidden-answer modes: when the expected entry is a constant (no variable), its value
/// at the counterexample is the answer itself, so it is taken out of the counterexample and
/// the message ("differs at x = 1: the answer gives 0, not the derivative's value there").
/// Returns whether anything was hidden.
bool hide_constant_expected(PartVerdict& verdict);

/// Checks a parsed answer against an expectation, entry by entry.
Verdict check_answer(const Expectation& expectation, const ParseResult& answer);

/// Parses the answer text (closed mode: the expectation's variables and lets) and checks it.
/// Text that cannot be read gives an invalid verdict whose message says what and where.
Verdict check_text(const Expectation& expectation, std::string_view answer_text);

/// The variables of an expression or value, sorted by name.
std::vector<std::string> variables_of(const ExprValue& value);

} // namespace chainrule
