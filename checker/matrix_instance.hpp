#pragma once
// Matrix expressions at concrete sizes: every dimension given a number, every declared name a
// matrix of real symbols (W₁₂ for entry (1,2) of W), and every operation worked out entry by
// entry as GiNaC expressions. The checker compares these entry by entry.
#include "expr/matrix_shape.hpp"

#include <ginac/ginac.h>

#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace chainrule {

/// A matrix of expressions (a scalar is 1×1 with `scalar` set).
struct MatrixValue {
    std::size_t rows = 1;
    std::size_t cols = 1;
    bool scalar = false;
    std::vector<GiNaC::ex> entries; ///< row-major

    const GiNaC::ex& at(std::size_t r, std::size_t c) const { return entries[r * cols + c]; }
    GiNaC::ex& at(std::size_t r, std::size_t c) { return entries[r * cols + c]; }
};

/// A size for every dimension label ("m" → 3); numbers stand for themselves.
using DimensionSizes = std::map<std::string, std::size_t>;

/// The size of a dimension label at the given sizes. Throws InputError for a name without one.
std::size_t dimension_size(const std::string& label, const DimensionSizes& sizes);

/// The name of entry (i, j) (0-based) of a matrix or vector: x₂, W₁₂ (W₁,₁₂ past 9).
std::string entry_symbol_name(const std::string& name, std::size_t row, std::size_t col,
                              bool vector);

/// The matrix of real symbols that stands for a declared name at a size.
MatrixValue symbol_matrix(const std::string& name, std::size_t rows, std::size_t cols,
                          bool vector);

/// Rewrites the applications of one elementwise function while instantiating, so that the
/// derivative through it can be taken as if it were 1 (a student's missing σ'(z)): f(u)
/// becomes F + u − U with fresh symbols F and U, and `restore` puts f(u) and u back.
struct FrozenFunction {
    std::string function; ///< canonical name, e.g. "sigmoid"; empty: nothing frozen
    GiNaC::exmap restore;
};

/// Works a node out at the given sizes. `values` holds each declared name's and let's matrix.
MatrixValue instantiate(const MatrixNode& node, const ShapeSolver& solver,
                        const DimensionSizes& sizes,
                        const std::map<std::string, MatrixValue>& values,
                        FrozenFunction* frozen = nullptr);

/// The transpose.
MatrixValue transposed(const MatrixValue& value);

/// Every entry with `substitutions` applied (repeatedly, until none is left, at most `depth`
/// passes: a let's entries may hold other lets).
MatrixValue substituted(const MatrixValue& value, const GiNaC::exmap& substitutions,
                        std::size_t depth = 8);

} // namespace chainrule
