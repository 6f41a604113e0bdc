// Every worked example of the course notes (../shared/course/derivatives-lecture.md) as a
// question: each accepted in at least three equivalent forms, the notes' own among them, and
// rejected in at least two typical wrong forms.
#include "checker/equivalence.hpp"
#include "checker/question.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace chainrule;

namespace {

struct CourseExample {
    std::string topic;
    std::string function;
    std::string wrt;
    std::vector<std::string> lets;
    std::vector<std::string> accepted;
    std::vector<std::string> rejected;
    /// --vars: needed for a run of letters such as 2yz, a product only of declared names
    std::vector<std::string> variables = {};
};

void check_example(const CourseExample& example) {
    INFO(example.topic << ": d/d" << example.wrt << " " << example.function);
    REQUIRE(example.accepted.size() >= 3);
    REQUIRE(example.rejected.size() >= 2);
    QuestionText question;
    question.function = example.function;
    question.wrt = split_names(example.wrt);
    question.lets = example.lets;
    question.variables = example.variables;
    Expectation expectation = build_expectation(question);
    for (const auto& answer : example.accepted) {
        INFO("accepted form: " << answer);
        Verdict v = check_text(expectation, answer);
        INFO("message: " << v.message);
        CHECK(v.outcome == Outcome::correct);
    }
    for (const auto& answer : example.rejected) {
        INFO("wrong form: " << answer);
        Verdict v = check_text(expectation, answer);
        INFO("message: " << v.message);
        CHECK(v.outcome == Outcome::incorrect);
        CHECK_FALSE(v.message.empty());
    }
}

void check_all(const std::vector<CourseExample>& table) {
    for (const auto& example : table) check_example(example);
}

// "S2", "z3": a letter and an index.
std::string indexed(char letter, int index) {
    std::string name(1, letter);
    name += std::to_string(index);
    return name;
}

const std::vector<std::string> softmax_lets = {
    "S1=exp(z1)/(exp(z1)+exp(z2)+exp(z3))",
    "S2=exp(z2)/(exp(z1)+exp(z2)+exp(z3))",
    "S3=exp(z3)/(exp(z1)+exp(z2)+exp(z3))",
};

} // namespace

TEST_CASE("course: derivatives of a constant, a line and polynomials", "[course]") {
    check_all({
        {"constant", "1", "x", {}, {"0", "0x", "5 - 5", "d/dx(1)"}, {"1", "x", "-1"}},
        {"linear", "x", "x", {}, {"1", "1·x^(1-1)", "1 · x^0", "x/x"}, {"x", "0", "x^0 + 1"}},
        {"power rule",
         "3x^2",
         "x",
         {},
         {"6x", "3·2x", "3 · 2x^(2-1)", "3·2x^1", "6 x", "x + 5x"},
         {"3x", "6x^2", "6", "3·2x^2"}},
        {"sum rule",
         "3x^2 + 5x",
         "x",
         {},
         {"6x + 5", "5 + 6x", "3·2x^(2-1) + 5·1x^(1-1)", "3·2x^1 + 5·x^0",
          "d/dx(3x^2) + d/dx(5x^1)"},
         {"6x", "6x + 5x", "3x + 5", "6x^2 + 5"}},
        {"sum rule with a constant",
         "5x^5 + 4x^3 - 5",
         "x",
         {},
         {"25x^4 + 12x^2", "25x⁴ + 12x²", "5·5x^(5-1) + 4·3x^(3-1) - 0", "5·5x^4 + 4·3x^2",
          "x^2(25x^2 + 12)"},
         {"25x^4 + 12x^2 - 5", "25x^4 + 12x^3", "5x^4 + 3x^2", "25x^5 + 12x^3"}},
    });
}

TEST_CASE("course: partial derivatives of sums", "[course]") {
    check_all({
        {"partial of a sum", "x + y", "x", {}, {"1", "1 + 0", "∂/∂x(x) + ∂/∂x(y)"}, {"2", "0", "1 + y"}},
        {"partial of a sum", "x + y", "y", {}, {"1", "0 + 1", "∂/∂y(x + y)"}, {"0", "x + 1", "2"}},
        {"partial of a sum", "2x + 3y^2", "x", {},
         {"2", "2·1 + 3·0", "2 ∂/∂x(x) + 3 ∂/∂x(y^2)"}, {"2 + 6y", "0", "2x"}},
        {"partial of a sum", "2x + 3y^2", "y", {},
         {"6y", "2·0 + 3·2y^1", "3·2y", "6 y"}, {"3y", "6y + 2", "6", "3y^2"}},
        {"partial of a sum", "3x^3 - y^2 + 5x + 2", "x", {},
         {"9x^2 + 5", "3·3x^2 - 0 + 5·1 + 0", "5 + 9x²", "9x² + 5"},
         {"9x^2 + 5 - 2y", "9x^2", "9x^3 + 5", "9x^2 + 7"}},
        {"partial of a sum", "3x^3 - y^2 + 5x + 2", "y", {},
         {"-2y", "−2y", "3·0 - 2y^1 + 5·0 + 0", "-y - y"},
         {"2y", "-2y + 9x^2 + 5", "-y^2", "-2"}},
    });
}

