#pragma once
// `chainrule grade` and `chainrule merge`: a whole class graded, isolated, resumable,
// shardable, with its reports. The CLI is documented in docs/grading.md.
#include "grading/identity.hpp"
#include "grading/report_formats.hpp"
#include "grading/worker_pool.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace chainrule {

/// The options of a grading run.
struct GradeOptions {
    /// The problem-set spec, or a problem-set file (the sheets as handed out: generate
    /// --format yaml|json, freeze).
    std::string spec;
    std::vector<std::string> inputs; ///< submission files and folders
    std::string out;                 ///< the output folder (created)
    std::string roster;              ///< optional: the class's student ids, one per line
    unsigned jobs = 0;               ///< worker processes; 0: the number of cores
    WorkerLimits limits;
    std::size_t max_file_bytes = 1 << 20;
    bool resume = false;
    /// With resume: the rows of the journal that did not finish (status "error", or an answer
    /// stopped by a time or memory limit or a crash) are graded again.
    bool regrade_errors = false;
    std::size_t shard_index = 1; ///< K of --shard K/N (1-based)
    std::size_t shard_count = 1; ///< N of --shard K/N
    bool quiet = false;
    ReportFormats formats;                          ///< the optional reports (--format)
    std::optional<double> fail_under;               ///< percent
    std::string version;                            ///< chainrule's version, for the report
    IdentitySource identity = IdentitySource::both; ///< --identity
    Preference prefer = Preference::none;           ///< --prefer
    /// --identity-prefix: what a name that names a student starts with before the id
    /// (GitHub Classroom names each repository <assignment>-<username>).
    std::string identity_prefix;
    /// Grade a spec whose templates changed since the run whose journal is in `out` (or the
    /// frozen set it graded) was made.
    bool allow_changed_templates = false;
    /// --frozen-set: the problem-set file frozen from the spec (chainrule freeze, generate
    /// --format yaml): grading is refused when the spec's seed or templates no longer match it.
    std::string frozen_set;
};

/// What a grading run (or a merge) found besides the reports.
struct GradeOutcome {
    /// Whether every row reached fail_under (true when it is not set).
    bool passed = true;
    /// The identity problems, one line each (the rows that are conflicts, identity
    /// mismatches, refused ids or skipped entries, and the groups of look-alike ids), as
    /// summary.md lists them: `grade` exits 1 with any unless --allow-conflicts.
    std::vector<std::string> identity_problems;
    /// The rows that did not finish (RowFacts::unfinished): `grade` says to regrade them.
    std::size_t unfinished = 0;
};

/// The student ids of a roster file: one per line, or the first column of a CSV (quotes and
/// spaces around it dropped); blank lines, lines starting with '#' and a header "student"
/// skipped. Throws InputError when the file cannot be read.
std::vector<std::string> read_roster(const std::string& path);

/// The hidden command (the first argument) that makes chainrule a worker process of `grade`
/// (worker_pool.hpp): run_grade starts its workers so.
inline constexpr const char* grade_worker_command = "__grade-worker";

/// The life of a worker process: `arguments` (after the command) are the spec, its hash, the
/// CPU seconds per answer and the megabytes of address space. Loads the spec as run_grade
/// does, refuses to grade when its hash differs (a template edited while grading), then
/// serves jobs. Never returns.
[[noreturn]] void run_grade_worker(const std::vector<std::string>& arguments);

/// Reads "K/N" (1 <= K <= N <= 10000). Throws InputError.
void parse_shard(const std::string& text, std::size_t& index, std::size_t& count);

/// Grades and writes the reports. Throws InputError when the grader cannot run (bad spec,
/// unwritable output, a journal of another run under --resume, templates changed since the
/// run in `out` was made without allow_changed_templates).
GradeOutcome run_grade(const GradeOptions& options);

/// Combines the output folders of the shards of one run (each with report.json and
/// shard.json) into the reports a single run would have written. Throws InputError when the
/// folders are not the complete shards of one run. Returns as run_grade does.
GradeOutcome run_merge(const std::vector<std::string>& dirs, const std::string& out,
                       std::optional<double> fail_under = std::nullopt,
                       const ReportFormats& formats = {});

} // namespace chainrule
