// End-to-end tests of frozen problem sets: the file `generate --format yaml|json` or `freeze`
// writes, graded as the students received it (grade, check --set, answer), a spec whose
// templates changed since refused unless --allow-changed-templates, and hostile set files.
#include "expr/printer.hpp"
#include "generator/spec.hpp"
#include "run_binary.hpp"
#include "temp_folder.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>

using namespace chainrule;
using chainrule::test::run_binary;
using chainrule::test::slurp;

namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

// The issue's scenario: a template whose parameter is a choice, and one that does not change.
const char* swish_template = R"yaml(id: swish-beta
topic: Networks
title: Swish with a slope
difficulty: 2
parameters:
  beta: {choice: [2, 3, 0.5]}
function: "z*sigmoid({beta}*z)"
variables: [z]
ask: derivative
prompt: "Use the product rule."
mistakes:
  - answer: "sigmoid({beta}*z)"
    feedback: "The product rule has two terms."
)yaml";

struct FrozenFixture {
    chainrule::test::TempFolder folder{"chainrule-frozen"};
    std::string dir = folder.string();
    std::string spec = dir + "/spec.yaml";
    std::string swish = dir + "/templates/swish-beta.yaml";
    std::string roster = dir + "/roster.txt";
    std::string set = dir + "/set.yaml";
    std::string submissions = dir + "/class";

    FrozenFixture() {
        fs::create_directories(dir + "/templates");
        std::ofstream(swish) << swish_template;
        fs::copy_file(CHAINRULE_SOURCE_DIR "/templates/monomial.yaml",
                      dir + "/templates/monomial.yaml");
        std::ofstream(spec) << "title: Homework 3\nseed: 11\ntemplate_dir: templates\nproblems:\n"
                               "  - {template: swish-beta, points: 3}\n"
                               "  - {template: monomial, points: 2}\n";
        std::ofstream(roster) << "alice\nbob\n";
    }

    // A submission with every answer right for the student's variant as the spec gives it now.
    void submit_right(const std::string& student) {
        ProblemSet sheet = generate_problem_set(load_spec(spec), student);
        fs::create_directories(submissions + "/" + student);
        std::ofstream out(submissions + "/" + student + "/submission.yaml");
        out << "student: " << student << "\nanswers:\n";
        for (const auto& p : sheet.problems)
            out << "  " << p.id << ": \"" << print(p.expected) << "\"\n";
    }

    // Reorders the choice, as the issue did: every variant's slope changes.
    void edit_template() const {
        std::string text = slurp(swish);
        std::string from = "[2, 3, 0.5]";
        text.replace(text.find(from), from.size(), "[0.5, 2, 3]");
        std::ofstream(swish) << text;
    }

    chainrule::test::RunResult grade(const std::string& source, const std::string& out,
                                     std::vector<std::string> extra = {}) const {
        std::vector<std::string> args{"grade", source, submissions, "-o", dir + "/" + out, "-q"};
        args.insert(args.end(), extra.begin(), extra.end());
        return run_binary(args);
    }

    std::string grades(const std::string& out) const {
        return slurp(dir + "/" + out + "/grades.csv");
    }
    json meta(const std::string& out) const {
        return json::parse(slurp(dir + "/" + out + "/report.json"))["meta"];
    }
};

const char* csv_head = "student,source,status,swish-beta-1,monomial-1,total,max_score\n";

} // namespace

