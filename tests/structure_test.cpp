// What an expression is made of (expr/structure): its symbols, a term's coefficient and its
// size, as the printers, the checker and the generator read them; and the character classes of
// the answer language (expr/char_class).
#include "expr/char_class.hpp"
#include "expr/parser.hpp"
#include "expr/structure.hpp"
#include "test_support.hpp"

#include <catch2/catch.hpp>

#include <set>
#include <string>

using namespace chainrule;
using chainrule::test::var;
using GiNaC::ex;

namespace {

ex parsed(const std::string& text) {
    return parse_expression(text).value.scalar();
}

std::set<std::string> names_in(const std::string& text) {
    std::set<std::string> names;
    collect_symbols(parsed(text), names);
    return names;
}

} // namespace

TEST_CASE("collect_symbols: each symbol once, from every depth", "[structure]") {
    CHECK(names_in("3x^2 y + sin(z x) + max(0, w)") == std::set<std::string>{"w", "x", "y", "z"});
    CHECK(names_in("exp(x)^(y^2) / (1 + x)") == std::set<std::string>{"x", "y"});
    CHECK(names_in("2 pi + e").empty()); // constants are not symbols
    CHECK(names_in("42").empty());

    std::set<std::string> names{"a"};
    collect_symbols(parsed("b + c"), names); // adds to what is there
    CHECK(names == std::set<std::string>{"a", "b", "c"});

    std::set<ex, GiNaC::ex_is_less> symbols;
    collect_symbols(parsed("x y + x^3 + relu(y - x)"), symbols);
    REQUIRE(symbols.size() == 2);
    CHECK(symbols.count(var("x")) == 1);
    CHECK(symbols.count(var("y")) == 1);
}

TEST_CASE("coefficient_of: a number, a product's number, else 1", "[structure]") {
    CHECK(coefficient_of(parsed("-3x")) == -3);
    CHECK(coefficient_of(parsed("x/2")) == GiNaC::numeric(1, 2));
    CHECK(coefficient_of(parsed("-7/4")) == GiNaC::numeric(-7, 4));
    CHECK(coefficient_of(parsed("5 x y^2")) == 5);
    CHECK(coefficient_of(parsed("x y")) == 1);
    CHECK(coefficient_of(parsed("x + 3")) == 1); // a sum is not a term
    CHECK(coefficient_of(parsed("sin(4x)")) == 1);
    CHECK(coefficient_of(parsed("-x")) == -1);
}

TEST_CASE("tree_size: the nodes of the tree, counted up to a limit", "[structure]") {
    CHECK(tree_size(var("x"), 100) == 1);
    CHECK(tree_size(ex(7), 100) == 1);
    // 3x² + 5: a sum of (a product of x² (x, 2) and 3) and 5.
    const ex e = 3 * GiNaC::pow(var("x"), 2) + 5;
    CHECK(tree_size(e, 100) == 7);
    CHECK(tree_size(GiNaC::sin(e), 100) == 8);
    // Past the limit it stops: above the limit, without walking the rest.
    ex big = 0;
    for (int i = 1; i <= 200; ++i)
        big += i * GiNaC::pow(var("x"), i);
    CHECK(tree_size(big, 1000000) > 600);
    CHECK(tree_size(big, 50) > 50);
    CHECK(tree_size(big, 50) < 60);
}

TEST_CASE("Character classes: the lexer's and the matrix parser's one definition", "[structure]") {
    CHECK(is_digit(U'0'));
    CHECK(is_digit(U'9'));
    CHECK_FALSE(is_digit(U'a'));
    CHECK_FALSE(is_digit(U'²'));
    CHECK(is_ascii_letter(U'q'));
    CHECK(is_ascii_letter(U'Z'));
    CHECK_FALSE(is_ascii_letter(U'σ'));
    CHECK(is_greek_letter(U'σ'));
    CHECK(is_greek_letter(U'Α'));
    CHECK(is_greek_letter(U'ω'));
    CHECK_FALSE(is_greek_letter(U'x'));
    CHECK(is_name_char(U'_'));
    CHECK(is_name_char(U'7'));
    CHECK_FALSE(is_name_char(U'-'));
    CHECK(is_space(U' '));
    CHECK(is_space(U'\t'));
    CHECK(is_space(char32_t{0xA0}));
    CHECK(is_space(char32_t{0x202F}));
    CHECK_FALSE(is_space(U'x'));
    CHECK(superscript_digit(U'⁰') == 0);
    CHECK(superscript_digit(U'³') == 3);
    CHECK(superscript_digit(U'⁹') == 9);
    CHECK_FALSE(superscript_digit(U'3'));
    CHECK_FALSE(superscript_digit(U'⁻'));
}

TEST_CASE("has_symbol: a variable anywhere, constants are not", "[structure]") {
    CHECK(has_symbol(parsed("3x^2 + 1")));
    CHECK(has_symbol(parsed("sin(2 + exp(y))")));
    CHECK_FALSE(has_symbol(parsed("2 pi + e")));
    CHECK_FALSE(has_symbol(parsed("-7/4")));
}
