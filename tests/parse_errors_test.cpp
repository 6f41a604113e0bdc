// Rejections of the answer language (expr/lexer, expr/parser, expr/utf8): every error says
// what and where, in the user's terms, with the input line and a caret; hostile input is
// refused quickly with its own message.
#include "expr/errors.hpp"
#include "expr/parser.hpp"
#include "expr/utf8.hpp"
#include "test_support.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace chainrule;
using chainrule::test::closed;
using chainrule::test::parse_error;

namespace {

struct ErrorCase {
    std::string text;
    std::string message;
    std::size_t column;
};

void check_errors(const std::vector<ErrorCase>& table, const ParseOptions& options = {}) {
    for (const auto& c : table) {
        INFO("input: " << printable(c.text));
        auto error = parse_error(c.text, options);
        REQUIRE(error.has_value());
        CHECK(error->message() == c.message);
        CHECK(error->column() == c.column);
        // No GiNaC-internal wording or source path ever reaches the user.
        CHECK(error->message().find("GiNaC") == std::string::npos);
        CHECK(error->message().find(".cpp") == std::string::npos);
    }
}

std::string repeat(const std::string& s, std::size_t n) {
    std::string out;
    for (std::size_t i = 0; i < n; ++i)
        out += s;
    return out;
}

} // namespace

TEST_CASE("syntax errors name the token and its column", "[errors]") {
    check_errors({
        {"(x+1))", "unexpected ')' at column 6", 6},
        {"x + )", "unexpected ')' at column 5", 5},
        {"2*/x", "unexpected '/' at column 3", 3},
        {",", "unexpected ',' at column 1", 1},
        {"x+", "unexpected end of input at column 3: an expression is missing", 3},
        {"x^", "unexpected end of input at column 3: an expression is missing", 3},
        {"(x+1", "missing ')' to close '(' opened at column 1", 5},
        {"relu(x", "missing ')' to close '(' opened at column 5", 7},
        {"[x, y", "missing ']' to close '[' opened at column 1", 6},
        {"(x, y)", "unexpected ',' at column 3: use [a, b] for a vector", 3},
        {"x = 2",
         "'=' at column 3 is not allowed here: write only the expression, or a condition with >, "
         ">=, < or <=",
         3},
        {"sin x", "function 'sin' at column 1 needs its argument in parentheses: write sin(x)", 1},
        {"σ", "σ at column 1 needs its argument: write σ(z), or give σ as a named value", 1},
        {"x ≠ y", "unexpected character '≠' (U+2260) at column 3", 3},
        {"x$", "unexpected character '$' (U+0024) at column 2", 2},
        {"1.2.3", "a second decimal point at column 4 in the number at column 1", 4},
        {"x²⁻", "superscript minus without digits at column 3", 3},
        {"d/dx x", "write the expression to differentiate in parentheses after d/dx at column 1",
         1},
    });
}

TEST_CASE("the caret sits under the spot, counted in characters", "[errors]") {
    auto error = parse_error("(x+1))");
    REQUIRE(error);
    CHECK(error->with_caret() == "unexpected ')' at column 6\n  (x+1))\n       ^");

    // σ and ² are one column each, though several bytes.
    auto unicode = parse_error("σ(z)² + )");
    REQUIRE(unicode);
    CHECK(unicode->column() == 9);
    CHECK(unicode->with_caret() == "unexpected ')' at column 9\n  σ(z)² + )\n          ^");

    // A long input is shown as a window around the spot.
    std::string long_input = repeat("x + ", 30) + ")";
    auto windowed = parse_error(long_input);
    REQUIRE(windowed);
    CHECK(windowed->column() == 121);
    std::string shown = windowed->with_caret();
    CHECK(shown.rfind("unexpected ')' at column 121\n  …", 0) == 0);
    auto lines_end = shown.rfind('\n');
    CHECK(shown.substr(lines_end) == "\n   " + std::string(40, ' ') + "^");
}

TEST_CASE("unknown functions are named, with a suggestion when one is close", "[errors]") {
    check_errors({
        {"sine(x)", "unknown function 'sine' at column 1: did you mean sin?", 1},
        {"2 + sigmod(z)", "unknown function 'sigmod' at column 5: did you mean sigmoid?", 5},
        {"expp(x)", "unknown function 'expp' at column 1: did you mean exp?", 1},
        {"tanhh(x)", "unknown function 'tanhh' at column 1: did you mean tanh?", 1},
        {"Relu(x)", "unknown function 'Relu' at column 1: did you mean relu?", 1},
    });
    check_errors({{"sine(x)", "unknown function 'sine' at column 1: did you mean sin?", 1},
                  {"foo(x)", "unknown function 'foo' at column 1: the functions are listed by chainrule check --help", 1},
                  {"2x + exq(x)", "unknown function 'exq' at column 6: did you mean exp?", 6}},
                 closed({"x"}));
}

