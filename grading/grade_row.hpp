#pragma once
// A row of the grade book: one per student (or per unusable file), as JSON.
//
//   { "key", "student", "source", "status", "message", "notes", "score", "max_score",
//     "problems": [ problem_result_to_json(...), ... ] }
//
// status: "graded"; "unreadable" (the file could not be used: too large, bad YAML, no
// student id); "unknown_student" (not on the roster); "no_submission" (on the roster, nothing
// found); "error" (the student's problem set could not be generated or checked).
#include "generator/problem_set.hpp"
#include "grading/problem_check.hpp"
#include "grading/submission.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace chainrule {

/// The problem ids of a set, in order.
std::vector<std::string> problem_ids(const ProblemSet& set);

/// What a submission holds that grading notes but does not stop at: its warnings, problem
/// ids the set does not have, a spec title that is not the spec's.
std::vector<std::string> submission_notes(const Submission& submission, const ProblemSet& set);

/// The answer a submission gives to a problem, checked and scored (a missing one when it has
/// none). This is all that a worker does per answer.
ProblemResult grade_problem(const Problem& problem, const Submission& submission);

/// A graded row from its problems' results (as problem_result_to_json gives them).
nlohmann::ordered_json graded_row(const std::string& key, const Submission& submission,
                                  const std::vector<std::string>& notes,
                                  const std::vector<nlohmann::ordered_json>& problems);

/// A row that was not graded; max_score is the set's total.
nlohmann::ordered_json ungraded_row(const std::string& key, const std::string& student,
                                    const std::string& source, const std::string& status,
                                    const std::string& message,
                                    const std::vector<std::string>& notes, double max_score);

/// A whole submission graded in this process, without isolation: what `check --submission`
/// shows, and the same row that `grade` writes for it.
nlohmann::ordered_json grade_submission(const ProblemSet& set, const Submission& submission);

} // namespace chainrule
