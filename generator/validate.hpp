#pragma once
// Checking instructors' files: templates, specs and problem sets.
#include "generator/diagnostic.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace chainrule {

/// What validation found.
struct ValidationReport {
    std::vector<std::string> files;      ///< the files checked, in order
    std::vector<Diagnostic> diagnostics; ///< errors and warnings, file by file

    /// The number of errors (diagnostics that are not warnings).
    std::size_t errors() const;
};

/// The problems of one file, which is a template, a spec or a problem set (told apart by its
/// keys): what loading reports, then for a template a sweep over its parameter values
/// (constraints nothing satisfies, degenerate or repeated variants, texts that do not read
/// for some values), for a spec the generation of its set.
std::vector<Diagnostic> validate_file(const std::string& path);

/// Validates files and folders (searched recursively for .yaml and .yml files, in name
/// order). Throws InputError for a path that does not exist.
ValidationReport validate_paths(const std::vector<std::string>& paths);

} // namespace chainrule
