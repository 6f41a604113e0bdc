// Unit tests of grading/: checking and scoring one answer, submissions, the journal, reports.
#include "expr/printer.hpp"
#include "generator/spec.hpp"
#include "grading/grade_row.hpp"
#include "grading/journal.hpp"
#include "grading/problem_check.hpp"
#include "grading/reports.hpp"
#include "grading/submission.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>

using namespace chainrule;

namespace {

std::string temp_dir() {
    char pattern[] = "/tmp/chainrule-grading-XXXXXX";
    char* dir = mkdtemp(pattern);
    REQUIRE(dir != nullptr);
    return dir;
}

Spec small_spec(const std::string& dir) {
    std::ofstream(dir + "/spec.yaml") << "title: Small set\nseed: 42\ntemplate_dir: " CHAINRULE_SOURCE_DIR
                                         "/templates\nproblems:\n"
                                         "  - {template: polynomial, points: 2}\n"
                                         "  - {template: gradient, points: 3}\n"
                                         "  - {template: chain-power, points: 2}\n";
    return load_spec(dir + "/spec.yaml");
}

SubmittedAnswer answer(const std::string& text) {
    SubmittedAnswer a;
    a.answer = text;
    return a;
}

} // namespace

TEST_CASE("a right answer earns the problem's points, a wrong one none", "[grading]") {
    std::string dir = temp_dir();
    ProblemSet set = generate_problem_set(small_spec(dir), "alice");
    const Problem& polynomial = set.problems.at(0);
    ProblemResult right = check_problem(polynomial, answer(print(polynomial.expected)));
    CHECK(right.status == GradeStatus::correct);
    CHECK(right.score == 2);
    CHECK(right.max_score == 2);
    ProblemResult wrong = check_problem(polynomial, answer("0"));
    CHECK(wrong.status == GradeStatus::incorrect);
    CHECK(wrong.score == 0);
    CHECK(wrong.counterexample.has_value());
    CHECK_FALSE(wrong.diagnosis.empty());
    ProblemResult broken = check_problem(polynomial, answer("6x +"));
    CHECK(broken.status == GradeStatus::invalid);
    CHECK(broken.score == 0);
    std::filesystem::remove_all(dir);
}

TEST_CASE("a gradient shares its points across its entries", "[grading]") {
    std::string dir = temp_dir();
    ProblemSet set = generate_problem_set(small_spec(dir), "bob");
    const Problem& gradient = set.problems.at(1);
    REQUIRE(gradient.expected.entries.size() == 3);
    std::string text = "[" + print(gradient.expected.entries[0]) + ", " +
                       print(gradient.expected.entries[1]) + ", 0]";
    ProblemResult result = check_problem(gradient, answer(text));
    CHECK(result.status == GradeStatus::incorrect);
    CHECK(result.score == 2);
    REQUIRE(result.parts.size() == 3);
    CHECK(result.parts[0].score == 1);
    CHECK(result.parts[2].score == 0);
    // The wrong shape earns nothing.
    CHECK(check_problem(gradient, answer("[1, 2]")).score == 0);
    std::filesystem::remove_all(dir);
}

TEST_CASE("a derivation scores when every step is right and finished", "[grading]") {
    std::string dir = temp_dir();
    ProblemSet set = generate_problem_set(small_spec(dir), "carol");
    const Problem& chain = set.problems.at(2);
    SubmittedAnswer steps;
    steps.has_steps = true;
    steps.steps = {"d/dx(" + print(chain.function.scalar()) + ")", print(chain.expected)};
    ProblemResult result = check_problem(chain, steps);
    CHECK(result.status == GradeStatus::correct);
    CHECK(result.score == 2);
    CHECK(result.steps.size() == 2);
    steps.steps = {"d/dx(" + print(chain.function.scalar()) + ")", "0"};
    ProblemResult wrong = check_problem(chain, steps);
    CHECK(wrong.status != GradeStatus::correct);
    CHECK(wrong.score == 0);
    CHECK(wrong.first_wrong_step == std::optional<std::size_t>(2));
    std::filesystem::remove_all(dir);
}

