// The printers (expr/printer): plain text that parses back to the same expression, Unicode
// for terminals as the notes write it, and LaTeX.
#include "expr/functions.hpp"
#include "expr/parser.hpp"
#include "expr/printer.hpp"
#include "test_support.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace chainrule;
using chainrule::test::same;
using chainrule::test::var;
using GiNaC::ex;

TEST_CASE("plain text parses back to the same expression", "[printer]") {
    const std::vector<std::string> table = {
        "25x^4 + 12x^2",
        "3x^2 + 5x",
        "5x^5 + 4x^3 - 5",
        "9x^2 z",
        "-2y + 2z",
        "3x^3 + 5 + 2y",
        "x/2",
        "-2/3",
        "2/3 x",
        "1/(x+1)",
        "-(2x+1)/(3y-2)",
        "x^(2/3)*y^(-1/3)",
        "(1-x)^-2",
        "x^y^z",
        "(-2)^x",
        "2^(-x)",
        "sqrt(x+1)",
        "1/sqrt(x)",
        "x^(3/2)",
        "sqrt(2)",
        "pi^2 x",
        "-pi",
        "e",
        "e^2",
        "exp(-x^2)",
        "exp(2z)",
        "exp(x)*exp(y)",
        "e^(-z)/(1+e^(-z))^2",
        "e^z/(1+e^z)^2",
        "sigmoid(z)*(1-sigmoid(z))",
        "-sigmoid(z)(sigmoid(z)-1)",
        "sigmoid(w*x + b)",
        "1 - tanh(z)^2",
        "sinh(x) + cosh(x) + tan(x) + cos(x) + sin(x)^2",
        "log(x)^2 + ln(x+1)",
        "abs(x-1)",
        "abs(x)/x",
        "relu(z)",
        "relu(w x + b)",
        "leaky_relu(z, 0.01)",
        "leaky_relu(z, alpha)",
        "max(x, 0)",
        "max(x, y, z)",
        "min(x, 0)^2",
        "(x > 0)",
        "(x >= y)",
        "(x < 0)",
        "(0 <= x)",
        "x - 2(x > 0)",
        "(x > 0)(y >= 0)",
        "0.01(z <= 0) + (z > 0)",
        "piecewise(x > 0, x, 0)",
        "d/dx(x^3)",
        "alpha z + beta",
        "w1 x1 + w2 x2 + b",
        "z_1 + w_12",
        "(x+1)^(10^9)",
        "(x-a)^6000",
        // Numbers longer than the parser reads in one piece (100 digits).
        "2^400 x",
        "-2^333 x",
        "x/3^300",
        "(x+1)^(10^200)",
        "x*(y*(z+1) + 1)",
        "a b c (x+1)(y+1)",
        "exp(z1)/(exp(z1)+exp(z2)+exp(z3))",
        "-exp(z1)*exp(z2)/(exp(z1)+exp(z2)+exp(z3))^2",
    };
    for (const auto& text : table) {
        INFO("input: " << text);
        ex e = parse_scalar(text);
        std::string plain = print(e);
        INFO("printed: " << plain);
        ex back;
        REQUIRE_NOTHROW(back = parse_scalar(plain));
        CHECK(back.is_equal(e));
        // Printing is stable: the reparsed expression prints the same.
        CHECK(print(back) == plain);
    }
}

TEST_CASE("long numbers: digits in Unicode, pieces that parse back in plain text", "[printer]") {
    ex big = parse_scalar("2^400");
    std::string digits = print(big, Notation::unicode);
    CHECK(digits.size() == 121);
    CHECK(digits.rfind("2582249878086908589655919172003", 0) == 0);
    CHECK(print(big) == "(2582249878086908589655919172003*10^90 + "
                        "011874329705792829223512830659356540647622016841194629645353280137831435"
                        "903171972747493376)");
    CHECK(parse_scalar(print(big)).is_equal(big));
    // The derivative of (2x)^400, as a check would show it in JSON.
    ex derivative = parse_scalar("(2x)^400").diff(GiNaC::ex_to<GiNaC::symbol>(var("x")));
    CHECK(parse_scalar(print(derivative)).is_equal(derivative));
}

TEST_CASE("vectors and matrices print and parse back", "[printer]") {
    for (const std::string text : {"[9x^2 z, -2y + 2z, 3x^3 + 5 + 2y]", "[[1, x], [y, 2]]",
                                   "softmax(z1, z2, z3)"}) {
        INFO(text);
        ExprValue value = parse_expression(text).value;
        ExprValue back = parse_expression(print(value)).value;
        REQUIRE(back.shape == value.shape);
        REQUIRE(back.entries.size() == value.entries.size());
        for (std::size_t i = 0; i < value.entries.size(); ++i)
            CHECK(back.entries[i].is_equal(value.entries[i]));
    }
    CHECK(print(parse_expression("[x, y]").value) == "[x, y]");
    CHECK(print(parse_expression("[[1, x],[y, 2]]").value) == "[[1, x], [y, 2]]");
}

