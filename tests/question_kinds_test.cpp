// The kinds of question beyond "differentiate": the value of a derivative at a point (`at:`,
// `tolerance:`), foreseen mistakes that hold for some parameter values only (`where:` in a
// mistake), `allow_zero` in a spec entry; and validation that reports every error of a file
// in one run, with `generate` refusing what `validate` refuses.
#include "generator/problem_set_io.hpp"
#include "generator/render.hpp"
#include "generator/spec.hpp"
#include "generator/template.hpp"
#include "generator/validate.hpp"
#include "generator/variants.hpp"
#include "grading/problem_check.hpp"
#include "run_binary.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

using namespace chainrule;
using chainrule::test::run_binary;

namespace {

const std::string source_dir = CHAINRULE_SOURCE_DIR;

Problem first_variant(const std::string& text) {
    Template t = parse_template(text, "inline.yaml");
    return generate_variants(t, 1, 1).front();
}

ProblemResult answer(const Problem& p, const std::string& text) {
    SubmittedAnswer submitted;
    submitted.answer = text;
    return check_problem(p, submitted);
}

std::vector<std::string> messages(const std::string& text) {
    std::vector<std::string> out;
    try {
        parse_template(text, "inline.yaml");
    } catch (const TemplateError& e) {
        for (const auto& d : e.diagnostics())
            out.push_back(format_diagnostic(d));
    }
    return out;
}

bool any_contains(const std::vector<std::string>& messages, const std::string& text) {
    return std::any_of(messages.begin(), messages.end(),
                       [&](const std::string& m) { return m.find(text) != std::string::npos; });
}

// A folder of its own under the system's temporary folder, removed at the end.
struct TempFolder {
    std::filesystem::path path;
    explicit TempFolder(const std::string& name)
        : path(std::filesystem::temp_directory_path() / ("chainrule-" + name)) {
        std::filesystem::remove_all(path);
        std::filesystem::create_directories(path);
    }
    ~TempFolder() { std::filesystem::remove_all(path); }
    std::string write(const std::string& name, const std::string& text) const {
        std::ofstream(path / name) << text;
        return (path / name).string();
    }
};

const char* sigmoid_at_half = "id: inline\n"
                              "topic: Networks\n"
                              "title: Sigmoid slope\n"
                              "function: \"sigmoid(z)\"\n"
                              "variables: [z]\n"
                              "ask: derivative\n"
                              "at: {z: 0.5}\n";

} // namespace

TEST_CASE("at: the value of a derivative at a point, a number within the tolerance",
          "[question][at]") {
    Problem p = first_variant(sigmoid_at_half);
    REQUIRE(p.at.size() == 1);
    CHECK(p.prompt.unicode == "Let f(z) = σ(z). Find d/dz f(z). Give its value at z = 0.5: a "
                              "number, written exactly or as a decimal to 3 significant figures.");
    CHECK(p.prompt.latex.find("at $z = 0.5$") != std::string::npos);

    // σ'(0.5) = 0.2350037...
    ProblemResult r = answer(p, "0.235");
    CHECK(r.status == GradeStatus::correct);
    CHECK(r.message == "correct: within 3 significant figures of the value 0.2350037122 (off by "
                       "3.7e-06)");
    CHECK(answer(p, "sigmoid(0.5)*(1 - sigmoid(0.5))").status == GradeStatus::correct);
    CHECK(answer(p, "exp(-0.5)/(1 + exp(-0.5))^2").status == GradeStatus::correct);

    r = answer(p, "0.24");
    CHECK(r.status == GradeStatus::incorrect);
    CHECK(r.message == "incorrect: the answer agrees with the value to 2 significant figures; the "
                       "question asks for 3 significant figures");
    CHECK(r.score == 0);
    r = answer(p, "0.622");
    CHECK(r.message == "incorrect: the answer does not agree with the value to even one "
                       "significant figure; the question asks for 3 significant figures");

    r = answer(p, "sigmoid(z)*(1 - sigmoid(z))");
    CHECK(r.status == GradeStatus::incorrect);
    CHECK(r.message == "incorrect: the question asks for a number, the value at z = 0.5; the "
                       "answer still has z");
    CHECK(answer(p, "0.23 +").status == GradeStatus::invalid);
}

