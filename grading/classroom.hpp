#pragma once
// A student's own submission checked in GitHub Classroom: the result its autograding reporter
// reads, and the feedback for the job's summary.
#include "generator/problem_set.hpp"

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <string_view>

namespace chainrule {

/// A graded row (check_submission_file) as the result of a GitHub Classroom autograding runner
/// (classroom-resources/autograding-command-grader's `result` output, before base64):
/// {"version": 1, "status", "max_score", "tests": [{"name", "status", "score", "max_score",
/// "message", "test_code", "filename", "line_no"}]}, a test per problem in the set's order.
/// A test's status is "pass" when its answer is right and in the form asked, "error" when it
/// could not be checked, else "fail"; its score is the points the problem earned (partial
/// credit included), which the reporter adds up into the points Classroom records. The
/// top-level status is "error" when a test is, else "fail" when a test is, else "pass".
/// One line, followed by a line break; the same bytes for the same row.
std::string classroom_result_json(const ProblemSet& set, const nlohmann::ordered_json& row);

/// Bytes in base64 (RFC 4648: the standard alphabet, padded with '=', no line breaks).
std::string base64_encode(std::string_view bytes);

/// The row as Markdown for a GitHub job summary: the total, a table of the problems (✓ or ✗,
/// number, id and title, points, the first line of the feedback), the row's notes, then the
/// whole feedback as `check` prints it, in a collapsed section.
std::string submission_row_to_markdown(const ProblemSet& set, const nlohmann::ordered_json& row);

} // namespace chainrule