TEST_CASE("Unicode as the notes write it", "[printer]") {
    struct Case {
        std::string text;
        std::string unicode;
    };
    const std::vector<Case> table = {
        {"25x^4 + 12x^2", "25x⁴ + 12x²"},
        {"sigmoid(z)*(1-sigmoid(z))", "σ(z)(1 − σ(z))"},
        {"-sigmoid(z)(sigmoid(z)-1)", "σ(z)(1 − σ(z))"},
        {"3x^2 + 5x", "3x² + 5x"},
        {"6x + 5", "6x + 5"},
        {"9x^2 z", "9x²z"},
        {"-2y + 2z", "2z − 2y"},
        {"3x^3 + 5 + 2y", "3x³ + 2y + 5"},
        {"-x*y", "−xy"},
        {"1 - tanh(z)^2", "1 − tanh(z)²"},
        {"e^(-z)/(1+e^(-z))^2", "e^(−z)/(e^(−z) + 1)²"},
        {"exp(x)", "e^x"},
        {"sqrt(x+1)", "√(x + 1)"},
        {"sqrt(x)", "√x"},
        {"x^-2", "1/x²"},
        {"abs(x-1)", "|x − 1|"},
        {"pi x", "πx"},
        {"alpha z", "αz"},
        {"relu(z)", "ReLU(z)"},
        {"leaky_relu(z, 0.01)", "LeakyReLU(z, 1/100)"},
        {"(x >= y)", "(x ≥ y)"},
        {"(0 >= z)", "(z ≤ 0)"},
        {"x(x > 0)", "x(x > 0)"},
        {"w1*x1 + b", "w1·x1 + b"},
        {"ln(x)", "ln(x)"},
        {"d/dx(x^3)", "d/dx(x³)"},
        {"(x+1)^(10^9)", "(x + 1)¹⁰⁰⁰⁰⁰⁰⁰⁰⁰"},
        {"x*(1-y)", "x(1 − y)"},
    };
    for (const auto& c : table) {
        INFO("input: " << c.text);
        CHECK(print(parse_scalar(c.text), Notation::unicode) == c.unicode);
    }
    CHECK(print(parse_expression("[9x^2 z, -2y + 2z]").value, Notation::unicode) ==
          "[9x²z, 2z − 2y]");
}

TEST_CASE("LaTeX samples", "[printer]") {
    struct Case {
        std::string text;
        std::string latex;
    };
    const std::vector<Case> table = {
        {"25x^4 + 12x^2", "25 x^{4} + 12 x^{2}"},
        {"sigmoid(z)*(1-sigmoid(z))",
         "\\sigma\\left(z\\right) \\left(1 - \\sigma\\left(z\\right)\\right)"},
        {"x/2", "\\frac{x}{2}"},
        {"e^(-z)/(1+e^(-z))^2", "\\frac{e^{-z}}{\\left(e^{-z} + 1\\right)^{2}}"},
        {"sqrt(x+1)", "\\sqrt{x + 1}"},
        {"(x >= y)", "\\mathbb{1}\\left(x \\geq y\\right)"},
        {"alpha z", "\\alpha z"},
        {"w1 x1", "w_{1} x_{1}"},
        {"ln(x)", "\\ln\\left(x\\right)"},
        {"relu(z)", "\\operatorname{ReLU}\\left(z\\right)"},
        {"abs(x)", "\\left|x\\right|"},
        {"max(x, y)", "\\max\\left(x, y\\right)"},
        {"d/dx(x^3)", "\\frac{d}{dx}\\left(x^{3}\\right)"},
    };
    for (const auto& c : table) {
        INFO("input: " << c.text);
        CHECK(print(parse_scalar(c.text), Notation::latex) == c.latex);
    }
    CHECK(print(parse_expression("[[1, x],[y, 2]]").value, Notation::latex) ==
          "\\begin{bmatrix}1 & x \\\\ y & 2\\end{bmatrix}");
}

TEST_CASE("names in each notation", "[printer]") {
    CHECK(print_name("alpha", Notation::plain) == "alpha");
    CHECK(print_name("alpha", Notation::unicode) == "α");
    CHECK(print_name("alpha", Notation::latex) == "\\alpha");
    CHECK(print_name("z1", Notation::unicode) == "z1");
    CHECK(print_name("z1", Notation::latex) == "z_{1}");
    CHECK(print_name("w_12", Notation::latex) == "w_{12}");
}

TEST_CASE("the order of terms does not depend on how the expression was built", "[printer]") {
    ex x = var("x"), y = var("y");
    CHECK(print(6 * x + 5) == print(5 + 6 * x));
    CHECK(print(parse_scalar("5 + 6x")) == "6*x + 5");
    CHECK(print(parse_scalar("1 - x")) == "1 - x");
    CHECK(print(y * x) == print(x * y));
}

TEST_CASE("a number times a decimal as written prints as one decimal when it ends",
          "[printer]") {
    // The decimals as an instructor wrote them (ParseOptions::decimals_as_written): a number
    // times one is their exact product, written once, in every notation.
    ParseOptions written = ParseOptions::closed({"x", "z"});
    written.decimals_as_written = true;
    auto shown = [&](const std::string& text, Notation n) {
        return print(parse_scalar(text, written), n);
    };
    CHECK(shown("48*0.044715*x^2", Notation::unicode) == "2.14632x²");
    CHECK(shown("48*0.044715*x^2", Notation::plain) == "2.14632*x^2");
    CHECK(shown("48*0.044715*x^2", Notation::latex) == "2.14632 x^{2}");
    CHECK(shown("3*0.03*(z <= 0)", Notation::unicode) == "0.09(z ≤ 0)");
    CHECK(shown("4*0.5*x", Notation::unicode) == "2x");
    CHECK(shown("-3*0.5*x", Notation::unicode) == "−1.5x");
    CHECK(shown("0.03*x/4", Notation::unicode) == "0.0075x");
    // No ending decimal: the written one stays, the rest exact.
    CHECK(shown("0.03*x/7", Notation::unicode) == "0.03x/7");
    // The printed decimal is the exact value: it reads back to the same rational.
    CHECK(same(parse_scalar(shown("48*0.044715*x^2", Notation::plain)),
               parse_scalar("48*44715/1000000*x^2")));
}
