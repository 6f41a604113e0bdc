// The answer language (expr/parser, expr/lexer): everything issue 2 §2 lists must parse, to
// the expression a person means by it.
#include "expr/functions.hpp"
#include "expr/parser.hpp"
#include "expr/printer.hpp"
#include "test_support.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace chainrule;
using chainrule::test::closed;
using chainrule::test::same;
using chainrule::test::value_at;
using chainrule::test::var;
using GiNaC::ex;
using GiNaC::numeric;

namespace {

struct ParseCase {
    std::string text;
    ex expected;
};

void check_table(const std::vector<ParseCase>& table, const ParseOptions& options = {}) {
    for (const auto& c : table) {
        INFO("input: " << c.text);
        ex parsed;
        REQUIRE_NOTHROW(parsed = parse_scalar(c.text, options));
        INFO("parsed: " << print(parsed) << "   expected: " << print(c.expected));
        CHECK(same(parsed, c.expected));
    }
}

const ex x = var("x"), y = var("y"), z = var("z"), a = var("a"), b = var("b"), w = var("w");
const ex z1 = var("z1"), z2 = var("z2"), z3 = var("z3");

} // namespace

TEST_CASE("numbers are the exact rationals they write", "[parser]") {
    check_table({
        {"3", 3},
        {"007", 7},
        {"0.5", numeric(1, 2)},
        {".5", numeric(1, 2)},
        {"2.5", numeric(5, 2)},
        {"3.", 3},
        {"5.1e-2", numeric(51, 1000)},
        {"5.1E-2", numeric(51, 1000)},
        {"1e3", 1000},
        {"2.5e+2", 250},
        {"0.125", numeric(1, 8)},
        {"1/3", numeric(1, 3)},
    });
}

TEST_CASE("0.5 equals 1/2 but 0.33 does not equal 1/3", "[parser]") {
    CHECK(parse_scalar("0.5").is_equal(parse_scalar("1/2")));
    CHECK(parse_scalar("0.33").is_equal(ex(numeric(33, 100))));
    CHECK_FALSE(parse_scalar("0.33").is_equal(parse_scalar("1/3")));
    CHECK_FALSE(parse_scalar("0.3333333333").is_equal(parse_scalar("1/3")));
}

TEST_CASE("operators, precedence and unary minus", "[parser]") {
    check_table({
        {"x + y", x + y},
        {"x - y", x - y},
        {"x * y", x * y},
        {"x / y", x / y},
        {"x ^ 3", pow(x, 3)},
        {"x ** 3", pow(x, 3)},
        {"x**3 - x^2", pow(x, 3) - pow(x, 2)},
        {"-x", -x},
        {"--x", x},
        {"+x", x},
        {"-x^2", -pow(x, 2)},
        {"(-x)^2", pow(x, 2)},
        {"2^3^2", 512},
        {"x^-1", 1 / x},
        {"x^(-2)", pow(x, -2)},
        {"2*-x", -2 * x},
        {"x - -y", x + y},
        {"1 + 2 * 3", 7},
        {"(1 + 2) * 3", 9},
        {"x / y / z", x / y / z},
        {"x^(1/2)", sqrt(x)},
        {"(x+1)/(x-1)", (x + 1) / (x - 1)},
        {"1/2x", x / 2},
        {"e^2x", exp(ex(2)) * x},
        {"e^-z", exp(-z)},
        {"e", exp(ex(1))},
        {"pi", GiNaC::Pi},
    });
}

TEST_CASE("implicit multiplication as students write it", "[parser]") {
    check_table({
        {"3x", 3 * x},
        {"2(x+1)", 2 * (x + 1)},
        {"(x+1)(x-1)", (x + 1) * (x - 1)},
        {"x y", x * y},
        {"9x^2 z", 9 * pow(x, 2) * z},
        {"3x^2", 3 * pow(x, 2)},
        {"2e^x", 2 * exp(x)},
        {"2 sqrt(x)", 2 * sqrt(x)},
        {"2x(x+1)", 2 * x * (x + 1)},
        {"x(y+1)", x * (y + 1)},
        {"(x+1)2", 2 * (x + 1)},
        {"3 x y z", 3 * x * y * z},
        {"x sin(x)", x * sin(x)},
        {"2pi x", 2 * GiNaC::Pi * x},
    });
}

TEST_CASE("a run of declared one-letter variables is a product", "[parser]") {
    check_table({{"yz", y * z}, {"zy", y * z}, {"2yz", 2 * y * z}, {"3x^3z", 3 * pow(x, 3) * z},
                 {"9x^2z", 9 * pow(x, 2) * z}, {"xyz", x * y * z}, {"xx", pow(x, 2)},
                 {"xsin(x)", x * sin(x)}, {"ye^x", y * exp(x)}},
                closed({"x", "y", "z"}));
    check_table({{"w1x1 + b", var("w1") * var("x1") + b}}, closed({"w1", "x1", "b"}));
    // A declared longer name is that name, not a product.
    check_table({{"yz", var("yz")}}, closed({"y", "z", "yz"}));
}

