// Derivations: the derivations of the course notes, with one error placed at each step in
// turn, have that step found as the first wrong one; partial credit for a late wrong step;
// the instructor's foreseen mistakes come before the built-in ones.
#include "checker/question.hpp"
#include "checker/steps.hpp"
#include "generator/spec.hpp"
#include "grading/problem_check.hpp"
#include "temp_folder.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

using namespace chainrule;

namespace {

/// A right derivation from the notes, and a plausible wrong version of each of its steps.
struct NotesDerivation {
    const char* function;
    const char* variable;
    std::vector<std::string> variables;                     ///< empty: those of the function
    std::vector<std::pair<std::string, std::string>> steps; ///< {right, wrong}
};

const std::vector<NotesDerivation>& notes_derivations() {
    static const std::vector<NotesDerivation> list = {
        // "Derivatives": f(x) = x.
        {"x",
         "x",
         {},
         {{"d/dx(x)", "d/dx(x^2)"},
          {"d/dx(x^1)", "d/dx(x^0)"},
          {"1*x^(1-1)", "1*x^(1+1)"},
          {"1*x^0", "1*x^1"},
          {"1*1", "1*0"},
          {"1", "x"}}},
        // f(x) = 3x^2 + 5x, the sum rule.
        {"3x^2 + 5x",
         "x",
         {},
         {{"d/dx(3x^2 + 5x)", "d/dx(3x^2 + 5)"},
          {"d/dx(3x^2) + d/dx(5x^1)", "d/dx(3x^2) + 5x"},
          {"3*d/dx(x^2) + 5*d/dx(x^1)", "3*d/dx(x^2) + d/dx(x^1)"},
          {"3*2x^(2-1) + 5*1x^(1-1)", "3*2x^(2+1) + 5*1x^(1-1)"},
          {"3*2x^1 + 5*x^0", "3*2x^2 + 5*x^0"},
          {"6x + 5", "6x"}}},
        // f(x) = 5x^5 + 4x^3 - 5.
        {"5x^5 + 4x^3 - 5",
         "x",
         {},
         {{"d/dx(5x^5 + 4x^3 - 5)", "d/dx(5x^5 + 4x^2 - 5)"},
          {"d/dx(5x^5) + d/dx(4x^3) - d/dx(5)", "d/dx(5x^5) + d/dx(4x^3) - 5"},
          {"5*d/dx(x^5) + 4*d/dx(x^3) - d/dx(5)", "5*d/dx(x^5) + d/dx(x^3) - d/dx(5)"},
          {"5*5x^(5-1) + 4*3x^(3-1) - 0", "5*5x^(5-1) + 4*3x^(3-1) - 5"},
          {"5*5x^4 + 4*3x^2", "5*5x^4 + 4*3x^3"},
          {"25x^4 + 12x^2", "25x^4 + 7x^2"}}},
        // "Partial derivatives": f(x, y) = 3x^3 - y^2 + 5x + 2, with respect to x.
        {"3x^3 - y^2 + 5x + 2",
         "x",
         {"x", "y"},
         {{"∂/∂x(3x^3 - y^2 + 5x + 2)", "∂/∂y(3x^3 - y^2 + 5x + 2)"},
          {"∂/∂x(3x^3) - ∂/∂x(y^2) + ∂/∂x(5x) + ∂/∂x(2)", "∂/∂x(3x^3) - y^2 + ∂/∂x(5x) + ∂/∂x(2)"},
          {"3*∂/∂x(x^3) - ∂/∂x(y^2) + 5*∂/∂x(x) + ∂/∂x(2)",
           "3*∂/∂x(x^3) - ∂/∂x(y^2) + 5*∂/∂x(x) + 2"},
          {"3*3x^2 - 0 + 5*1 + 0", "3*3x^2 - 2y + 5*1 + 0"},
          {"9x^2 + 5", "9x^2 + 5x"}}},
        // f(x, y) = x·y, with respect to y.
        {"x*y",
         "y",
         {"x", "y"},
         {{"∂/∂y(x*y)", "∂/∂y(x + y)"}, {"x*∂/∂y(y)", "y*∂/∂y(x)"}, {"x*1", "1"}, {"x", "y"}}},
        // f(x, y, z) = 3x^3 z - y^2 + 5z + 2yz, with respect to z.
        {"3x^3 z - y^2 + 5z + 2y z",
         "z",
         {"x", "y", "z"},
         {{"∂/∂z(3x^3 z - y^2 + 5z + 2y z)", "∂/∂z(3x^3 z - y^2 + 5z)"},
          {"∂/∂z(3x^3 z) - ∂/∂z(y^2) + ∂/∂z(5z) + ∂/∂z(2y z)",
           "∂/∂z(3x^3 z) - ∂/∂z(y^2) + ∂/∂z(5z) + 2y z"},
          {"3x^3*∂/∂z(z) - ∂/∂z(y^2) + 5*∂/∂z(z) + 2y*∂/∂z(z)",
           "3x^3*∂/∂z(z) - ∂/∂z(y^2) + 5*∂/∂z(z) + 2*∂/∂z(z)"},
          {"3x^3*1 - 0 + 5*1 + 2y*1", "3x^3*1 - 2y + 5*1 + 2y*1"},
          {"3x^3 + 5 + 2y", "3x^3 + 5"}}},
        // "The chain rule": the course's chain-power example.
        {"(3x + 1)^2",
         "x",
         {},
         {{"d/dx((3x + 1)^2)", "d/dx((3x + 1)^3)"},
          {"2(3x + 1)*d/dx(3x + 1)", "2(3x + 1)"},
          {"2(3x + 1)*3", "2(3x + 1)*3x"},
          {"18x + 6", "6x + 6"}}},
        // "Sigmoid": the quotient rule, then σ(z)(1 − σ(z)).
        {"1/(1 + e^(-z))",
         "z",
         {},
         {{"d/dz(1/(1 + e^(-z)))", "d/dz(1/(1 + e^z))"},
          {"e^(-z)/(1 + e^(-z))^2", "-e^(-z)/(1 + e^(-z))^2"},
          {"1/(1 + e^(-z)) * (1 + e^(-z) - 1)/(1 + e^(-z))",
           "1/(1 + e^(-z)) * (1 + e^(-z) + 1)/(1 + e^(-z))"},
          {"sigmoid(z)(1 - sigmoid(z))", "sigmoid(z)(1 + sigmoid(z))"}}},
        // "Tanh": the quotient rule, then 1 − tanh².
        {"(e^z - e^(-z))/(e^z + e^(-z))",
         "z",
         {},
         {{"d/dz((e^z - e^(-z))/(e^z + e^(-z)))", "d/dz((e^z + e^(-z))/(e^z - e^(-z)))"},
          {"((e^z + e^(-z))^2 - (e^z - e^(-z))^2)/(e^z + e^(-z))^2",
           "((e^z + e^(-z))^2 + (e^z - e^(-z))^2)/(e^z + e^(-z))^2"},
          {"1 - tanh(z)^2", "1 - tanh(z)"}}},
        // "Softmax": ∂S1/∂z1 for K = 2.
        {"e^z1/(e^z1 + e^z2)",
         "z1",
         {"z1", "z2"},
         {{"∂/∂z1(e^z1/(e^z1 + e^z2))", "∂/∂z2(e^z1/(e^z1 + e^z2))"},
          {"(e^z1 (e^z1 + e^z2) - e^z1 e^z1)/(e^z1 + e^z2)^2",
           "(e^z1 (e^z1 + e^z2) + e^z1 e^z1)/(e^z1 + e^z2)^2"},
          {"e^z1/(e^z1 + e^z2) * (e^z1 + e^z2 - e^z1)/(e^z1 + e^z2)",
           "e^z1/(e^z1 + e^z2) * (e^z1 + e^z2 - e^z2)/(e^z1 + e^z2)"}}},
    };
    return list;
}

struct Question {
    Expectation expectation;
    GiNaC::ex function;
};

Question question_of(const NotesDerivation& d) {
    QuestionText text;
    text.function = d.function;
    text.wrt = {d.variable};
    text.variables = d.variables;
    Question q{build_expectation(text), {}};
    q.function = q.expectation.function.scalar();
    return q;
}

// A template with fixed numbers, so that the tests know its answer: d/dx(3x^2 + 5x) = 6x + 5.
const char* sum_template = "id: sum\n"
                           "topic: Derivatives\n"
                           "title: The sum rule\n"
                           "function: \"3x^2 + 5x\"\n"
                           "variables: [x]\n"
                           "ask: derivative\n"
                           "points: 4\n"
                           "mistakes:\n"
                           "  - answer: \"6x\"\n"
                           "    feedback: \"Every term has a derivative: 5x too.\"\n"
                           "  - answer: \"6x + 1\"\n"
                           "    feedback: \"5x differentiates to 5, not 1.\"\n";

Problem sum_problem(const std::string& spec_extra) {
    chainrule::test::TempFolder folder("chainrule-steps");
    std::string dir = folder.string();
    std::ofstream(dir + "/sum.yaml") << sum_template;
    std::ofstream(dir + "/spec.yaml") << "title: Steps\nseed: 1\ntemplate_dir: .\nproblems:\n"
                                         "  - {template: sum" +
                                             spec_extra + "}\n";
    Problem p = generate_problem_set(load_spec(dir + "/spec.yaml")).problems.at(0);
    return p;
}

SubmittedAnswer steps_of(std::vector<std::string> steps) {
    SubmittedAnswer a;
    a.has_steps = true;
    a.steps = std::move(steps);
    return a;
}

} // namespace

