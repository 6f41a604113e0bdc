// `chainrule grade`: a whole class graded against a spec, in worker processes, with reports.
#include "cli/command_options.hpp"
#include "cli/commands.hpp"
#include "expr/errors.hpp"
#include "grading/grade_run.hpp"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

namespace chainrule {

CommandResult run_grade_command(GradeCommandOptions o) {
    if (!o.shard.empty()) parse_shard(o.shard, o.grade.shard_index, o.grade.shard_count);
    o.grade.formats = parse_report_formats(o.formats);
    if (o.fail_under_given) {
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

} // namespace chainrule
