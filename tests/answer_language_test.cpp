// The answer language as students and instructors write it (issue 15): what is read, what is
// refused as invalid (never graded incorrect) and the exact message that says why, with the
// likely reading.
#include "checker/equivalence.hpp"
#include "checker/question.hpp"
#include "expr/function_table.hpp"
#include "expr/parser.hpp"
#include "test_support.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

using namespace chainrule;

namespace {

struct AnswerCase {
    std::string function; ///< differentiate this in x (or the first of `wrt`)
    std::string answer;
    Outcome outcome;
    std::string message; ///< the verdict's first line
    std::size_t column = 0;
    std::vector<std::string> lets = {};
    std::vector<std::string> wrt = {"x"};
};

void check_answers(const std::vector<AnswerCase>& table) {
    for (const auto& c : table) {
        INFO("function: " << c.function << "  answer: " << c.answer);
        QuestionText question;
        question.function = c.function;
        question.wrt = c.wrt;
        question.lets = c.lets;
        Verdict verdict = check_text(build_expectation(question), c.answer);
        CHECK(to_string(verdict.outcome) == std::string(to_string(c.outcome)));
        CHECK(verdict.message.substr(0, verdict.message.find('\n')) == c.message);
        if (c.outcome == Outcome::invalid) CHECK(verdict.error_column == c.column);
    }
}

const std::vector<std::string> softmax_lets = {
    "S1=exp(z1)/(exp(z1)+exp(z2))",
    "S2=exp(z2)/(exp(z1)+exp(z2))",
};

std::string instructor_error(const QuestionText& question) {
    try {
        build_expectation(question);
    } catch (const InputError& error) {
        std::string text = error.what();
        return text.substr(0, text.find('\n'));
    }
    return "";
}

} // namespace

TEST_CASE("names the question does not have make the answer invalid, with the reading",
          "[answer-language]") {
    check_answers({
        {"x^2", "2X", Outcome::invalid,
         "'X' at column 2 is not a name of this question: did you mean 2x? (names are "
         "case-sensitive)",
         2},
        {"x^2", "x2", Outcome::invalid,
         "'x2' at column 1 is not a name of this question: did you mean x^2 (x to the power 2) "
         "or x*2?",
         1},
        {"x^3", "3x2", Outcome::invalid,
         "'x2' at column 2 is not a name of this question: did you mean 3x^2 (x to the power 2) "
         "or 3x*2?",
         2},
        {"-cos(x)", "sinx", Outcome::invalid,
         "'sinx' at column 1 is not a name of this question: did you mean sin(x)? (a "
         "function's argument goes in parentheses)",
         1},
        {"x ln(x) - x", "lnx", Outcome::invalid,
         "'lnx' at column 1 is not a name of this question: did you mean ln(x)? (a function's "
         "argument goes in parentheses)",
         1},
        {"sin(x)^2", "2sinxcosx", Outcome::invalid,
         "'sinxcosx' at column 2 is not a name of this question: did you mean 2sin(x)cos(x)? (a "
         "function's argument goes in parentheses)",
         2},
        {"x^2", "2x dx", Outcome::invalid,
         "'dx' at column 4 is not a name of this question: write only the expression, without "
         "dx (2x)",
         4},
        {"sigmoid(z)", "sig(z)(1 - sig(z))", Outcome::invalid,
         "unknown function 'sig' at column 1: did you mean sigmoid?", 1, {}, {"z"}},
        {"x^2", "q", Outcome::invalid,
         "'q' at column 1 is not a name of this question: its variables are x", 1},
        {"w1^2", "2w11", Outcome::invalid,
         "'w11' at column 2 is not a name of this question: did you mean 2w1?", 2, {}, {"w1"}},
        {"x^2", "0 if x<0 else 2x", Outcome::invalid,
         "a Python-style conditional ('if' at column 3) is not read: write piecewise(x<0, 0, "
         "2x)",
         3},
        {"x^2", "2x if x > 0 else", Outcome::invalid,
         "a Python-style conditional ('if' at column 4) is not read: write piecewise(condition, "
         "value, otherwise)",
         4},
    });
}