TEST_CASE("the derivations of the notes are right as written", "[steps]") {
    for (const auto& d : notes_derivations()) {
        INFO(d.function);
        Question q = question_of(d);
        std::vector<std::string> steps;
        for (const auto& [right, wrong] : d.steps)
            steps.push_back(right);
        DerivationVerdict verdict = check_derivation(q.expectation, q.function, d.variable, steps);
        CHECK(verdict.outcome == Outcome::correct);
        CHECK_FALSE(verdict.first_wrong_step.has_value());
        CHECK(verdict.right_share == 1);
    }
}

TEST_CASE("one error placed at each step in turn: that step is the first wrong one", "[steps]") {
    for (const auto& d : notes_derivations()) {
        Question q = question_of(d);
        for (std::size_t i = 0; i < d.steps.size(); ++i) {
            std::vector<std::string> steps;
            for (std::size_t k = 0; k < d.steps.size(); ++k)
                steps.push_back(k == i ? d.steps[k].second : d.steps[k].first);
            INFO(d.function << ", wrong step " << i + 1 << ": " << steps[i]);
            DerivationVerdict verdict =
                check_derivation(q.expectation, q.function, d.variable, steps);
            CHECK(verdict.outcome == Outcome::incorrect);
            REQUIRE(verdict.first_wrong_step.has_value());
            CHECK(*verdict.first_wrong_step == i + 1);
            CHECK(verdict.message == "step " + std::to_string(i + 1) + " is the first wrong step");
            CHECK(verdict.steps[i].outcome == Outcome::incorrect);
            for (std::size_t k = 0; k < steps.size(); ++k)
                if (k != i) CHECK(verdict.steps[k].outcome == Outcome::correct);
        }
    }
}

