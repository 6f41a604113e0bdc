#pragma once
// What every report says of a row in the same words: numbers as the reports print them, the
// feedback on one problem, a row's name, and whether an answer passes.
#include <nlohmann/json_fwd.hpp>

#include <string>

namespace chainrule {

/// A score as the reports print it: at most 4 decimals, no trailing zeros, never "-0".
std::string report_number(double value);
/// score / max_score as "12.5%" (one decimal); "0%" when max_score is 0.
std::string report_percent(double score, double max_score);
/// The string held by a JSON value, or "" when it holds something else.
std::string text_of(const nlohmann::ordered_json& value);
/// The text up to its first line break.
std::string first_line(const std::string& text);
/// Feedback on one problem of a row for a person: the message, the score, the answer, the
/// counterexample, the diagnoses, the wrong entries and the first wrong step.
std::string problem_feedback(const nlohmann::ordered_json& problem);
/// A row's student id, or its key when it has none (an unreadable file).
std::string row_name(const nlohmann::ordered_json& row);
/// A problem's answer passes when it is right and in the form asked: a right answer in
/// another form earns only the form's credit, and CI systems and gradebooks must not count it
/// as a pass.
bool answer_passes(const nlohmann::ordered_json& problem);

} // namespace chainrule
