#pragma once
// Internal to cli/ (docs/architecture.md), as is all of cli/.
// The subcommands of the chainrule executable. Each adds itself to the app and runs when
// chosen, and says what it found (CommandResult); errors are thrown (InputError for bad
// input). Both are turned into exit statuses only in main.
#include <functional>
#include <string>
#include <vector>

// CLI11 is header-only and costs every source that reads it about 5 s of CPU (its validators
// are objects built in each): only the sources that add options include it.
namespace CLI {
class App;
}

namespace chainrule {

/// What a subcommand found.
enum class CommandResult {
    success,  ///< done: an answer correct (and in its form), files valid, every grade reached
    rejected, ///< an answer incorrect or not in its form, problems found, a grade under
              ///< --fail-under
    invalid,  ///< the answer could not be read: refused, not graded
};

/// What a subcommand does once its options are parsed.
using CommandAction = std::function<CommandResult()>;

/// `chainrule check`: one answer against a derivative or an expected expression.
CommandAction add_check_command(CLI::App& app);
/// `chainrule generate`: problem sets from a spec or a template.
CommandAction add_generate_command(CLI::App& app);
/// `chainrule freeze`: a class's sheets in one problem-set file.
CommandAction add_freeze_command(CLI::App& app);
/// `chainrule validate`: templates and specs, with file:line:column messages.
CommandAction add_validate_command(CLI::App& app);
/// `chainrule grade`: a class's submissions graded against a spec, with reports.
CommandAction add_grade_command(CLI::App& app);
/// `chainrule answer`: a student's problem sheet and a blank submission file.
CommandAction add_answer_command(CLI::App& app);
/// `chainrule practice`: an interactive practice session.
CommandAction add_practice_command(CLI::App& app);
/// `chainrule merge`: the output folders of sharded grading runs combined.
CommandAction add_merge_command(CLI::App& app);

/// Writes a run's identity problems to standard error (always, --quiet or not: they change
/// whose grade is whose). Returns whether the run may exit 0: no problems, or allowed.
bool report_identity_problems(const char* command, const std::vector<std::string>& problems,
                              bool allowed);

} // namespace chainrule
