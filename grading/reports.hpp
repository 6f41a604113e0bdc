#pragma once
// The reports of a grading run, all written from the same rows, so they agree; and
// byte-identical for the same inputs (no times, no dates, fixed key order, rows sorted by
// key). The formats are documented in docs/grading.md; each has its own file (report_json,
// report_csv, report_junit, report_summary, report_gradescope, report_timings), and
// write_reports coordinates them.
//
// The rows are read one at a time from a RowStore and every report is written in the same
// pass, each through a buffered temporary file: no report, and no more than a batch of rows,
// is ever whole in memory, whatever the size of the class.
#include "grading/atomic_file.hpp"
#include "grading/report_csv.hpp"
#include "grading/report_formats.hpp"
#include "grading/report_json.hpp"
#include "grading/report_junit.hpp"
#include "grading/report_timings.hpp"
#include "grading/row_store.hpp"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <string>
#include <vector>

namespace chainrule {

/// What heads the reports.
struct ReportHead {
    /// Run metadata: {"chainrule": version, "spec": {...}, "options": {...}}.
    nlohmann::ordered_json meta;
    /// The problems of the set: [{"id", "number", "title", "template", "points"}].
    nlohmann::ordered_json problems;
};

/// The run's counts, from the rows' facts, for the reports' heads.
struct ReportTotals {
    std::size_t rows = 0, graded = 0;
    double score = 0;     ///< sum over the graded rows
    double max_score = 0; ///< of the set
    std::size_t tests = 0, failures = 0, errors = 0;
};

/// Writes the reports into out_dir: report.json ({"format", "meta", "problems", "totals",
/// "students"}), grades.csv, junit.xml, canvas.csv and moodle.csv when asked for, summary.md,
/// then results.json with `gradescope` (Gradescope's format, for exactly one row: an
/// InputError otherwise), then timings.md. Each goes through a temporary file renamed into
/// place: a report is complete or absent. Returns the identity problems summary.md lists
/// (Summary::identity_problems). Throws InputError (a full disk, an unreadable journal).
std::vector<std::string> write_reports(const std::string& out_dir, const ReportHead& head,
                                       const RowStore& rows, const ReportFormats& formats = {});

} // namespace chainrule