TEST_CASE("frozen set: a template edited after the sheets went out", "[frozen][e2e]") {
    FrozenFixture f;
    REQUIRE(run_binary({"freeze", f.spec, "--roster", f.roster, "-o", f.set}).status == 0);
    f.submit_right("alice");
    auto first = f.grade(f.spec, "out");
    REQUIRE(first.status == 0);
    const std::string before = f.grades("out");
    CHECK(before == std::string(csv_head) + "alice," + f.submissions +
                        "/alice/submission.yaml,graded,3,2,5,5\n");

    f.edit_template();
    // Graded again from the spec: refused, the template named, the reports left as they were.
    auto refused = f.grade(f.spec, "out");
    CHECK(refused.status == 2);
    CHECK(refused.err.find("the templates changed since the run in " + f.dir +
                           "/out graded the spec spec.yaml: swish-beta.") != std::string::npos);
    CHECK(refused.err.find("--allow-changed-templates") != std::string::npos);
    CHECK(f.grades("out") == before);

    // Allowed: graded with the template as it is now (alice's slope changed), and recorded.
    auto allowed = f.grade(f.spec, "out", {"--allow-changed-templates"});
    CHECK(allowed.status == 0);
    CHECK(f.grades("out") == std::string(csv_head) + "alice," + f.submissions +
                                 "/alice/submission.yaml,graded,0,2,2,5\n");
    json meta = f.meta("out");
    CHECK(meta["options"]["allow_changed_templates"] == true);
    CHECK(meta["changed_templates"] == json::array({"swish-beta"}));
    CHECK(meta["frozen_set"].is_null());
    CHECK(meta["spec"]["file"] == "spec.yaml");

    // The frozen set: the sheets as the students received them, the original grade.
    auto frozen = f.grade(f.set, "frozen");
    CHECK(frozen.status == 0);
    CHECK(f.grades("frozen") == before);
    json frozen_meta = f.meta("frozen");
    CHECK(frozen_meta["frozen_set"]["file"] == "set.yaml");
    CHECK(frozen_meta["frozen_set"]["sheets"] == 2);
    CHECK(frozen_meta["frozen_set"]["spec"] == "spec.yaml");
    CHECK(frozen_meta["frozen_set"]["chainrule"] == chainrule_version());
    CHECK(frozen_meta["options"]["allow_changed_templates"] == false);
    CHECK(frozen_meta["spec"]["file"] == "set.yaml");
    // The templates as they were when the set was frozen, not as they are now.
    CHECK(frozen_meta["templates"] != meta["templates"]);
    // Then the spec into the frozen run's folder: its templates changed since the set.
    auto after_frozen = f.grade(f.spec, "frozen");
    CHECK(after_frozen.status == 2);
    CHECK(after_frozen.err.find("graded the frozen set set.yaml: swish-beta.") !=
          std::string::npos);
}

TEST_CASE("frozen set: a spec graded into a fresh folder is compared with --frozen-set",
          "[frozen][e2e]") {
    FrozenFixture f;
    REQUIRE(run_binary({"freeze", f.spec, "--roster", f.roster, "-o", f.set}).status == 0);
    f.submit_right("alice");
    // Unchanged: graded, and the report says what it was compared with.
    auto same = f.grade(f.spec, "same", {"--frozen-set", f.set});
    REQUIRE(same.status == 0);
    CHECK(f.grades("same") == std::string(csv_head) + "alice," + f.submissions +
                                  "/alice/submission.yaml,graded,3,2,5,5\n");
    json same_meta = f.meta("same");
    CHECK(same_meta["compared_with_frozen_set"]["file"] == "set.yaml");
    CHECK(same_meta["compared_with_frozen_set"]["changed_templates"] == json::array());

    f.edit_template();
    // A fresh folder has no journal to compare with: the frozen set is what tells.
    auto refused = f.grade(f.spec, "fresh", {"--frozen-set", f.set});
    CHECK(refused.status == 2);
    CHECK(refused.err == "chainrule: error: " + f.spec + " no longer draws the sheets frozen in " +
                             f.set + ": the templates changed since it was made: swish-beta " +
                             "(changed). Grade the frozen set itself (chainrule grade " + f.set +
                             " ...), restore the spec, or give --allow-changed-templates to " +
                             "grade with the templates as they are now\n");
    CHECK_FALSE(fs::exists(f.dir + "/fresh"));

    auto allowed = f.grade(f.spec, "fresh", {"--frozen-set", f.set, "--allow-changed-templates"});
    CHECK(allowed.status == 0);
    json meta = f.meta("fresh");
    CHECK(meta["compared_with_frozen_set"]["changed_templates"] ==
          json::array({"swish-beta (changed)"}));
    CHECK(meta["options"]["allow_changed_templates"] == true);

    // Another seed draws other sheets: never allowed.
    std::string text = slurp(f.spec);
    text.replace(text.find("seed: 11"), 8, "seed: 12");
    std::ofstream(f.spec) << text;
    auto reseeded =
        f.grade(f.spec, "reseeded", {"--frozen-set", f.set, "--allow-changed-templates"});
    CHECK(reseeded.status == 2);
    CHECK(reseeded.err.find("the spec's seed is 12, the frozen set's 11") != std::string::npos);
    CHECK(reseeded.err.find("--allow-changed-templates to grade") == std::string::npos);

    // The frozen set itself with --frozen-set is a mistake of the command line.
    auto itself = f.grade(f.set, "itself", {"--frozen-set", f.set});
    CHECK(itself.status == 2);
    CHECK(itself.err.find("is itself a problem-set file: grade it without --frozen-set") !=
          std::string::npos);
}

