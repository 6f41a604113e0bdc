// Unit tests of grading/: checking and scoring one answer, submissions, the journal, reports.
#include "expr/printer.hpp"
#include "generator/spec.hpp"
#include "grading/grade_row.hpp"
#include "grading/identity.hpp"
#include "grading/journal.hpp"
#include "grading/problem_check.hpp"
#include "grading/reports.hpp"
#include "grading/submission.hpp"
#include "temp_folder.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>

using namespace chainrule;

namespace {

Spec small_spec(const std::string& dir) {
    std::ofstream(dir + "/spec.yaml")
        << "title: Small set\nseed: 42\ntemplate_dir: " CHAINRULE_SOURCE_DIR
           "/templates\nproblems:\n"
           "  - {template: polynomial, points: 2}\n"
           "  - {template: gradient, points: 3}\n"
           "  - {template: chain-power, points: 2}\n";
    return load_spec(dir + "/spec.yaml");
}

std::string slurp_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

SubmittedAnswer answer(const std::string& text) {
    SubmittedAnswer a;
    a.answer = text;
    return a;
}

} // namespace

TEST_CASE("a right answer earns the problem's points, a wrong one none", "[grading]") {
    chainrule::test::TempFolder folder("chainrule-grading");
    std::string dir = folder.string();
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
}

TEST_CASE("a gradient shares its points across its entries", "[grading]") {
    chainrule::test::TempFolder folder("chainrule-grading");
    std::string dir = folder.string();
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
}

TEST_CASE("a derivation scores when every step is right and finished", "[grading]") {
    chainrule::test::TempFolder folder("chainrule-grading");
    std::string dir = folder.string();
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
}

