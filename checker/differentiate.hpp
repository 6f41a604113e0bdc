#pragma once
#include "expr/value.hpp"

#include <string>
#include <vector>

namespace chainrule {

/// What a question asks of a function.
struct DerivativeRequest {
    ExprValue function;
    std::vector<std::string> wrt; ///< one variable: a derivative; several: gradient or Jacobian
};

/// The derivative that answers the request: for a scalar function, d/dx (one variable) or the
/// gradient (several, a vector); for a vector function, the vector of d/dx of each component
/// (one variable) or the Jacobian (rows: components, columns: variables). Throws InputError
/// for a matrix function or an empty variable list.
ExprValue differentiate(const DerivativeRequest& request);

/// Labels for the entries of differentiate(request): "" for a derivative, "∂/∂x" for the
/// gradient, "∂f2/∂z1" for a Jacobian, in Unicode.
std::vector<std::string> derivative_labels(const DerivativeRequest& request);

} // namespace chainrule