TEST_CASE("the notes' and the blackboard's notation is read", "[answer-language]") {
    check_answers({
        // subscripts: S_1 and S₁ are S1
        {"S1", "S_1(1 - S_1)", Outcome::correct, "correct", 0, softmax_lets, {"z1"}},
        {"S1", "S₁(1 − S₁)", Outcome::correct, "correct", 0, softmax_lets, {"z1"}},
        // a power on a function's name applies to its value
        {"tanh(x)", "1 - tanh^2(x)", Outcome::correct, "correct"},
        {"tanh(x)", "1 - tanh²(x)", Outcome::correct, "correct"},
        {"tan(x)", "sec^2(x)", Outcome::correct, "correct"},
        {"sigmoid(x)", "σ(x) - σ²(x)", Outcome::correct, "correct"},
        {"asin(x)", "sin^-1(x)", Outcome::invalid,
         "sin^-1 at column 1 is not read: for the inverse function write asin(...) where there "
         "is one, for a power write (sin(...))^-1",
         1},
        // bars, braces, indicators, LaTeX
        {"x^3/3", "|x|*|x|", Outcome::correct, "correct"},
        {"relu(x)", "1{x > 0}", Outcome::correct, "correct"},
        {"relu(x)", "𝟙(x > 0)", Outcome::correct, "correct"},
        {"relu(x)", "𝟙[x > 0]", Outcome::correct, "correct"},
        {"-exp(-x)", "e^{-x}", Outcome::correct, "correct"},
        {"x^(3/2)", "3/2 x^{1/2}", Outcome::correct, "correct"},
        {"ln(x)", "\\frac{1}{x}", Outcome::correct, "correct"},
        {"2 sqrt(x)", "\\frac{1}{\\sqrt{x}}", Outcome::correct, "correct"},
        {"x^2", "2 \\cdot x", Outcome::correct, "correct"},
        {"sigmoid(x)", "\\sigma(x)(1 - \\sigma(x))", Outcome::correct, "correct"},
        {"x^2", "\\mathrm{x}", Outcome::invalid,
         "the LaTeX command '\\mathrm' at column 1 is not read: write it in the plain spelling "
         "(e^(x), sqrt(x), (a)/(b), *)",
         1},
        {"x |x|", "2 |x|", Outcome::correct, "correct"},
        {"x^2", "|x", Outcome::invalid, "missing '|' to close the '|' opened at column 1", 3},
        // a function without parentheses is refused with them shown
        {"-cos(x)", "sin x", Outcome::invalid,
         "function 'sin' at column 1 needs its argument in parentheses: write sin(x)", 1},
        {"x ln(x) - x", "ln x + 1", Outcome::invalid,
         "function 'log' at column 1 needs its argument in parentheses: write log(x)", 1},
        {"sin(x)^2", "2 sin x cos x", Outcome::invalid,
         "function 'sin' at column 3 needs its argument in parentheses: write sin(x)", 3},
        // sin^2 x is (sin x)^2 as textbooks write it: refused like sin x, the power shown
        {"x/2 - sin(2x)/4", "sin^2 x", Outcome::invalid,
         "function 'sin' at column 1 needs its argument in parentheses: write sin(x)^2", 1},
        {"x/2 - sin(2x)/4", "sin² x", Outcome::invalid,
         "function 'sin' at column 1 needs its argument in parentheses: write sin(x)^2", 1},
        {"tanh(x)", "1 - tanh^2 x", Outcome::invalid,
         "function 'tanh' at column 5 needs its argument in parentheses: write tanh(x)^2", 5},
        {"sigmoid(x)", "σ(x) - σ^2 x", Outcome::invalid,
         "function 'σ' at column 8 needs its argument in parentheses: write σ(x)^2", 8},
        {"x/2 - sin(2x)/4", "2sin^2x", Outcome::invalid,
         "function 'sin' at column 2 needs its argument in parentheses: write sin(x)^2", 2},
        {"x/2 - sin(2x)/4", "sin^2 x^2", Outcome::invalid,
         "function 'sin' at column 1 needs its argument in parentheses: write sin(...)^2", 1},
        {"x/2 - sin(2x)/4", "sin^2(x)", Outcome::correct, "correct"},
        {"x/2 - sin(2x)/4", "sin^2 (x)", Outcome::correct, "correct"},
        // what is asked, before the answer
        {"x^2", "f'(x) = 2x", Outcome::correct, "correct"},
        {"x^2", "dy/dx = 2x", Outcome::correct, "correct"},
        {"x^2", "= 2x", Outcome::correct, "correct"},
        {"x^2", "\\frac{dy}{dx} = 2x", Outcome::correct, "correct"},
        {"x^2 y", "\\frac{\\partial f}{\\partial x} = 2x y", Outcome::correct, "correct", 0, {},
         {"x"}},
        {"x^2", "\\frac{dy}{dq} = 2x", Outcome::invalid,
         "'\\frac{dy}{dq} =' before the answer does not name the derivative asked (q is not a "
         "variable of this question): write only the expression",
         1},
        // the derivative operator as LaTeX writes it is d/dx, never the letters d and dx
        {"x^3", "\\frac{d}{dx}\\left(x^{3}\\right)", Outcome::correct, "correct"},
        {"x^3", "\\frac{d}{dx} x^3", Outcome::invalid,
         "write the expression to differentiate in parentheses after d/dx at column 1", 1},
        {"x^2 y", "∂f/∂x = 2x y", Outcome::correct, "correct", 0, {}, {"x"}},
        {"x^2", "dy/dq = 2x", Outcome::invalid,
         "'dy/dq =' before the answer does not name the derivative asked (q is not a variable "
         "of this question): write only the expression",
         1},
        {"x^2", "y = 2x", Outcome::invalid,
         "'y =' before the answer does not name the derivative asked: write only the expression",
         1},
        // a derivative inside the answer
        {"sigmoid(sigmoid(x))", "sigmoid'(sigmoid(x)) sigmoid'(x)", Outcome::invalid,
         "a derivative written with a prime at column 8 cannot be checked: write the derivative "
         "out, e.g. σ(z)(1 − σ(z))",
         8},
        // decimal comma, full-width characters
        {"3.5x", "3,5", Outcome::invalid,
         "unexpected ',' at column 2: did you mean 3.5? (the decimal point is '.')", 2},
        {"x^2", "２ｘ", Outcome::correct, "correct"},
    });
}

