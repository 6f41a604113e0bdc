#pragma once
// The reports of a grading run, all written from the same rows, so they agree; and
// byte-identical for the same inputs (no times, no dates, fixed key order, rows sorted by
// key). The formats are documented in docs/grading.md.
//
// The rows are read one at a time from a RowStore and every report is written in the same
// pass, each through a buffered temporary file: no report, and no more than one row, is ever
// whole in memory, whatever the size of the class.
#include "grading/row_store.hpp"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

namespace chainrule {

/// What heads the reports.
struct ReportHead {
    /// Run metadata: {"chainrule": version, "spec": {...}, "options": {...}}.
    nlohmann::ordered_json meta;
    /// The problems of the set: [{"id", "number", "title", "template", "points"}].
    nlohmann::ordered_json problems;
};

/// JSON as text; invalid UTF-8 (never expected: inputs are made printable) is replaced
/// rather than thrown on.
std::string dump_json(const nlohmann::ordered_json& value, int indent = -1);

/// Appends JSON text laid out as nlohmann's dump(indent_step) lays out a value nested
/// current_indent spaces deep: for compact text that dump() wrote, the same bytes as parsing
/// it and dumping it again, without building the tree.
void pretty_json(std::string_view text, unsigned indent_step, unsigned current_indent,
                 std::string& out);

/// The slowest answers of a run, for timings.md (not deterministic: times change from run to
/// run). Keeps only the `count` slowest seen so far.
class SlowestAnswers {
  public:
    /// One answer: (milliseconds, the row's student or key, problem id, verdict).
    using Entry = std::tuple<double, std::string, std::string, std::string>;

    explicit SlowestAnswers(std::size_t count = 20) : count_(count) {}
    /// A row's answers with their times ({problem: ms}).
    static std::vector<Entry> entries(const nlohmann::ordered_json& row,
                                      const nlohmann::ordered_json& times);
    /// Adds a row's answers, with their times ({problem: ms}).
    void add(const nlohmann::ordered_json& row, const nlohmann::ordered_json& times);
    /// Adds one answer.
    void add(Entry entry);
    /// timings.md.
    std::string markdown() const;

  private:
    void prune();
    std::size_t count_;
    std::vector<Entry> entries_; ///< (ms, row name, problem, verdict)
};

/// A CSV cell: quoted when needed; text that a spreadsheet would take for a formula (starting
/// with = + - @, a tab or a carriage return) is prefixed with '.
std::string csv_cell(const std::string& text);
/// Text for XML: & < > " ' escaped, control characters (other than tab and line feed)
/// removed.
std::string xml_escape(const std::string& text);

/// Writes the reports into out_dir: report.json ({"format", "meta", "problems", "totals",
/// "students"}), grades.csv, junit.xml, summary.md, then results.json with `gradescope`
/// (Gradescope's format, for exactly one row: an InputError otherwise), then timings.md. Each
/// goes through a temporary file renamed into place: a report is complete or absent. Throws
/// InputError (a full disk, an unreadable journal).
void write_reports(const std::string& out_dir, const ReportHead& head, const RowStore& rows,
                   bool gradescope);

/// Writes text to path through a temporary file renamed into place. Throws InputError.
void write_file_atomically(const std::string& path, const std::string& text);

} // namespace chainrule
