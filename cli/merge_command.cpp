// `chainrule merge`: the output folders of the shards of one grading run combined into the
// reports a single run would have written.
#include "cli/command_options.hpp"
#include "cli/commands.hpp"
#include "expr/errors.hpp"
#include "grading/grade_run.hpp"

#include <optional>

namespace chainrule {

CommandResult run_merge_command(const MergeOptions& o) {
    ReportFormats formats = parse_report_formats(o.formats);
    if (formats.gradescope)
        throw InputError("--format gradescope is for one submission: use it with grade");
    std::optional<double> fail_under;
    if (o.fail_under_given) {
        if (o.fail_under < 0 || o.fail_under > 100)
            throw InputError("--fail-under is a percentage from 0 to 100");
        fail_under = o.fail_under;
    }
    GradeOutcome outcome = run_merge(o.dirs, o.out, fail_under, formats);
    bool identities_ok =
        report_identity_problems("merge", outcome.identity_problems, o.allow_conflicts);
    return outcome.passed && identities_ok ? CommandResult::success : CommandResult::rejected;
}

} // namespace chainrule
