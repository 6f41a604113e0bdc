#pragma once
#include <ginac/ginac.h>

#include <cstddef>
#include <string>
#include <vector>

namespace chainrule {

/// The shape of an answer: a scalar, a (column) vector such as a gradient, or a matrix such as
/// a Jacobian.
enum class Shape { scalar, vector, matrix };

/// A parsed answer or expected value: one expression, or a vector or matrix of them.
struct ExprValue {
    Shape shape = Shape::scalar;
    std::size_t rows = 1; ///< number of entries of a vector, rows of a matrix
    std::size_t cols = 1; ///< 1 for a scalar or vector
    std::vector<GiNaC::ex> entries; ///< row-major

    ExprValue() : entries{GiNaC::ex(0)} {}
    /// A scalar value.
    ExprValue(GiNaC::ex e) : entries{std::move(e)} {}

    /// A vector of the given entries.
    static ExprValue vector(std::vector<GiNaC::ex> items);
    /// A matrix of rows × cols entries given row by row.
    static ExprValue matrix(std::size_t rows, std::size_t cols, std::vector<GiNaC::ex> items);

    bool is_scalar() const { return shape == Shape::scalar; }
    const GiNaC::ex& scalar() const { return entries.front(); }
    const GiNaC::ex& at(std::size_t r, std::size_t c = 0) const { return entries[r * cols + c]; }
};

/// "a scalar", "a vector of 3 entries", "a 2x3 matrix": the shape in words, for messages.
std::string describe_shape(const ExprValue& value);

/// The label of entry i of a value: "" for a scalar, "[2]" for a vector, "[1,2]" for a matrix
/// (1-based, as people count).
std::string entry_label(const ExprValue& value, std::size_t index);

} // namespace chainrule