TEST_CASE("submissions: answers, lists, steps and errors with file:line:column", "[grading]") {
    Submission s = parse_submission("student: alice\nspec: Small set\nanswers:\n"
                                    "  p-1: 6x + 5\n  p-2: [1, 2x]\n  p-3: {steps: [d/dx(x^2), 2x]}\n"
                                    "  p-4:\n  p-5: {what: 1}\nextra: 1\n",
                                    "alice.yaml");
    CHECK(s.error.empty());
    CHECK(s.student == "alice");
    CHECK(s.answers.at("p-1").answer == "6x + 5");
    CHECK(s.answers.at("p-2").answer == "[1, 2x]");
    CHECK(s.answers.at("p-3").has_steps);
    CHECK(s.answers.at("p-3").steps.size() == 2);
    CHECK(s.answers.count("p-4") == 0);
    CHECK_FALSE(s.answers.at("p-5").error.empty());
    REQUIRE(s.warnings.size() == 1);
    CHECK(s.warnings[0].find("alice.yaml:9:1") == 0);

    Submission bad = parse_submission("student: [x\n", "bad.yaml");
    CHECK(bad.error.find("bad.yaml:") == 0);
    Submission no_id = parse_submission("answers: {}\n", "x.json");
    CHECK(no_id.error.find("student id is missing") != std::string::npos);
    Submission json = parse_submission(R"({"student": "bo", "answers": {"p-1": "2x"}})", "b.json");
    CHECK(json.error.empty());
    CHECK(json.answers.at("p-1").answer == "2x");
}

TEST_CASE("submission files are found in folders, sorted, hidden ones skipped", "[grading]") {
    std::string dir = temp_dir();
    std::filesystem::create_directories(dir + "/b/.git");
    std::filesystem::create_directories(dir + "/a");
    std::ofstream(dir + "/b/s.yaml") << "x";
    std::ofstream(dir + "/a/s.json") << "x";
    std::ofstream(dir + "/a/notes.txt") << "x";
    std::ofstream(dir + "/b/.git/c.yaml") << "x";
    std::vector<std::string> files = find_submission_files({dir});
    REQUIRE(files.size() == 2);
    CHECK(files[0] == dir + "/a/s.json");
    CHECK(files[1] == dir + "/b/s.yaml");
    CHECK_THROWS_AS(find_submission_files({dir + "/none"}), InputError);
    std::ofstream(dir + "/big.yaml") << std::string(2000, '#');
    CHECK(load_submission(dir + "/big.yaml", 1000).error.find("over the limit") != std::string::npos);
    std::filesystem::remove_all(dir);
}

TEST_CASE("CSV cells cannot become formulas; XML text is escaped", "[grading]") {
    CHECK(csv_cell("=HYPERLINK(1)") == "'=HYPERLINK(1)");
    CHECK(csv_cell("+1") == "'+1");
    CHECK(csv_cell("-1") == "'-1");
    CHECK(csv_cell("@x") == "'@x");
    CHECK(csv_cell("a,b") == "\"a,b\"");
    CHECK(csv_cell("say \"hi\"") == "\"say \"\"hi\"\"\"");
    CHECK(csv_cell("alice") == "alice");
    CHECK(xml_escape("<a & 'b'>") == "&lt;a &amp; &apos;b&apos;&gt;");
    CHECK(xml_escape(std::string("a\x01") + "b").find('\x01') == std::string::npos);
}

TEST_CASE("the journal survives a torn last line and refuses another run's", "[grading]") {
    std::string dir = temp_dir();
    std::string path = dir + "/journal.jsonl";
    nlohmann::ordered_json header{{"run", 1}};
    {
        Journal journal(path, header, false);
        journal.append({{"key", "a"}, {"score", 1}}, nlohmann::ordered_json::object());
        journal.append({{"key", "b"}, {"score", 2}}, nlohmann::ordered_json::object());
    }
    std::ofstream(path, std::ios::app) << "{\"row\": {\"key\": \"c\"";
    {
        Journal journal(path, header, true);
        CHECK(journal.done().rows.size() == 2);
        journal.append({{"key", "c"}, {"score", 3}}, nlohmann::ordered_json::object());
    }
    JournalContents contents = read_journal(path);
    CHECK(contents.rows.size() == 3);
    CHECK(contents.rows.at("c")["score"] == 3);
    CHECK_THROWS_AS(Journal(path, nlohmann::ordered_json{{"run", 2}}, true), InputError);
    std::filesystem::remove_all(dir);
}