TEST_CASE("piecewise without an otherwise value is undefined where no condition holds",
          "[answer-language]") {
    check_answers({
        // undefined at the isolated point x = 0 only: equal almost everywhere
        {"relu(x)", "piecewise(x > 0, 1, x < 0, 0)", Outcome::correct, "correct"},
        {"relu(x)", "piecewise(x < 0, 0, x > 0, 1)", Outcome::correct, "correct"},
        {"relu(x)", "piecewise(x > 0, 1, x <= 0, 0)", Outcome::correct, "correct"},
        {"abs(x)", "piecewise(x > 0, 1, x < 0, -1)", Outcome::correct, "correct"},
        // a different value where a condition holds
        {"relu(x)", "piecewise(x > 0, 2, x < 0, 0)", Outcome::incorrect,
         "differs at x = 2.25: expected 1, the answer gives 2"},
        {"relu(x)", "piecewise(x > 0, 1, x < 0, 1)", Outcome::incorrect,
         "differs at x = -1.75: expected 0, the answer gives 1"},
        // undefined on a region where the derivative is defined: the domain differs
        {"relu(x)", "piecewise(x > 0, 1)", Outcome::incorrect,
         "the domain differs: at x = -1.75 the answer is undefined but the expected value is 0, "
         "and so on a whole region around it"},
        {"relu(x)", "piecewise(x > 1, 1, x < 0, 0)", Outcome::incorrect,
         "the domain differs: at x = 0.75 the answer is undefined but the expected value is 1, "
         "and so on a whole region around it"},
        {"relu(x)", "piecewise(2 > 3, 1)", Outcome::invalid,
         "piecewise at column 1 is undefined everywhere: none of its conditions holds", 1},
    });
    // an instructor's function defined on x > 0 only: its derivative is too
    check_answers({
        {"piecewise(x > 0, x^2)", "piecewise(x > 0, 2x)", Outcome::correct, "correct"},
        {"piecewise(x > 0, x^2)", "piecewise(x > 0, 2x, 0)", Outcome::incorrect,
         "the domain differs: at x = -1.75 the expected value is undefined but the answer is 0, "
         "and so on a whole region around it"},
    });
}