TEST_CASE("Unicode operators, powers and letters", "[parser]") {
    check_table({
        {"2·x", 2 * x},
        {"2×x", 2 * x},
        {"x − y", x - y},
        {"x²", pow(x, 2)},
        {"x⁴", pow(x, 4)},
        {"25x⁴ + 12x²", 25 * pow(x, 4) + 12 * pow(x, 2)},
        {"x⁻¹", 1 / x},
        {"(x+1)²", pow(x + 1, 2)},
        {"√x", sqrt(x)},
        {"√(x+1)", sqrt(x + 1)},
        {"2√x", 2 * sqrt(x)},
        {"π", GiNaC::Pi},
        {"2πx", 2 * GiNaC::Pi * x},
        {"σ(z)", sigmoid(z)},
        {"σ(z)(1 − σ(z))", sigmoid(z) * (1 - sigmoid(z))},
        {"αz", var("alpha") * z},
        {"(x ≥ y)", ind_ge(x, y)},
        {"(x ≤ y)", ind_ge(y, x)},
        {"x ÷ 2", x / 2},
    });
}

TEST_CASE("every function and alias of the language", "[parser]") {
    check_table({
        {"exp(x)", exp(x)},
        {"e^x", exp(x)},
        {"e^(2x)", exp(2 * x)},
        {"ln(x)", log(x)},
        {"log(x)", log(x)},
        {"sqrt(x)", sqrt(x)},
        {"abs(x)", abs(x)},
        {"sin(x)", sin(x)},
        {"cos(x)", cos(x)},
        {"tan(x)", tan(x)},
        {"sinh(x)", sinh(x)},
        {"cosh(x)", cosh(x)},
        {"tanh(x)", tanh(x)},
        {"tansig(x)", tanh(x)},
        {"sigmoid(z)", sigmoid(z)},
        {"logsig(z)", sigmoid(z)},
        {"relu(z)", relu(z)},
        {"ReLU(z)", relu(z)},
        {"leaky_relu(z, 0.01)", leaky_relu(z, numeric(1, 100))},
        {"leaky_relu(z, a)", leaky_relu(z, a)},
        {"max(x, 0)", maximum(x, 0)},
        {"max(x, y)", maximum(x, y)},
        {"max(x, y, z)", maximum(maximum(x, y), z)},
        {"min(x, y)", minimum(x, y)},
        {"min(x, y, z)", minimum(minimum(x, y), z)},
        {"heaviside(z)", ind_gt(z, 0)},
        {"step(z)", ind_gt(z, 0)},
        {"sigmoid(w*x + b)", sigmoid(w * x + b)},
    });
}

TEST_CASE("heaviside is 0 for u <= 0 and 1 for u > 0, as the notes define ReLU'", "[parser]") {
    ex h = parse_scalar("heaviside(z)");
    CHECK(value_at(h, {{"z", -2}}) == 0);
    CHECK(value_at(h, {{"z", 0}}) == 0);
    CHECK(value_at(h, {{"z", numeric(1, 4)}}) == 1);
    ex leaky = parse_scalar("leaky_relu(z, 0.1)");
    CHECK(value_at(leaky, {{"z", -2}}) == Approx(-0.2));
    CHECK(value_at(leaky, {{"z", 3}}) == Approx(3));
}

TEST_CASE("indicators: a comparison in parentheses is 1 where it holds", "[parser]") {
    check_table({
        {"(x > 0)", ind_gt(x, 0)},
        {"(x >= y)", ind_ge(x, y)},
        {"(x < 0)", ind_gt(0, x)},
        {"(x <= y)", ind_ge(y, x)},
        {"1(x > 0)", ind_gt(x, 0)},
        {"0(x <= 0)", 0},
        {"1(x ≥ y)", ind_ge(x, y)},
        {"(0 < x < 1)", ind_gt(x, 0) * ind_gt(1, x)},
        {"x(x > 0)", x * ind_gt(x, 0)},
    });
    ex indicator = parse_scalar("(x >= y)");
    CHECK(value_at(indicator, {{"x", 2}, {"y", 1}}) == 1);
    CHECK(value_at(indicator, {{"x", 1}, {"y", 1}}) == 1);
    CHECK(value_at(indicator, {{"x", 0}, {"y", 1}}) == 0);
}

