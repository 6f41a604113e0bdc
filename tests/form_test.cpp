// Form requirements (simplified, expanded, factored): decided on the answer as typed, carried
// from templates and specs into problem sets, scored with the spec's form credit, and
// reported by `check --form` and `grade`.
#include "checker/question.hpp"
#include "expr/printer.hpp"
#include "generator/problem_set_io.hpp"
#include "generator/spec.hpp"
#include "generator/template.hpp"
#include "generator/validate.hpp"
#include "grading/problem_check.hpp"
#include "run_binary.hpp"
#include "temp_folder.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

using namespace chainrule;

namespace {

struct FormCase {
    const char* function; ///< differentiated with respect to x
    AnswerForm form;
    const char* answer; ///< a right answer
    bool satisfied;
    const char* reason; ///< a piece of the reason when not satisfied
};

Verdict check_with_form(const std::string& function, AnswerForm form, const std::string& answer) {
    QuestionText question;
    question.function = function;
    question.wrt = {"x"};
    Expectation expectation = build_expectation(question);
    expectation.form = form;
    return check_text(expectation, answer);
}

void write(const std::string& path, const std::string& text) {
    std::ofstream(path) << text;
}

std::vector<std::string> messages_of(const std::string& path) {
    std::vector<std::string> out;
    for (const auto& d : validate_file(path))
        out.push_back(format_diagnostic(d));
    return out;
}

bool any_contains(const std::vector<std::string>& messages, const std::string& text) {
    for (const auto& m : messages)
        if (m.find(text) != std::string::npos) return true;
    return false;
}

const char* cube_template = "id: cube\n"
                            "topic: Derivatives\n"
                            "title: A cube\n"
                            "parameters:\n"
                            "  a: {int: [1, 3]}\n"
                            "function: \"(x + {a})^3\"\n"
                            "variables: [x]\n"
                            "ask: derivative\n"
                            "form: expanded\n"
                            "points: 2\n";

// In dir: the cube template and a spec asking for it with form_credit 0.25 (of 2 points);
// bob's variant of it, (x + a)^3 with a its parameter.
Problem bobs_cube(const std::string& dir) {
    write(dir + "/cube.yaml", cube_template);
    write(dir + "/spec.yaml", "title: Forms\nseed: 7\ntemplate_dir: .\nproblems:\n"
                              "  - {template: cube, form_credit: 0.25}\n");
    return generate_problem_set(load_spec(dir + "/spec.yaml"), "bob").problems.at(0);
}

} // namespace