TEST_CASE("wrong arguments and shapes are explained", "[errors]") {
    check_errors({
        {"max()", "function 'max' at column 1 takes one or more arguments, not 0", 1},
        {"leaky_relu(x)",
         "function 'leaky_relu' at column 1 takes two arguments: leaky_relu(z, alpha), not 1", 1},
        {"sin(x, y)", "function 'sin' at column 1 takes one argument, not 2", 1},
        {"piecewise(x>0)",
         "piecewise at column 1 takes pairs of condition and value, then the value otherwise "
         "(without it, undefined where no condition holds): piecewise(x > 0, x, 0)",
         1},
        {"piecewise(1 > 2, x)",
         "piecewise at column 1 is undefined everywhere: none of its conditions holds", 1},
        {"softmax(x)", "softmax at column 1 needs at least two inputs", 1},
        {"diff(x^2, 2)", "the second argument of diff at column 1 must be a variable", 1},
        {"[[x],[y,z]]",
         "matrix rows at column 1 must all be vectors of the same length (row 1 is a single "
         "expression)",
         1},
        {"[1,2]*[1,2]",
         "cannot multiply a vector of 2 entries and a vector of 2 entries at column 6", 6},
        {"[[1,2],[3,4]] + 1", "cannot add a 2x2 matrix and a single expression at column 15", 15},
        {"sin([1,2])", "'sin' at column 1 needs a single expression, not a vector of 2 entries", 1},
        {"[1,2]^2",
         "the base of a power at column 1 needs a single expression, not a vector of 2 entries", 1},
        {"[]", "empty brackets at column 1", 1},
        {"1/0", "division by zero at column 2", 2},
        {"0^-1", "division by zero at column 2: 0 to a negative power", 2},
        // GiNaC's poles, refused before GiNaC throws from inside a new object (found by
        // fuzz_parse: a crash, the exception was not the parser's).
        {"x + csc(0)", "csc(0) at column 5 is undefined: a division by zero", 5},
        {"sec(pi/2)", "sec(pi/2) at column 1 is undefined: a division by zero", 1},
        {"tan(pi/2) x", "tan(pi/2) at column 1 is undefined: a division by zero", 1},
        {"cot(0)", "cot(0) at column 1 is undefined: a division by zero", 1},
        {"csch(0) + coth(0)", "csch(0) at column 1 is undefined: a division by zero", 1},
        {"0 ** x^6x + 5",
         "0 to the power x^6 at column 3 is undefined where the power is not positive: write 0, "
         "or the power",
         3},
        {"log(0)", "log(0) at column 1: the logarithm of 0 is undefined", 1},
        {"sqrt(-1)", "sqrt(-1) at column 1 is not a real number: chainrule's values are real", 1},
        {"(x/3 + 1)^(10^9)",
         "power too large at column 10: a sum with the common factor 1/3 to the power 1000000000",
         10},
        {"2 sqrt(-4) x", "sqrt(-4) at column 3 is not a real number: chainrule's values are real",
         3},
        {"x + log(-2)", "log(-2) at column 5 is not a real number: chainrule's values are real", 5},
    });
}

TEST_CASE("empty and white-space answers", "[errors]") {
    check_errors({
        {"", "empty answer", 1},
        {"   ", "the answer is only white space", 1},
        {" \t\n ", "the answer is only white space", 1},
    });
}

TEST_CASE("lookalike letters, invalid UTF-8 and control characters", "[errors]") {
    check_errors({
        // Cyrillic х (U+0445) for Latin x.
        {"2х + 1", "'х' (U+0445) at column 2 is not the Latin letter 'x' it looks like: type 'x'",
         2},
        // Cyrillic е for e, Greek ο for o.
        {"е^x", "'е' (U+0435) at column 1 is not the Latin letter 'e' it looks like: type 'e'", 1},
        {"x+\xff", "invalid UTF-8 byte 0xFF at column 3", 3},
        {"\xc3(x)", "invalid UTF-8 byte 0xC3 at column 1", 1},
        {"x+\x01", "invisible or control character U+0001 at column 3", 3},
        {"x\x1b[31m", "invisible or control character U+001B at column 2", 2},
        {std::string("x\0+1", 4), "NUL character at column 2", 2},
        {"x\u202e+1", "invisible or control character U+202E at column 2", 2},
        {"x\u200b+1", "invisible or control character U+200B at column 2", 2},
    });
    // The caret line never carries the raw control character or the invalid byte.
    auto error = parse_error("x+\x01");
    REQUIRE(error);
    CHECK(error->with_caret() == "invisible or control character U+0001 at column 3\n  x+?\n    ^");
    auto bad = parse_error("x+\xff");
    REQUIRE(bad);
    CHECK(bad->with_caret() == "invalid UTF-8 byte 0xFF at column 3\n  x+?\n    ^");
    CHECK(printable("a\x01"
                    "b\xff") == "a<U+0001>b<0xFF>");
}

