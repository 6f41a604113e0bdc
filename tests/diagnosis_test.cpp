#include "checker/diagnosis.hpp"

#include "checker/equivalence.hpp"
#include "expr/functions.hpp"
#include "expr/parser.hpp"
#include "expr/printer.hpp"
#include "expr/symbols.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <map>
#include <string>
#include <vector>

using namespace chainrule;
using GiNaC::ex;

namespace {

const char* const softmax_text = "exp(z1)/(exp(z1) + exp(z2) + exp(z3))";

ParseOptions options_for(const std::vector<std::string>& variables) {
    ParseOptions options;
    options.variables = variables;
    options.open = false;
    // The softmax outputs, so that answers may write S1(1 - S1).
    if (std::find(variables.begin(), variables.end(), "z3") != variables.end()) {
        ex total =
            GiNaC::exp(variable("z1")) + GiNaC::exp(variable("z2")) + GiNaC::exp(variable("z3"));
        for (const char* z : {"z1", "z2", "z3"})
            options.lets[std::string("S") + z[1]] = GiNaC::exp(variable(z)) / total;
    }
    return options;
}

ex parse_in(const std::string& text, const std::vector<std::string>& variables) {
    return parse_scalar(text, options_for(variables));
}

struct Problem {
    std::string function;
    std::string wrt;
    std::vector<std::string> variables;
};

std::vector<Diagnosis> diagnose_text(const Problem& p, const std::string& answer) {
    return diagnose(parse_in(p.function, p.variables), p.wrt, p.variables,
                    parse_in(answer, p.variables));
}

std::string ids_text(const std::vector<Diagnosis>& ds) {
    std::string out;
    for (const auto& d : ds)
        out += d.id + ": " + d.message + "\n";
    return out;
}

bool has_id(const std::vector<Diagnosis>& ds, const std::string& id) {
    return std::any_of(ds.begin(), ds.end(), [&](const Diagnosis& d) { return d.id == id; });
}

struct MistakeCase {
    std::string id;
    Problem problem;
    std::string answer;
};

const std::vector<std::string> X = {"x"};
const std::vector<std::string> XY = {"x", "y"};
const std::vector<std::string> XYZ = {"x", "y", "z"};
const std::vector<std::string> Z = {"z"};
const std::vector<std::string> ZS = {"z1", "z2", "z3"};

const std::vector<MistakeCase>& mistake_cases() {
    static const std::vector<MistakeCase> cases = {
        {"constant_not_zero", {"5x^5 + 4x^3 - 5", "x", X}, "25x^4 + 12x^2 - 5"},
        {"constant_not_zero", {"x^2 + 7", "x", X}, "2x + 7"},
        {"constant_not_zero", {"3x^3 - y^2 + 5x + 2", "x", XY}, "9x^2 + 5 + 2"},

        {"constant_not_zero", {"1", "x", X}, "1"},
        {"power_exponent_not_lowered", {"3x^2", "x", X}, "6x^2"},
        {"power_exponent_not_lowered", {"x", "x", X}, "x"},
        {"power_exponent_not_lowered", {"3x^2 + 5x", "x", X}, "6x^2 + 5"},
        {"power_exponent_not_lowered", {"5x^5 + 4x^3 - 5", "x", X}, "25x^5 + 12x^3"},

        {"power_coefficient_missing", {"5x^5 + 4x^3 - 5", "x", X}, "5x^4 + 4x^2"},
        {"power_coefficient_missing", {"3x^3 z - y^2 + 5z + 2y z", "x", XYZ}, "3x^2 z"},
        {"power_coefficient_missing", {"(x^2 + 1)^3", "x", X}, "(x^2 + 1)^2 * 2x"},

        {"term_dropped", {"3x^2 + 5x", "x", X}, "6x"},
        {"term_dropped", {"3x^3 z - y^2 + 5z + 2y z", "z", XYZ}, "3x^3 + 5"},
        {"term_dropped", {"x^2 sin(x)", "x", X}, "2x sin(x)"},

        {"product_rule_as_product", {"x^2 sin(x)", "x", X}, "2x cos(x)"},
        {"product_rule_as_product", {"x^3 exp(x)", "x", X}, "3x^2 exp(x)"},
        {"product_rule_as_product", {"(x^2 + 1)/(x - 3)", "x", X}, "2x"},

        {"chain_factor_missing", {"sin(3x)", "x", X}, "cos(3x)"},
        {"chain_factor_missing", {"(2x + 1)^3", "x", X}, "3(2x + 1)^2"},
        {"chain_factor_missing",
         {"sigmoid(w x + b)", "w", {"b", "w", "x"}},
         "sigmoid(w x + b)(1 - sigmoid(w x + b))"},
        {"chain_factor_missing", {"exp(-x^2)", "x", X}, "exp(-x^2)"},

        {"other_variable_not_constant", {"2x + 3y^2", "x", XY}, "2 + 6y"},
        {"other_variable_not_constant", {"3x^3 z - y^2 + 5z + 2y z", "x", XYZ}, "9x^2 z - y^2"},
        {"other_variable_not_constant", {"x y", "x", XY}, "y + x"},

        {"wrong_variable", {"2x + 3y^2", "x", XY}, "6y"},
        {"wrong_variable", {"x y^2", "y", XY}, "y^2"},
        {"wrong_variable", {"3x^3 z - y^2 + 5z + 2y z", "y", XYZ}, "9x^2 z"},

        {"integrated_instead", {"3x^2", "x", X}, "x^3"},
        {"integrated_instead", {"6x + 5", "x", X}, "3x^2 + 5x"},
        {"integrated_instead", {"cos(x)", "x", X}, "sin(x)"},

        // sin(x) is also an antiderivative of cos(x): one claim, the likelier.
        {"integrated_instead", {"cos(x)", "x", X}, "sin(x)"},
        {"sign_error", {"3x^2 - 5x", "x", X}, "6x + 5"},
        {"sign_error", {"3x^3 - y^2 + 5x + 2", "y", XY}, "2y"},
        // 1/x² is also −1 not brought down as a factor: one claim, the likelier.
        {"power_coefficient_missing", {"1/x", "x", X}, "1/x^2"},

        {"constant_factor", {"x^2 + 3x", "x", X}, "4x + 6"},
        {"constant_factor", {"4x^3 + 2x", "x", X}, "6x^2 + 1"},

        {"sigmoid_derivative_form", {"sigmoid(z)", "z", Z}, "sigmoid(z)(1 + sigmoid(z))"},
        {"sigmoid_derivative_form", {"1/(1 + exp(-z))", "z", Z}, "exp(-z)/(1 + exp(-z))"},
        {"sigmoid_derivative_form",
         {"sigmoid(w x + b)", "x", {"b", "w", "x"}},
         "w(1 - sigmoid(w x + b)^2)"},

        {"tanh_derivative_form", {"tanh(z)", "z", Z}, "1 - tanh(z)"},
        {"tanh_derivative_form", {"tanh(2x)", "x", X}, "2(1 + tanh(2x)^2)"},
        {"tanh_derivative_form", {"tanh(z)", "z", Z}, "sech(z)"},
        {"tanh_derivative_form", {"(exp(z) - exp(-z))/(exp(z) + exp(-z))", "z", Z}, "1 - tanh(z)"},

        {"softmax_index_confusion", {softmax_text, "z2", ZS}, "S1(1 - S1)"},
        {"softmax_index_confusion", {softmax_text, "z1", ZS}, "-S1*S1"},
        {"softmax_index_confusion", {softmax_text, "z3", ZS}, "S1(1 - S3)"},
        {"softmax_index_confusion",
         {"exp(z2)/(exp(z1) + exp(z2) + exp(z3))", "z2", ZS},
         "S2(1 - S1)"},

        {"indicator_reversed", {"relu(z)", "z", Z}, "step(-z)"},
        {"indicator_reversed", {"max(x, y)", "x", XY}, "(x < y)"},
        {"indicator_reversed", {"relu(2x + 1)", "x", X}, "2 (2x + 1 <= 0)"},
        {"indicator_reversed", {"max(x, 0)", "x", X}, "(x <= 0)"},

        {"leaky_slope_dropped", {"leaky_relu(z, 1/10)", "z", Z}, "step(z)"},
        {"leaky_slope_dropped",
         {"leaky_relu(z, alpha)", "z", {"alpha", "z"}},
         "(z > 0) + alpha z (z <= 0)"},
        {"leaky_slope_dropped", {"max(x, x/10)", "x", X}, "(x > 0)"},
    };
    return cases;
}

struct CorrectCase {
    Problem problem;
    std::string rewriting; ///< an equivalent way to write the derivative ("" for none)
};

// Course functions with their derivative written another way than GiNaC's.
const std::vector<CorrectCase>& correct_cases() {
    static const std::vector<CorrectCase> cases = {
        {{"1", "x", X}, "0"},
        {{"x", "x", X}, "x^0"},
        {{"3x^2", "x", X}, "3*2x"},
        {{"3x^2 + 5x", "x", X}, "5 + 6x"},
        {{"5x^5 + 4x^3 - 5", "x", X}, "x^2(25x^2 + 12)"},
        {{"x + y", "x", XY}, "1"},
        {{"x + y", "y", XY}, "1"},
        {{"2x + 3y^2", "x", XY}, "2"},
        {{"2x + 3y^2", "y", XY}, "6y"},
        {{"3x^3 - y^2 + 5x + 2", "x", XY}, "9x^2 + 5"},
        {{"3x^3 - y^2 + 5x + 2", "y", XY}, "-2y"},
        {{"x y", "x", XY}, "y"},
        {{"x y", "y", XY}, "x"},
        {{"3x^3 z - y^2 + 5z + 2y z", "x", XYZ}, "9x^2 z"},
        {{"3x^3 z - y^2 + 5z + 2y z", "y", XYZ}, "2z - 2y"},
        {{"3x^3 z - y^2 + 5z + 2y z", "z", XYZ}, "3x^3 + 5 + 2y"},
        {{"max(x, 0)", "x", X}, "(x > 0)"},
        {{"max(x, y)", "x", XY}, "(x >= y)"},
        {{"max(x, y)", "y", XY}, "(y > x)"},
        {{"relu(z)", "z", Z}, "step(z)"},
        {{"leaky_relu(z, 1/10)", "z", Z}, "(z > 0) + (z <= 0)/10"},
        {{"sigmoid(z)", "z", Z}, "exp(-z)/(1 + exp(-z))^2"},
        {{"1/(1 + exp(-z))", "z", Z}, "sigmoid(z)(1 - sigmoid(z))"},
        {{"tanh(z)", "z", Z}, "sech(z)^2"},
        {{"(exp(z) - exp(-z))/(exp(z) + exp(-z))", "z", Z}, "1 - tanh(z)^2"},
        {{softmax_text, "z1", ZS}, "S1(1 - S1)"},
        {{softmax_text, "z2", ZS}, "-S1 S2"},
        {{"sigmoid(w x + b)", "w", {"b", "w", "x"}}, "x sigmoid(w x + b)(1 - sigmoid(w x + b))"},
        {{"sin(3x)", "x", X}, "3cos(3x)"},
        {{"(2x + 1)^3", "x", X}, "6(2x + 1)^2"},
        {{"x^2 sin(x)", "x", X}, "2x sin(x) + x^2 cos(x)"},
        {{"exp(-x^2)", "x", X}, "-2x exp(-x^2)"},
        {{"relu(w x + b)", "x", {"b", "w", "x"}}, "w (w x + b > 0)"},
        {{"(x^2 + 1)/(x - 3)", "x", X}, "(x^2 - 6x - 1)/(x - 3)^2"},
        {{"log(x^2 + 1)", "x", X}, "2x/(x^2 + 1)"},
    };
    return cases;
}

} // namespace