TEST_CASE("right_share: the steps right before the first wrong one, repeats not counted",
          "[steps]") {
    Question q = question_of(notes_derivations()[1]); // 3x^2 + 5x
    auto share = [&](std::vector<std::string> steps) {
        return check_derivation(q.expectation, q.function, "x", steps).right_share;
    };
    // Steps 2 and 3 right, 4 wrong; the question restated (step 1) does not count.
    CHECK(share({"d/dx(3x^2 + 5x)", "d/dx(3x^2) + d/dx(5x)", "3*d/dx(x^2) + 5*d/dx(x)",
                 "3*2x + 5*0"}) == Approx(2.0 / 3));
    // Padding with the same step again earns nothing.
    CHECK(share({"d/dx(3x^2 + 5x)", "d/dx(3x^2 + 5x)", "d/dx(3x^2 + 5x)", "6x"}) == 0);
    CHECK(share({"d/dx(3x^2) + d/dx(5x)", "d/dx(3x^2) + d/dx(5x)", "6x"}) == Approx(0.5));
    // Unfinished: the missing end counts as one step.
    CHECK(share({"d/dx(3x^2 + 5x)", "d/dx(3x^2) + d/dx(5x)", "6x + d/dx(5x)"}) == Approx(2.0 / 3));
}

TEST_CASE("grading: step credit for a derivation right up to a late step", "[steps][grading]") {
    std::vector<std::string> late = {"d/dx(3x^2 + 5x)", "d/dx(3x^2) + d/dx(5x)",
                                     "3*d/dx(x^2) + 5*d/dx(x)", "3*2x + 5*0"};
    // Without step credit: nothing.
    ProblemResult none = check_problem(sum_problem(""), steps_of(late));
    CHECK(none.status == GradeStatus::incorrect);
    CHECK(none.score == 0);
    CHECK(none.first_wrong_step == 4u);
    // step_credit 0.5 × 4 points × 2/3 of the steps.
    ProblemResult half = check_problem(sum_problem(", step_credit: 0.5"), steps_of(late));
    CHECK(half.status == GradeStatus::incorrect);
    CHECK(half.score == Approx(1.3333));
    CHECK(half.max_score == 4);
    CHECK(half.message == "step 4 is the first wrong step (67% of the steps are right before it: "
                          "partial credit)");
    auto j = problem_result_to_json(half);
    CHECK(j["score"] == 1.3333);
    CHECK(j["max_score"] == 4);
    // step_credit: true is the whole share.
    ProblemResult whole = check_problem(sum_problem(", step_credit: true"), steps_of(late));
    CHECK(whole.score == Approx(2.6667));
    // A right derivation still earns all the points; a wrong first step none.
    CHECK(check_problem(sum_problem(", step_credit: 1"), steps_of({"d/dx(3x^2 + 5x)", "6x + 5"}))
              .score == 4);
    CHECK(check_problem(sum_problem(", step_credit: 1"), steps_of({"6x", "6x + 5"})).score == 0);
    // An answer (not a derivation) gets no step credit.
    SubmittedAnswer wrong;
    wrong.answer = "6x";
    CHECK(check_problem(sum_problem(", step_credit: 1"), wrong).score == 0);
}

