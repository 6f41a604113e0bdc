#pragma once
// Grading an answer to a matrix question (issue 20): one expression of the matrix language,
// checked against the function's derivative at three sizes. Scored as one: all the points
// when it is right at every size, none otherwise. What a student reads names which entries
// are wrong and the mistakes of matrix calculus, never the key or an entry of it.
#include "grading/problem_check.hpp"

namespace chainrule {

/// Checks and scores an answer (or steps, refused) to a problem with `matrix` set.
ProblemResult check_matrix_problem(const Problem& problem, const SubmittedAnswer& submitted);

/// "an m×n matrix", "an m×1 vector", "a scalar": what a matrix question's answer is.
std::string matrix_answer_words(const Problem& problem);

} // namespace chainrule