TEST_CASE("course: partial derivatives of products", "[course]") {
    check_all({
        {"partial of a product", "x·y", "x", {}, {"y", "y·1", "y ∂/∂x(x)", "1y"},
         {"x", "xy", "1"}},
        {"partial of a product", "x·y", "y", {}, {"x", "x·1", "x ∂/∂y(y)"}, {"y", "1", "xy"}},
        {"partial of a product", "3x^3z - y^2 + 5z + 2yz", "x", {},
         {"9x^2z", "9x²z", "3z·3x^2 - 0 + 5·0 + 2·0", "9zx^2", "9x^2 z"},
         {"9x^2", "9x^2 z + 2yz", "3x^3", "9x^2 + 5"}, {"x", "y", "z"}},
        {"partial of a product", "3x^3z - y^2 + 5z + 2yz", "y", {},
         {"-2y + 2z", "2z - 2y", "3·0 - 2y + 5·0 + 2z·1", "2(z - y)", "−2y + 2z"},
         {"-2y", "2y + 2z", "-2y + 2yz", "-2y + 2"}, {"x", "y", "z"}},
        {"partial of a product", "3x^3z - y^2 + 5z + 2yz", "z", {},
         {"3x^3 + 5 + 2y", "3x³ + 2y + 5", "3x^3·1 - 0 + 5·1 + 2y·1", "2y + 5 + 3xxx"},
         {"3x^3 + 5", "9x^2 + 5 + 2y", "3x^3 z + 5 + 2y", "3x^3 + 5z + 2yz"}, {"x", "y", "z"}},
    });
}

TEST_CASE("course: the partial derivatives of max", "[course]") {
    check_all({
        {"max with 0", "max(x, 0)", "x", {},
         {"1(x > 0)", "(x > 0)", "(x >= 0)", "heaviside(x)", "step(x)", "piecewise(x > 0, 1, 0)",
          "1(x > 0) + 0(x <= 0)"},
         {"1", "0", "(x < 0)", "x(x > 0)", "max(x, 0)"}},
        {"max of two", "max(x, y)", "x", {},
         {"1(x ≥ y)", "(x >= y)", "(x > y)", "heaviside(x - y)", "(y <= x)",
          "piecewise(x >= y, 1, 0)"},
         {"(y > x)", "1", "(x > 0)", "(x >= y) + (y > x)"}},
        {"max of two", "max(x, y)", "y", {},
         {"(y > x)", "1(y >= x)", "1 - (x >= y)", "(x < y)"},
         {"(x > y)", "1", "(y > 0)"}},
    });
}

TEST_CASE("course: the gradient", "[course]") {
    check_all({
        {"gradient", "3x^3z - y^2 + 5z + 2yz", "x,y,z", {},
         {"[9x^2 z, -2y + 2z, 3x^3 + 5 + 2y]", "[9x²z, 2z − 2y, 3x³ + 2y + 5]",
          "[3z·3x^2, 2(z - y), 3x^3·1 + 5 + 2y]",
          "[∂/∂x(3x^3z), ∂/∂y(-y^2 + 2yz), ∂/∂z(3x^3z + 5z + 2yz)]"},
         {"[9x^2 z, -2y + 2z, 3x^3 + 5]", "[9x^2 z, -2y + 2z]",
          "[-2y + 2z, 9x^2 z, 3x^3 + 5 + 2y]", "9x^2 z - 2y + 2z + 3x^3 + 5 + 2y"}},
        {"gradient of a product", "x·y", "x,y", {}, {"[y, x]", "[1y, 1x]", "[y·1, x·1]"},
         {"[x, y]", "[y, y]", "x + y"}},
    });
}