TEST_CASE("every named mistake is recognised on typical answers", "[diagnosis]") {
    for (const auto& c : mistake_cases()) {
        INFO(c.id << ": d/d" << c.problem.wrt << " " << c.problem.function << " answered "
                  << c.answer);
        auto ds = diagnose_text(c.problem, c.answer);
        INFO("got:\n" << ids_text(ds));
        CHECK(has_id(ds, c.id));
        for (const auto& d : ds) {
            CHECK_FALSE(d.message.empty());
            CHECK(d.id != "structure");
        }
    }
}

TEST_CASE("every id has at least two different problems among the cases", "[diagnosis]") {
    for (const auto& id : mistake_ids()) {
        std::vector<std::string> functions;
        for (const auto& c : mistake_cases())
            if (c.id == id && std::find(functions.begin(), functions.end(),
                                        c.problem.function + c.problem.wrt) == functions.end())
                functions.push_back(c.problem.function + c.problem.wrt);
        INFO(id);
        CHECK(functions.size() >= 2);
    }
}

TEST_CASE("messages name the term and the rule", "[diagnosis]") {
    auto ds = diagnose_text({"5x^5 + 4x^3 - 5", "x", X}, "25x^4 + 12x^2 - 5");
    REQUIRE(has_id(ds, "constant_not_zero"));
    CHECK(ds.front().message.find("constant term") != std::string::npos);
    CHECK(ds.front().message.find("5") != std::string::npos);

    ds = diagnose_text({"x^2 + 3x", "x", X}, "4x + 6");
    REQUIRE(ds.size() == 1);
    CHECK(ds.front().id == "constant_factor");
    CHECK(ds.front().message.find("2 times") != std::string::npos);

    ds = diagnose_text({"sin(3x)", "x", X}, "cos(3x)");
    REQUIRE(has_id(ds, "chain_factor_missing"));
    CHECK(ds.front().message.find("chain rule") != std::string::npos);
    CHECK(ds.front().message.find("3x") != std::string::npos);
}

