#pragma once
// The named mistakes of matrix calculus. Each is a claim about what the student did, made only
// when undoing it makes the answer right at every size: a transposed factor, W for Wᵀ, ⊙ for
// a product and back, a missing σ'(z), a dropped 1/N, the softmax Jacobian's diag(s)
// dropped, s − y where y is not one-hot.
#include "checker/matrix_check.hpp"

#include <vector>

namespace chainrule {

/// Ids of the matrix mistakes, in the order they are tried.
const std::vector<std::string>& matrix_mistake_ids();

/// The mistakes that explain a wrong answer whose shape fits.
std::vector<Diagnosis> matrix_mistakes(const MatrixExpectation& expectation,
                                       const TypedMatrix& answer);

/// For an answer of the transposed shape: whether it is right in the other layout.
std::vector<Diagnosis> transposed_layout_mistake(const MatrixExpectation& expectation,
                                                 const TypedMatrix& answer);

} // namespace chainrule
