// End-to-end tests of homework before it is handed in: `check --set` on one answer of a
// student's own variant, `answer` (the sheet and a blank submission), and `check --set
// --submission`, which must agree with `grade`.
#include "expr/printer.hpp"
#include "generator/spec.hpp"
#include "grading/homework.hpp"
#include "grading/submission.hpp"
#include "run_binary.hpp"
#include "temp_folder.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

using namespace chainrule;
using chainrule::test::run_binary;

namespace {

using chainrule::test::slurp;

namespace fs = std::filesystem;

// A small spec in a folder of its own, with the shipped templates.
struct HomeworkFixture {
    chainrule::test::TempFolder folder{"chainrule-homework"};
    std::string dir = folder.string();
    std::string spec;

    HomeworkFixture() {
        spec = dir + "/spec.yaml";
        std::ofstream(spec) << "title: Homework 1\nseed: 7\ntemplate_dir: " CHAINRULE_SOURCE_DIR
                               "/templates\nproblems:\n"
                               "  - {template: polynomial, points: 2}\n"
                               "  - {template: gradient, points: 3}\n"
                               "  - {template: chain-power, points: 2}\n"
                               "  - {template: max-zero, points: 1}\n";
    }

    // The student's own problem, as the generator gives it.
    Problem problem(const std::string& student, const std::string& id) const {
        ProblemSet set = generate_problem_set(load_spec(spec), student);
        return find_problem(set, id);
    }
};

// The expected answer of a problem in the answer language.
std::string right_answer(const Problem& p) {
    return print(p.expected);
}

} // namespace

TEST_CASE("check --set: one answer of a student's own variant", "[homework][e2e]") {
    HomeworkFixture f;
    Problem p = f.problem("alice", "polynomial-1");
    auto right = run_binary({"check", "--set", f.spec, "--student", "alice", "--problem",
                             "polynomial-1", "--answer", right_answer(p)});
    CHECK(right.status == 0);
    CHECK(right.out.rfind("4. ", 0) != 0);
    CHECK(right.out.find("Sum rule on a polynomial [polynomial-1]\n✓ correct  (2 / 2)") !=
          std::string::npos);

    // Another student's variant is another problem: alice's answer is wrong for bob, unless
    // the two variants happen to agree.
    Problem q = f.problem("bob", "polynomial-1");
    if (!q.expected.entries.front().is_equal(p.expected.entries.front())) {
        auto other = run_binary({"check", "--set", f.spec, "--student", "bob", "--problem",
                                 "polynomial-1", "--answer", right_answer(p)});
        CHECK(other.status == 1);
    }

    auto wrong = run_binary({"check", "--set", f.spec, "--student", "alice", "--problem",
                             "polynomial-1", "--answer", "6x", "--json"});
    CHECK(wrong.status == 1);
    auto json = nlohmann::ordered_json::parse(wrong.out);
    std::vector<std::string> keys;
    for (const auto& [key, value] : json.items())
        keys.push_back(key);
    CHECK(keys == std::vector<std::string>{"problem", "verdict", "score", "max_score", "message",
                                           "answer", "counterexample", "diagnosis", "parts",
                                           "steps", "first_wrong_step"});
    CHECK(json["verdict"] == "incorrect");
    CHECK(json["problem"] == "polynomial-1");
    CHECK(json["counterexample"].is_object());
    CHECK_FALSE(json["diagnosis"].empty());

    auto invalid = run_binary({"check", "--set", f.spec, "--student", "alice", "--problem",
                               "polynomial-1", "--answer", "6x +"});
    CHECK(invalid.status == 2);
    CHECK(invalid.out.find("! invalid") != std::string::npos);
    // A name the question does not have scores 0 as invalid, with the reason, not incorrect.
    auto foreign = run_binary({"check", "--set", f.spec, "--student", "alice", "--problem",
                               "polynomial-1", "--answer", "6X", "--json"});
    CHECK(foreign.status == 2);
    auto foreign_json = nlohmann::ordered_json::parse(foreign.out);
    CHECK(foreign_json["verdict"] == "invalid");
    CHECK(foreign_json["score"] == 0.0);
    CHECK(foreign_json["message"].get<std::string>().rfind(
              "'X' at column 2 is not a name of this question: did you mean 6x?", 0) == 0);

    // A vector answer: each entry judged, the wrong ones named.
    auto gradient = run_binary({"check", "--set", f.spec, "--student", "alice", "--problem",
                                "gradient-1", "--answer", "[1, 2, 3]", "--hint"});
    CHECK(gradient.status == 1);
    CHECK(gradient.out.find("3 of 3 entries are wrong") != std::string::npos);
    CHECK(gradient.out.find("hint: ∂f/∂x: next: ") != std::string::npos);
}