TEST_CASE("form requirements are decided on the answer as typed", "[form]") {
    using F = AnswerForm;
    const std::vector<FormCase> cases = {
        // expanded
        {"(x+1)^3", F::expanded, "3x^2 + 6x + 3", true, ""},
        {"(x+1)^3", F::expanded, "3(x+1)^2", false, "power of a sum"},
        {"(x+1)^3", F::expanded, "3(x+1)(x+1)", false, "left to multiply out"},
        {"x^2 + 2x", F::expanded, "2(x + 1)", false, "«2·(x + 1)» is a product with the sum"},
        {"x^2 + 2x", F::expanded, "2x + 2", true, ""},
        {"-x^2 - 2x", F::expanded, "-(2x + 2)", false, "negative of a sum"},
        {"ln(x + 1)", F::expanded, "1/(x + 1)", true, ""},    // dividing by a sum is allowed
        {"x^2/2 + x/2", F::expanded, "(2x + 1)/2", true, ""}, // one sum over a number
        {"exp(x^2 + 2x)", F::expanded, "(2x + 2) exp(x^2 + 2x)", false, "left to multiply out"},
        // factored
        {"(x+1)^3", F::factored, "3(x+1)^2", true, ""},
        {"(x+1)^3", F::factored, "3x^2 + 6x + 3", false, "can be factored further: «3(x + 1)²»"},
        {"x^3 + x^2", F::factored, "x(3x + 2)", true, ""},
        {"x^3 + x^2", F::factored, "3x^2 + 2x", false, "«x(3x + 2)»"},
        {"3x^2 + 5x", F::factored, "6x + 5", true, ""},            // nothing to take out
        {"3x^2 + 6x", F::factored, "6x + 6", false, "«6(x + 1)»"}, // a common factor 6
        {"x exp(x)", F::factored, "x exp(x) + exp(x)", false, "can be factored further"},
        {"x exp(x)", F::factored, "(x + 1) exp(x)", true, ""},
        {"x^2 (x+1)^2", F::factored, "2x(x + 1)(2x + 1)", true, ""},
        // Too large to factor in bounded time (factor() would take minutes): not judged. The
        // bound is a degree of 32 in a variable, and 2,000 terms once multiplied out.
        {"x^2 (x+1)^20", F::factored, "2x(x+1)^20 + 20x^2(x+1)^19", false,
         "can be factored further"},
        {"x^2 (x+1)^40", F::factored, "2x(x+1)^40 + 40x^2(x+1)^39", true, ""},
        {"x^2 + 2x + (x+1)^2000", F::factored, "2x + 2 + 2000(x+1)^1999", true, ""},
        {"x^2 + (x+1)^3000 (x+2)^3000", F::factored,
         "2x + 3000(x+1)^2999 (x+2)^3000 + 3000(x+1)^3000 (x+2)^2999", true, ""},
        // simplified
        {"3x^2 + 5x", F::simplified, "6x + 5", true, ""},
        {"x^2 + x^2", F::simplified, "2x + 2x", false, "«2·x» and «2·x» are like terms"},
        {"5x^2", F::simplified, "3x·2 + 2·2x", false, ""},
        {"x^2 + 3x", F::simplified, "2x^1 + 3", false, "«x^1» is a power with exponent 1"},
        {"x^2 + 3x", F::simplified, "2x + 1*3", false, "has a factor 1"},
        {"x^2 + 3x", F::simplified, "0 + 2x + 3", false, "has a term 0"},
        {"x^2 + 3x", F::simplified, "d/dx(x^2) + 3", false,
         "«d/dx(x^2)» is a derivative left "
         "unevaluated"},
        {"x^3", F::simplified, "3x x", false, "twice"},
        {"x^3", F::simplified, "2*3/2 x^2", false, "numbers left to multiply"},
        {"sigmoid(x)", F::simplified, "sigmoid(x)(1 - sigmoid(x))", true, ""},
        {"exp(2x)", F::simplified, "2exp(x + x)", false, "like terms"}, // inside an argument too
    };
    for (const auto& c : cases) {
        INFO(c.function << " as " << to_string(c.form) << ": " << c.answer);
        Verdict verdict = check_with_form(c.function, c.form, c.answer);
        REQUIRE(verdict.outcome == Outcome::correct);
        REQUIRE(verdict.form.has_value());
        CHECK(verdict.form->required == c.form);
        CHECK(verdict.form->satisfied == c.satisfied);
        if (!c.satisfied) {
            CHECK(verdict.form->reason.find(c.reason) != std::string::npos);
            CHECK(verdict.message.rfind(std::string("equivalent, but the answer must be ") +
                                            to_string(c.form) + ": ",
                                        0) == 0);
        } else {
            CHECK(verdict.message == "correct");
        }
    }
}

TEST_CASE("a wrong answer is wrong whatever its form, and needs no form verdict", "[form]") {
    Verdict verdict = check_with_form("(x+1)^3", AnswerForm::expanded, "3(x+1)");
    CHECK(verdict.outcome == Outcome::incorrect);
    CHECK_FALSE(verdict.form.has_value());
    Verdict vector = check_with_form("x^2", AnswerForm::none, "2x");
    CHECK_FALSE(vector.form.has_value());
}

