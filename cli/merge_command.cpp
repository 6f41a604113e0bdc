// `chainrule merge`: the output folders of the shards of one grading run combined into the
// reports a single run would have written.
#include "cli/commands.hpp"
#include "expr/errors.hpp"
#include "grading/grade_run.hpp"

#include <CLI/CLI.hpp>
#include <memory>

namespace chainrule {

namespace {

struct MergeOptions {
    std::vector<std::string> dirs;
    std::string out;
    double fail_under = -1;
    CLI::Option* fail_under_option = nullptr;
    std::vector<std::string> formats;
    bool allow_conflicts = false;
};

} // namespace

CommandAction add_merge_command(CLI::App& app) {
    auto o = std::make_shared<MergeOptions>();
    CLI::App* merge = app.add_subcommand(
        "merge", "Combine the output folders of `grade --shard K/N` runs into one set of reports");
    merge->add_option("dirs", o->dirs, "The shards' output folders")->required();
    merge->add_option("-o,--out", o->out, "Output folder")->required();
    o->fail_under_option =
        merge->add_option("--fail-under", o->fail_under,
                          "Exit with status 1 when a submission scores below PCT percent");
    merge->add_option("--format", o->formats,
                      "Also write: canvas (canvas.csv), moodle (moodle.csv); repeat or "
                      "separate with commas");
    merge->add_flag("--allow-conflicts", o->allow_conflicts,
                    "Exit 0 even with identity problems (as grade --allow-conflicts)");
    return [o] {
        ReportFormats formats = parse_report_formats(o->formats);
        if (formats.gradescope)
            throw InputError("--format gradescope is for one submission: use it with grade");
        std::optional<double> fail_under;
        if (o->fail_under_option->count() > 0) {
            if (o->fail_under < 0 || o->fail_under > 100)
                throw InputError("--fail-under is a percentage from 0 to 100");
            fail_under = o->fail_under;
        }
        GradeOutcome outcome = run_merge(o->dirs, o->out, fail_under, formats);
        bool identities_ok =
            report_identity_problems("merge", outcome.identity_problems, o->allow_conflicts);
        return outcome.passed && identities_ok ? CommandResult::success : CommandResult::rejected;
    };
}

} // namespace chainrule
