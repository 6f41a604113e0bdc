#pragma once
// Problems found in an instructor's file, each at a place in it.
#include "expr/errors.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace chainrule {

/// One problem in a file: where it is (1-based line and column, in characters; 0 when the
/// problem is with the file as a whole) and what it is.
struct Diagnostic {
    std::string file;
    std::size_t line = 0;
    std::size_t column = 0;
    std::string message;
    bool warning = false; ///< a warning does not make the file invalid
};

/// "file:line:column: message" (or "file: message" without a place); warnings say so.
std::string format_diagnostic(const Diagnostic& diagnostic);

/// Bad input in a template, spec or problem set: one or more diagnostics. what() holds them
/// all, formatted one per line.
class TemplateError : public InputError {
  public:
    /// The error for these diagnostics (at least one).
    explicit TemplateError(std::vector<Diagnostic> diagnostics);
    /// The error for one diagnostic.
    explicit TemplateError(Diagnostic diagnostic);

    /// The problems, in the order found.
    const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }

  private:
    std::vector<Diagnostic> diagnostics_;
};

/// A parser message without its "at column N" notes, for a diagnostic that gives the place as
/// file:line:column instead.
std::string without_column(std::string message);

/// The closest candidate to name for a "did you mean" hint, or "" when none is close.
std::string closest_name(const std::string& name, const std::vector<std::string>& candidates);

} // namespace chainrule