TEST_CASE("vector answers are in a form when every entry is", "[form]") {
    QuestionText question;
    question.function = "x^2 y^2";
    question.wrt = {"x", "y"};
    Expectation expectation = build_expectation(question);
    expectation.form = AnswerForm::expanded;
    Verdict good = check_text(expectation, "[2x y^2, 2x^2 y]");
    REQUIRE(good.form.has_value());
    CHECK(good.form->satisfied);
    Verdict bad = check_text(expectation, "[2x y^2, (x + x) x y]");
    REQUIRE(bad.form.has_value());
    CHECK_FALSE(bad.form->satisfied);
    CHECK(bad.form->reason.rfind("entry [2]: ", 0) == 0);
}

TEST_CASE("templates and specs: form, form_credit and step_credit are validated",
          "[form][validate]") {
    chainrule::test::TempFolder folder("chainrule-form");
    std::string dir = folder.string();
    write(dir + "/cube.yaml", cube_template);
    CHECK(messages_of(dir + "/cube.yaml").empty());
    Template t = load_template(dir + "/cube.yaml");
    CHECK(t.required_form == AnswerForm::expanded);
    CHECK_FALSE(t.form.has_value());

    std::string typo = cube_template;
    typo.replace(typo.find("form: expanded"), 14, "form: expaned");
    std::filesystem::create_directories(dir + "/typo");
    write(dir + "/typo/cube.yaml", typo + "form_credit: 2\n");
    auto m = messages_of(dir + "/typo/cube.yaml");
    CHECK(any_contains(m, "cube.yaml:9:7: unknown form 'expaned'; did you mean 'expanded'?"));
    CHECK(any_contains(m, "cube.yaml:11:14: 'form_credit' must be a share of the points from 0 "
                          "to 1"));

    // A sentence is a requirement for people: shown, not checked.
    std::string prose = cube_template;
    prose.replace(prose.find("form: expanded"), 14, "form: \"in terms of x\"");
    write(dir + "/prose.yaml", "id: prose\n" + prose.substr(prose.find('\n') + 1));
    Template p = load_template(dir + "/prose.yaml");
    CHECK(p.required_form == AnswerForm::none);
    REQUIRE(p.form.has_value());
    CHECK(p.form->text == "in terms of x");

    write(dir + "/spec.yaml", "title: Forms\nseed: 7\ntemplate_dir: .\nproblems:\n"
                              "  - {template: cube, form: factord, step_credit: maybe}\n");
    m = messages_of(dir + "/spec.yaml");
    CHECK(any_contains(m, "spec.yaml:5:28: unknown form 'factord'; did you mean 'factored'?"));
    CHECK(any_contains(m, "'step_credit' must be a share of the points"));
    write(dir + "/spec2.yaml", "title: Forms\nseed: 7\ntemplate_dir: .\nproblems:\n"
                               "  - {template: cube, from: factored}\n");
    CHECK(any_contains(messages_of(dir + "/spec2.yaml"),
                       "problem: unknown key 'from'; did you mean 'form'?"));
}

TEST_CASE("a spec entry overrides the template's form and credits, the problem set keeps them",
          "[form][spec][io]") {
    chainrule::test::TempFolder folder("chainrule-form");
    std::string dir = folder.string();
    write(dir + "/cube.yaml", cube_template);
    write(dir + "/spec.yaml", "title: Forms\nseed: 7\ntemplate_dir: .\nproblems:\n"
                              "  - {template: cube}\n"
                              "  - {template: cube, form: factored, form_credit: 0.25, "
                              "step_credit: 0.5}\n"
                              "  - {template: cube, form: none}\n");
    ProblemSet set = generate_problem_set(load_spec(dir + "/spec.yaml"), "alice");
    REQUIRE(set.problems.size() == 3);
    CHECK(set.problems[0].required_form == AnswerForm::expanded);
    CHECK(set.problems[0].form == "expanded");
    CHECK(set.problems[0].form_credit == 0.5); // the default
    CHECK(set.problems[1].required_form == AnswerForm::factored);
    CHECK(set.problems[1].form_credit == 0.25);
    CHECK(set.problems[1].step_credit == 0.5);
    CHECK(set.problems[2].required_form == AnswerForm::none);
    CHECK(set.problems[2].form.empty());

    std::string yaml = write_problem_set_yaml(set, {});
    CHECK(yaml.find("form: factored\n    form_credit: 0.25\n    step_credit: 0.5\n") !=
          std::string::npos);
    ProblemSet back = parse_problem_set(yaml, "set.yaml");
    REQUIRE(back.problems.size() == 3);
    for (std::size_t i = 0; i < 3; ++i) {
        CHECK(back.problems[i].required_form == set.problems[i].required_form);
        CHECK(back.problems[i].form_credit == set.problems[i].form_credit);
        CHECK(back.problems[i].step_credit == set.problems[i].step_credit);
    }
}