TEST_CASE("course: the chain rule", "[course]") {
    check_all({
        {"chain rule, neuron", "sigmoid(w*x + b)", "w", {"s=sigmoid(w*x + b)"},
         {"x sigmoid(w x + b)(1 - sigmoid(w x + b))", "x σ(wx + b)(1 − σ(wx + b))",
          "x e^(-(w x + b))/(1 + e^(-(w x + b)))^2", "x s(1 - s)", "s(1 - s) x"},
         {"sigmoid(w x + b)(1 - sigmoid(w x + b))", "x sigmoid(w x + b)",
          "w sigmoid(w x + b)(1 - sigmoid(w x + b))", "s(1 - s)"}},
        {"chain rule, neuron bias", "sigmoid(w*x + b)", "b", {"s=sigmoid(w*x + b)"},
         {"s(1 - s)", "σ(wx + b)(1 − σ(wx + b))", "e^(-w x - b)/(1 + e^(-w x - b))^2"},
         {"x s(1 - s)", "s", "1 - s"}},
        {"chain rule, power of a polynomial", "(3x^2 + 1)^5", "x", {},
         {"5(3x^2+1)^4 · 6x", "30x(3x^2 + 1)^4", "5(3x²+1)⁴(6x)", "6x · 5(3x^2 + 1)^(5-1)"},
         {"5(3x^2+1)^4", "30x(3x^2+1)^5", "6x(3x^2+1)^4", "5(6x)^4"}},
        {"chain rule, Gaussian", "exp(-z^2)", "z", {},
         {"-2z e^(-z^2)", "-2z exp(-z^2)", "e^(-z^2)·(-2z)", "-2z/e^(z^2)"},
         {"e^(-z^2)", "-2z e^(-2z)", "2z e^(-z^2)", "-z^2 e^(-z^2 - 1)"}},
        {"chain rule through ReLU", "relu(w*x + b)", "w", {},
         {"x (w x + b > 0)", "x heaviside(w x + b)", "x·1(wx + b > 0)", "x (w x + b >= 0)"},
         {"x", "(w x + b > 0)", "w (w x + b > 0)"}},
        {"chain rule, f(g(y, h(x, z)))", "sin(y^2 + exp(x z))", "x", {},
         {"cos(y^2 + exp(x z)) z exp(x z)", "z e^(xz) cos(y² + e^(xz))",
          "cos(y^2 + e^(x z))·e^(x z)·z"},
         {"cos(y^2 + exp(x z))", "cos(y^2 + exp(x z)) exp(x z)", "-z e^(xz) cos(y^2 + e^(xz))"}},
    });
}

TEST_CASE("course: the activation functions", "[course]") {
    check_all({
        {"linear", "z", "z", {}, {"1", "∂/∂z(z)", "z^0", "z/z"}, {"z", "0", "2"}},
        {"ReLU", "relu(z)", "z", {},
         {"(z > 0)", "1(z > 0)", "heaviside(z)", "(z >= 0)", "piecewise(z > 0, 1, 0)", "step(z)"},
         {"1", "(z < 0)", "relu(z)", "z(z > 0)", "0"}},
        {"ReLU as max", "max(0, z)", "z", {},
         {"(z > 0)", "piecewise(z > 0, 1, z <= 0, 0, 0)", "1(z > 0) + 0(z <= 0)"},
         {"max(0, 1)", "(z <= 0)", "z"}},
        {"leaky ReLU", "leaky_relu(z, alpha)", "z", {},
         {"piecewise(z > 0, 1, alpha)", "(z > 0) + alpha(z <= 0)", "1(z > 0) + α·1(z ≤ 0)",
          "(z >= 0) + alpha (z < 0)"},
         {"1", "alpha", "(z > 0) + alpha", "piecewise(z > 0, alpha, 1)"}},
        {"leaky ReLU, α = 0.01", "leaky_relu(z, 0.01)", "z", {},
         {"piecewise(z > 0, 1, 0.01)", "(z > 0) + 0.01(z <= 0)", "1(z > 0) + 1/100 (z ≤ 0)"},
         {"(z > 0)", "(z > 0) + 0.1(z <= 0)", "0.01"}},
        {"sigmoid (logsig), notes' form", "1/(1 + e^(-z))", "z", {"f=sigmoid(z)"},
         {"e^(-z)/(1 + e^(-z))^2", "1/(1 + e^(-z)) · (1 + e^(-z) - 1)/(1 + e^(-z))",
          "f(z)(1 − f(z))", "f(1 - f)", "σ(z)(1 − σ(z))", "sigmoid(z) - sigmoid(z)^2",
          "(0·(1 + e^(-z)) - 1·(-e^(-z)))/(1 + e^(-z))^2"},
         {"f(z)", "f(z)(1 + f(z))", "e^(-z)/(1 + e^(-z))", "-e^(-z)/(1 + e^(-z))^2",
          "1 - f^2(z)"}},
        {"sigmoid with y = f(z)", "logsig(z)", "z", {"y=sigmoid(z)"},
         {"y(1 - y)", "y - y^2", "logsig(z)(1 - logsig(z))"}, {"y", "1 - y^2", "y(1 - y)^2"}},
        {"tanh (tansig), notes' form", "(e^z - e^(-z))/(e^z + e^(-z))", "z", {"f=tanh(z)"},
         {"((e^z + e^(-z))^2 - (e^z - e^(-z))^2)/(e^z + e^(-z))^2", "1 − f²(z)", "(1 - f^2(z))",
          "1 - f^2", "1 - tanh(z)^2", "1/cosh(z)^2", "4/(e^z + e^(-z))^2"},
         {"1 + f^2(z)", "1 - f(z)", "(e^z + e^(-z))/(e^z - e^(-z))", "f(z)(1 - f(z))"}},
        {"tansig", "tansig(z)", "z", {},
         {"1 - tansig(z)^2", "sech(z)^2", "1 - tanh(z)²"}, {"sech(z)", "1 - tanh(z)", "-sech(z)^2"}},
    });
}

