#pragma once
// Internal to cli/ (docs/architecture.md), as is all of cli/.
// The subcommands of the chainrule executable. Each runs from its options (cli/command_options.hpp,
// filled in by cli/command_line.cpp) and says what it found (CommandResult); errors are thrown
// (InputError for bad input). Both are turned into exit statuses only in main.
#include <string>
#include <vector>

namespace chainrule {

/// What a subcommand found.
enum class CommandResult {
    success,  ///< done: an answer correct (and in its form), files valid, every grade reached
    rejected, ///< an answer incorrect or not in its form, problems found, a grade under
              ///< --fail-under
    invalid,  ///< the answer could not be read: refused, not graded
};

struct CheckOptions;
struct GenerateOptions;
struct ValidateOptions;
struct GradeCommandOptions;
struct MergeOptions;
struct AnswerOptions;
struct PracticeCommandOptions;
struct FreezeOptions;

/// `chainrule check`: one answer against a derivative or an expected expression.
CommandResult run_check_command(const CheckOptions& options);
/// `chainrule generate`: problem sets from a spec or a template.
CommandResult run_generate_command(const GenerateOptions& options);
/// `chainrule validate`: templates and specs, with file:line:column messages.
CommandResult run_validate_command(const ValidateOptions& options);
/// `chainrule grade`: a class's submissions graded against a spec, with reports.
CommandResult run_grade_command(GradeCommandOptions options);
/// `chainrule merge`: the output folders of sharded grading runs combined.
CommandResult run_merge_command(const MergeOptions& options);
/// `chainrule answer`: a student's problem sheet and a blank submission file.
CommandResult run_answer_command(const AnswerOptions& options);
/// `chainrule practice`: an interactive practice session.
CommandResult run_practice_command(const PracticeCommandOptions& options);
/// `chainrule freeze`: a class's sheets in one problem-set file.
CommandResult run_freeze_command(const FreezeOptions& options);

/// Writes a run's identity problems to standard error (always, --quiet or not: they change
/// whose grade is whose). Returns whether the run may exit 0: no problems, or allowed.
bool report_identity_problems(const char* command, const std::vector<std::string>& problems,
                              bool allowed);

} // namespace chainrule
