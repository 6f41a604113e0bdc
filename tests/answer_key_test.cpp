// Answer keys are written as the notes write them, with the problem's named values
// (S1(1 − S1), −S1·S2, y(1 − y)), and every key, so written, is graded correct for its problem.
#include "expr/printer.hpp"
#include "generator/matrix_solution.hpp"
#include "generator/matrix_template.hpp"
#include "generator/problem_set_io.hpp"
#include "generator/render.hpp"
#include "generator/spec.hpp"
#include "generator/template.hpp"
#include "generator/variants.hpp"
#include "grading/problem_check.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <string>

using namespace chainrule;

namespace {

const std::string templates = std::string(CHAINRULE_SOURCE_DIR) + "/templates";

std::string answer_key(const std::string& template_id, std::uint64_t seed) {
    Spec spec = spec_for_template(templates + "/" + template_id + ".yaml", 1, seed);
    return render(generate_problem_set(spec), Format::text, {true});
}

} // namespace

TEST_CASE("answer keys use the named values of the notes", "[generator][solution]") {
    std::string softmax = answer_key("softmax-jacobian", 5);
    CHECK(softmax.find("= S1(1 − S1)\n") != std::string::npos);
    CHECK(softmax.find("= −S1·S2\n") != std::string::npos);
    std::string neuron = answer_key("neuron-sigmoid", 5);
    CHECK(neuron.find("∂y/∂b = y(1 − y)\n") != std::string::npos);
    // An inner sum or a loss is not named back: −2y(1 − y)(y − 1) is not written −2Ly.
    std::string loss = answer_key("loss-squared-error", 5);
    CHECK(loss.find("L/∂w = −y(y − 1)²\n") != std::string::npos);
}

TEST_CASE("every template's answer key is graded correct", "[generator][solution]") {
    for (const auto& file : std::filesystem::directory_iterator(templates)) {
        if (file.path().extension() != ".yaml") continue;
        Template t = load_template(file.path().string());
        if (t.matrix) {
            // A matrix question: its answer in the question's names, graded correct.
            std::size_t count =
                static_cast<std::size_t>(std::min<std::uint64_t>(combination_count(t), 6));
            for (const Problem& problem : generate_variants(t, 11, count)) {
                SubmittedAnswer submitted;
                submitted.answer = solve_matrix_problem(problem, Notation::plain).answer_value;
                INFO(problem.template_id << ": " << submitted.answer);
                ProblemResult result = check_problem(problem, submitted);
                CHECK(result.status == GradeStatus::correct);
                CHECK(result.score == result.max_score);
            }
            continue;
        }
        for (const Problem& problem : generate_variants(t, 11, 6)) {
            ProblemSet set;
            set.problems.push_back(problem);
            ExprValue key = solved_answer(problem, solve_all(set).front());
            SubmittedAnswer submitted;
            submitted.answer = print(key);
            INFO(problem.id << ": " << submitted.answer);
            CHECK(check_problem(problem, submitted).status == GradeStatus::correct);
        }
    }
}

TEST_CASE("a problem given with decimals is graded in its own terms", "[grading][solution]") {
    // The sheet says LeakyReLU(3z, 0.03): the feedback on a wrong answer says 0.03 too, not
    // 3/100, whether the problem comes from the template or from its problem-set file.
    Spec spec = spec_for_template(templates + "/activation-leaky-relu.yaml", 1, 3);
    ProblemSet generated = generate_problem_set(spec);
    ProblemSet reread = parse_problem_set(render(generated, Format::yaml), "set.yaml");
    for (const ProblemSet* set : {&generated, &reread}) {
        const Problem& problem = set->problems.at(0);
        SubmittedAnswer slope_one;
        slope_one.answer = "3";
        ProblemResult result = check_problem(problem, slope_one);
        CHECK(result.status == GradeStatus::incorrect);
        REQUIRE(!result.diagnosis.empty());
        CHECK(result.diagnosis.front().message ==
              "Leaky ReLU'(u) is 1 where u > 0 and 0.03 where u ≤ 0 (u = 3z), but the answer "
              "has slope 1 on both sides");
        SubmittedAnswer unchained;
        unchained.answer = "(z > 0) + 0.03*(z <= 0)";
        result = check_problem(problem, unchained);
        REQUIRE(!result.diagnosis.empty());
        CHECK(result.diagnosis.front().message ==
              "chain rule on LeakyReLU(3z, 0.03): the inner derivative of 3z, 3, is missing as "
              "a factor");
    }
    // A problem without decimals keeps its fractions.
    Spec fractions = spec_for_template(templates + "/monomial.yaml", 1, 3);
    ProblemSet monomial = generate_problem_set(fractions);
    CHECK(monomial.problems.at(0).written_function.empty());
}