TEST_CASE("grading: a right answer in the wrong form earns form_credit of the points",
          "[form][grading]") {
    chainrule::test::TempFolder folder("chainrule-form");
    std::string dir = folder.string();
    const Problem cube = bobs_cube(dir);
    std::string a = cube.parameters.at(0).second; // (x + a)^3
    SubmittedAnswer factored;
    factored.answer = "3(x + " + a + ")^2";
    ProblemResult result = check_problem(cube, factored);
    CHECK(result.status == GradeStatus::correct);
    CHECK(result.score == 0.5); // 0.25 × 2 points
    CHECK(result.max_score == 2);
    REQUIRE(result.form.has_value());
    CHECK_FALSE(result.form->satisfied);
    CHECK(result.message.rfind("equivalent, but the answer must be expanded: ", 0) == 0);
    nlohmann::ordered_json j = problem_result_to_json(result);
    CHECK(j["form"]["required"] == "expanded");
    CHECK(j["form"]["satisfied"] == false);

    SubmittedAnswer expanded;
    expanded.answer = print(cube.expected.scalar().expand());
    ProblemResult full = check_problem(cube, expanded);
    CHECK(full.score == 2);
    REQUIRE(full.form.has_value());
    CHECK(full.form->satisfied);

    // A derivation whose last step is right but not expanded.
    SubmittedAnswer steps;
    steps.has_steps = true;
    steps.steps = {"d/dx((x + " + a + ")^3)", "3(x + " + a + ")^2"};
    ProblemResult derivation = check_problem(cube, steps);
    CHECK(derivation.status == GradeStatus::correct);
    CHECK(derivation.score == 0.5);
    CHECK(derivation.message.rfind("every step is right, but the answer must be expanded", 0) == 0);
}

TEST_CASE("check --form: right but in the wrong form exits 1 and says which form", "[form][cli]") {
    using chainrule::test::run_binary;
    auto r = run_binary(
        {"check", "-f", "(x+1)^3", "--wrt", "x", "--form", "expanded", "-a", "3(x+1)^2"});
    CHECK(r.status == 1);
    CHECK(r.out.rfind("~ equivalent, but not expanded", 0) == 0);
    CHECK(r.out.find("your answer: 3(x+1)^2\n") != std::string::npos);
    CHECK(r.out.find("equivalent, but the answer must be expanded: «(x + 1)^2» is a power of a "
                     "sum left to multiply out\n") != std::string::npos);

    r = run_binary({"check", "-f", "(x+1)^3", "--wrt", "x", "--form", "expanded", "-a",
                    "3x^2 + 6x + 3", "--json"});
    CHECK(r.status == 0);
    auto j = nlohmann::json::parse(r.out);
    CHECK(j["verdict"] == "correct");
    CHECK(j["form"] ==
          nlohmann::json{{"required", "expanded"}, {"satisfied", true}, {"reason", ""}});

    r = run_binary({"check", "-f", "(x+1)^3", "--wrt", "x", "--form", "expand", "-a", "3"});
    CHECK(r.status == 2);
    CHECK(r.err.find("--form must be simplified, expanded or factored, not 'expand'") !=
          std::string::npos);

    chainrule::test::RunOptions input;
    input.input = "d/dx(x^2 + 3x)\n2x^1 + 3\n";
    r = run_binary(
        {"check", "-f", "x^2 + 3x", "--wrt", "x", "--form", "simplified", "--steps", "-", "--json"},
        input);
    CHECK(r.status == 1);
    j = nlohmann::json::parse(r.out);
    CHECK(j["verdict"] == "correct");
    CHECK(j["form"]["satisfied"] == false);
    CHECK(j["right_share"] == 1);
}