TEST_CASE("the template's own mistakes come before the built-in diagnoses", "[steps][grading]") {
    Problem problem = sum_problem("");
    SubmittedAnswer dropped;
    dropped.answer = "6x";
    ProblemResult result = check_problem(problem, dropped);
    // One voice per slip: the instructor's words replace the engine's for the same slip,
    // whose id stays beside them.
    REQUIRE(result.diagnosis.size() == 1);
    CHECK(result.diagnosis[0].id == "authored");
    CHECK(result.diagnosis[0].message == "Every term has a derivative: 5x too.");
    CHECK(result.diagnosis[0].slips == std::vector<std::string>{"term_dropped"});
    REQUIRE(result.parts.size() == 1);
    REQUIRE_FALSE(result.parts[0].diagnosis.empty());
    CHECK(result.parts[0].diagnosis[0].id == "authored");

    // No built-in mistake explains 6x + 1, but "structure" would describe it: the
    // instructor's feedback replaces that fallback.
    SubmittedAnswer constant;
    constant.answer = "6x + 1";
    result = check_problem(problem, constant);
    REQUIRE_FALSE(result.diagnosis.empty());
    CHECK(result.diagnosis[0].id == "authored");
    CHECK(result.diagnosis[0].message == "5x differentiates to 5, not 1.");
    for (const auto& d : result.diagnosis)
        CHECK(d.id != "structure");

    // In a derivation, the first wrong step is matched against them too.
    result = check_problem(problem, steps_of({"d/dx(3x^2 + 5x)", "6x", "6x + 0"}));
    CHECK(result.first_wrong_step == 2u);
    REQUIRE_FALSE(result.diagnosis.empty());
    CHECK(result.diagnosis[0].id == "authored");
    CHECK(result.diagnosis[0].message == "Every term has a derivative: 5x too.");
    REQUIRE(result.steps.size() == 3);
    REQUIRE_FALSE(result.steps[1].diagnosis.empty());
    CHECK(result.steps[1].diagnosis[0].id == "authored");
    // The step says where; its one mistake line (above) says what, once.
    CHECK(result.steps[1].message ==
          "step 2 is wrong: «d/dx(3x² + 5x)» in step 1 became «6x», which is not equal to it");
    CHECK(result.steps[1].diagnosis.size() == 1);
}

