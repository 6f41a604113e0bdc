#pragma once
// Homework checked before it is handed in: one answer to a student's own variant, or a whole
// filled-in submission, graded exactly as `grade` will grade it.
#include "generator/problem_set.hpp"
#include "generator/problem_source.hpp"
#include "grading/submission.hpp"

#include <nlohmann/json_fwd.hpp>

#include <string>

namespace chainrule {

/// The problem of a set with this id. Throws InputError listing the set's ids (with a
/// did-you-mean) when there is none.
const Problem& find_problem(const ProblemSet& set, const std::string& id);

/// A blank submission for a student's problem set, in the grading format: each problem id
/// with nothing after it, under a comment with its question and the form of its answer, and
/// a header saying how to fill it in. It loads as a submission with every answer missing.
std::string blank_submission_for(const ProblemSet& set, const std::string& spec_path,
                                 const std::string& submission_path);

/// A submission file checked as the grader will: the same row `grade` writes for it (status
/// "graded", the problems' verdicts and scores). Throws InputError when the file cannot be
/// used (unreadable, bad YAML, no student id) or names another student than `student` (when
/// not empty).
nlohmann::ordered_json check_submission_file(const ProblemSource& source, const std::string& path,
                                             const std::string& student = "");

/// The row as text for the student: each problem's feedback, the notes and the total.
std::string submission_row_to_text(const ProblemSet& set, const nlohmann::ordered_json& row,
                                   bool colour);

} // namespace chainrule