TEST_CASE("frozen set: --resume with templates changed since the journal is refused",
          "[frozen][e2e]") {
    FrozenFixture f;
    f.submit_right("alice");
    REQUIRE(f.grade(f.spec, "out").status == 0);
    f.edit_template();
    for (bool allow : {false, true}) {
        std::vector<std::string> extra{"--resume"};
        if (allow) extra.push_back("--allow-changed-templates");
        auto resumed = f.grade(f.spec, "out", extra);
        INFO(resumed.err);
        CHECK(resumed.status == 2);
        CHECK(resumed.err.find("graded the spec spec.yaml: swish-beta. The rows in its journal "
                               "were graded with the templates as they were") != std::string::npos);
    }
    CHECK(f.grades("out") == std::string(csv_head) + "alice," + f.submissions +
                                 "/alice/submission.yaml,graded,3,2,5,5\n");
}

TEST_CASE("freeze: the class's sheets, the same bytes, read by check --set, answer and grade",
          "[frozen][e2e]") {
    FrozenFixture f;
    auto frozen = run_binary({"freeze", f.spec, "--roster", f.roster, "-o", f.set});
    REQUIRE(frozen.status == 0);
    CHECK(frozen.err ==
          "chainrule freeze: wrote the sheets of 2 students (2 problems each) to " + f.set + "\n");
    const std::string bytes = slurp(f.set);
    // Deterministic: again, and from the roster in another order with a duplicate, a CSV.
    std::ofstream(f.dir + "/roster.csv") << "student,name\nbob,Bob\nalice,Alice\nbob,Bob\n";
    REQUIRE(run_binary(
                {"freeze", f.spec, "--roster", f.dir + "/roster.csv", "-o", f.dir + "/again.yaml"})
                .status == 0);
    CHECK(slurp(f.dir + "/again.yaml") == bytes);
    CHECK(bytes.rfind(
              "format: chainrule-problem-set/1\nchainrule: " + std::string(chainrule_version()) +
                  "\ntitle: Homework 3\nspec: spec.yaml\nspec_seed: 11\ntemplates:\n",
              0) == 0);
    CHECK(fs::exists(f.set + ".tmp") == false);

    // Each student's sheet is the one generate gives them.
    Spec spec = load_spec(f.spec);
    ProblemSet bob = generate_problem_set(spec, "bob");
    const Problem& bob_swish = bob.problems[0];
    auto right = run_binary({"check", "--set", f.set, "--student", "bob", "--problem",
                             "swish-beta-1", "--answer", print(bob_swish.expected)});
    CHECK(right.status == 0);
    CHECK(right.out.find("correct  (3 / 3)") != std::string::npos);
    // Alice's answer is not Bob's.
    ProblemSet alice = generate_problem_set(spec, "alice");
    REQUIRE(print(alice.problems[0].expected) != print(bob_swish.expected));
    auto wrong = run_binary({"check", "--set", f.set, "--student", "bob", "--problem",
                             "swish-beta-1", "--answer", print(alice.problems[0].expected)});
    CHECK(wrong.status == 1);

    // answer: the sheet and a blank submission from the frozen set; edited templates do not
    // change it.
    f.edit_template();
    std::string blank = f.dir + "/bob.yaml";
    auto sheet = run_binary({"answer", f.set, "--student", "bob", "--submission", blank});
    CHECK(sheet.status == 0);
    CHECK(sheet.out.find(bob_swish.prompt.unicode) != std::string::npos);
    CHECK(slurp(blank).find("  swish-beta-1:\n") != std::string::npos);

    // check --set --submission against the frozen set: the original answers are right.
    fs::create_directories(f.submissions);
    {
        std::ofstream out(f.submissions + "/bob.yaml");
        out << "student: bob\nanswers:\n";
        for (const auto& p : bob.problems)
            out << "  " << p.id << ": \"" << print(p.expected) << "\"\n";
    }
    auto whole = run_binary({"check", "--set", f.set, "--submission", f.submissions + "/bob.yaml"});
    CHECK(whole.status == 0);
    CHECK(whole.out.find("total: 5 / 5") != std::string::npos);

    // A student the set has no sheet for: refused by check and answer, a row in grade.
    auto no_sheet = run_binary(
        {"check", "--set", f.set, "--student", "dave", "--problem", "monomial-1", "--answer", "1"});
    CHECK(no_sheet.status == 2);
    CHECK(no_sheet.err == "chainrule: error: the problem set " + f.set +
                              " has no sheet for the student 'dave' (it has 2 students)\n");
    auto no_answer =
        run_binary({"answer", f.set, "--student", "dave", "--submission", f.dir + "/dave.yaml"});
    CHECK(no_answer.status == 2);
    CHECK(no_answer.err.find("has no sheet for the student 'dave'") != std::string::npos);
    CHECK(!fs::exists(f.dir + "/dave.yaml"));
    std::ofstream(f.submissions + "/dave.yaml") << "student: dave\nanswers:\n  monomial-1: \"1\"\n";
    auto graded = f.grade(f.set, "out");
    CHECK(graded.status == 0);
    CHECK(f.grades("out") == std::string(csv_head) + "bob," + f.submissions +
                                 "/bob.yaml,graded,3,2,5,5\n" + "dave," + f.submissions +
                                 "/dave.yaml,unknown_student,0,0,0,5\n");
    CHECK(slurp(f.dir + "/out/report.json")
              .find("has no sheet for the student 'dave' (it has 2 students): not graded") !=
          std::string::npos);

    // freeze never writes over its inputs.
    auto over = run_binary({"freeze", f.spec, "--roster", f.roster, "-o", f.spec});
    CHECK(over.status == 2);
    CHECK(over.err.find("is the spec: write the frozen set to a file of its own") !=
          std::string::npos);
}