TEST_CASE("check --set: a derivation, and usage errors", "[homework][e2e]") {
    HomeworkFixture f;
    Problem p = f.problem("carol", "chain-power-1");
    std::string steps = f.dir + "/steps.txt";
    std::ofstream(steps) << "d/dx(" << print(p.function.scalar()) << ")\n"
                         << right_answer(p) << "\n";
    auto run = run_binary({"check", "--set", f.spec, "--student", "carol", "--problem",
                           "chain-power-1", "--steps", steps});
    CHECK(run.status == 0);
    CHECK(run.out.find("✓ 1. d/dx(") != std::string::npos);
    CHECK(run.out.find("✓ 2. ") != std::string::npos);

    std::ofstream(steps) << "d/dx(" << print(p.function.scalar()) << ")\n0\n";
    auto wrong = run_binary({"check", "--set", f.spec, "--student", "carol", "--problem",
                             "chain-power-1", "--steps", steps, "--json"});
    CHECK(wrong.status == 1);
    CHECK(nlohmann::json::parse(wrong.out)["first_wrong_step"] == 2);

    auto unknown = run_binary({"check", "--set", f.spec, "--student", "carol", "--problem",
                               "polynomal-1", "--answer", "1"});
    CHECK(unknown.status == 2);
    CHECK(unknown.err.find("did you mean polynomial-1?") != std::string::npos);
    auto no_student =
        run_binary({"check", "--set", f.spec, "--problem", "polynomial-1", "--answer", "1"});
    CHECK(no_student.status == 2);
    auto mixed = run_binary({"check", "--set", f.spec, "--student", "carol", "--problem",
                             "polynomial-1", "--answer", "1", "--function", "x"});
    CHECK(mixed.status == 2);
    auto no_set =
        run_binary({"check", "--student", "carol", "-f", "x^2", "--wrt", "x", "--answer", "2x"});
    CHECK(no_set.status == 2);
}

TEST_CASE("answer writes the sheet and a blank submission that grading reads", "[homework][e2e]") {
    HomeworkFixture f;
    std::string blank = f.dir + "/blank.yaml";
    std::string sheet = f.dir + "/sheet.md";
    auto run =
        run_binary({"answer", f.spec, "--student", "dana", "-o", sheet, "--submission", blank});
    REQUIRE(run.status == 0);
    CHECK(run.out.empty());
    // The sheet is the student's own variant, as `generate --student` renders it.
    auto generated = run_binary({"generate", f.spec, "--student", "dana", "--format", "md"});
    CHECK(slurp(sheet) == generated.out);

    Submission submission = load_submission(blank);
    CHECK(submission.error.empty());
    CHECK(submission.student == "dana");
    CHECK(submission.spec == "Homework 1");
    CHECK(submission.answers.empty()); // every answer blank
    CHECK(submission.warnings.empty());
    std::string text = slurp(blank);
    CHECK(text.find("  polynomial-1:\n") != std::string::npos);
    CHECK(text.find("#   chainrule check --set " + f.spec + " --submission " + blank + "\n") !=
          std::string::npos);
    CHECK(text.find("(a vector of 3 entries: [") != std::string::npos);

    // It is not overwritten: it may hold answers by now.
    auto again = run_binary({"answer", f.spec, "--student", "dana", "--submission", blank});
    CHECK(again.status == 2);
    CHECK(again.err.find("already exists") != std::string::npos);
    auto forced = run_binary({"answer", f.spec, "--student", "dana", "--submission", blank,
                              "--format", "tex", "--force"});
    CHECK(forced.status == 0);
    CHECK(forced.out.find("\\documentclass") != std::string::npos);
    auto text_sheet =
        run_binary({"answer", f.spec, "--student", "dana", "--submission", f.dir + "/other.yaml"});
    CHECK(text_sheet.out.find("Student: dana") != std::string::npos);
    auto bad_format = run_binary({"answer", f.spec, "--student", "dana", "--submission",
                                  f.dir + "/third.yaml", "--format", "json"});
    CHECK(bad_format.status == 2);
}