TEST_CASE("the activations of a network course differentiate as they should",
          "[answer-language]") {
    check_answers({
        {"softplus(x)", "sigmoid(x)", Outcome::correct, "correct"},
        {"swish(x)", "σ(x) + x σ(x)(1 − σ(x))", Outcome::correct, "correct"},
        {"silu(x)", "σ(x) + x σ(x)(1 − σ(x))", Outcome::correct, "correct"},
        {"swish(x, 2)", "σ(2x) + 2x σ(2x)(1 − σ(2x))", Outcome::correct, "correct"},
        {"elu(x)", "piecewise(x > 0, 1, e^x)", Outcome::correct, "correct"},
        {"elu(x, 0.5)", "piecewise(x > 0, 1, 0.5e^x)", Outcome::correct, "correct"},
        {"log_sigmoid(x)", "1 - sigmoid(x)", Outcome::correct, "correct"},
        {"softsign(x)", "1/(1 + |x|)^2", Outcome::correct, "correct"},
        {"sign(x) x^2", "2|x|", Outcome::correct, "correct"},
        {"sgn(x)", "0", Outcome::correct, "correct"},
        {"sigma(x)", "σ(x)(1 − σ(x))", Outcome::correct, "correct"},
        {"gelu_tanh(x)",
         "1/2 (1 + tanh(sqrt(2/pi)(x + 0.044715x^3))) + x/2 (1 - tanh(sqrt(2/pi)(x + "
         "0.044715x^3))^2) sqrt(2/pi)(1 + 3*0.044715x^2)",
         Outcome::correct, "correct"},
        {"selu(x)", "1.0507009873554804934193349852946 piecewise(x > 0, 1, "
                    "1.6732632423543772848170429916717 e^x)",
         Outcome::correct, "correct"},
    });
}

TEST_CASE("instructor inputs: an unknown function or word is an error, never letters",
          "[answer-language]") {
    QuestionText question;
    question.wrt = {"x"};
    question.function = "swishy(x)";
    CHECK(instructor_error(question) ==
          "in --function: unknown function 'swishy' at column 1: did you mean swish?");
    question.function = "foo(x)";
    CHECK(instructor_error(question) == "in --function: unknown function 'foo' at column 1: "
                                        "the functions are listed by chainrule check --help");
    question.function = "softplus(x)";
    CHECK(instructor_error(question).empty());
}

TEST_CASE("instructor inputs: a word of several letters is a declared name or an error",
          "[answer-language]") {
    struct InstructorCase {
        std::string function;
        std::vector<std::string> wrt, variables;
        std::string error; ///< "" when it reads
    };
    for (const auto& c : std::vector<InstructorCase>{
             {"x + softpuls", {"x"}, {},
              "in --function: 'softpuls' at column 5 is not a known name: did you mean "
              "softplus? (a function's argument goes in parentheses)"},
             {"sinx", {"x"}, {},
              "in --function: 'sinx' at column 1 is not a known name: did you mean sin(x)? (a "
              "function's argument goes in parentheses)"},
             {"sine", {"x"}, {},
              "in --function: 'sine' at column 1 is not a known name: did you mean sin? (a "
              "function's argument goes in parentheses)"},
             // runs of up to three letters were read as products; now only of declared names
             {"2yz", {"x"}, {},
              "in --function: 'yz' at column 2 is not a known name: write y*z for a product, or "
              "declare the names as variables (--vars)"},
             {"dx", {"x"}, {},
              "in --function: 'dx' at column 1 is not a known name: write d*x for a product, or "
              "declare the names as variables (--vars)"},
             {"abc x", {"x"}, {},
              "in --function: 'abc' at column 1 is not a known name: did you mean abs? (a "
              "function's argument goes in parentheses)"},
             {"uvw x", {"x"}, {},
              "in --function: 'uvw' at column 1 is not a known name: write u*v*w for a "
              "product, or declare the names as variables (--vars)"},
             {"w1x1", {"w1"}, {},
              "in --function: 'w1x1' at column 1 is not a known name: write w1*x1 for a "
              "product, or declare the names as variables (--vars)"},
             // the --wrt variables and --vars are declared: their runs are products
             {"2yz", {"y", "z"}, {}, ""},
             {"w1x1", {"w1", "x1"}, {}, ""},
             {"3x^3z - y^2 + 5z + 2yz", {"x"}, {"x", "y", "z"}, ""},
             {"3x^3z - y^2 + 5z + 2yz", {"x"}, {},
              "in --function: 'yz' at column 21 is not a known name: write y*z for a product, or "
              "declare the names as variables (--vars)"},
             {"x + qq", {"x"}, {"x"}, "in --function: 'qq' is not one of the variables given with --vars"},
             // one-letter and subscripted names stay variables of their own without --vars
             {"a x + w1 + z_1", {"x"}, {}, ""},
         }) {
        INFO(c.function);
        QuestionText question;
        question.function = c.function;
        question.wrt = c.wrt;
        question.variables = c.variables;
        CHECK(instructor_error(question) == c.error);
    }
    // --expected and --let are read the same way
    QuestionText expected;
    expected.expected = "2xy";
    CHECK(instructor_error(expected) ==
          "in --expected: 'xy' at column 2 is not a known name: write x*y for a product, or "
          "declare the names as variables (--vars)");
    QuestionText let;
    let.function = "S1";
    let.wrt = {"z1"};
    let.lets = {"S1=softpuls(z1)"};
    CHECK(instructor_error(let) ==
          "in --let S1: unknown function 'softpuls' at column 1: did you mean softplus?");
}