TEST_CASE("frozen set: generate's YAML and JSON sheets are graded as they are", "[frozen][e2e]") {
    FrozenFixture f;
    f.submit_right("alice");
    for (const char* format : {"yaml", "json"}) {
        INFO(format);
        std::string sheet = f.dir + "/alice." + format;
        REQUIRE(run_binary({"generate", f.spec, "--student", "alice", "--format", format,
                            "--solutions", "-o", sheet})
                    .status == 0);
        auto graded = f.grade(sheet, std::string("out-") + format);
        CHECK(graded.status == 0);
        CHECK(f.grades(std::string("out-") + format) ==
              std::string(csv_head) + "alice," + f.submissions +
                  "/alice/submission.yaml,graded,3,2,5,5\n");
    }
    // A sheet for alice is not bob's.
    auto bob = run_binary({"check", "--set", f.dir + "/alice.yaml", "--student", "bob", "--problem",
                           "monomial-1", "--answer", "1"});
    CHECK(bob.status == 2);
    CHECK(bob.err.find("alice.yaml is the sheet of the student 'alice', not 'bob'") !=
          std::string::npos);
}

TEST_CASE("frozen set: hostile files are refused with the place and the text",
          "[frozen][hostile]") {
    FrozenFixture f;
    REQUIRE(run_binary({"freeze", f.spec, "--roster", f.roster, "-o", f.set}).status == 0);
    const std::string good = slurp(f.set);
    f.submit_right("alice");
    const std::string version = chainrule_version();
    // "line:column" of a byte of text (1-based, columns in bytes: the texts are ASCII).
    auto place = [](const std::string& text, std::size_t at) {
        std::size_t line_start = at == 0 ? 0 : text.rfind('\n', at - 1);
        line_start = line_start == std::string::npos ? 0 : line_start + 1;
        return std::to_string(1 + std::count(text.begin(), text.begin() + long(at), '\n')) + ":" +
               std::to_string(at - line_start + 1);
    };
    auto replaced = [](std::string text, std::size_t at, std::size_t cut, const std::string& to) {
        return text.replace(at, cut, to);
    };
    const std::size_t bob = good.find("---\nstudent: bob\n");
    REQUIRE(bob != std::string::npos);
    struct Case {
        std::string name;
        std::string text;
        std::string message; // the first line of the error, after "hostile.yaml:"
    };
    std::vector<Case> cases;
    cases.push_back({"not YAML", "format: chainrule-problem-set/1\ntitle: x\nsheets: [\n",
                     "4:1: YAML syntax error: end of sequence flow not found"});
    {
        std::size_t at = good.find("chainrule-problem-set/1");
        cases.push_back(
            {"another format version", replaced(good, at, 23, "chainrule-problem-set/2"),
             place(good, at) + ": unknown format 'chainrule-problem-set/2' (this chainrule, " +
                 version + ", reads chainrule-problem-set/1)"});
    }
    {
        std::string text = good + good.substr(bob);
        std::size_t second = text.rfind("student: bob") + 9;
        cases.push_back({"a student twice", text,
                         place(text, second) +
                             ": a second sheet for the student 'bob' (the first is at line " +
                             place(good, bob + 4).substr(0, place(good, bob + 4).find(':')) + ")"});
    }
    {
        std::size_t at = bob + 4 + 9;
        std::string text = replaced(good, at, 3, "\"   \"");
        cases.push_back(
            {"a blank student id", text, place(text, at + 1) + ": the student id is blank: '   '"});
    }
    {
        std::size_t at = good.find("function: ") + 10;
        std::string text = good;
        text.insert(good.find('\n', at), "*w");
        cases.push_back({"an unknown name in a function", text,
                         place(good, at) +
                             ": function: unknown name 'w' (not one of the problem's variables)"});
    }
    {
        std::size_t at = good.find("hash: \"") + 7;
        cases.push_back(
            {"a template's hash", replaced(good, at, 0, "zz"),
             place(good, at) + ": a template's hash is 16 hexadecimal digits (0-9, a-f), not 'zz"});
    }
    {
        // Bob's sheet with his first problem only.
        std::size_t first = good.find("  - id: ", bob);
        std::string text = good.substr(0, good.find("  - id: ", first + 1));
        cases.push_back({"a sheet with other problems", text,
                         place(good, first + 2) +
                             ": the sheet of 'bob' has 1 problems, other than the first "
                             "sheet's ('alice')"});
    }
    {
        std::size_t sheets = good.find("sheets: 2") + 8;
        cases.push_back({"a file cut after a sheet", good.substr(0, bob),
                         place(good, sheets) +
                             ": 'sheets' says 2, the file has 1 (cut short, or sheets added?)"});
    }
    {
        std::string text = good + "---\n";
        cases.push_back({"an empty document", text,
                         place(text, good.size()) +
                             ": an empty document: each document after the first is one "
                             "student's sheet"});
    }
    cases.push_back({"problems and sheets",
                     "format: chainrule-problem-set/1\ntitle: x\nproblems: []\nsheets: 1\n",
                     "4:9: a problem set has either 'problems' (one sheet) or 'sheets' (a "
                     "class's, one document each after this one), not both"});
    for (const auto& c : cases) {
        INFO(c.name);
        std::string file = f.dir + "/hostile.yaml";
        std::ofstream(file, std::ios::binary) << c.text;
        std::string expected = "chainrule: error: " + file + ":" + c.message;
        auto graded = f.grade(file, "out");
        CHECK(graded.status == 2);
        CHECK(graded.err.substr(0, expected.size()) == expected);
        auto checked = run_binary(
            {"check", "--set", file, "--submission", f.submissions + "/alice/submission.yaml"});
        CHECK(checked.status == 2);
        CHECK(checked.err.substr(0, expected.size()) == expected);
    }
    CHECK(!fs::exists(f.dir + "/out"));
}

TEST_CASE("frozen set: practice --set practises a student's sheet as it is", "[frozen][e2e]") {
    FrozenFixture f;
    REQUIRE(run_binary({"freeze", f.spec, "--roster", f.roster, "-o", f.set}).status == 0);
    ProblemSet bob = generate_problem_set(load_spec(f.spec), "bob");
    f.edit_template(); // the sheet does not change with the template
    const Problem& swish = bob.problems[0];
    chainrule::test::RunOptions input;
    input.input = print(swish.expected) + "\nquit\n";
    auto session = run_binary(
        {"practice", "--set", f.set, "--student", "bob", "--topic", "swish-beta-1", "--seed", "1"},
        input);
    CHECK(session.status == 0);
    CHECK(session.out.find("Problem 1 · Networks · Swish with a slope (difficulty 2)\n  " +
                           swish.prompt.unicode + "\n") != std::string::npos);
    CHECK(session.out.find("✓ correct  (3 / 3)") != std::string::npos);
    auto whose = run_binary({"practice", "--set", f.set, "--seed", "1"});
    CHECK(whose.status == 2);
    CHECK(whose.err ==
          "chainrule: error: " + f.set + " holds a sheet for each student: give --student ID\n");
}
