#pragma once
#include "expr/syntax.hpp"
#include "expr/value.hpp"

#include <ginac/ginac.h>

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace chainrule {

/// What the parser knows about the question an answer belongs to.
struct ParseOptions {
    /// The variables of the question. With `open` false, a name that is none of these (nor a
    /// named value) is reported in ParseResult::unknown_names, and a run of them such as `yz`
    /// reads as a product; outside a student's answer, an unknown word close to a function or
    /// a variable (`softpuls`, `sinx`) is a ParseError with "did you mean". In open mode they
    /// are the names a run may be a product of.
    std::vector<std::string> variables;
    /// Open mode: any one name is a variable (a letter, with digits or a subscript: `a`, `w1`,
    /// `z_1`); a word of several letters is a product only of declared variables and named
    /// values (`yz` with y and z declared), else a ParseError with the likely reading.
    bool open = true;
    /// Named values the answer may use: `S1` stands for its expression, and `S1(1 - S1)` is a
    /// product, not a call.
    std::map<std::string, GiNaC::ex> lets;
    /// The longest input read, in bytes.
    std::size_t max_length = 10000;
    /// The deepest nesting of parentheses, brackets and powers.
    std::size_t max_depth = 200;
    /// The most digits in one number.
    std::size_t max_digits = 100;
    /// Also record the answer as typed (ParseResult::syntax), for form requirements.
    bool keep_syntax = false;
    /// A student's answer: a name the question does not have is a ParseError with the likely
    /// reading suggested (`2X` → 2x, `sinx` → sin(x)), never a variable of its own; and a
    /// leading `f'(x) =`, `dy/dx =` or `=` is dropped when it names the derivative asked.
    bool answer = false;
    /// A decimal as written (0.03) becomes a written_decimal constant (expr/written_decimal.hpp)
    /// instead of the rational 3/100: for showing an instructor's function and its worked
    /// solution with the decimals as given. Never for what is graded.
    bool decimals_as_written = false;

    /// The options of a question with these variables and named values (closed mode).
    static ParseOptions closed(std::vector<std::string> variables,
                               std::map<std::string, GiNaC::ex> lets = {});
    /// The options for a student's answer to a question with these variables and named values.
    static ParseOptions for_answer(std::vector<std::string> variables,
                                   std::map<std::string, GiNaC::ex> lets = {});
};

/// A parsed answer and what was found in it.
struct ParseResult {
    ExprValue value;
    /// Names used as variables that the question does not have (closed mode), sorted.
    std::vector<std::string> unknown_names;
    /// The answer as typed, with ParseOptions::keep_syntax.
    std::optional<Syntax> syntax;
};

/// Parses an expression of the answer language. Throws ParseError (what, where, with a caret)
/// for text that is not an expression of the language or passes a limit of the options.
ParseResult parse_expression(std::string_view text, const ParseOptions& options = {});

/// Shorthand: parses in open mode and returns the single expression; throws ParseError when
/// the text is a vector or matrix.
GiNaC::ex parse_scalar(std::string_view text, const ParseOptions& options = {});

/// The names of the functions of the answer language, sorted, for help texts and suggestions.
const std::vector<std::string>& function_names();

} // namespace chainrule