TEST_CASE("decimals are shown as the instructor gave them", "[generator][solution]") {
    // Leaky ReLU with α = 0.03: every line and the answer keep 0.03, never 3/100 or 9/100.
    Spec spec = spec_for_template(templates + "/activation-leaky-relu.yaml", 1, 3);
    ProblemSet set = generate_problem_set(spec);
    std::string text = render(set, Format::text, {true});
    CHECK(text.find("   Answer: 3((3z > 0) + 0.03(3z ≤ 0))\n") != std::string::npos);
    CHECK(text.find("     d/dz(LeakyReLU(3z, 0.03))\n"
                    "     = ((3z > 0) + 0.03(3z ≤ 0))·d/dz(3z)   (chain rule, derivative of "
                    "leaky ReLU)\n") != std::string::npos);
    CHECK(text.find("/100") == std::string::npos);
    std::string key = render(set, Format::latex, {true});
    CHECK(key.find("Answer: $3 \\left(\\mathbb{1}\\left(3 z > 0\\right) + 0.03 "
                   "\\mathbb{1}\\left(3 z \\leq 0\\right)\\right)$") != std::string::npos);
    CHECK(key.find("\\frac{3}{100}") == std::string::npos);
    // The problem-set file keeps the decimal and its shown answer reads back.
    std::string yaml = render(set, Format::yaml, {true});
    CHECK(yaml.find("function: leaky_relu(3*z, 0.03)\n") != std::string::npos);
    CHECK(yaml.find("plain: 3*((3*z > 0) + 0.03*(3*z <= 0))\n") != std::string::npos);

    // GELU's 0.044715 stays itself (it was 8943/200000), 0.5·4 is written 2, and a number
    // times 0.044715 is the exact decimal it makes (16·0.044715 = 0.71544, 48·0.044715 =
    // 2.14632), in text and in LaTeX.
    std::string gelu = answer_key("activation-gelu", 3);
    CHECK(gelu.find("8943") == std::string::npos);
    CHECK(gelu.find("·0.") == std::string::npos);
    CHECK(gelu.find("     d/dx(2x(tanh(4(0.71544x³ + x)√2/√π) + 1))\n") != std::string::npos);
    CHECK(gelu.find("   Answer: 2(t − 4x(2.14632x² + 1)√2(t² − 1)/√π + 1)\n") != std::string::npos);
    std::string gelu_key =
        render(generate_problem_set(spec_for_template(templates + "/activation-gelu.yaml", 1, 3)),
               Format::latex, {true});
    CHECK(gelu_key.find("2.14632 x^{2}") != std::string::npos);
    CHECK(gelu_key.find("\\cdot 0.044715") == std::string::npos);
    // Leaky ReLU's 3·0.03 is 0.09.
    CHECK(text.find("     = 0.09(3z ≤ 0) + 3(3z > 0)   (power rule)\n") != std::string::npos);
    // A neuron's input 0.5 is 0.5, not 1/2.
    std::string neuron = answer_key("neuron-sigmoid", 3);
    CHECK(neuron.find("∂y/∂w1 = 0.5y(1 − y)\n") != std::string::npos);
    CHECK(neuron.find("= y(1 − y) · 0.5   (∂z/∂w1: sum rule)\n") != std::string::npos);
}

