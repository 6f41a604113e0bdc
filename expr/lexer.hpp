#pragma once
#include "expr/parser.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace chainrule {

/// The kinds of token of the answer language.
enum class TokenKind {
    number,
    name,
    plus,
    minus,
    star,
    slash,
    caret,
    lparen,
    rparen,
    lbracket,
    rbracket,
    comma,
    greater,
    greater_equal,
    less,
    less_equal,
    equal,
    superscript, ///< a run of superscript digits, value in `power`
    root,        ///< √
    lbrace,      ///< { (LaTeX grouping, indicator braces 1{x > 0})
    rbrace,      ///< }
    bar,         ///< | of an absolute value |x|
    frac,        ///< LaTeX \frac{a}{b}
    derivative,  ///< d/dx or ∂/∂x, variable in `text`
    end,
};

/// What a name stands for, decided by the lexer from the question's variables and named values.
enum class NameKind { variable, unknown_variable, named_value, constant, function };

/// One token: its kind, its text (a name's canonical spelling), and its 1-based column.
struct Token {
    TokenKind kind = TokenKind::end;
    std::string text;
    std::size_t column = 0;
    NameKind name_kind = NameKind::variable;
    long power = 0;
};

/// Splits the code points of an expression into tokens. Runs of one-letter names such as `yz`
/// come out as one token per name. Throws ParseError for characters and names that cannot be
/// read.
std::vector<Token> tokenize(const std::string& input, const std::vector<char32_t>& text,
                            const ParseOptions& options);

/// Whether name is a function of the language (after its aliases).
bool is_function_name(const std::string& name);

/// The canonical function for an alias (`logsig` → `sigmoid`), or name itself.
std::string canonical_function(const std::string& name);

} // namespace chainrule
