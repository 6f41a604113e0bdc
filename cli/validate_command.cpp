// `chainrule validate`: templates, specs and problem sets, one `file:line:column: message`
// per problem found. Exit 0 when every file is valid (warnings allowed), 1 when problems were
// found; a path that does not exist is a usage error (2, from main).
#include "cli/commands.hpp"
#include "generator/validate.hpp"

#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>

namespace chainrule {

namespace {

struct ValidateOptions {
    std::vector<std::string> paths;
    bool quiet = false;
};

CommandResult run_validate(const ValidateOptions& o) {
    ValidationReport report = validate_paths(o.paths);
    for (const auto& d : report.diagnostics)
        std::cout << format_diagnostic(d) << "\n";
    std::size_t errors = report.errors();
    std::size_t warnings = report.diagnostics.size() - errors;
    if (!o.quiet) {
        std::cerr << report.files.size() << (report.files.size() == 1 ? " file" : " files")
                  << " checked: " << errors << (errors == 1 ? " problem" : " problems");
        if (warnings > 0)
            std::cerr << ", " << warnings << (warnings == 1 ? " warning" : " warnings");
        std::cerr << "\n";
    }
    if (report.files.empty()) throw InputError("no .yaml or .yml files found to validate");
    return errors == 0 ? CommandResult::success : CommandResult::rejected;
}

} // namespace

CommandAction add_validate_command(CLI::App& app) {
    auto o = std::make_shared<ValidateOptions>();
    CLI::App* validate = app.add_subcommand(
        "validate", "Check templates, problem-set specs and problem sets for problems");
    validate->add_option("paths", o->paths, "Files or folders (searched for .yaml and .yml)")
        ->required();
    validate->add_flag("-q,--quiet", o->quiet, "No summary line");
    return [o] { return run_validate(*o); };
}

} // namespace chainrule
