#pragma once
// `chainrule check --shape ...`: a matrix calculus question on the command line.
#include "checker/matrix_check.hpp"
#include "cli/commands.hpp"

#include <string>
#include <vector>

namespace chainrule {

/// The options of a matrix check, as given.
struct MatrixCheckOptions {
    MatrixQuestionText question;
    std::string answer; ///< "-" reads standard input
    bool json = false;
};

/// Checks the answer and prints the verdict; returns the exit status (0 correct, 1 incorrect,
/// 2 invalid). Throws InputError for a question that cannot be read.
CommandResult run_matrix_check(const MatrixCheckOptions& options);

} // namespace chainrule