TEST_CASE("check --set --submission gives the verdicts and scores that grade gives",
          "[homework][e2e]") {
    HomeworkFixture f;
    std::string file = f.dir + "/erin.yaml";
    REQUIRE(run_binary({"answer", f.spec, "--student", "erin", "--submission", file}).status == 0);
    Problem poly = f.problem("erin", "polynomial-1");
    Problem chain = f.problem("erin", "chain-power-1");
    // Filled in: one right, one wrong, one derivation, one left blank.
    std::string text = slurp(file);
    auto fill = [&](const std::string& id, const std::string& value) {
        std::string key = "\n  " + id + ":\n";
        text.replace(text.find(key), key.size(), "\n  " + id + ": " + value + "\n");
    };
    fill("polynomial-1", "\"" + right_answer(poly) + "\"");
    fill("gradient-1", "\"[1, 2, 3]\"");
    fill("chain-power-1", "\n    steps:\n      - \"d/dx(" + print(chain.function.scalar()) +
                              ")\"\n      - \"" + right_answer(chain) + "\"");
    std::ofstream(file) << text;

    auto checked = run_binary({"check", "--set", f.spec, "--submission", file, "--json"});
    CHECK(checked.status == 1); // not all correct
    auto row = nlohmann::json::parse(checked.out);
    CHECK(row["status"] == "graded");

    std::string out = f.dir + "/graded";
    auto graded = run_binary({"grade", f.spec, file, "--out", out, "--quiet", "-j", "1"});
    REQUIRE(graded.status == 0);
    auto report = nlohmann::json::parse(slurp(out + "/report.json"));
    REQUIRE(report["students"].size() == 1);
    const auto& grade_row = report["students"][0];
    CHECK(row["score"] == grade_row["score"]);
    CHECK(row["max_score"] == grade_row["max_score"]);
    CHECK(row["problems"] == grade_row["problems"]); // every verdict, score and message
    CHECK(row["problems"][0]["verdict"] == "correct");
    CHECK(row["problems"][1]["verdict"] == "incorrect");
    CHECK(row["problems"][2]["verdict"] == "correct");
    CHECK(row["problems"][3]["verdict"] == "missing");

    auto as_text = run_binary({"check", "--set", f.spec, "--submission", file});
    CHECK(as_text.status == 1);
    CHECK(as_text.out.find("Student: erin · Homework 1") != std::string::npos);
    CHECK(as_text.out.find("· missing") != std::string::npos);
    CHECK(as_text.out.find("total: ") != std::string::npos);

    // All right: exit 0.
    Problem grad = f.problem("erin", "gradient-1");
    Problem kink = f.problem("erin", "max-zero-1");
    std::string right_text = text;
    std::string key = "  gradient-1: \"[1, 2, 3]\"\n";
    right_text.replace(right_text.find(key), key.size(),
                       "  gradient-1: \"" + print(grad.expected) + "\"\n");
    key = "\n  max-zero-1:\n";
    right_text.replace(right_text.find(key), key.size(),
                       "\n  max-zero-1: \"" + print(kink.expected) + "\"\n");
    std::ofstream(file) << right_text;
    auto all_right = run_binary({"check", "--set", f.spec, "--submission", file});
    CHECK(all_right.status == 0);

    // Another student's file, or a broken one: exit 2.
    auto other = run_binary({"check", "--set", f.spec, "--submission", file, "--student", "fay"});
    CHECK(other.status == 2);
    std::ofstream(f.dir + "/broken.yaml") << "student: [\n";
    auto broken = run_binary({"check", "--set", f.spec, "--submission", f.dir + "/broken.yaml"});
    CHECK(broken.status == 2);
    auto with_answer =
        run_binary({"check", "--set", f.spec, "--submission", file, "--answer", "1"});
    CHECK(with_answer.status == 2);
}
