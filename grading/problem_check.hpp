#pragma once
// Checking one student's answer to one generated problem, and scoring it.
//
// Scoring model (docs/grading.md):
// - A problem is worth Problem::points (from the spec, else the template).
// - A scalar answer: all the points when correct, 0 otherwise.
// - A vector or matrix answer (gradient, partials, Jacobian): the points are shared equally
//   across the entries, and each correct entry earns its share. A wrong shape earns 0.
// - A matrix question's answer (one expression over names of symbolic shape,
//   grading/matrix_answer.hpp): all the points when it is right at every size, 0 otherwise.
// - A derivation (a list of steps): all the points when every step is right and the last
//   one is finished (no unevaluated derivative left). Otherwise 0, unless the problem gives
//   step credit (Problem::step_credit, from the spec or the template): then
//   step_credit × points × the share of the derivation's steps that are right before the
//   first wrong one (DerivationVerdict::right_share). The steps' verdicts are reported
//   either way.
// - A right answer (or finished derivation) that is not in the problem's required form
//   (Problem::required_form): form_credit × what it would earn otherwise.
// - An invalid answer (does not parse, unknown names), a missing one or an error (limit
//   exceeded, crash): 0.
// Scores are rounded to 4 decimals, so that reports are byte-identical everywhere.
#include "checker/diagnosis.hpp"
#include "checker/verdict.hpp"
#include "generator/problem.hpp"

#include <nlohmann/json_fwd.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace chainrule {

/// What a student handed in for one problem: an answer, or the steps of a derivation.
struct SubmittedAnswer {
    bool has_steps = false;
    std::string answer;             ///< the answer as typed (when !has_steps)
    std::vector<std::string> steps; ///< one expression per step (when has_steps)
    /// Set when the submission file held something that is not an answer (a map with unknown
    /// keys, a nested list): the answer is graded invalid with this message.
    std::string error;
};

/// The verdict of a graded problem: the checker's three, plus what grading adds.
enum class GradeStatus {
    correct,
    incorrect,
    invalid, ///< the answer could not be read, or names what the question does not have
    missing, ///< no answer to this problem
    error,   ///< the check could not finish: time or memory limit, crash
};

/// "correct", "incorrect", "invalid", "missing", "error".
const char* to_string(GradeStatus status);

/// The grade status of a checker's verdict (its three outcomes map to the first three).
GradeStatus grade_status_of(Outcome outcome);

/// One entry of a vector or matrix answer (one part for a scalar).
struct PartResult {
    std::string label;
    Outcome outcome = Outcome::invalid;
    double score = 0;
    double max_score = 0;
    std::string message;
    std::optional<Counterexample> counterexample;
    std::vector<Diagnosis> diagnosis;
};

/// One step of a derivation.
struct StepResult {
    std::size_t index = 0; ///< 1-based
    Outcome outcome = Outcome::invalid;
    std::string text;
    std::string message;
    std::vector<Diagnosis> diagnosis;
};

/// The graded problem.
struct ProblemResult {
    std::string problem; ///< the problem id
    GradeStatus status = GradeStatus::missing;
    double score = 0;
    double max_score = 0;
    std::string message; ///< for a person
    std::string answer;  ///< the answer as typed, control characters made visible ("" if none)
    std::vector<PartResult> parts;
    std::vector<StepResult> steps;
    std::optional<std::size_t> first_wrong_step;
    /// Diagnoses of the whole answer: authored mistakes of the template (id "authored"), then
    /// the named mistakes of every wrong part.
    std::vector<Diagnosis> diagnosis;
    std::optional<Counterexample> counterexample; ///< of the first wrong part
    /// For a right answer to a problem that requires a form: whether it is in that form.
    std::optional<FormVerdict> form;
};

/// Checks and scores one answer to a problem. Never throws for a bad answer (that is a
/// verdict); an InputError from a broken problem propagates.
ProblemResult check_problem(const Problem& problem, const SubmittedAnswer& submitted);

/// The result for a problem that was not answered.
ProblemResult missing_result(const Problem& problem);

/// The result for a problem whose check could not finish, with the reason.
ProblemResult error_result(const Problem& problem, const std::string& reason);

/// A score rounded to 4 decimals.
double round_score(double score);

/// The result as JSON, keys in a fixed order: problem, verdict, score, max_score, message,
/// answer, counterexample, diagnosis, parts, steps, first_wrong_step, and form ({required,
/// satisfied, reason}) only for a right answer to a problem that requires a form.
nlohmann::ordered_json problem_result_to_json(const ProblemResult& result);

} // namespace chainrule