TEST_CASE("ELU is shown and worked out as ELU, and graded as before", "[generator][solution]") {
    // α = 0.5, inner 2z: the statement names ELU and the solution applies its rule with the
    // chain rule, never a product rule on the indicators of its written-out form.
    Spec spec = spec_for_template(templates + "/activation-elu.yaml", 1, 3);
    ProblemSet set = generate_problem_set(spec);
    std::string text = render(set, Format::text, {true});
    CHECK(text.find("ELU(2z, 0.5). Find d/dz f(z).\n") != std::string::npos);
    CHECK(text.find("   Answer: 2((2z > 0) + 0.5e^(2z)(2z ≤ 0))\n") != std::string::npos);
    CHECK(text.find("     d/dz(ELU(2z, 0.5))\n"
                    "     = (0.5(2z ≤ 0)e^(2z) + (2z > 0))·d/dz(2z)   (chain rule, derivative of "
                    "ELU)\n") != std::string::npos);
    CHECK(text.find("product rule") == std::string::npos);
    CHECK(text.find("(2z > 0) − 1") == std::string::npos);
    std::string key = render(set, Format::latex, {true});
    CHECK(key.find("\\operatorname{ELU}\\left(2 z, 0.5\\right)") != std::string::npos);
    // The problem-set file writes elu(...), and what is graded is ELU written out.
    std::string yaml = render(set, Format::yaml, {true});
    CHECK(yaml.find("function: elu(2*z, 0.5)\n") != std::string::npos);

    // Graded as the answer language reads it: right answers in any form, the template's
    // mistakes named where they hold.
    Template t = load_template(templates + "/activation-elu.yaml");
    std::size_t authored_seen = 0;
    for (const Problem& problem : generate_variants(t, 11, 9)) { // every variant
        std::string a, alpha;
        for (const auto& [name, value] : problem.parameters)
            (name == "a" ? a : alpha) = value;
        INFO(problem.id << ": a = " << a << ", alpha = " << alpha);
        auto grade = [&](const std::string& answer) {
            SubmittedAnswer submitted;
            submitted.answer = answer;
            return check_problem(problem, submitted);
        };
        for (const std::string& right :
             {"piecewise(z > 0, " + a + ", " + a + "*" + alpha + "*exp(" + a + "*z))",
              a + "*(z > 0) + " + a + "*" + alpha + "*exp(" + a + "*z)*(z <= 0)",
              "diff(elu(" + a + "*z, " + alpha + "), z)"}) {
            INFO(right);
            CHECK(grade(right).status == GradeStatus::correct);
        }
        ProblemResult relu = grade(a + "*(z > 0)");
        CHECK(relu.status == GradeStatus::incorrect);
        REQUIRE(!relu.diagnosis.empty());
        CHECK(relu.diagnosis.front().id == "authored");
        CHECK(relu.diagnosis.front().message.find("That is the ReLU derivative.") !=
              std::string::npos);
        ProblemResult unchained =
            grade("piecewise(z > 0, " + a + ", " + alpha + "*exp(" + a + "*z))");
        CHECK(unchained.status == (a == "1" ? GradeStatus::correct : GradeStatus::incorrect));
        if (a != "1") {
            REQUIRE(!unchained.diagnosis.empty());
            CHECK(unchained.diagnosis.front().id == "authored");
            CHECK(unchained.diagnosis.front().message.find("Both pieces need the chain rule") !=
                  std::string::npos);
            ++authored_seen;
        }
    }
    CHECK(authored_seen > 0);
}

TEST_CASE("a value at a point is written in the notation of the lines", "[generator][solution]") {
    // z = −0.5 with the minus sign of the rest of the text (U+2212), math in LaTeX and
    // Markdown, and the point's name as the printers write it.
    Spec spec = spec_for_template(templates + "/value-tanh-prime.yaml", 1, 3);
    ProblemSet set = generate_problem_set(spec);
    std::string text = render(set, Format::text, {true});
    CHECK(text.find("     = 1 − tanh(−0.5)²   (at z = −0.5; about 0.7864477)\n") !=
          std::string::npos);
    CHECK(text.find("z = -") == std::string::npos);
    for (Format f : {Format::latex, Format::markdown}) {
        std::string key = render(set, f, {true});
        CHECK(key.find("\\text{(at $z = -0.5$; about $0.7864477$)}") != std::string::npos);
    }
    std::string sigmoid = answer_key("value-sigmoid-prime", 3);
    CHECK(sigmoid.find("     = σ(1)(1 − σ(1))   (at z = 1; about 0.1966119)\n") !=
          std::string::npos);
}
