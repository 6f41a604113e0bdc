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

struct Template;
struct Spec;

/// What validation finds in a loaded template beyond reading it: a foreseen mistake that is a
/// correct answer, texts that do not read for some values, no usable combination of values
/// (errors); degenerate and repeated variants (warnings).
std::vector<Diagnostic> check_template(const Template& t);

/// The errors check_template finds in the templates of a spec, each reported once. `generate`
/// refuses a spec (or a template) with any, as `validate` does.
std::vector<Diagnostic> check_spec_templates(const Spec& spec);

/// The problems of one file, which is a template, a spec or a problem set (told apart by its
/// keys): what loading reports, then for a template a sweep over its parameter values
/// (constraints nothing satisfies, degenerate or repeated variants, texts that do not read
/// for some values), for a spec the generation of its set.
std::vector<Diagnostic> validate_file(const std::string& path);

/// Validates files and folders (searched recursively for .yaml and .yml files, in name
/// order). Throws InputError for a path that does not exist.
ValidationReport validate_paths(const std::vector<std::string>& paths);

} // namespace chainrule
