#pragma once
// A row of the grade book: one per student (or per unusable file), as JSON.
//
//   { "key", "student", "source", "status", "message", "notes", "score", "max_score",
//     "problems": [ problem_result_to_json(...), ... ] }
//
// status: "graded"; "unreadable" (the file could not be used: too large, bad YAML, no
// student id); "unknown_student" (not on the roster); "no_submission" (on the roster, nothing
// found); "error" (the student's problem set could not be generated or checked).
//
// A graded row is put together as text from its problems' texts (graded_row_text): the
// grader joins what its workers send without reading it, and `check --submission` reads the
// same text back, so both give the same row.
#include "generator/problem_set.hpp"
#include "grading/problem_check.hpp"
#include "grading/row_store.hpp"
#include "grading/submission.hpp"

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <vector>

namespace chainrule {

/// The problem ids of a set, in order.
std::vector<std::string> problem_ids(const ProblemSet& set);

/// The most notes of one kind (warnings, unknown problem ids) a row names; the others are
/// counted in one more note.
inline constexpr std::size_t max_notes_of_a_kind = 20;

/// What a submission holds that grading notes but does not stop at: its warnings, problem
/// ids the set does not have, a spec title that is not the spec's (at most
/// max_notes_of_a_kind of each kind, and a count of the others).
std::vector<std::string> submission_notes(const Submission& submission, const ProblemSet& set);

/// Leaves out the answers to problems the set does not have (never graded; submission_notes
/// names them): `grade` keeps only what it grades of each submission.
void drop_unknown_answers(Submission& submission, const ProblemSet& set);

/// The answer a submission gives to a problem, checked and scored (a missing one when it has
/// none). This is all that a worker does per answer.
ProblemResult grade_problem(const Problem& problem, const Submission& submission);

/// One problem's result as a row holds it: its compact JSON text, and what the row's totals
/// need of it.
struct ProblemOutcome {
    std::string json; ///< problem_result_to_json, compact
    GradeStatus verdict = GradeStatus::missing;
    double score = 0;     ///< the JSON's "score"
    double max_score = 0; ///< the JSON's "max_score"
};

/// The outcome of a result.
ProblemOutcome problem_outcome(const ProblemResult& result);

/// A row as compact JSON text, and its facts.
struct RowText {
    std::string text;
    RowFacts facts;
};

/// A graded row from its problems' outcomes.
RowText graded_row_text(const std::string& key, const Submission& submission,
                        const std::vector<std::string>& notes,
                        const std::vector<ProblemOutcome>& problems);

/// A row given as JSON (an ungraded one), as text with its facts.
RowText row_text(const nlohmann::ordered_json& row);

/// A row that was not graded; max_score is the set's total.
nlohmann::ordered_json ungraded_row(const std::string& key, const std::string& student,
                                    const std::string& source, const std::string& status,
                                    const std::string& message,
                                    const std::vector<std::string>& notes, double max_score);

/// A whole submission graded in this process, without isolation: what `check --submission`
/// shows, and the same row that `grade` writes for it.
nlohmann::ordered_json grade_submission(const ProblemSet& set, const Submission& submission);

} // namespace chainrule
