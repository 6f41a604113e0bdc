#pragma once
// grades.csv: a row per row of the report, a column per problem.
#include <nlohmann/json_fwd.hpp>

#include <string>

namespace chainrule {

/// A CSV cell that no spreadsheet takes for a formula, whatever its separator: made printable
/// (controls such as tab and carriage return shown as <U+0009>); a ' put before = + - or @
/// where a cell may start (the start, and after each , ; | : or space, spaces and quotes
/// skipped); quoted (RFC 4180) when it holds one of those characters or a quote.
std::string csv_cell(const std::string& text);

/// grades.csv's header: student,source,status,<problem id>...,total,max_score.
std::string grades_csv_header(const nlohmann::ordered_json& problems);
/// A row's line of grades.csv (an ungraded row scores 0 everywhere).
std::string grades_csv_line(const nlohmann::ordered_json& row,
                            const nlohmann::ordered_json& problems);

} // namespace chainrule