TEST_CASE("no id fires on a correct answer, however it is written", "[diagnosis]") {
    for (const auto& c : correct_cases()) {
        const Problem& p = c.problem;
        INFO("d/d" << p.wrt << " " << p.function);
        ex f = parse_in(p.function, p.variables);
        ex derivative = f.diff(variable(p.wrt));
        auto ds = diagnose(f, p.wrt, p.variables, derivative);
        INFO("got:\n" << ids_text(ds));
        CHECK(ds.empty());
        // The unevaluated derivative itself is right too.
        CHECK(diagnose(f, p.wrt, p.variables, deriv(f, variable(p.wrt))).empty());
        CHECK(diagnose(f, p.wrt, p.variables, derivative.expand()).empty());
        if (!c.rewriting.empty()) {
            INFO("written as " << c.rewriting);
            ex rewritten = parse_in(c.rewriting, p.variables);
            REQUIRE(compare_expressions(derivative, rewritten, p.variables).outcome ==
                    Outcome::correct);
            CHECK(diagnose(f, p.wrt, p.variables, rewritten).empty());
        }
    }
}

TEST_CASE("a wrong answer no mistake explains gets a structural description", "[diagnosis]") {
    // In the student's own terms: the term or factor they wrote that is not right, never an
    // expansion they did not write.
    auto ds = diagnose_text({"5x^5 + 4x^3 - 5", "x", X}, "25x^4 + 13x^2");
    REQUIRE(ds.size() == 1);
    CHECK(ds.front().id == "structure");
    CHECK(ds.front().message == "the term 13x² of the answer is not right: the derivative has "
                                "12x² in its place; the other term is right");

    ds = diagnose_text({"3x^2 + 5x", "x", X}, "6x + 5 + x^3");
    REQUIRE(ds.size() == 1);
    CHECK(ds.front().id == "structure");
    CHECK(ds.front().message == "the term x³ of the answer is not right: the derivative has no "
                                "such term; the other terms are right");

    ds = diagnose_text({"sigmoid(x^2)", "x", X}, "2x*sigmoid(x)*(1 - sigmoid(x^2))");
    REQUIRE(ds.size() == 1);
    CHECK(ds.front().message == "the factor σ(x) of the answer is not right: the derivative has "
                                "σ(x²) in its place; the other factors are right");

    ds = diagnose_text({"(x^2 + 1)^5", "x", X}, "5(x^2 + 1)^4*2");
    REQUIRE(ds.size() == 1);
    CHECK(ds.front().message == "every factor of the answer is right, but the derivative has "
                                "more: the factor x is missing");

    // The example: an expanded polynomial is never the description.
    ds = diagnose_text({"(5x^3 - 3x)^2", "x", X}, "(5x^3 - 3x)^3");
    REQUIRE(ds.size() == 1);
    CHECK(ds.front().message.find("missing") == std::string::npos);
    CHECK(ds.front().message.find("750") == std::string::npos);

    ds = diagnose_text({"x^3 + x", "x", X}, "3x^2 + 4");
    REQUIRE(ds.size() == 1);
    CHECK(ds.front().id == "structure");
    CHECK(ds.front().message.find("off by a constant") != std::string::npos);

    DiagnosisOptions quiet;
    quiet.structural_fallback = false;
    CHECK(diagnose(parse_in("x^3", X), "x", X, parse_in("x + 17", X), quiet).empty());

    auto description = describe_structure(parse_in("25x^4 + 12x^2", X), parse_in("25x^4", X), X);
    REQUIRE(description);
    CHECK(*description == "every term of the answer is right, but the derivative has more: the "
                          "term 12x² is missing");
    CHECK_FALSE(describe_structure(parse_in("2x", X), parse_in("x + x", X), X));
}

TEST_CASE("ids are stable and distinct", "[diagnosis]") {
    auto ids = mistake_ids();
    CHECK(ids.size() == 16);
    std::sort(ids.begin(), ids.end());
    CHECK(std::adjacent_find(ids.begin(), ids.end()) == ids.end());
    for (const auto& c : mistake_cases())
        CHECK(std::find(ids.begin(), ids.end(), c.id) != ids.end());
}
