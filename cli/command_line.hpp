#pragma once
// Internal to cli/ (docs/architecture.md), as is all of cli/.
// The command line of the chainrule executable: its subcommands and their options, read with
// CLI11. This is the one source that reads CLI11, a header-only library that costs each source
// reading it about 5 s of CPU to compile (README, "Installing").
#include "cli/commands.hpp"

#include <functional>

namespace chainrule {

/// What the command line asked for.
struct CommandLine {
    /// How reading it ended.
    enum class Outcome {
        run,            ///< a command to run: action
        answered,       ///< --help or --version, written to standard output
        usage_error,    ///< not a command line chainrule reads; the message is written
        internal_error, ///< a command listed under a name that is not its own; written
    };
    Outcome outcome = Outcome::usage_error;
    /// The command chosen, with its options (when outcome is run).
    std::function<CommandResult()> action;
};

/// Reads the arguments (argv[1..argc)), writing help, the version or a usage error where it
/// ends there. Only the subcommand named is built, all of them when none is.
CommandLine read_command_line(int argc, char** argv);

} // namespace chainrule
