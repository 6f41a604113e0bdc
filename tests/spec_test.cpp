// Problem sets: the course spec for many students, determinism, the golden file, and the
// renderings (YAML read back, JSON, Markdown, text).
#include "checker/differentiate.hpp"
#include "expr/printer.hpp"
#include "expr/symbols.hpp"
#include "generator/matrix_template.hpp"
#include "generator/problem_set_io.hpp"
#include "generator/render.hpp"
#include "generator/spec.hpp"
#include "generator/validate.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

using namespace chainrule;

namespace {

const std::string source_dir = CHAINRULE_SOURCE_DIR;
const std::string course = source_dir + "/problem_sets/course.yaml";
const std::string golden = source_dir + "/tests/golden/course_seed_20240917_student_golden.yaml";

const Spec& course_spec() {
    static const Spec spec = load_spec(course);
    return spec;
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream out;
    out << in.rdbuf();
    return out.str();
}

// Why a problem is degenerate, or "".
std::string degeneracy(const Problem& p) {
    // A ReLU unit's slope at a point where it is off is 0, and asked on purpose.
    bool allow_zero = p.template_id == "constant" || p.template_id == "value-relu-prime";
    if (allow_zero) return "";
    for (const auto& v : p.variables) {
        bool used = false;
        for (const auto& e : p.function.entries)
            used = used || e.has(variable(v));
        if (!used) return "does not depend on " + v;
    }
    for (const auto& e : p.expected.entries)
        if (e.is_zero() || GiNaC::normal(e).is_zero()) return "a derivative is 0";
    return "";
}

} // namespace

TEST_CASE("the course spec and the matrix spec cover every template", "[spec]") {
    CHECK(validate_file(course).empty());
    const Spec& spec = course_spec();
    std::set<std::string> ids;
    for (const auto& entry : spec.entries)
        ids.insert(entry.source->id);
    CHECK(ids.size() == spec.entries.size());
    // The matrix templates have their own spec, so that the course's sample class stays.
    const std::string matrix_path = source_dir + "/problem_sets/matrix.yaml";
    CHECK(validate_file(matrix_path).empty());
    Spec matrix = load_spec(matrix_path);
    for (const auto& entry : matrix.entries) {
        CHECK(entry.source->matrix != nullptr);
        CHECK(ids.insert(entry.source->id).second);
    }
    std::size_t templates = 0;
    for (const auto& entry : std::filesystem::directory_iterator(source_dir + "/templates"))
        if (entry.path().extension() == ".yaml") ++templates;
    CHECK(ids.size() == templates);
}

TEST_CASE("the course generates for 1,000 students, never degenerate or repeated", "[spec][slow]") {
    const Spec& spec = course_spec();
    std::set<std::string> first_prompts;
    for (int s = 0; s < 1000; ++s) {
        std::string student = "student-" + std::to_string(s);
        ProblemSet set = generate_problem_set(spec, student);
        REQUIRE(set.problems.size() == spec.entries.size());
        std::set<std::string> ids, questions;
        for (const auto& p : set.problems) {
            INFO(student << " " << p.id << ": " << p.prompt.plain);
            CHECK(ids.insert(p.id).second);
            CHECK(questions.insert(p.prompt.plain).second);
            CHECK(degeneracy(p).empty());
            CHECK(p.expected.entries.size() == p.labels.size());
        }
        first_prompts.insert(set.problems[3].prompt.plain);
    }
    // Students get different variants (the polynomial template has hundreds).
    CHECK(first_prompts.size() > 100);
}

TEST_CASE("a student's variant is derived stably from the seed and the id", "[spec]") {
    CHECK(student_seed(20240917, "") == 20240917);
    CHECK(student_seed(20240917, "alice") == student_seed(20240917, "alice"));
    CHECK(student_seed(20240917, "alice") != student_seed(20240917, "bob"));
    CHECK(student_seed(20240917, "alice") != student_seed(20240918, "alice"));
    // Pinned: a change here changes every student's problems, and grading would not
    // regenerate them.
    CHECK(student_seed(20240917, "alice") == 9942941984294062015ULL);
    CHECK_THROWS_AS(check_student_id(std::string("a\x01", 2)), InputError);
    CHECK_THROWS_AS(check_student_id(std::string(200, 'a')), InputError);
}

