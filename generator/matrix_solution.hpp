#pragma once
// The worked solution of a matrix question, layer by layer with the shapes beside each line:
// the shapes declared, the forward pass (the named values and the function), then the
// backward pass the template wrote (each line checked when the variant was made), the last
// line the answer. In plain text, Unicode (text, Markdown) and LaTeX (\mathbf, ^\top, \odot).
#include "expr/printer.hpp"
#include "generator/hint.hpp"
#include "generator/problem.hpp"

#include <string>
#include <vector>

namespace chainrule {

/// One line: `left = right`, its shape, and why it holds ("" when not said).
struct MatrixSolutionLine {
    std::string left;
    std::string right;
    std::string shape;
    std::string why;
};

/// A matrix question's worked solution in one notation.
struct MatrixSolution {
    std::string shapes; ///< "W m×n, x n×1, b m×1, y m×1 (one-hot)"
    std::vector<MatrixSolutionLine> forward;
    std::vector<MatrixSolutionLine> backward; ///< the last is the answer
    /// The answer written with the question's names only (the solution's named lines
    /// substituted): "∂L/∂W = ((a − y) ⊙ σ'(z)) xᵀ".
    std::string answer;
    std::string answer_value; ///< the same without "∂L/∂W = "
};

/// Whether a problem has a matrix worked solution (a matrix question made from a template).
bool has_matrix_solution(const Problem& problem);

/// The worked solution in a notation. Throws InputError for a problem without one.
MatrixSolution solve_matrix_problem(const Problem& problem, Notation notation);

/// The worked solution as lines of text (plain or Unicode), headed "Shapes:", "Forward
/// pass:" and "Backward pass:", each line padded so that the shapes stand in a column.
std::vector<std::string> matrix_solution_lines(const Problem& problem, Notation notation);

/// The worked solution as a LaTeX align* block.
std::string matrix_solution_latex(const Problem& problem);

/// The next hint of a matrix question: the next line of the backward pass (the cursor's
/// entry counts the lines shown), never the last (the answer).
std::string next_matrix_hint(const Problem& problem, HintCursor& cursor);

} // namespace chainrule