TEST_CASE("an authored mistake explains the entry of a gradient it foresaw, whatever the other "
          "entries",
          "[steps][grading]") {
    chainrule::test::TempFolder folder("chainrule-steps");
    std::string dir = folder.string();
    std::ofstream(dir + "/grad.yaml")
        << "id: grad\ntopic: The Gradient\ntitle: A gradient\n"
           "function: \"3x^3 z - y^2 + 5z + 2y z\"\nvariables: [x, y, z]\nask: gradient\n"
           "mistakes:\n"
           "  - answer: \"[9x^2 z, -2y, 3x^3 + 5 + 2y]\"\n"
           "    feedback: \"2yz depends on y too: its partial in y is 2z.\"\n";
    std::ofstream(dir + "/spec.yaml")
        << "title: G\nseed: 1\ntemplate_dir: .\nproblems:\n  - {template: grad, points: 3}\n";
    Problem problem = generate_problem_set(load_spec(dir + "/spec.yaml")).problems.at(0);

    // Two slips: z lost in the first entry, and the foreseen one in the second.
    SubmittedAnswer answer;
    answer.answer = "[9x^2, -2y, 3x^3 + 5 + 2y]";
    ProblemResult result = check_problem(problem, answer);
    CHECK(result.status == GradeStatus::incorrect);
    CHECK(result.score == 1);
    REQUIRE(result.parts.size() == 3);
    CHECK(result.parts[0].outcome == Outcome::incorrect);
    for (const auto& d : result.parts[0].diagnosis)
        CHECK(d.id != "authored");
    REQUIRE_FALSE(result.parts[1].diagnosis.empty());
    CHECK(result.parts[1].diagnosis[0].id == "authored");
    CHECK(result.parts[1].diagnosis[0].message == "2yz depends on y too: its partial in y is 2z.");
    REQUIRE_FALSE(result.diagnosis.empty());
    CHECK(result.diagnosis[0].id == "authored");

    // The whole foreseen answer: the same feedback, once.
    answer.answer = "[9x^2 z, -2y, 3x^3 + 5 + 2y]";
    result = check_problem(problem, answer);
    REQUIRE_FALSE(result.diagnosis.empty());
    CHECK(result.diagnosis[0].id == "authored");
    CHECK(std::count_if(result.diagnosis.begin(), result.diagnosis.end(),
                        [](const Diagnosis& d) { return d.id == "authored"; }) == 1);
    for (const auto& part : result.parts)
        CHECK(part.diagnosis.empty());

    // The same entry, right: no authored feedback anywhere.
    answer.answer = "[9x^2, -2y + 2z, 3x^3 + 5 + 2y]";
    result = check_problem(problem, answer);
    for (const auto& d : result.diagnosis)
        CHECK(d.id != "authored");
}
