// `chainrule grade`: a whole class graded against a spec, in worker processes, with reports.
#include "cli/commands.hpp"
#include "expr/errors.hpp"
#include "grading/grade_run.hpp"

#include <unistd.h>

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
    std::string format;
    double fail_under = -1;
    CLI::Option* fail_under_option = nullptr;
    std::size_t max_file_kb = 1024;
};

CommandResult run(GradeCommandOptions& o) {
    if (!o.shard.empty()) parse_shard(o.shard, o.grade.shard_index, o.grade.shard_count);
    if (!o.format.empty() && o.format != "gradescope" && o.format != "default")
        throw InputError("unknown format '" + printable(o.format) + "': use gradescope");
    o.grade.gradescope = o.format == "gradescope";
    if (o.fail_under_option->count() > 0) {
        if (o.fail_under < 0 || o.fail_under > 100)
            throw InputError("--fail-under is a percentage from 0 to 100");
        o.grade.fail_under = o.fail_under;
    }
    if (o.max_file_kb < 1 || o.max_file_kb > 1 << 20)
        throw InputError("--max-file-size is from 1 to 1048576 (KB)");
    o.grade.max_file_bytes = o.max_file_kb * 1024;
    o.grade.version = CHAINRULE_VERSION;
    return run_grade(o.grade) ? CommandResult::success : CommandResult::rejected;
}

} // namespace

CommandAction add_grade_command(CLI::App& app) {
    auto o = std::make_shared<GradeCommandOptions>();
    CLI::App* grade = app.add_subcommand(
        "grade", "Grade a class's submissions against a problem-set spec, with reports");
    grade->add_option("spec", o->grade.spec, "Problem-set spec (YAML)")->required();
    grade->add_option("submissions", o->grade.inputs,
                      "Submission files, or folders searched for *.yaml, *.yml, *.json")
        ->required();
    grade->add_option("-o,--out", o->grade.out,
                      "Output folder: report.json, grades.csv, junit.xml, summary.md, "
                      "timings.md, journal.jsonl")
        ->required();
    grade->add_option("-j,--jobs", o->grade.jobs, "Worker processes (default: the number of cores)");
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
    grade->add_option("--shard", o->shard, "Grade the K-th of N parts, K/N (merge them with "
                                           "chainrule merge)");
    grade->add_option("--format", o->format,
                      "gradescope: also write Gradescope's results.json (one submission)");
    o->fail_under_option = grade->add_option(
        "--fail-under", o->fail_under, "Exit with status 1 when a submission scores below PCT percent");
    grade->add_flag("-q,--quiet", o->grade.quiet, "No progress bar");
    grade->footer("Exit status: 0 when grading completed (whatever the scores), 1 under "
                  "--fail-under, 2 when the grader cannot run (bad spec, unwritable output).");
    return [o] { return run(*o); };
}

} // namespace chainrule
