#pragma once
// The reports of a grading run, all written from the same rows, so they agree; and
// byte-identical for the same inputs (no times, no dates, fixed key order, rows sorted by
// key). The formats are documented in docs/grading.md.
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace chainrule {

/// Everything the reports are made of.
struct GradeReport {
    /// Run metadata: {"chainrule": version, "spec": {...}, "options": {...}}.
    nlohmann::ordered_json meta;
    /// The problems of the set: [{"id", "number", "title", "template", "points"}].
    nlohmann::ordered_json problems;
    /// One row per student (grade_row.hpp), sorted by key.
    std::vector<nlohmann::ordered_json> rows;
};

/// JSON as text; invalid UTF-8 (never expected: inputs are made printable) is replaced
/// rather than thrown on.
std::string dump_json(const nlohmann::ordered_json& value, int indent = -1);

/// report.json: {"format", "meta", "problems", "totals", "students"}.
std::string report_json(const GradeReport& report);
/// grades.csv: student, source, status, one column per problem, total, max_score.
std::string grades_csv(const GradeReport& report);
/// junit.xml: a test suite per student, a test case per problem.
std::string junit_xml(const GradeReport& report);
/// summary.md: score histogram, per-problem success rates and diagnoses, ungraded rows.
std::string summary_markdown(const GradeReport& report);
/// Gradescope's results.json for a report with exactly one row (InputError otherwise).
std::string gradescope_json(const GradeReport& report);
/// timings.md: the slowest answers (from the journal's times); not deterministic.
std::string timings_markdown(const std::vector<nlohmann::ordered_json>& rows,
                             const std::vector<nlohmann::ordered_json>& times,
                             std::size_t count = 20);

/// A CSV cell: quoted when needed; text that a spreadsheet would take for a formula (starting
/// with = + - @, a tab or a carriage return) is prefixed with '.
std::string csv_cell(const std::string& text);
/// Text for XML: & < > " ' escaped, control characters (other than tab and line feed)
/// removed.
std::string xml_escape(const std::string& text);

/// Writes the reports into out_dir (report.json, grades.csv, junit.xml, summary.md; and
/// results.json with `gradescope`), each through a temporary file renamed into place.
void write_reports(const std::string& out_dir, const GradeReport& report, bool gradescope);

/// Writes text to path through a temporary file renamed into place. Throws InputError.
void write_file_atomically(const std::string& path, const std::string& text);

} // namespace chainrule