TEST_CASE("hostile input: length, nesting and number limits", "[errors]") {
    // Length: 10,000 bytes are read, one more is refused.
    std::string at_limit = "1" + repeat("+1", 4999) + " ";
    REQUIRE(at_limit.size() == 10000);
    CHECK_NOTHROW(parse_expression(at_limit));
    std::string too_long = at_limit + "1";
    check_errors({{too_long, "input too long: 10001 bytes (the limit is 10000)", 1}});

    // Nesting: 200 levels are read, 201 are refused, whatever nests.
    CHECK_NOTHROW(parse_expression(repeat("(", 200) + "x" + repeat(")", 200)));
    check_errors({
        {repeat("(", 201) + "x" + repeat(")", 201),
         "nesting too deep at column 201 (the limit is 200 levels)", 201},
        {repeat("[", 300) + "x" + repeat("]", 300),
         "nesting too deep at column 201 (the limit is 200 levels)", 201},
    });
    for (const std::string& deep :
         {repeat("-", 500) + "x", repeat("sin(", 300) + "x" + repeat(")", 300),
          repeat("x^", 500) + "x", repeat("√", 500) + "x"}) {
        auto error = parse_error(deep);
        REQUIRE(error);
        CHECK(error->message().rfind("nesting too deep at column ", 0) == 0);
    }

    // Numbers: 100 digits are read, 101 are refused; exponents of 10 up to ±1000.
    CHECK_NOTHROW(parse_expression(repeat("7", 100)));
    check_errors({
        {repeat("1", 101), "number too long at column 1: 101 digits (the limit is 100)", 1},
        {std::string("x + 0.").append(100, '0').append("1"),
         "number too long at column 5: 102 digits (the limit is 100)", 5},
        {"1e1001", "number too large at column 1: exponent 10^1001 (the limit is 10^±1000)", 1},
        {"1e-1001", "number too large at column 1: exponent 10^-1001 (the limit is 10^±1000)", 1},
        {"5e99999", "number too large at column 1: the exponent has 5 digits", 1},
        {"1234567x⁹⁹⁹⁹⁹⁹⁹", "superscript power too long at column 9: at most 6 digits", 9},
    });
    CHECK_NOTHROW(parse_expression("1e1000"));
}

TEST_CASE("exact powers too large to compute are refused at once", "[errors]") {
    check_errors({
        {"10^10^10^10", "number too large at column 6: the power has about 10000000000 digits", 6},
        {"2^100000", "number too large at column 2: the power has about 30103 digits", 2},
        {"10^6100", "number too large at column 3: the power has about 6100 digits", 3},
        {"x + (2/3)^8000", "number too large at column 10: the power has about 6225 digits", 10},
        // Fractional powers too: GiNaC works out an integer power and a root (found by
        // fuzz_parse: a leak when the power underflowed, and seconds of work before that).
        {"100^(10^8/3)", "number too large at column 4: the power has about 66666667 digits", 4},
        {"x^(100^(1 - 50^93/3))",
         "number too large at column 7: the power has more than 10^18 digits", 7},
    });
    // A power of a product with a coefficient would compute the coefficient's power.
    auto error = parse_error("(2x)^(10^9)");
    REQUIRE(error);
    CHECK(error->message() ==
          "power too large at column 5: a product with a coefficient to the power 1000000000");
    // A power of a power of a sum: the common factor's power of a power (found by fuzz_parse:
    // 200 KB of digits, then seconds under the sanitizers).
    auto nested = parse_error("((a/10101 + b)^621 + c)^81");
    REQUIRE(nested);
    CHECK(nested->message() == "power too large at column 24: a sum with a common factor of about "
                               "2487 digits to the power 81");
    CHECK_NOTHROW(parse_expression("(x/3 + 1)^10000"));
    auto fractional = parse_error("(100x)^(10^7/3)");
    REQUIRE(fractional);
    CHECK(fractional->message() ==
          "power too large at column 7: a product with a coefficient to the power 10000000/3");
    // Powers of ±1 and of variables are fine at any size, and small fractional powers of
    // numbers stay exact roots.
    CHECK_NOTHROW(parse_expression("1^(10^9) + (-1)^(10^9) + x^(10^9)"));
    CHECK_NOTHROW(parse_expression("(x/100 + 1)^(10^7/3) + 2^(1/2) + (4x)^(3/2)"));
}
