#include "generator/solution.hpp"

#include "checker/equivalence.hpp"
#include "expr/functions.hpp"
#include "expr/parser.hpp"
#include "expr/symbols.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

using namespace chainrule;
using GiNaC::ex;

namespace {

struct Case {
    std::string function;
    std::string variable;
    std::vector<std::string> variables;
};

ParseOptions closed(const std::vector<std::string>& variables) {
    ParseOptions options;
    options.variables = variables;
    options.open = false;
    return options;
}

ex parse_in(const std::string& text, const std::vector<std::string>& variables) {
    return parse_scalar(text, closed(variables));
}

WorkedSolution solve(const Case& c) {
    return solve_derivative(parse_in(c.function, c.variables), c.variable, c.variables);
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

std::string all_rules(const WorkedSolution& s) {
    std::string out;
    for (const auto& step : s.steps)
        out += step.rule + "; ";
    return out;
}

/// THE invariant: every line, its derivatives evaluated, is the derivative of f.
void require_every_line_is_the_derivative(const Case& c) {
    INFO(c.function << " wrt " << c.variable);
    ex f = parse_in(c.function, c.variables);
    WorkedSolution s = solve_derivative(f, c.variable, c.variables);
    // evaluate_derivatives first: f may itself hold an unevaluated derivative.
    ex truth = evaluate_derivatives(f).diff(variable(c.variable));
    REQUIRE(s.steps.size() >= 2);
    REQUIRE(s.steps.front().rule.empty());
    REQUIRE(s.steps.front().expression.is_equal(deriv(f, variable(c.variable))));
    REQUIRE(s.steps.size() <= 36);
    for (const auto& step : s.steps) {
        INFO("line (" << step.rule << "): " << print(step.expression));
        PartVerdict verdict = compare_expressions(truth, step.expression, c.variables);
        CHECK(verdict.outcome == Outcome::correct);
    }
    REQUIRE_FALSE(has_unevaluated_derivative(s.result));
    REQUIRE(s.result.is_equal(s.steps.back().expression));
    CHECK(compare_expressions(truth, s.result, c.variables).outcome == Outcome::correct);
}

const std::vector<Case>& course_cases() {
    static const std::vector<Case> cases = {
        {"1", "x", {"x"}},
        {"x", "x", {"x"}},
        {"3x^2", "x", {"x"}},
        {"3x^2 + 5x", "x", {"x"}},
        {"5x^5 + 4x^3 - 5", "x", {"x"}},
        {"x + y", "x", {"x", "y"}},
        {"x + y", "y", {"x", "y"}},
        {"2x + 3y^2", "x", {"x", "y"}},
        {"2x + 3y^2", "y", {"x", "y"}},
        {"3x^3 - y^2 + 5x + 2", "x", {"x", "y"}},
        {"3x^3 - y^2 + 5x + 2", "y", {"x", "y"}},
        {"x*y", "x", {"x", "y"}},
        {"x*y", "y", {"x", "y"}},
        {"3x^3 z - y^2 + 5z + 2y z", "x", {"x", "y", "z"}},
        {"3x^3 z - y^2 + 5z + 2y z", "y", {"x", "y", "z"}},
        {"3x^3 z - y^2 + 5z + 2y z", "z", {"x", "y", "z"}},
        {"max(x, 0)", "x", {"x"}},
        {"max(x, y)", "x", {"x", "y"}},
        {"max(x, y)", "y", {"x", "y"}},
        {"z", "z", {"z"}},
        {"relu(z)", "z", {"z"}},
        {"relu(w*x + b)", "w", {"w", "x", "b"}},
        {"relu(w*x + b)", "b", {"w", "x", "b"}},
        {"relu(w*x + b)", "x", {"w", "x", "b"}},
        {"leaky_relu(z, 1/20)", "z", {"z"}},
        {"leaky_relu(w*x + b, alpha)", "w", {"w", "x", "b", "alpha"}},
        {"sigmoid(z)", "z", {"z"}},
        {"sigmoid(w*x + b)", "w", {"w", "x", "b"}},
        {"1/(1 + exp(-z))", "z", {"z"}},
        {"tanh(z)", "z", {"z"}},
        {"(exp(z) - exp(-z))/(exp(z) + exp(-z))", "z", {"z"}},
        {"(w*x + b - t)^2", "w", {"w", "x", "b", "t"}},
        {"(w*x + b - t)^2", "b", {"w", "x", "b", "t"}},
        {"exp(z1)/(exp(z1) + exp(z2) + exp(z3))", "z1", {"z1", "z2", "z3"}},
        {"exp(z1)/(exp(z1) + exp(z2) + exp(z3))", "z2", {"z1", "z2", "z3"}},
        {"exp(z2)/(exp(z1) + exp(z2) + exp(z3))", "z3", {"z1", "z2", "z3"}},
        {"sigmoid(3x^2 + 1)", "x", {"x"}},
        {"ln(1 + x^2)", "x", {"x"}},
        {"x*exp(x)", "x", {"x"}},
    };
    return cases;
}

const std::vector<Case>& further_cases() {
    static const std::vector<Case> cases = {
        {"sqrt(x)", "x", {"x"}},
        {"1/x", "x", {"x"}},
        {"x^x", "x", {"x"}},
        {"2^x", "x", {"x"}},
        {"e^(2x)", "x", {"x"}},
        {"sin(cos(x))", "x", {"x"}},
        {"x^2*sin(x)/(1 + x)", "x", {"x"}},
        {"min(x^2, 3x)", "x", {"x"}},
        {"max(x, y, 0)", "x", {"x", "y"}},
        {"abs(x)", "x", {"x"}},
        {"-x*exp(x)", "x", {"x"}},
        {"(x^2 + 1)^3", "x", {"x"}},
        {"sigmoid(sigmoid(x))", "x", {"x"}},
        {"tanh(w2*relu(w1*x + b1) + b2)", "w1", {"x", "w1", "b1", "w2", "b2"}},
        {"(sigmoid(w*x + b) - t)^2/2", "w", {"w", "x", "b", "t"}},
        {"ln(sigmoid(z))", "z", {"z"}},
        {"x*y*z", "y", {"x", "y", "z"}},
        {"exp(-x^2/2)", "x", {"x"}},
        {"cos(x)/sin(x)", "x", {"x"}},
        {"atan(x) + asin(x/2)", "x", {"x"}},
        {"heaviside(x)*x", "x", {"x"}},
        {"d/dx(x^3)", "x", {"x"}},
        {"leaky_relu(x, x)", "x", {"x"}},
        {"x^(1/3) + x^(-2)", "x", {"x"}},
        {"(x + 1)*(x + 2)*(x + 3)", "x", {"x"}},
        {"3", "y", {"x", "y"}},
    };
    return cases;
}

std::string line_body(const std::string& line) {
    std::string body = line.rfind("= ", 0) == 0 ? line.substr(2) : line;
    std::size_t reason = body.find("   (");
    return reason == std::string::npos ? body : body.substr(0, reason);
}

} // namespace

TEST_CASE("every line of a worked solution is the derivative (course examples)", "[solution]") {
    for (const auto& c : course_cases())
        require_every_line_is_the_derivative(c);
}

TEST_CASE("every line of a worked solution is the derivative (further functions)", "[solution]") {
    for (const auto& c : further_cases())
        require_every_line_is_the_derivative(c);
}

TEST_CASE("plain lines read back as the same expressions", "[solution]") {
    for (const auto* cases : {&course_cases(), &further_cases()}) {
        for (const auto& c : *cases) {
            WorkedSolution s = solve(c);
            auto lines = render_solution(s, Notation::plain);
            REQUIRE(lines.size() == s.steps.size());
            for (std::size_t i = 0; i < lines.size(); ++i) {
                INFO(c.function << " wrt " << c.variable << ", line " << i << ": " << lines[i]);
                ex back = parse_scalar(line_body(lines[i]));
                CHECK(compare_expressions(s.steps[i].expression, back, c.variables).outcome ==
                      Outcome::correct);
            }
        }
    }
}

TEST_CASE("3x^2 + 5x is worked out as in the notes", "[solution]") {
    WorkedSolution s = solve({"3x^2 + 5x", "x", {"x"}});
    CHECK_FALSE(s.partial);
    CHECK(s.variable == "x");
    auto lines = render_solution(s, Notation::unicode);
    REQUIRE(lines.size() == 4);
    CHECK(lines[0] == "d/dx(3x² + 5x)");
    CHECK(lines[1] == "= d/dx(3x²) + d/dx(5x)   (sum rule)");
    CHECK(lines[2] == "= 3·d/dx(x²) + 5·d/dx(x)   (constant multiple rule)");
    CHECK(lines[3] == "= 6x + 5   (power rule)");
    CHECK(print(s.result, Notation::unicode) == "6x + 5");

    auto plain = render_solution(s, Notation::plain);
    CHECK(plain[0] == "d/dx(3*x^2 + 5*x)");
    CHECK(plain[2] == "= 3*d/dx(x^2) + 5*d/dx(x)   (constant multiple rule)");
    auto latex = render_solution(s, Notation::latex);
    CHECK(latex[0] == "\\frac{d}{dx}\\left(3 x^{2} + 5 x\\right)");
    CHECK(contains(latex[1], "\\text{(sum rule)}"));
}

TEST_CASE("5x^5 + 4x^3 - 5: the sum rule keeps the minus, the constant rule drops 5",
          "[solution]") {
    WorkedSolution s = solve({"5x^5 + 4x^3 - 5", "x", {"x"}});
    auto lines = render_solution(s, Notation::unicode);
    REQUIRE(lines.size() == 4);
    CHECK(lines[1] == "= d/dx(5x⁵) + d/dx(4x³) − d/dx(5)   (sum rule)");
    CHECK(lines[2] == "= 5·d/dx(x⁵) + 4·d/dx(x³)   (constant multiple rule, constant rule)");
    CHECK(lines[3] == "= 25x⁴ + 12x²   (power rule)");
}

TEST_CASE("partial derivatives: ∂ notation and the variables held constant", "[solution]") {
    WorkedSolution s = solve({"3x^3 z - y^2 + 5z + 2y z", "x", {"x", "y", "z"}});
    CHECK(s.partial);
    auto lines = render_solution(s, Notation::unicode);
    CHECK(lines[0].rfind("∂/∂x(", 0) == 0);
    CHECK_FALSE(contains(lines[1], "d/dx"));
    bool noted = false;
    for (const auto& step : s.steps)
        noted = noted || step.note == "y and z are held constant";
    CHECK(noted);
    CHECK(print(s.result, Notation::unicode) == "9x²z");

    auto latex = render_solution(s, Notation::latex);
    CHECK(latex[0].rfind("\\frac{\\partial}{\\partial x}\\left(", 0) == 0);
    CHECK_FALSE(contains(latex[1], "\\frac{d}{dx}"));
    // Plain stays in the answer language.
    CHECK(render_solution(s, Notation::plain)[0].rfind("d/dx(", 0) == 0);

    WorkedSolution by_z = solve({"3x^3 z - y^2 + 5z + 2y z", "z", {"x", "y", "z"}});
    CHECK(compare_expressions(by_z.result, parse_in("3x^3 + 5 + 2y", {"x", "y", "z"}),
                              {"x", "y", "z"})
              .outcome == Outcome::correct);
    CHECK(contains(all_rules(by_z), "constant multiple rule"));
}

TEST_CASE("the rules of the course are named", "[solution]") {
    CHECK(contains(all_rules(solve({"x*exp(x)", "x", {"x"}})), "product rule"));
    CHECK(contains(all_rules(solve({"x*exp(x)", "x", {"x"}})), "derivative of exp"));
    CHECK(contains(all_rules(solve({"ln(1 + x^2)", "x", {"x"}})), "derivative of ln"));
    CHECK(contains(all_rules(solve({"ln(1 + x^2)", "x", {"x"}})), "chain rule"));
    CHECK(contains(all_rules(solve({"max(x, y)", "x", {"x", "y"}})), "derivative of max"));
    CHECK(
        contains(all_rules(solve({"relu(w*x + b)", "w", {"w", "x", "b"}})), "derivative of ReLU"));
    CHECK(contains(all_rules(solve({"leaky_relu(z, 1/20)", "z", {"z"}})),
                   "derivative of leaky ReLU"));
    CHECK(contains(all_rules(solve({"tanh(z)", "z", {"z"}})), "derivative of tanh"));
    CHECK(contains(all_rules(solve({"1/(1 + exp(-z))", "z", {"z"}})), "quotient rule"));
    CHECK(contains(all_rules(solve({"x^2", "x", {"x"}})), "power rule"));
    CHECK(contains(all_rules(solve({"5", "x", {"x"}})), "constant rule"));
}

TEST_CASE("activation functions end in the forms of the notes", "[solution]") {
    const ex z = variable("z");

    WorkedSolution sig = solve({"sigmoid(z)", "z", {"z"}});
    CHECK(sig.result.is_equal(sigmoid(z) * (1 - sigmoid(z))));
    CHECK(print(sig.result, Notation::unicode) == "σ(z)(1 − σ(z))");

    WorkedSolution th = solve({"tanh(z)", "z", {"z"}});
    CHECK(print(th.result, Notation::unicode) == "1 − tanh(z)²");

    // Written as quotients, worked with the quotient rule, then named.
    WorkedSolution sig_q = solve({"1/(1 + exp(-z))", "z", {"z"}});
    CHECK(sig_q.result.is_equal(sigmoid(z) * (1 - sigmoid(z))));
    WorkedSolution th_q = solve({"(exp(z) - exp(-z))/(exp(z) + exp(-z))", "z", {"z"}});
    CHECK(th_q.result.is_equal(1 - GiNaC::pow(GiNaC::tanh(z), 2)));

    WorkedSolution relu_s = solve({"max(x, 0)", "x", {"x"}});
    CHECK(relu_s.result.is_equal(ind_ge(variable("x"), 0)));
    WorkedSolution max_s = solve({"max(x, y)", "x", {"x", "y"}});
    CHECK(max_s.result.is_equal(ind_ge(variable("x"), variable("y"))));
}

TEST_CASE("softmax: S_i(1 - S_i) and -S_i S_m", "[solution]") {
    std::vector<std::string> zs = {"z1", "z2", "z3"};
    ex s1 = parse_in("exp(z1)/(exp(z1) + exp(z2) + exp(z3))", zs);
    ex s2 = parse_in("exp(z2)/(exp(z1) + exp(z2) + exp(z3))", zs);

    WorkedSolution same = solve_derivative(s1, "z1", zs);
    CHECK(contains(all_rules(same), "quotient rule"));
    CHECK(same.result.is_equal(s1 * (1 - s1)));
    CHECK(same.partial);

    WorkedSolution other = solve_derivative(s1, "z2", zs);
    CHECK(other.result.is_equal(-s1 * s2));
    CHECK(contains(other.steps.back().rule + other.steps.back().note, "-S_i S_m"));
}

TEST_CASE("rendering: one line per step, rules and notes in parentheses", "[solution]") {
    WorkedSolution s = solve({"sigmoid(w*x + b)", "w", {"w", "x", "b"}});
    for (Notation n : {Notation::plain, Notation::unicode, Notation::latex}) {
        auto lines = render_solution(s, n);
        REQUIRE(lines.size() == s.steps.size());
        for (std::size_t i = 1; i < lines.size(); ++i)
            CHECK(lines[i].rfind("= ", 0) == 0);
    }
    auto lines = render_solution(s, Notation::unicode);
    CHECK(lines[1] ==
          "= σ(wx + b)(1 − σ(wx + b))·∂/∂w(wx + b)   (chain rule, derivative of sigmoid)");
    bool noted = false;
    for (const auto& line : lines)
        noted = noted || contains(line, "x and b are held constant");
    CHECK(noted);
}

TEST_CASE("hostile input ends quickly with the right answer", "[solution]") {
    auto started = std::chrono::steady_clock::now();

    SECTION("a deep nest of functions is cut short after the step limit") {
        std::string text = "x";
        for (int i = 0; i < 60; ++i)
            text = "sin(" + text + ")";
        ex f = parse_scalar(text);
        WorkedSolution s = solve_derivative(f, "x", {"x"});
        CHECK(s.steps.size() <= 34);
        CHECK_FALSE(has_unevaluated_derivative(s.result));
        CHECK(compare_expressions(f.diff(variable("x")), s.result, {"x"}).outcome ==
              Outcome::correct);
    }
    SECTION("a very long sum is differentiated in one line") {
        std::string text = "x";
        for (int i = 2; i < 800; ++i)
            text += " + " + std::to_string(i) + "*x^" + std::to_string(i);
        ex f = parse_scalar(text);
        WorkedSolution s = solve_derivative(f, "x", {"x"});
        CHECK(s.steps.size() <= 4);
        CHECK((s.result - f.diff(variable("x"))).expand().is_zero());
    }
    SECTION("a long product stays bounded") {
        std::string text = "(x + 1)";
        for (int i = 2; i <= 40; ++i)
            text += "*(x + " + std::to_string(i) + ")";
        ex f = parse_scalar(text);
        WorkedSolution s = solve_derivative(f, "x", {"x"});
        CHECK(s.steps.size() <= 34);
        CHECK((s.result - f.diff(variable("x"))).expand().is_zero());
        CHECK(render_solution(s, Notation::unicode).size() == s.steps.size());
    }
    auto seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    CHECK(seconds < 20);
}