TEST_CASE("course: every entry of the softmax Jacobian, K = 3", "[course]") {
    for (int i = 1; i <= 3; ++i) {
        for (int m = 1; m <= 3; ++m) {
            const std::string si = indexed('S', i), sm = indexed('S', m);
            const std::string zi = indexed('z', i), zm = indexed('z', m);
            const std::string sum = "(e^z1 + e^z2 + e^z3)";
            CourseExample example;
            example.topic = "softmax ∂" + si + "/∂" + zm;
            example.function = "exp(" + zi + ")/(exp(z1) + exp(z2) + exp(z3))";
            example.wrt = zm;
            example.lets = softmax_lets;
            if (i == m) {
                example.accepted = {si + "(1 - " + si + ")", si + "(1 - " + sm + ")",
                                    si + " - " + si + "^2",
                                    "e^" + zi + "/" + sum + " · (" + sum + " - e^" + zi + ")/" + sum,
                                    "(e^" + zi + " " + sum + " - e^" + zi + " e^" + zi + ")/" +
                                        sum + "^2"};
                example.rejected = {si + "(1 + " + si + ")", si, "-" + si + " " + si,
                                    si + "(0 - " + sm + ")"};
            } else {
                example.accepted = {"-" + si + " " + sm, si + "(0 - " + sm + ")",
                                    "-" + sm + si, "e^" + zi + "/" + sum + " · (-e^" + zm + ")/" + sum,
                                    "-e^" + zi + " e^" + zm + "/" + sum + "^2"};
                example.rejected = {si + " " + sm, si + "(1 - " + sm + ")", "-" + si + " " + si,
                                    "0"};
            }
            check_example(example);
        }
    }
}

TEST_CASE("course: the softmax Jacobian as a matrix", "[course]") {
    check_all({
        {"softmax Jacobian", "softmax(z1, z2, z3)", "z1,z2,z3", softmax_lets,
         {"[[S1(1 - S1), -S1 S2, -S1 S3], [-S1 S2, S2(1 - S2), -S2 S3], [-S1 S3, -S2 S3, S3(1 - S3)]]",
          "[[S1(1 - S1), S1(0 - S2), S1(0 - S3)], [S2(0 - S1), S2(1 - S2), S2(0 - S3)], [S3(0 - S1), "
          "S3(0 - S2), S3(1 - S3)]]",
          "[[S1 - S1^2, -S1S2, -S1S3], [-S2S1, S2 - S2^2, -S2S3], [-S3S1, -S3S2, S3 - S3^2]]"},
         {"[[S1(1 - S1), S1 S2, S1 S3], [S1 S2, S2(1 - S2), S2 S3], [S1 S3, S2 S3, S3(1 - S3)]]",
          "[[S1(1 - S1), -S1 S2, -S1 S3], [-S1 S2, S2(1 - S2), -S2 S3], [-S1 S3, -S2 S3, S3(1 - S2)]]",
          "[S1(1 - S1), S2(1 - S2), S3(1 - S3)]"}},
        {"softmax, one column", "softmax(z1, z2, z3)", "z1", softmax_lets,
         {"[S1(1 - S1), -S1 S2, -S1 S3]", "[S1 - S1^2, -S2 S1, -S3 S1]",
          "[S1(1 - S1), S2(0 - S1), S3(0 - S1)]"},
         {"[S1(1 - S1), S2(1 - S2), S3(1 - S3)]", "[S1(1 - S1), -S1 S2]"}},
    });
}
