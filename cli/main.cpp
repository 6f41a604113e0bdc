// The chainrule executable: a thin front end that parses the command line, runs one
// subcommand, and turns what it returns or throws into a message and an exit status. Exit
// statuses are decided here and only here (ExitStatus).
#include "cli/command_line.hpp"
#include "cli/limits.hpp"
#include "expr/errors.hpp"
#include "grading/grade_run.hpp"

#include <iostream>
#include <new>
#include <string>
#include <vector>

namespace {

/// The exit statuses of chainrule (README, "Command line").
enum class ExitStatus : int {
    success = 0,        ///< a correct answer; done
    rejected = 1,       ///< an incorrect answer, problems found, a grade under --fail-under
    bad_input = 2,      ///< invalid input or usage; an answer that cannot be read
    internal_error = 3, ///< a bug, or a time or memory limit exceeded
};

int code(ExitStatus status) {
    return static_cast<int>(status);
}

ExitStatus exit_status(chainrule::CommandResult result) {
    switch (result) {
    case chainrule::CommandResult::success:
        return ExitStatus::success;
    case chainrule::CommandResult::rejected:
        return ExitStatus::rejected;
    case chainrule::CommandResult::invalid:
        return ExitStatus::bad_input;
    }
    return ExitStatus::internal_error;
}

} // namespace

int main(int argc, char** argv) {
    // A worker process of `grade`, started by the grader itself: no command line to read.
    if (argc >= 2 && std::string(argv[1]) == chainrule::grade_worker_command)
        chainrule::run_grade_worker(std::vector<std::string>(argv + 2, argv + argc));
    chainrule::set_limit_exit_status(code(ExitStatus::internal_error));
    chainrule::CommandLine line = chainrule::read_command_line(argc, argv);
    switch (line.outcome) {
    case chainrule::CommandLine::Outcome::run:
        break;
    case chainrule::CommandLine::Outcome::answered:
        return code(ExitStatus::success);
    case chainrule::CommandLine::Outcome::usage_error:
        return code(ExitStatus::bad_input);
    case chainrule::CommandLine::Outcome::internal_error:
        return code(ExitStatus::internal_error);
    }
    try {
        return code(exit_status(line.action()));
    } catch (const chainrule::ParseError& e) {
        std::cerr << "chainrule: error: " << e.with_caret() << "\n";
        return code(ExitStatus::bad_input);
    } catch (const chainrule::InputError& e) {
        std::cerr << "chainrule: error: " << chainrule::printable_lines(e.what()) << "\n";
        return code(ExitStatus::bad_input);
    } catch (const std::bad_alloc&) {
        std::cerr << "chainrule: error: memory limit exceeded (--memory-limit, or the "
                     "system's)\n";
        return code(ExitStatus::internal_error);
    } catch (const std::exception& e) {
        std::cerr << "chainrule: internal error: " << chainrule::printable(e.what()) << "\n";
        return code(ExitStatus::internal_error);
    }
}
