// `chainrule validate`: templates, specs and problem sets, one `file:line:column: message`
// per problem found. Exit 0 when every file is valid (warnings allowed), 1 when problems were
// found; a path that does not exist is a usage error (2, from main).
#include "cli/command_options.hpp"
#include "cli/commands.hpp"
#include "generator/validate.hpp"

#include <iostream>
#include <memory>

namespace chainrule {

CommandResult run_validate_command(const ValidateOptions& o) {
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

} // namespace chainrule