TEST_CASE("at: relative and absolute tolerances, and a gradient at a point", "[question][at]") {
    std::string relative = std::string(sigmoid_at_half) + "tolerance: {relative: 0.01}\n";
    Problem p = first_variant(relative);
    CHECK(p.prompt.plain.find("as a decimal with a relative error of at most 0.01") !=
          std::string::npos);
    CHECK(answer(p, "0.233").status == GradeStatus::correct);   // 0.85% off
    CHECK(answer(p, "0.2325").status == GradeStatus::incorrect); // 1.07% off

    std::string absolute = std::string(sigmoid_at_half) + "tolerance: {absolute: 0.001}\n";
    p = first_variant(absolute);
    CHECK(answer(p, "0.236").status == GradeStatus::correct);
    CHECK(answer(p, "0.2362").status == GradeStatus::incorrect);

    p = first_variant("id: inline\ntopic: T\ntitle: T\nfunction: \"x^2*y + 3*y\"\n"
                      "variables: [x, y]\nask: gradient\nat: {x: 1, y: -2}\n");
    CHECK(p.prompt.unicode.find("Give their values at x = 1 and y = −2: numbers") !=
          std::string::npos);
    // ∇f = [2xy, x² + 3] = [-4, 4] at (1, -2).
    CHECK(answer(p, "[-4, 4]").status == GradeStatus::correct);
    ProblemResult r = answer(p, "[-4, 5]");
    CHECK(r.status == GradeStatus::incorrect);
    CHECK(r.message == "incorrect: 1 of 2 values within 3 significant figures");
}

TEST_CASE("at: problem-set files carry the point and the tolerance", "[question][at]") {
    Problem p = first_variant(std::string(sigmoid_at_half) + "tolerance: {significant: 4}\n");
    p.id = "inline-1";
    p.number = 1;
    ProblemSet set;
    set.title = "At a point";
    set.problems.push_back(p);
    std::string yaml = render(set, Format::yaml, {true});
    CHECK(yaml.find("at: {z: 0.5}") != std::string::npos);
    CHECK(yaml.find("tolerance: significant 4") != std::string::npos);
    TempFolder folder("question-kinds-set");
    ProblemSet back = load_problem_set(folder.write("set.yaml", yaml));
    REQUIRE(back.problems.size() == 1);
    CHECK(answer(back.problems[0], "0.2350").status == GradeStatus::correct);
    CHECK(answer(back.problems[0], "0.235").status == GradeStatus::correct);
    CHECK(answer(back.problems[0], "0.2346").status == GradeStatus::incorrect);
    // The worked solution ends with the value at the point.
    std::string text = render(set, Format::text, {true});
    CHECK(text.find("(at z = 0.5; about 0.2350037)") != std::string::npos);
}

TEST_CASE("at: mistakes in the template are reported", "[question][at][validate]") {
    auto m = messages(std::string(sigmoid_at_half) + "tolerance: {signifcant: 3}\n");
    CHECK(any_contains(m, "inline.yaml:8:13: 'tolerance' is one of {significant: 3}, "
                          "{relative: 0.01} and {absolute: 0.001}; did you mean 'significant'?"));
    m = messages("id: inline\ntopic: T\ntitle: T\nfunction: \"x*y\"\nvariables: [x, y]\n"
                 "ask: partial\nwrt: x\nat: {x: 1}\n");
    CHECK(any_contains(m, "at: give a value for every variable: 'y' has none"));
    m = messages("id: inline\ntopic: T\ntitle: T\nfunction: \"x^2\"\nvariables: [x]\n"
                 "ask: derivative\nat: {q: 1}\n");
    CHECK(any_contains(m, "at: 'q' is not one of the variables (x)"));
}