TEST_CASE("the README's function list is the function table's", "[answer-language]") {
    std::ifstream file(std::string(CHAINRULE_SOURCE_DIR) + "/README.md");
    std::stringstream text;
    text << file.rdbuf();
    CHECK(text.str().find(function_list_text()) != std::string::npos);
    // and every name reads as its row
    for (const auto& row : function_table()) {
        CHECK(find_function(row.name) == &row);
        for (const auto& alias : row.aliases) CHECK(find_function(alias) == &row);
    }
}

TEST_CASE("the function table builds and guards every function", "[answer-language]") {
    // Each row is built by exactly one of its builders: from expressions, or from whole values
    // (piecewise, softmax, diff).
    for (const auto& row : function_table()) {
        INFO(row.name);
        bool whole = row.name == "piecewise" || row.name == "softmax" || row.name == "diff";
        CHECK((row.build == nullptr) == whole);
        CHECK((row.build_values != nullptr) == whole);
    }
    struct GuardCase {
        std::string name;
        GiNaC::ex argument;
        std::string refused; ///< "" when the argument is fine
    };
    const GiNaC::ex x = GiNaC::symbol("x");
    for (const auto& c : std::vector<GuardCase>{
             {"log", 0, ": the logarithm of 0 is undefined"},
             {"ln", 1, ""},
             {"log", x, ""},
             {"tan", GiNaC::Pi / 2, " is undefined: a division by zero"},
             {"sec", GiNaC::Pi / 2, " is undefined: a division by zero"},
             {"csc", 0, " is undefined: a division by zero"},
             {"cot", 0, " is undefined: a division by zero"},
             {"cot", GiNaC::Pi / 2, ""},
             {"csch", 0, " is undefined: a division by zero"},
             {"coth", 0, " is undefined: a division by zero"},
             {"sech", 0, ""},
             {"tan", x, ""},
         }) {
        INFO(c.name << "(" << c.argument << ")");
        const FunctionRow* row = find_function(c.name);
        REQUIRE(row != nullptr);
        REQUIRE(row->guard != nullptr);
        CHECK(row->guard({c.argument}) == c.refused);
    }
    CHECK(find_function("max")->build({1, 3, 2}) == 3);
    CHECK(find_function("min")->build({1, 3, 2}) == 1);
    CHECK(find_function("cot")->build({GiNaC::Pi / 2}) == 0);
}

TEST_CASE("readable but probably not meant: the standard reading, with a note",
          "[answer-language]") {
    struct NoteCase {
        std::string function, answer, note;
    };
    for (const auto& c : std::vector<NoteCase>{
             {"exp(2x)", "2e^2x", "read as (e^2)·x; for the power 2x write e^(2x)"},
             {"ln(x)/2", "1/2x", "read as (1/2)·x; to divide by 2x write 1/(2x)"},
             {"x^(3/2)*2/3", "x^1/2", "read as (x^1)/2; for the power 1/2 write x^(1/2)"},
             {"sqrt(x)/2 + 1", "1/4√x", "read as (1/4)·√x; to divide by 4√x write 1/(4√x)"},
         }) {
        INFO(c.answer);
        QuestionText question;
        question.function = c.function;
        question.wrt = {"x"};
        Verdict verdict = check_text(build_expectation(question), c.answer);
        CHECK(verdict.outcome == Outcome::incorrect);
        CHECK(std::find(verdict.notes.begin(), verdict.notes.end(), c.note) !=
              verdict.notes.end());
    }
    // no note when the other reading is wrong too
    QuestionText question;
    question.function = "x^3";
    question.wrt = {"x"};
    CHECK(check_text(build_expectation(question), "1/2x").notes.empty());
}
