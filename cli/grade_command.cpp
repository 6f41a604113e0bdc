// `chainrule grade`: a whole class graded against a spec, in worker processes, with reports.
#include "cli/commands.hpp"
#include "expr/errors.hpp"
#include "grading/grade_run.hpp"

#include <CLI/CLI.hpp>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

namespace chainrule {

namespace {

struct GradeCommandOptions {
    GradeOptions grade;
    std::string shard;
    std::vector<std::string> formats;
    double fail_under = -1;
    CLI::Option* fail_under_option = nullptr;
    std::size_t max_file_kb = 1024;
    std::string identity = "both";
    std::string prefer;
    bool allow_conflicts = false;
};

CommandResult run(GradeCommandOptions& o) {
    if (!o.shard.empty()) parse_shard(o.shard, o.grade.shard_index, o.grade.shard_count);
    o.grade.formats = parse_report_formats(o.formats);
    if (o.fail_under_option->count() > 0) {
        if (o.fail_under < 0 || o.fail_under > 100)
            throw InputError("--fail-under is a percentage from 0 to 100");
        o.grade.fail_under = o.fail_under;
    }
    if (o.max_file_kb < 1 || o.max_file_kb > 1 << 20)
        throw InputError("--max-file-size is from 1 to 1048576 (KB)");
    o.grade.max_file_bytes = o.max_file_kb * 1024;
    o.grade.version = CHAINRULE_VERSION;
    o.grade.identity = parse_identity_source(o.identity);
    if (!o.prefer.empty()) o.grade.prefer = parse_preference(o.prefer);
    GradeOutcome outcome = run_grade(o.grade);
    if (outcome.unfinished > 0)
        std::fprintf(stderr,
                     "chainrule grade: %zu %s an answer whose check did not finish (a time or "
                     "memory limit of the machine, a crash): not a verdict. Grade them again with "
                     "--resume --regrade-errors (a larger --time-limit or --memory-limit may be "
                     "given)\n",
                     outcome.unfinished, outcome.unfinished == 1 ? "row has" : "rows have");
    bool identities_ok =
        report_identity_problems("grade", outcome.identity_problems, o.allow_conflicts);
    return outcome.passed && identities_ok ? CommandResult::success : CommandResult::rejected;
}

} // namespace

bool report_identity_problems(const char* command, const std::vector<std::string>& problems,
                              bool allowed) {
    if (problems.empty()) return true;
    const std::size_t shown = 20;
    std::string text = std::string("chainrule ") + command + ": " +
                       std::to_string(problems.size()) +
                       (problems.size() == 1 ? " identity problem" : " identity problems") +
                       " (summary.md lists them; conflicts and mismatches are not graded until "
                       "resolved" +
                       (allowed ? "" : "; --allow-conflicts to exit 0 with them") + "):\n";
    for (std::size_t i = 0; i < problems.size() && i < shown; ++i)
        text += "  " + problems[i] + "\n";
    if (problems.size() > shown)
        text += "  ... and " + std::to_string(problems.size() - shown) + " more\n";
    std::fputs(text.c_str(), stderr);
    return allowed;
}

CommandAction add_grade_command(CLI::App& app) {
    auto o = std::make_shared<GradeCommandOptions>();
    CLI::App* grade = app.add_subcommand(
        "grade",
        "Grade a class's submissions against a problem-set spec or a frozen problem set, with "
        "reports");
    grade
        ->add_option("spec", o->grade.spec,
                     "Problem-set spec (YAML), or a problem-set file: the sheets as handed out "
                     "(chainrule freeze, or generate --format yaml|json)")
        ->required();
    grade
        ->add_option("submissions", o->grade.inputs,
                     "Submission files, or folders searched for *.yaml, *.yml, *.json")
        ->required();
    grade
        ->add_option("-o,--out", o->grade.out,
                     "Output folder: report.json, grades.csv, junit.xml, summary.md, "
                     "timings.md, journal.jsonl")
        ->required();
    grade->add_option("-j,--jobs", o->grade.jobs,
                      "Worker processes (default: the number of cores)");
    grade->add_option("--time-limit", o->grade.limits.cpu_seconds,
                      "CPU seconds per answer (default 2)");
    grade->add_option("--memory-limit", o->grade.limits.memory_mb,
                      "Address space per worker process, in MB (default 512)");
    grade->add_option("--max-file-size", o->max_file_kb,
                      "Largest submission file read, in KB (default 1024)");
    grade->add_option("--roster", o->grade.roster,
                      "The class's student ids, one per line (or the first column of a CSV): "
                      "others are reported as unknown, missing ones get a row");
    grade->add_flag("--resume", o->grade.resume,
                    "Continue a run that was stopped, from the journal in --out");
    grade->add_flag("--regrade-errors", o->grade.regrade_errors,
                    "With --resume: grade again the rows whose check did not finish (status "
                    "error, or an answer stopped by a time or memory limit or a crash)");
    grade->add_option("--shard", o->shard,
                      "Grade the K-th of N parts, K/N (merge them with "
                      "chainrule merge)");
    grade->add_option("--format", o->formats,
                      "Also write: gradescope (Gradescope's results.json, one submission), "
                      "canvas (canvas.csv, Canvas's gradebook import), moodle (moodle.csv, "
                      "Moodle's grade import); repeat or separate with commas");
    o->fail_under_option =
        grade->add_option("--fail-under", o->fail_under,
                          "Exit with status 1 when a submission scores below PCT percent");
    grade->add_option("--identity", o->identity,
                      "Whose submission a file is: both (default: where the path names a "
                      "student, by a top folder or a file ID.yaml, the file's student: must be "
                      "the same), folder (the path's), file (the file's student:)");
    grade->add_option("--identity-prefix", o->grade.identity_prefix,
                      "What the names of the students' folders (or files) start with before "
                      "the id: GitHub Classroom names each repository <assignment>-<username>, "
                      "so --identity-prefix hw1- reads hw1-alice as alice");
    grade->add_option("--prefer", o->prefer,
                      "Of several files for one student, grade the newest (modification "
                      "time) or the one whose path sorts last (path); without it, none is "
                      "graded (conflict rows)");
    grade->add_flag("--allow-conflicts", o->allow_conflicts,
                    "Exit 0 even with identity problems (conflicts, mismatches, refused or "
                    "look-alike ids, skipped links, FIFOs and folders)");
    grade->add_flag("--allow-changed-templates", o->grade.allow_changed_templates,
                    "Grade a spec even though templates changed since the run in --out (or the "
                    "frozen set it graded) was made; the report records it");
    grade->add_option("--frozen-set", o->grade.frozen_set,
                      "The problem-set file frozen from SPEC when the sheets went out (chainrule "
                      "freeze): refuse to grade when SPEC's seed or templates no longer match it "
                      "(the templates: unless --allow-changed-templates)");
    grade->add_flag("-q,--quiet", o->grade.quiet, "No progress bar");
    grade->footer(
        "Exit status: 0 when grading completed (whatever the scores), 1 under "
        "--fail-under or with identity problems (unless --allow-conflicts), 2 when "
        "the grader cannot run (bad spec, unwritable output, templates changed since the run in "
        "--out without --allow-changed-templates).");
    return [o] { return run(*o); };
}

} // namespace chainrule