TEST_CASE("a mistake with its own where: is foreseen only for those values", "[question]") {
    Template t = load_template(source_dir + "/templates/value-relu-prime.yaml");
    std::size_t off = 0, on = 0;
    for (const Problem& p : generate_variants(t, 3, 12)) {
        std::map<std::string, int> v;
        for (const auto& [name, value] : p.parameters)
            v[name] = std::stoi(value);
        int input = v["a"] * v["z0"] + v["b"];
        REQUIRE(p.mistakes.size() == 1);
        INFO(p.prompt.plain);
        if (input < 0) {
            ++off;
            CHECK(p.mistakes[0].answer == std::to_string(v["a"]).insert(0, v["a"] < 0 ? "(" : "")
                                              .append(v["a"] < 0 ? ")" : ""));
            ProblemResult r = answer(p, std::to_string(v["a"]));
            CHECK(r.status == GradeStatus::incorrect);
            REQUIRE(!r.diagnosis.empty());
            CHECK(r.diagnosis[0].message.find("the unit is off") != std::string::npos);
        } else {
            ++on;
            CHECK(p.mistakes[0].answer == "0");
        }
    }
    CHECK(off > 0);
    CHECK(on > 0);
    // Without the where:, a mistake that is right for some values is reported by validate.
    auto m = messages("id: inline\ntopic: T\ntitle: T\nparameters:\n  a: {int: [-2, 2]}\n"
                      "function: \"relu({a}*x) + x\"\nvariables: [x]\nask: derivative\n"
                      "mistakes:\n  - {answer: \"1\", feedback: \"f\", where: \"a >= 0\"}\n");
    CHECK(m.empty());
}

TEST_CASE("allow_zero and points in a spec entry", "[question][spec]") {
    TempFolder folder("question-kinds-spec");
    folder.write("flat.yaml", "id: flat\ntopic: T\ntitle: Flat\nparameters:\n  a: {int: [0, 3]}\n"
                              "function: \"{a}*x + x^2\"\nvariables: [x]\nask: derivative\n"
                              "at: {x: 0}\n");
    std::string spec = folder.write(
        "spec.yaml", "title: S\nseed: 1\ntemplate_dir: .\nproblems:\n"
                     "  - {template: flat, count: 4, allow_zero: true, points: 2.5}\n");
    ProblemSet set = generate_problem_set(load_spec(spec));
    REQUIRE(set.problems.size() == 4);
    bool zero = false;
    for (const auto& p : set.problems) {
        CHECK(p.points == 2.5);
        zero = zero || p.expected.entries[0].is_zero();
    }
    CHECK(zero); // a = 0: d/dx (x²) at 0 is 0, asked because the spec allows it
    // Without it, the zero variant is skipped and only 3 are left.
    std::string strict = folder.write("strict.yaml", "title: S\nseed: 1\ntemplate_dir: .\n"
                                                     "problems:\n  - {template: flat, count: 4}\n");
    CHECK_THROWS_WITH(generate_problem_set(load_spec(strict)),
                      Catch::Contains("cannot make variant 4"));
    std::string bad = folder.write("bad.yaml", "title: S\nseed: 1\ntemplate_dir: .\nproblems:\n"
                                               "  - {template: flat, allow_zero: maybe}\n");
    auto found = validate_file(bad);
    REQUIRE(found.size() == 1);
    CHECK(format_diagnostic(found[0]) ==
          bad + ":5:34: 'allow_zero' must be true or false");
}

TEST_CASE("validate reports every error of a template in one run", "[question][validate]") {
    auto m = messages("id: inline\ntopic: T\ntitle: [T]\nparameters:\n  a: {int: [2, 5]}\n"
                      "function: \"{a}*x^2\"\nvariables: [x]\nask: derivative\n"
                      "prompt: \"Use {nothing}.\"\n"
                      "mistakes:\n  - {answer: \"2*x +\", feedback: \"f\"}\n"
                      "  - {answer: \"q*x\", feedback: \"g\"}\n");
    CHECK(m.size() == 4);
    CHECK(any_contains(m, "inline.yaml:3:8: 'title' must be text"));
    CHECK(any_contains(m, "inline.yaml:11:20: mistake: unexpected end of input"));
    CHECK(any_contains(m, "inline.yaml:12:15: mistake: unknown name 'q'"));
    CHECK(any_contains(m, "inline.yaml:9:15: prompt: in placeholder {nothing}: 'nothing' is not a parameter"));
}

TEST_CASE("generate refuses what validate refuses", "[question][validate][cli]") {
    std::string file = source_dir + "/tests/fixtures/broken/correct-mistake.yaml";
    auto r = run_binary({"generate", "--template", file});
    CHECK(r.status == 2);
    CHECK(r.err.find("correct-mistake.yaml:10:14: this mistake is a correct answer") !=
          std::string::npos);
    CHECK(r.out.empty());
}
