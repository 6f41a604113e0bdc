// What an expression is made of (expr/structure): its symbols and a term's coefficient, as the
// printers, the checker and the generator read them.
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

ex parsed(const std::string& text) { return parse_expression(text).value.scalar(); }

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
