#pragma once
// The character classes of the answer language, on code points: the one home of what a digit,
// a letter of a name, a space and a superscript digit are, for the expression lexer
// (expr/lexer.cpp) and the matrix parser (expr/matrix_parser.cpp).
#include <optional>

namespace chainrule {

/// a–z, A–Z.
constexpr bool is_ascii_letter(char32_t c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/// The Greek block's letters, Α (U+0391) to ω (U+03C9).
constexpr bool is_greek_letter(char32_t c) {
    return c >= 0x391 && c <= 0x3C9;
}

/// 0–9.
constexpr bool is_digit(char32_t c) {
    return c >= '0' && c <= '9';
}

/// What may follow the first letter of a plain name: an ASCII letter, a digit or `_`.
constexpr bool is_name_char(char32_t c) {
    return is_ascii_letter(c) || is_digit(c) || c == '_';
}

/// White space between tokens of an expression: space, tab, line breaks, and the no-break
/// spaces U+00A0 and U+202F that word processors put in.
constexpr bool is_space(char32_t c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0xA0 || c == 0x202F;
}

/// The value of a superscript digit ⁰–⁹; nothing for anything else.
constexpr std::optional<int> superscript_digit(char32_t c) {
    switch (c) {
    case U'⁰':
        return 0;
    case U'¹':
        return 1;
    case U'²':
        return 2;
    case U'³':
        return 3;
    case U'⁴':
        return 4;
    case U'⁵':
        return 5;
    case U'⁶':
        return 6;
    case U'⁷':
        return 7;
    case U'⁸':
        return 8;
    case U'⁹':
        return 9;
    default:
        return std::nullopt;
    }
}

} // namespace chainrule
