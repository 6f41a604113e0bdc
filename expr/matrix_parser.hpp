#pragma once
#include "expr/errors.hpp"
#include "expr/matrix_syntax.hpp"

#include <set>
#include <string>
#include <string_view>

namespace chainrule {

/// The names a matrix expression may use.
struct MatrixNames {
    std::set<std::string> matrices;   ///< declared with a shape: W, x, b
    std::set<std::string> lets;       ///< named values: z, δ, s
    std::set<std::string> dimensions; ///< dimension names: m, n, N (scalars in an expression)
    std::size_t max_length = 10000;   ///< the longest input read, in bytes
    std::size_t max_depth = 200;      ///< the deepest nesting
};

/// A name the question does not declare: the expression reads, but the name means nothing.
class UnknownMatrixName : public ParseError {
  public:
    UnknownMatrixName(const std::string& message, std::string input, std::size_t column,
                      std::string name)
        : ParseError(message, std::move(input), column), name_(std::move(name)) {}
    /// The name as typed.
    const std::string& name() const { return name_; }

  private:
    std::string name_;
};

/// Reads a matrix expression. Throws ParseError (with the column) for text that is not one,
/// and UnknownMatrixName for a name that is not declared. A run of declared names without
/// spaces (`Wx`) reads as their product.
MatrixNode parse_matrix_expression(std::string_view text, const MatrixNames& names);

} // namespace chainrule