TEST_CASE("submissions: answers, lists, steps and errors with file:line:column", "[grading]") {
    Submission s =
        parse_submission("student: alice\nspec: Small set\nanswers:\n"
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
    // Packed (as the grader keeps a class's submissions) and unpacked, the answers are the same.
    auto unpacked = unpack_answers(pack_answers(s.answers));
    REQUIRE(unpacked.size() == s.answers.size());
    for (const auto& [id, a] : s.answers) {
        const SubmittedAnswer& b = unpacked.at(id);
        CHECK(a.has_steps == b.has_steps);
        CHECK(a.answer == b.answer);
        CHECK(a.steps == b.steps);
        CHECK(a.error == b.error);
    }
    CHECK(unpack_answers(pack_answers({})).empty());
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
    chainrule::test::TempFolder folder("chainrule-grading");
    std::string dir = folder.string();
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
    CHECK(load_submission(dir + "/big.yaml", 1000).error.find("over the limit") !=
          std::string::npos);
}

TEST_CASE("the search for submissions says whom each path names, and what it passes over",
          "[grading][identity]") {
    chainrule::test::TempFolder folder("chainrule-grading");
    std::string dir = folder.string();
    std::filesystem::create_directories(dir + "/bob/week 1");
    std::ofstream(dir + "/bob/week 1/s.yaml") << "x";
    std::ofstream(dir + "/alice.yaml") << "x";
    std::ofstream(dir + "/notes.txt") << "x";
    std::filesystem::create_symlink(dir + "/alice.yaml", dir + "/bob/link.yaml");
    std::filesystem::create_directory_symlink(dir + "/bob", dir + "/carol");
    std::filesystem::create_symlink(dir + "/notes.txt", dir + "/link.txt"); // not a submission
    auto found = find_submissions({dir, dir + "/alice.yaml"});
    REQUIRE(found.size() == 4);
    CHECK(found[0].path == dir + "/alice.yaml");
    CHECK(found[0].identity == "alice"); // found in the folder: named by the file
    CHECK(found[0].skipped.empty());
    CHECK(found[1].path == dir + "/bob/link.yaml");
    CHECK(found[1].identity == "bob");
    CHECK(found[1].skipped == "a symbolic link: not followed");
    CHECK(found[2].path == dir + "/bob/week 1/s.yaml");
    CHECK(found[2].identity == "bob"); // the top folder, however deep
    CHECK(found[3].path == dir + "/carol");
    CHECK(found[3].identity == "carol");
    CHECK(found[3].skipped == "a symbolic link to a folder: not followed");
    // A file named on the command line names no one.
    auto named = find_submissions({dir + "/bob/week 1/s.yaml"});
    REQUIRE(named.size() == 1);
    CHECK(named[0].identity.empty());
}

TEST_CASE("row keys of files are unique, look-alike ids share a skeleton", "[grading][identity]") {
    CHECK(file_row_key("a/b.yaml") == "file:a/b.yaml");
    CHECK(file_row_key("a\x01.yaml") == "file:a<U+0001>.yaml");
    CHECK(file_row_key("a<U+0001>.yaml") == "file:a<U+003C>U+0001>.yaml");
    CHECK(file_row_key("b\xff.yaml") == "file:b<0xFF>.yaml");
    CHECK(file_row_key("b<0xFF>.yaml") == "file:b<U+003C>0xFF>.yaml");
    CHECK(id_skeleton("Alice") == "alice");
    CHECK(id_skeleton("\xd0\xb0lice") == "alice");        // Cyrillic а
    CHECK(id_skeleton("\xef\xbd\x81lice") == "alice");    // full-width a
    CHECK(id_skeleton("stu00010\xc2\xa0") == "stu00010"); // no-break space
    CHECK(id_skeleton("stu\xe2\x80\x8b"
                      "00010") == "stu00010"); // zero-width space
    CHECK(id_skeleton("bob") != id_skeleton("b0b"));
    auto groups = lookalike_groups({"alice", "bob", "\xd0\xb0lice", "carol", "Bob"});
    REQUIRE(groups.size() == 2);
    CHECK(groups[0] == std::vector<std::string>{"Bob", "bob"});
    CHECK(groups[1] == std::vector<std::string>{"alice", "\xd0\xb0lice"});
    CHECK(is_identity_problem("conflict"));
    CHECK_FALSE(is_identity_problem("unreadable"));
}

TEST_CASE("CSV cells cannot become formulas, XML text is escaped", "[grading]") {
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

namespace {

std::string row_json(const std::string& key, double score) {
    nlohmann::ordered_json row{
        {"key", key},         {"student", key},      {"source", nullptr},
        {"status", "graded"}, {"message", "graded"}, {"notes", nlohmann::ordered_json::array()},
        {"score", score},     {"max_score", 3.0},    {"problems", nlohmann::ordered_json::array()}};
    return row.dump();
}

// The rows of a store, in key order, as the reports read them.
std::vector<nlohmann::ordered_json> stored_rows(const RowStore& store) {
    std::vector<nlohmann::ordered_json> rows;
    store.for_each([&](const RowFacts&, const std::string& row, const std::string&) {
        rows.push_back(nlohmann::ordered_json::parse(row));
    });
    return rows;
}

} // namespace

TEST_CASE("the journal survives a torn last line and refuses another run's", "[grading]") {
    chainrule::test::TempFolder folder("chainrule-grading");
    std::string dir = folder.string();
    std::string path = dir + "/journal.jsonl";
    nlohmann::ordered_json header{{"run", 1}};
    {
        Journal journal(path, header, false);
        journal.append(row_json("a", 1), "{}");
        journal.append(row_json("b", 2), "{\"p-1\":1.5}");
    }
    std::ofstream(path, std::ios::app) << "{\"row\": {\"key\": \"c\"";
    {
        Journal journal(path, header, true);
        CHECK(journal.done().rows.size() == 2);
        journal.append(row_json("c", 3), "{}");
    }
    JournalContents contents = read_journal(path);
    REQUIRE(contents.rows.size() == 3);
    CHECK(contents.rows.at("c").facts.score == 3);
    CHECK(contents.rows.at("c").facts.graded);
    CHECK(contents.rows.at("b").times == "{\"p-1\":1.5}");
    // The rows are read back from where they are in the file.
    RowStore store(path);
    for (const auto& [key, row] : contents.rows) {
        CHECK(row.text.empty());
        store.add_at(key, row.offset, row.length, row.facts, row.times);
    }
    auto rows = stored_rows(store);
    REQUIRE(rows.size() == 3);
    CHECK(rows[0]["key"] == "a");
    CHECK(rows[2]["score"] == 3.0);
    CHECK_THROWS_AS(Journal(path, nlohmann::ordered_json{{"run", 2}}, true), InputError);
}

TEST_CASE("a journal line laid out otherwise is kept as text", "[grading]") {
    chainrule::test::TempFolder folder("chainrule-grading");
    std::string dir = folder.string();
    std::string path = dir + "/journal.jsonl";
    std::ofstream(path) << "{\"journal\": \"chainrule-grade-journal/1\", \"header\": {}}\n"
                        << "{\"times\": {}, \"row\": " << row_json("a", 1) << "}\n";
    JournalContents contents = read_journal(path);
    REQUIRE(contents.rows.size() == 1);
    CHECK(contents.rows.at("a").text == row_json("a", 1));
}

TEST_CASE("JSON text laid out as dump(indent) lays it out", "[grading]") {
    nlohmann::ordered_json value = nlohmann::ordered_json::parse(
        R"({"a": [], "b": {}, "c": [1, 2.5, -0.0, 1e-07, true, null, "x,y:{z}[w]\"\\"],)"
        R"( "d": {"e": {"f": [[], [{}], {"g": "\u0001é"}]}}, "h": 12345678901234567890})");
    for (int indent : {0, 2, 4}) {
        for (unsigned current : {0u, 4u}) {
            std::string expected = value.dump(indent);
            // dump() starts at the left margin: nested `current` deep, each line is indented.
            std::string nested;
            for (char c : expected) {
                nested += c;
                if (c == '\n') nested.append(current, ' ');
            }
            std::string out;
            pretty_json(value.dump(), static_cast<unsigned>(indent), current, out);
            CHECK(out == nested);
        }
    }
    CHECK(value.dump(-1) == nlohmann::ordered_json::parse(value.dump(2)).dump());
}

