// Derivatives with respect to a part of a chain (wrt: a1): backpropagation's upstream
// gradients, answered in the parts' names, graded, written to a problem-set file and read
// back; and the template errors of such a wrt.
#include "expr/errors.hpp"
#include "expr/printer.hpp"
#include "generator/hint.hpp"
#include "generator/problem_set_io.hpp"
#include "generator/problem_solution.hpp"
#include "generator/template.hpp"
#include "generator/variants.hpp"
#include "grading/problem_check.hpp"
#include "temp_folder.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <regex>
#include <string>

using namespace chainrule;

namespace {

const std::string source = CHAINRULE_SOURCE_DIR;
const std::string template_path = source + "/templates/network-upstream-gradients.yaml";

Problem first_variant() {
    Template t = load_template(template_path);
    return generate_variants(t, 1, 1).front();
}

SubmittedAnswer typed(const std::string& answer) {
    SubmittedAnswer submitted;
    submitted.answer = answer;
    return submitted;
}

// The target t of the variant, read from the loss as the question states it.
std::string target_of(const Problem& p) {
    std::smatch match;
    std::regex loss("L = \\(z2 ([-+]) (\\d+)\\)\\^2");
    REQUIRE(std::regex_search(p.prompt.plain, match, loss));
    return (match[1] == "-" ? "" : "-") + match[2].str();
}

} // namespace

TEST_CASE("wrt a part: the upstream gradients, graded in the parts' names",
          "[generator][grading][solution]") {
    Problem p = first_variant();
    REQUIRE(p.wrt == std::vector<std::string>{"z2", "a1", "z1"});
    std::string t = target_of(p);
    std::string delta = "2*(z2 - (" + t + "))";
    ProblemResult right =
        check_problem(p, typed("[" + delta + ", " + delta + "*w2, " + delta + "*w2*(z1 > 0)]"));
    CHECK(right.status == GradeStatus::correct);
    // Without the ReLU's slope: two entries of three, and the template's feedback.
    ProblemResult slip =
        check_problem(p, typed("[" + delta + ", " + delta + "*w2, " + delta + "*w2]"));
    CHECK(slip.status == GradeStatus::incorrect);
    CHECK(slip.score == Approx(2.0 / 3.0).margin(1e-3));
    bool authored = false;
    for (const auto& d : slip.diagnosis)
        authored = authored || d.message.find("The ReLU's slope is missing") != std::string::npos;
    CHECK(authored);
    // ∂L/∂a1 is not the derivative of L with respect to nothing: 0 is wrong.
    CHECK(check_problem(p, typed("[0, 0, 0]")).status == GradeStatus::incorrect);
}

TEST_CASE("wrt a part: the worked solution multiplies the local gradients down to the part",
          "[generator][solution]") {
    Problem p = first_variant();
    std::string t = target_of(p);
    auto solutions = solve_problem(p);
    REQUIRE(solutions.size() == 3);
    auto lines = render_solution(solutions[2].solution, Notation::unicode);
    std::string s = t.front() == '-' ? "+ " + t.substr(1) : "− " + t;
    std::vector<std::string> expected = {
        "∂L/∂z1",
        "= ∂L/∂z2 · ∂z2/∂a1 · ∂a1/∂z1   (chain rule: L ← z2 ← a1 ← z1)",
        "= δ · ∂z2/∂a1 · ∂a1/∂z1   (δ = ∂L/∂z2 = 2(z2 " + s + "): chain rule, power rule)",
        "= δ · w2 · ∂a1/∂z1   (∂z2/∂a1: sum rule)",
        "= δ · w2 · (z1 > 0)   (∂a1/∂z1: derivative of ReLU)",
        "= 2w2(z1 > 0)(z2 " + s + ")   (with δ = 2(z2 " + s + "))",
    };
    CHECK(lines == expected);
    auto first = render_solution(solutions[0].solution, Notation::unicode);
    CHECK(first ==
          std::vector<std::string>{"∂L/∂z2", "= 2(z2 " + s + ")   (chain rule, power rule)"});
}

TEST_CASE("wrt a part: the problem-set file reads back with the same expected answer",
          "[generator][io]") {
    Problem p = first_variant();
    p.id = "network-upstream-gradients-1";
    p.number = 1;
    ProblemSet set;
    set.title = "upstream";
    set.problems.push_back(p);
    std::string text = write_problem_set_yaml(set);
    ProblemSet back = parse_problem_set(text, "set.yaml");
    REQUIRE(back.problems.size() == 1);
    REQUIRE(back.problems[0].expected.entries.size() == 3);
    for (std::size_t i = 0; i < 3; ++i)
        CHECK(print(back.problems[0].expected.entries[i]) == print(p.expected.entries[i]));
}

TEST_CASE("wrt a part: the last part and an unknown name are errors naming the place",
          "[generator][template]") {
    chainrule::test::TempFolder folder("chainrule-upstream");
    std::ifstream in(template_path);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto with_wrt = [&](const std::string& wrt) {
        std::string changed = std::regex_replace(text, std::regex("wrt: \\[z2, a1, z1\\]"), wrt);
        std::string path = (folder.path() / "network-upstream-gradients.yaml").string();
        std::ofstream(path) << changed;
        try {
            Template t = load_template(path);
            generate_variants(t, 1, 1);
        } catch (const InputError& e) {
            return std::string(e.what());
        }
        return std::string();
    };
    CHECK_THAT(with_wrt("wrt: [z2, L]"),
               Catch::Contains("network-upstream-gradients.yaml:19:11: wrt: 'L' is the function "
                               "itself (the last part)"));
    CHECK_THAT(with_wrt("wrt: [z2, a2]"),
               Catch::Contains("19:11: wrt: 'a2' is not one of the variables (w1, b1, w2, b2) or "
                               "the parts; did you mean 'w2'?"));
}

TEST_CASE("hints walk a backpropagation line by line, then on to the next entry",
          "[generator][solution][hint]") {
    Template t = load_template(source + "/templates/network-two-layer.yaml");
    Problem p = generate_variants(t, 1, 1).front();
    auto solutions = solve_problem(p);
    HintCursor cursor;
    std::vector<std::string> hints;
    for (int i = 0; i < 6; ++i)
        hints.push_back(next_problem_hint(p, solutions, cursor));
    // Five lines of ∂L/∂w1 (its last, the product multiplied out, is left to the student),
    // each once, then ∂L/∂b1's first.
    CHECK_THAT(hints[0], Catch::StartsWith("∂L/∂w1: next: = ∂L/∂z2 · ∂z2/∂a1 · ∂a1/∂z1"));
    CHECK_THAT(hints[1], Catch::StartsWith("∂L/∂w1: next: = δ · ∂z2/∂a1"));
    CHECK_THAT(hints[4], Catch::StartsWith("∂L/∂w1: next: = δ · w2 · (z1 > 0) · "));
    CHECK_THAT(hints[5], Catch::StartsWith("∂L/∂b1: next: = ∂L/∂z2 · ∂z2/∂a1"));
    for (std::size_t i = 1; i < hints.size(); ++i)
        CHECK(hints[i] != hints[i - 1]);
}
