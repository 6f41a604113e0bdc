// The chainrule executable: a thin front end that parses the command line, runs one
// subcommand, and turns what it returns or throws into a message and an exit status. Exit
// statuses are decided here and only here (ExitStatus).
#include "cli/commands.hpp"
#include "cli/limits.hpp"
#include "cli/terminal.hpp"
#include "expr/errors.hpp"
#include "generator/diagnostic.hpp"
#include "grading/grade_run.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <iostream>
#include <map>
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

// Options whose value is an expression: "--answer -2y" must read -2y as the value, not as an
// option, so such pairs are joined into "--answer=-2y" before CLI11 sees them.
bool takes_expression(const std::string& arg) {
    static const char* options[] = {"--answer", "--expected", "--function", "--let",
                                    "-a",       "-e",         "-f"};
    for (const char* option : options)
        if (arg == option) return true;
    return false;
}

std::vector<std::string> normalised_arguments(int argc, char** argv) {
    std::vector<std::string> args;
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i];
        if (takes_expression(arg) && i + 1 < argc) {
            std::string value = argv[i + 1];
            if (value.size() > 1 && value[0] == '-') {
                std::string name = arg.size() == 2
                                       ? std::map<std::string, std::string>{{"-a", "--answer"},
                                                                            {"-e", "--expected"},
                                                                            {"-f", "--function"}}
                                             .at(arg)
                                       : arg;
                args.push_back(name + "=" + value);
                ++i;
                continue;
            }
        }
        args.push_back(arg);
    }
    return args;
}

} // namespace

int main(int argc, char** argv) {
    // A worker process of `grade`, started by the grader itself: no command line to read.
    if (argc >= 2 && std::string(argv[1]) == chainrule::grade_worker_command)
        chainrule::run_grade_worker(std::vector<std::string>(argv + 2, argv + argc));
    chainrule::set_limit_exit_status(code(ExitStatus::internal_error));
    CLI::App app{"chainrule: checks, explains and generates the derivatives of neural-network "
                 "calculus"};
    app.name("chainrule");
    app.set_version_flag("--version", std::string("chainrule ") + CHAINRULE_VERSION);
    app.require_subcommand(1);
    // The commands, in the order --help lists them. Building a command's options costs more
    // than a cold check itself: only the command named is built, all of them when none is
    // (--help, --version, a word that is not a command).
    static constexpr std::pair<const char*, chainrule::CommandAction (*)(CLI::App&)> table[] = {
        {"check", chainrule::add_check_command},
        {"generate", chainrule::add_generate_command},
        {"validate", chainrule::add_validate_command},
        {"grade", chainrule::add_grade_command},
        {"merge", chainrule::add_merge_command},
        {"answer", chainrule::add_answer_command},
        {"practice", chainrule::add_practice_command},
        {"freeze", chainrule::add_freeze_command}};
    std::vector<std::string> args = normalised_arguments(argc, argv);
    const bool names_one =
        !args.empty() && std::any_of(std::begin(table), std::end(table),
                                     [&](const auto& row) { return args.front() == row.first; });
    std::vector<std::pair<CLI::App*, chainrule::CommandAction>> commands;
    for (const auto& [name, make] : table) {
        if (names_one && args.front() != name) continue;
        chainrule::CommandAction action = make(app);
        CLI::App* command = app.get_subcommands({}).back();
        if (command->get_name() != name) {
            std::cerr << "chainrule: internal error: the command '" << command->get_name()
                      << "' is listed as '" << name << "'\n";
            return code(ExitStatus::internal_error);
        }
        commands.emplace_back(command, std::move(action));
    }

    // CLI11 would say only that a subcommand is required: name the word and the commands.
    if (!args.empty() && !args.front().empty() && args.front()[0] != '-') {
        std::vector<std::string> names;
        for (const auto& [command, action] : commands)
            names.push_back(command->get_name());
        if (std::find(names.begin(), names.end(), args.front()) == names.end()) {
            std::string closest = chainrule::closest_name(args.front(), names);
            std::cerr << "chainrule: error: unknown command '" << chainrule::printable(args.front())
                      << "'" << (closest.empty() ? "" : ": did you mean " + closest + "?")
                      << "\nThe commands are:";
            for (const auto& name : names)
                std::cerr << " " << name;
            std::cerr << ". Run 'chainrule --help' for usage.\n";
            return code(ExitStatus::bad_input);
        }
    }
    std::reverse(args.begin(), args.end()); // CLI11 takes the arguments in reverse
    try {
        app.parse(args);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        std::cerr << "chainrule: error: " << chainrule::printable(e.what()) << "\n"
                  << "Run 'chainrule --help' for usage.\n";
        return code(ExitStatus::bad_input);
    }
    try {
        CLI::App* chosen = app.get_subcommands().front();
        for (auto& [command, action] : commands)
            if (command == chosen) return code(exit_status(action()));
        return code(ExitStatus::bad_input);
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