TEST_CASE("check --set: a right answer in the wrong form does not pass (exit 1)",
          "[form][homework][e2e]") {
    chainrule::test::TempFolder folder("chainrule-form");
    std::string dir = folder.string();
    const Problem cube = bobs_cube(dir);
    std::string a = cube.parameters.at(0).second;
    std::string factored = "3(x + " + a + ")^2";
    std::string expanded = print(cube.expected.scalar().expand());

    auto one = chainrule::test::run_binary({"check", "--set", dir + "/spec.yaml", "--student",
                                            "bob", "--problem", cube.id, "--answer", factored});
    CHECK(one.status == 1);
    CHECK(one.out.find("~ right, but not in the form asked  (0.5 / 2)\n") != std::string::npos);
    CHECK(one.out.find("equivalent, but the answer must be expanded: ") != std::string::npos);
    auto right = chainrule::test::run_binary({"check", "--set", dir + "/spec.yaml", "--student",
                                              "bob", "--problem", cube.id, "--answer", expanded});
    CHECK(right.status == 0);

    // A whole submission: full marks only when every answer is right and in its form.
    write(dir + "/bob.yaml", "student: bob\nanswers:\n  " + cube.id + ": \"" + factored + "\"\n");
    auto whole = chainrule::test::run_binary(
        {"check", "--set", dir + "/spec.yaml", "--submission", dir + "/bob.yaml"});
    CHECK(whole.status == 1);
    CHECK(whole.out.find("~ right, but not in the form asked  (0.5 / 2)\n") != std::string::npos);
    CHECK(whole.out.find("equivalent, but the answer must be expanded: ") != std::string::npos);
    write(dir + "/bob.yaml", "student: bob\nanswers:\n  " + cube.id + ": \"" + expanded + "\"\n");
    whole = chainrule::test::run_binary(
        {"check", "--set", dir + "/spec.yaml", "--submission", dir + "/bob.yaml"});
    CHECK(whole.status == 0);
}

TEST_CASE("grade: a right answer in the wrong form is no pass in junit.xml, summary.md and "
          "Gradescope",
          "[form][grade][e2e]") {
    chainrule::test::TempFolder folder("chainrule-form");
    std::string dir = folder.string();
    const Problem cube = bobs_cube(dir);
    std::string a = cube.parameters.at(0).second;
    std::filesystem::create_directories(dir + "/class");
    write(dir + "/class/bob.yaml",
          "student: bob\nanswers:\n  " + cube.id + ": \"3(x + " + a + ")^2\"\n");
    auto run = chainrule::test::run_binary({"grade", dir + "/spec.yaml", dir + "/class", "--out",
                                            dir + "/out", "--quiet", "--format", "gradescope"});
    INFO(run.err);
    REQUIRE(run.status == 0);
    std::string junit = chainrule::test::slurp(dir + "/out/junit.xml");
    CHECK(junit.find("<failure type=\"wrong_form\" message=\"equivalent, but the answer must be "
                     "expanded") != std::string::npos);
    CHECK(junit.find("failures=\"1\"") != std::string::npos);
    std::string summary = chainrule::test::slurp(dir + "/out/summary.md");
    // Right but not in the form asked: no pass, counted as "wrong form".
    CHECK(summary.find("| " + cube.id + " | 2 | 0 | 1 | 0 | 0 | 0 | 0 | 0.0% | 0.5 |") !=
          std::string::npos);
    auto results = nlohmann::json::parse(chainrule::test::slurp(dir + "/out/results.json"));
    CHECK(results["tests"][0]["status"] == "failed");
    CHECK(results["tests"][0]["score"] == 0.5);
}
