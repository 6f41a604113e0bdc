#pragma once
// The matrix answer language: expressions over names declared with symbolic shapes (W: [m, n],
// x: [n]), read into a tree that is shape-checked symbolically (expr/matrix_shape.hpp) and
// instantiated at concrete sizes by the checker. The scalar language (expr/parser.hpp) stays
// as it is; this tree is its own, because a product here is a matrix product and a name a
// matrix.
#include "expr/printer.hpp"

#include <ginac/ginac.h>

#include <cstddef>
#include <string>
#include <vector>

namespace chainrule {

/// One node of a matrix expression.
struct MatrixNode {
    enum class Kind {
        number,    ///< a number; `number` holds it
        name,      ///< a declared matrix or vector, or a let (`text`)
        dimension, ///< a dimension name used as a scalar (N in X/N)
        identity,  ///< I: its size comes from what it meets
        sum,       ///< children[0] + children[1]
        difference, ///< children[0] − children[1]
        negation,   ///< −children[0]
        product,    ///< matrix product (juxtaposition, *, @); a 1×1 side scales the other
        hadamard,   ///< elementwise product ⊙ or .*
        hadamard_divide, ///< elementwise quotient ./
        divide,     ///< children[0] / children[1], the divisor a scalar or 1×1
        power,      ///< children[0] ^ children[1]: a scalar or 1×1 base, a number exponent
        elementwise_power, ///< children[0] .^ children[1]
        transpose,  ///< children[0]ᵀ
        call,       ///< `text`(children...): canonical function name (sigmoid, diag, sum, ...)
        greater,    ///< elementwise indicator (a > b)
        greater_equal, ///< elementwise indicator (a ≥ b)
    };
    Kind kind = Kind::number;
    std::string text;
    GiNaC::numeric number;
    std::vector<MatrixNode> children;
    std::size_t column = 0; ///< 1-based column in the input, in characters

    // Filled by shape inference (expr/matrix_shape.hpp): the dimension terms of the node's
    // shape in its ShapeSolver, and whether it is a true scalar (a number, sum(...)).
    int rows = -1;
    int cols = -1;
    bool scalar = false;
};

/// A node written out: Unicode (`δ xᵀ`, `σ'(z) ⊙ (Wᵀ δ)`), plain ASCII that parses back
/// (`delta x^T`, `sigmoid_prime(z) .* (W^T delta)`), or LaTeX (`\mathbf{W}^\top`, `\odot`).
std::string print_matrix(const MatrixNode& node, Notation notation = Notation::unicode);

/// The functions of the matrix language, canonical names, sorted: for help and suggestions.
const std::vector<std::string>& matrix_function_names();

/// Whether a canonical function name applies entry by entry (sigmoid, relu, exp, ...).
bool is_elementwise_function(const std::string& name);

} // namespace chainrule
