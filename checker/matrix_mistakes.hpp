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

/// A named mistake's message for the hidden-answer modes (check --set, practice, grade):
/// without the example or formula that would be the key of some question (δ xᵀ, diag(s) −
/// s sᵀ).
std::string hidden_matrix_mistake_message(const Diagnosis& diagnosis);

/// For an answer of the transposed shape: whether it is right in the other layout.
std::vector<Diagnosis> transposed_layout_mistake(const MatrixExpectation& expectation,
                                                 const TypedMatrix& answer);

/// For an answer of the wrong shape with a dimension of the question (a batch N) where the
/// key has 1: whether summing it over that dimension (and dividing by it, for a mean) makes
/// it right: the sum over the batch is missing.
std::vector<Diagnosis> batch_sum_mistake(const MatrixExpectation& expectation,
                                         const TypedMatrix& answer);

} // namespace chainrule