TEST_CASE("a graded row's text is the row as JSON, with its facts", "[grading]") {
    chainrule::test::TempFolder folder("chainrule-grading");
    std::string dir = folder.string();
    ProblemSet set = generate_problem_set(small_spec(dir), "alice");
    Submission submission = parse_submission(
        "student: alice\nanswers:\n  " + set.problems[0].id + ": \"" +
            print(set.problems[0].expected) + "\"\n  " + set.problems[1].id + ": \"[1, 2, 3]\"\n",
        "alice.yaml");
    std::vector<ProblemOutcome> outcomes;
    for (const auto& problem : set.problems)
        outcomes.push_back(problem_outcome(grade_problem(problem, submission)));
    outcomes.push_back(problem_outcome(error_result(set.problems[2], "time limit exceeded")));
    RowText row = graded_row_text("alice", submission, {"a note"}, outcomes);

    // The row as it would be built as JSON.
    nlohmann::ordered_json expected;
    expected["key"] = "alice";
    expected["student"] = "alice";
    expected["source"] = "alice.yaml";
    expected["status"] = "graded";
    expected["message"] = "graded; 1 answer could not be checked";
    expected["notes"] = {"a note"};
    double score = 0, max_score = 0;
    nlohmann::ordered_json problems = nlohmann::ordered_json::array();
    for (const auto& o : outcomes) {
        auto p = nlohmann::ordered_json::parse(o.json);
        score += p["score"].get<double>();
        max_score += p["max_score"].get<double>();
        problems.push_back(p);
    }
    expected["score"] = round_score(score);
    expected["max_score"] = round_score(max_score);
    expected["problems"] = problems;
    CHECK(row.text == expected.dump());

    RowFacts facts = row_facts(expected);
    CHECK(row.facts.graded == facts.graded);
    CHECK(row.facts.score == facts.score);
    CHECK(row.facts.max_score == facts.max_score);
    CHECK(row.facts.tests == 4);
    CHECK(row.facts.tests == facts.tests);
    CHECK(row.facts.failures == facts.failures);
    CHECK(row.facts.errors == 1);
    CHECK(row.facts.errors == facts.errors);
}

TEST_CASE("reports are streamed from the rows, a report is whole or absent", "[grading]") {
    chainrule::test::TempFolder folder("chainrule-grading");
    std::string dir = folder.string();
    ReportHead head;
    head.meta = {{"spec", {{"title", "T"}}}};
    head.problems = nlohmann::ordered_json::array();
    RowStore store;
    for (const char* key : {"b", "a"}) {
        auto row = nlohmann::ordered_json::parse(row_json(key, 1));
        store.add_text(key, row.dump(), row_facts(row), "");
    }
    write_reports(dir, head, store);
    auto report = nlohmann::ordered_json::parse(slurp_file(dir + "/report.json"));
    REQUIRE(report["students"].size() == 2);
    CHECK(report["students"][0]["key"] == "a");
    CHECK(report["totals"]["graded"] == 2);
    for (const char* f : {"report.json", "grades.csv", "junit.xml", "summary.md", "timings.md"})
        CHECK(std::filesystem::exists(dir + "/" + f));
    // Gradescope takes one row exactly: the other reports are written, results.json is not.
    CHECK_THROWS_AS(write_reports(dir, head, store, ReportFormats{true, false, false}), InputError);
    CHECK_FALSE(std::filesystem::exists(dir + "/results.json"));
    CHECK_FALSE(std::filesystem::exists(dir + "/results.json.tmp"));
    // An unreadable journal: nothing is left behind, not even a temporary file.
    std::string other = dir + "/other";
    std::filesystem::create_directories(other);
    RowStore missing(dir + "/no-such-journal");
    missing.add_at("a", 0, 10, RowFacts{}, "");
    CHECK_THROWS_AS(write_reports(other, head, missing), InputError);
    CHECK(std::filesystem::is_empty(other));
}
