#pragma once
// Shapes of matrix expressions, inferred symbolically: every dimension is a term (a name such
// as m, a number, or an unknown to be found, as for I), and operations unify them. Nothing is
// instantiated: "cannot add s sᵀ (m×m) and sᵀ s (1×1)" comes from the symbols alone.
#include "expr/errors.hpp"
#include "expr/matrix_syntax.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace chainrule {

/// Dimension terms and their unification (union-find). A term is rigid (a dimension name or
/// a number: `m` never unifies with `n`, nor with `1`) or an unknown.
class ShapeSolver {
  public:
    /// The term of a dimension name or number ("m", "3"): the same term for the same label.
    int rigid(const std::string& label);
    /// A new unknown.
    int fresh();
    /// The representative of a term.
    int find(int term) const;
    /// Makes two terms equal; false (and nothing changed) when both are different rigid ones.
    bool unify(int a, int b);
    /// The dimension a term stands for ("m", "1"), or nothing while it is unknown.
    std::optional<std::string> label(int term) const;
    /// "m×n", with "?" for an unknown.
    std::string describe(int rows, int cols) const;

  private:
    std::vector<int> parent_;
    std::vector<std::optional<std::string>> labels_;
    std::map<std::string, int> rigid_;
};

/// The shape of a named value once inferred: dimension labels, or a scalar.
struct NamedShape {
    std::string rows = "1";
    std::string cols = "1";
    bool scalar = false;
};

/// What the names of an expression stand for.
struct ShapeEnvironment {
    /// Declared names: one dimension label (a column vector) or two.
    std::map<std::string, std::vector<std::string>> declared;
    /// Named values (lets), their shapes inferred before.
    std::map<std::string, NamedShape> lets;
};

/// An expression whose shape is wrong: the message names the operands and their shapes.
class ShapeError : public InputError {
  public:
    ShapeError(const std::string& message, std::size_t column)
        : InputError(message), column_(column) {}
    /// The 1-based column of the operator or call at fault.
    std::size_t column() const { return column_; }

  private:
    std::size_t column_;
};

/// Infers the shape of every node (MatrixNode::rows, cols, scalar) with the solver. Throws
/// ShapeError for operands that do not fit.
void infer_shapes(MatrixNode& node, ShapeSolver& solver, const ShapeEnvironment& environment);

/// The shape of an inferred node as dimension labels; throws ShapeError when a dimension is
/// still unknown (I alone: "the size of I cannot be told").
NamedShape resolved_shape(const MatrixNode& node, const ShapeSolver& solver);

/// "m×n" for a node whose shape was inferred ("1×1" for a scalar).
std::string shape_text(const MatrixNode& node, const ShapeSolver& solver);

} // namespace chainrule