TEST_CASE("student ids: 1 to 128 printable characters, as the docs say", "[spec]") {
    auto refusal = [](const std::string& id) {
        try {
            check_student_id(id);
        } catch (const InputError& e) {
            return std::string(e.what());
        }
        return std::string();
    };
    CHECK(refusal("alice").empty());
    CHECK(refusal("smith, john").empty());        // a space inside is printable
    CHECK(refusal("zo\u00eb\U0001F600").empty()); // so are letters and emoji
    std::string e_acute;
    for (int i = 0; i < 128; ++i)
        e_acute += "\u00e9";
    CHECK(refusal(e_acute).empty()); // 128 characters, 256 bytes
    CHECK(refusal(e_acute + "e") == "the student id is too long (the limit is 128 characters)");
    CHECK(refusal("") == "the student id is empty");
    CHECK(refusal("   ") == "the student id is blank: '   '");
    CHECK(refusal(" alice") == "the student id starts or ends with a space: ' alice'");
    CHECK(refusal("stu00010\u00a0") ==
          "the student id has white space other than a space (U+00A0): 'stu00010\u00a0'");
    CHECK(refusal("a\tb") == "the student id has an invisible or control character: 'a<U+0009>b'");
    CHECK(refusal("al\u200bice") ==
          "the student id has an invisible or control character: 'al<U+200B>ice'");
    CHECK(refusal("x\uffff") ==
          "the student id has a character that is not printable (U+FFFF): 'x\uffff'");
    CHECK(refusal("x\ue000") ==
          "the student id has a character that is not printable (U+E000): 'x\ue000'");
    CHECK(refusal("x\xff") == "the student id is not valid UTF-8: 'x<0xFF>'");
}

TEST_CASE("generation is deterministic: twice the same bytes, and the golden file", "[spec]") {
    const Spec& spec = course_spec();
    for (const char* student : {"", "alice", "Zoë Ø'Brien"}) {
        INFO(student);
        std::string once = render(generate_problem_set(spec, student), Format::yaml);
        std::string twice = render(generate_problem_set(load_spec(course), student), Format::yaml);
        CHECK(once == twice);
        for (Format f : {Format::json, Format::markdown, Format::text, Format::latex})
            CHECK(render(generate_problem_set(spec, student), f) ==
                  render(generate_problem_set(spec, student), f));
    }
    std::string now = render(generate_problem_set(spec, "golden"), Format::yaml);
    if (std::getenv("CHAINRULE_UPDATE_GOLDEN")) {
        std::ofstream(golden, std::ios::binary) << now;
        WARN("golden file rewritten: " << golden);
    }
    std::string expected = read_file(golden);
    REQUIRE(!expected.empty());
    CHECK(now == expected); // CHAINRULE_UPDATE_GOLDEN=1 rewrites it after an intended change
}

TEST_CASE("the problem-set YAML reads back as it was written", "[spec][io]") {
    const Spec& spec = course_spec();
    for (const char* student : {"alice", "bob", "carol"}) {
        ProblemSet set = generate_problem_set(spec, student);
        std::string text = write_problem_set_yaml(set);
        ProblemSet back = parse_problem_set(text, "set.yaml");
        CHECK(back.title == set.title);
        CHECK(back.student == set.student);
        CHECK(back.seed == set.seed);
        CHECK(back.spec_seed == set.spec_seed);
        REQUIRE(back.problems.size() == set.problems.size());
        for (std::size_t i = 0; i < set.problems.size(); ++i) {
            const Problem& a = set.problems[i];
            const Problem& b = back.problems[i];
            INFO(a.id);
            CHECK(a.id == b.id);
            CHECK(a.ask == b.ask);
            CHECK(a.variables == b.variables);
            CHECK(a.wrt == b.wrt);
            CHECK(a.points == b.points);
            CHECK(a.prompt.latex == b.prompt.latex);
            CHECK(a.lets.size() == b.lets.size());
            CHECK(a.mistakes.size() == b.mistakes.size());
            CHECK(print(a.function, Notation::plain) == print(b.function, Notation::plain));
            CHECK(print(a.expected, Notation::plain) == print(b.expected, Notation::plain));
            CHECK(a.labels == b.labels);
        }
        // And writes back to the same bytes.
        CHECK(write_problem_set_yaml(back) == text);
    }
}