TEST_CASE("piecewise: the first condition that holds, else the last value", "[parser]") {
    ex p = parse_scalar("piecewise(x > 0, x, 0)");
    CHECK(value_at(p, {{"x", 2}}) == 2);
    CHECK(value_at(p, {{"x", -1}}) == 0);
    ex clamp = parse_scalar("piecewise(x < -1, -1, x > 1, 1, x)");
    CHECK(value_at(clamp, {{"x", -3}}) == -1);
    CHECK(value_at(clamp, {{"x", numeric(1, 2)}}) == 0.5);
    CHECK(value_at(clamp, {{"x", 4}}) == 1);
}

TEST_CASE("named values: S1(1 - S1) is a product, f(z) is f", "[parser]") {
    ex s1 = exp(z1) / (exp(z1) + exp(z2) + exp(z3));
    ex s2 = exp(z2) / (exp(z1) + exp(z2) + exp(z3));
    ParseOptions softmax_lets = closed({"z1", "z2", "z3"}, {{"S1", s1}, {"S2", s2}});
    check_table({{"S1(1 - S1)", s1 * (1 - s1)},
                 {"S1(0 - S2)", -s1 * s2},
                 {"-S1 S2", -s1 * s2},
                 {"S1S2", s1 * s2},
                 // The notes' S_i written with their variables.
                 {"S1(z1, z2, z3)(1 - S1(z1, z2, z3))", s1 * (1 - s1)}},
                softmax_lets);
    ParseOptions f_sigmoid = closed({"z"}, {{"f", sigmoid(z)}});
    check_table({{"f(1 - f)", sigmoid(z) * (1 - sigmoid(z))},
                 {"f(z)(1 − f(z))", sigmoid(z) * (1 - sigmoid(z))},
                 {"f(z)", sigmoid(z)},
                 {"f (z)", sigmoid(z)}},
                f_sigmoid);
    ParseOptions f_tanh = closed({"z"}, {{"f", tanh(z)}});
    check_table({{"1 − f²", 1 - pow(tanh(z), 2)},
                 {"1 − f²(z)", 1 - pow(tanh(z), 2)},
                 {"(1 - f^2(z))", 1 - pow(tanh(z), 2)},
                 {"1 - f(z)^2", 1 - pow(tanh(z), 2)}},
                f_tanh);
    // Parentheses that are not the named value's own variables multiply.
    check_table({{"f(x)", sigmoid(z) * x}, {"f(2)", 2 * sigmoid(z)}},
                closed({"x", "z"}, {{"f", sigmoid(z)}}));
}

TEST_CASE("derivative operators stay unevaluated until evaluated", "[parser]") {
    struct Case {
        std::string text;
        ex derivative;
    };
    std::vector<Case> table = {
        {"d/dx(x^3)", 3 * pow(x, 2)},
        {"d/dx (x^3)", 3 * pow(x, 2)},
        {"d/dx[3x^2 + 5x]", 6 * x + 5},
        {"∂/∂x(x^2 y)", 2 * x * y},
        {"∂/∂y(x^2 y)", pow(x, 2)},
        {"diff(x^3, x)", 3 * pow(x, 2)},
        {"diff(sigmoid(z), z)", sigmoid(z) * (1 - sigmoid(z))},
        {"d/dz1(z1 z2)", z2},
        {"2 d/dx(x^2)", 4 * x},
        // as LaTeX writes them: the operator, never the letters d and dx
        {"\\frac{d}{dx}(x^3)", 3 * pow(x, 2)},
        {"\\frac{d}{dx}\\left(x^{3}\\right)", 3 * pow(x, 2)},
        {"\\frac{d}{d x}(x^3)", 3 * pow(x, 2)},
        {"\\frac{\\partial}{\\partial y}(x^2 y)", pow(x, 2)},
        {"\\frac{∂}{∂y}(x^2 y)", pow(x, 2)},
    };
    for (const auto& c : table) {
        INFO("input: " << c.text);
        ex parsed = parse_scalar(c.text);
        CHECK(has_unevaluated_derivative(parsed));
        CHECK(same(evaluate_derivatives(parsed), c.derivative));
    }
    // "dx" alone is not an operator: d times x.
    CHECK(same(parse_scalar("d x"), var("d") * x));
    // \frac{d}{dx} with nothing in parentheses after it is refused like d/dx
    try {
        parse_scalar("\\frac{d}{dx} x^3");
        FAIL("\\frac{d}{dx} x^3 parsed");
    } catch (const ParseError& error) {
        CHECK(error.message() ==
              "write the expression to differentiate in parentheses after d/dx at column 1");
    }
    // and the quotient of the letters d and dx prints as one: d/dx would read back as the
    // operator
    ParseOptions named = ParseOptions::closed({"d", "dx"});
    ex quotient = parse_expression("(d)/(dx)", named).value.scalar();
    CHECK(print(quotient) == "d/(dx)");
    CHECK(same(parse_expression(print(quotient), named).value.scalar(), quotient));
}

