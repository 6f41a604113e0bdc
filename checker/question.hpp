#pragma once
#include "checker/equivalence.hpp"

#include <string>
#include <utility>
#include <vector>

namespace chainrule {

/// A question as text, the way a user gives it on the command line.
struct QuestionText {
    std::string function; ///< differentiate this (with `wrt`) ...
    std::string expected; ///< ... or compare with this expression directly
    std::vector<std::string> wrt;       ///< variables to differentiate against, in order
    std::vector<std::string> variables; ///< declared variables (empty: those of the function)
    /// Named values "NAME=EXPR", in order: each may use the ones before it.
    std::vector<std::string> lets;
};

/// Parses the question and works out what a right answer is. Throws InputError (ParseError
/// with the caret) naming which part of the question is wrong: "in --function: ...".
Expectation build_expectation(const QuestionText& question);

/// Splits "x,y, z" into names, trimming spaces; empty parts are dropped.
std::vector<std::string> split_names(const std::string& text);

} // namespace chainrule