TEST_CASE("a broken problem set is reported at file:line:column", "[spec][io]") {
    ProblemSet set = generate_problem_set(course_spec(), "alice");
    std::string text = write_problem_set_yaml(set);
    std::string broken = text;
    std::size_t at = broken.find("function: ");
    REQUIRE(at != std::string::npos);
    broken.insert(at + 10, "(");
    try {
        parse_problem_set(broken, "set.yaml");
        FAIL("no error");
    } catch (const TemplateError& e) {
        std::string message = format_diagnostic(e.diagnostics().front());
        CHECK(message.rfind("set.yaml:", 0) == 0);
        CHECK(message.find("function:") != std::string::npos);
    }
    CHECK_THROWS_AS(parse_problem_set("format: other\ntitle: x\nproblems: []\n", "x.yaml"),
                    TemplateError);
}

TEST_CASE("JSON, Markdown and text renderings", "[spec][render]") {
    ProblemSet set = generate_problem_set(course_spec(), "alice");
    auto json = nlohmann::json::parse(render(set, Format::json, {true}));
    CHECK(json["format"] == problem_set_format);
    CHECK(json["student"] == "alice");
    REQUIRE(json["problems"].size() == set.problems.size());
    for (const auto& p : json["problems"]) {
        CHECK(p.contains("answer"));
        CHECK(!p["solution"].empty());
        CHECK(!p["prompt"]["latex"].get<std::string>().empty());
    }
    std::string md = render(set, Format::markdown, {true});
    std::string text = render(set, Format::text, {false});
    for (const auto& p : set.problems) {
        CHECK(md.find(p.title) != std::string::npos);
        CHECK(text.find("[" + p.id + "]") != std::string::npos);
    }
    CHECK(md.find("**Worked solution:**") != std::string::npos);
    CHECK(text.find("Worked solution") == std::string::npos);
    Format f;
    CHECK(format_for_path("out/set.tex", f));
    CHECK(f == Format::latex);
    CHECK(!format_for_path("out.d/set", f));
}

TEST_CASE("a template alone: --template with a count and a seed", "[spec]") {
    Spec spec = spec_for_template(source_dir + "/templates/monomial.yaml", 12, 5);
    ProblemSet set = generate_problem_set(spec);
    REQUIRE(set.problems.size() == 12);
    CHECK(set.problems.back().id == "monomial-12");
    std::set<std::string> prompts;
    for (const auto& p : set.problems)
        prompts.insert(p.prompt.plain);
    CHECK(prompts.size() == 12);
    // More than a template has: an error that names it.
    Spec small = spec_for_template(source_dir + "/templates/softmax-jacobian.yaml", 13, 5);
    try {
        generate_problem_set(small);
        FAIL("no error");
    } catch (const InputError& e) {
        CHECK(std::string(e.what()).find("softmax-jacobian") != std::string::npos);
    }
}

TEST_CASE("a class's sheets read on demand are the sheets read whole", "[spec]") {
    std::vector<ProblemSet> sheets;
    for (const char* student : {"alice", "bob", "carol"})
        sheets.push_back(generate_problem_set(course_spec(), student));
    const std::string text = write_class_problem_set_yaml(sheets);
    ProblemSetFile whole = parse_problem_set_file(text, "class.yaml");
    auto on_demand = SheetsOnDemand::open(text, "class.yaml");
    REQUIRE(on_demand);
    CHECK(on_demand->first().student == "alice");
    CHECK(on_demand->has("bob"));
    CHECK_FALSE(on_demand->has("dave"));
    for (std::size_t i = 0; i < whole.sheets.size(); ++i) {
        const ProblemSet& expected = whole.sheets[i];
        ProblemSet got = on_demand->sheet(expected.student);
        CHECK(write_problem_set_yaml(got) == write_problem_set_yaml(expected));
    }
    CHECK_THROWS_WITH(on_demand->sheet("dave"),
                      "the problem set class.yaml has no sheet for the student 'dave'");

    // A sheet that does not start with its student (edited by hand): read the file whole.
    std::string edited = text;
    std::size_t at = edited.find("student: bob\nseed: ");
    REQUIRE(at != std::string::npos);
    std::size_t seed_end = edited.find('\n', at + 13);
    std::string seed_line = edited.substr(at + 13, seed_end - (at + 13));
    edited.replace(at, seed_end - at, seed_line + "\nstudent: bob");
    CHECK(parse_problem_set_file(edited, "class.yaml").sheets.size() == 3);
    CHECK_FALSE(SheetsOnDemand::open(edited, "class.yaml"));
    // One sheet, not a class's: nothing to read on demand.
    CHECK_FALSE(SheetsOnDemand::open(write_problem_set_yaml(sheets.front()), "one.yaml"));
}