TEST_CASE("vectors and matrices, for gradients and Jacobians", "[parser]") {
    ParseResult v = parse_expression("[9x^2 z, -2y + 2z, 3x^3 + 5 + 2y]");
    REQUIRE(v.value.shape == Shape::vector);
    REQUIRE(v.value.rows == 3);
    CHECK(same(v.value.at(0), 9 * pow(x, 2) * z));
    CHECK(same(v.value.at(1), -2 * y + 2 * z));
    CHECK(same(v.value.at(2), 3 * pow(x, 3) + 5 + 2 * y));

    ParseResult m = parse_expression("[[a, b], [c, d], [1, 2]]");
    REQUIRE(m.value.shape == Shape::matrix);
    CHECK(m.value.rows == 3);
    CHECK(m.value.cols == 2);
    CHECK(same(m.value.at(0, 1), b));
    CHECK(same(m.value.at(1, 0), var("c")));
    CHECK(same(m.value.at(2, 1), 2));

    ParseResult sum = parse_expression("[1, 2] + [x, y]");
    REQUIRE(sum.value.shape == Shape::vector);
    CHECK(same(sum.value.at(0), 1 + x));
    CHECK(same(sum.value.at(1), 2 + y));
    ParseResult scaled = parse_expression("2[x, y]/4");
    CHECK(same(scaled.value.at(0), x / 2));

    // A single entry in brackets is grouping, as in the notes' d/dx[3x^2 + 5x].
    ParseResult grouped = parse_expression("[3x^2 + 5x]");
    CHECK(grouped.value.is_scalar());

    CHECK(describe_shape(v.value) == "a vector of 3 entries");
    CHECK(describe_shape(m.value) == "a 3x2 matrix");
    CHECK(describe_shape(grouped.value) == "a single expression");
}

TEST_CASE("softmax(z1, z2, z3) is the vector of its outputs", "[parser]") {
    ex total = exp(z1) + exp(z2) + exp(z3);
    for (const std::string text : {"softmax(z1, z2, z3)", "softmax([z1, z2, z3])"}) {
        INFO(text);
        ParseResult s = parse_expression(text);
        REQUIRE(s.value.shape == Shape::vector);
        REQUIRE(s.value.rows == 3);
        CHECK(same(s.value.at(0), exp(z1) / total));
        CHECK(same(s.value.at(1), exp(z2) / total));
        CHECK(same(s.value.at(2), exp(z3) / total));
    }
}

TEST_CASE("closed mode reports the names that are not variables of the question", "[parser]") {
    struct Case {
        std::string text;
        std::vector<std::string> unknown;
    };
    std::vector<Case> table = {
        {"2x", {}},
        {"2xq", {"xq"}}, // a run that is not made of declared names is reported as typed
        {"2 x q", {"q"}},
        {"x + y + q", {"q", "y"}},
        {"d/dy(x)", {"y"}},
        {"sin(t)", {"t"}},
    };
    for (const auto& c : table) {
        INFO(c.text);
        ParseResult r = parse_expression(c.text, closed({"x"}));
        CHECK(r.unknown_names == c.unknown);
    }
    // Open mode: every name is a variable.
    CHECK(parse_expression("x + y + q").unknown_names.empty());
}

TEST_CASE("huge powers are kept, not expanded", "[parser]") {
    ex big = parse_scalar("(x+1)^(10^9)");
    REQUIRE(GiNaC::is_a<GiNaC::power>(big));
    CHECK(big.op(1).is_equal(ex(numeric(1000000000))));
    ex high = parse_scalar("(x-a)^6000");
    REQUIRE(GiNaC::is_a<GiNaC::power>(high));
    CHECK(high.op(1).is_equal(6000));
    // Exact numbers up to about 6000 digits.
    CHECK(parse_scalar("2^10000").is_equal(ex(pow(numeric(2), 10000))));
    CHECK(parse_scalar("10^6000").is_equal(ex(pow(numeric(10), 6000))));
}

TEST_CASE("function_names lists every function for help texts", "[parser]") {
    const auto& names = function_names();
    for (const std::string name : {"sigmoid", "logsig", "tansig", "relu", "leaky_relu", "max", "min",
                                   "heaviside", "step", "abs", "ln", "log", "exp", "sqrt",
                                   "softmax", "piecewise", "diff"})
        CHECK(std::find(names.begin(), names.end(), name) != names.end());
    CHECK(std::is_sorted(names.begin(), names.end()));
}
