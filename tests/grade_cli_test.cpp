// End-to-end tests of `chainrule grade` and `chainrule merge` on a synthetic class with every
// kind of broken submission and a runaway answer.
#include "expr/printer.hpp"
#include "generator/spec.hpp"
#include "grading/reports.hpp"
#include "run_binary.hpp"
#include "temp_folder.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <sys/wait.h>
#include <thread>

using namespace chainrule;
using chainrule::test::run_binary;
using chainrule::test::slurp;

namespace {

namespace fs = std::filesystem;

// An expansion bomb: a product of powers of sums in three variables. The checker estimates
// the cost of expanding before it expands, so it is judged by sampling instead, at once.
std::string runaway_answer() {
    std::string e;
    for (int i = 1; i <= 8; ++i)
        e += "(x+y+z+" + std::to_string(i) + ")^8*";
    return e + "1";
}

struct ClassFixture {
    chainrule::test::TempFolder folder{"chainrule-grade-e2e"};
    std::string dir = folder.string();
    std::string spec;
    std::string roster;
    std::string submissions;

    ClassFixture() {
        spec = dir + "/spec.yaml";
        std::ofstream(spec) << "title: Small set\nseed: 42\ntemplate_dir: " CHAINRULE_SOURCE_DIR
                               "/templates\nproblems:\n"
                               "  - {template: polynomial, points: 2}\n"
                               "  - {template: gradient, points: 3}\n"
                               "  - {template: chain-power, points: 2}\n";
        roster = dir + "/roster.txt";
        std::ofstream(roster) << "# the class\nalice\nbob\ndave\nerin\ngina\n";
        submissions = dir + "/class";
        Spec loaded = load_spec(spec);
        auto right = [&](const std::string& student) {
            return generate_problem_set(loaded, student).problems;
        };
        auto write = [&](const std::string& path, const std::string& text) {
            fs::create_directories(fs::path(submissions + "/" + path).parent_path());
            std::ofstream(submissions + "/" + path) << text;
        };
        auto quoted = [](const std::string& s) { return "\"" + s + "\""; };
        { // all right
            auto p = right("alice");
            write("alice/submission.yaml",
                  "student: alice\nanswers:\n  polynomial-1: " + quoted(print(p[0].expected)) +
                      "\n  gradient-1: " + quoted(print(p[1].expected)) +
                      "\n  chain-power-1: " + quoted(print(p[2].expected)) + "\n");
        }
        { // one wrong, a gradient with 2 of 3 entries right (2 points), a right derivation
            auto p = right("bob");
            write("bob/submission.yaml",
                  "student: bob\nanswers:\n  polynomial-1: \"0\"\n  gradient-1: [" +
                      quoted(print(p[1].expected.entries[0])) + ", " +
                      quoted(print(p[1].expected.entries[1])) +
                      ", \"0\"]\n  chain-power-1:\n    steps:\n      - " +
                      quoted("d/dx(" + print(p[2].function.scalar()) + ")") + "\n      - " +
                      quoted(print(p[2].expected)) + "\n");
        }
        // broken YAML
        write("carol/submission.yaml", "student: [carol\n");
        { // a duplicate: with --prefer path, b.yaml sorts last and wins
            auto p = right("dave");
            write("dave/a.yaml", "student: dave\nanswers: {polynomial-1: \"0\"}\n");
            write("dave/b.yaml",
                  "student: dave\nanswers:\n  polynomial-1: " + quoted(print(p[0].expected)) +
                      "\n  gradient-1: " + quoted(print(p[1].expected)) +
                      "\n  chain-power-1: " + quoted(print(p[2].expected)) + "\n");
        }
        { // unknown problem id, an unparsable answer, a runaway answer
            auto p = right("erin");
            write("erin/submission.json",
                  "{\"student\": \"erin\", \"answers\": {\"polynomial-1\": " +
                      quoted(runaway_answer()) +
                      ", \"gradient-1\": " + quoted(print(p[1].expected)) +
                      ", \"chain-power-1\": \"6x +\", \"bogus-9\": \"1\"}}\n");
        }
        // not on the roster
        write("frank/submission.yaml", "student: frank\nanswers: {polynomial-1: \"1\"}\n");
        // over the size limit (--max-file-size 16 KB)
        write("huge/submission.yaml", "student: huge\n# " + std::string(40000, 'x') + "\n");
        // a hostile id and formula-looking text, in a folder of its name
        write("=cmd|' -C calc'!A0/submission.yaml",
              "student: \"=cmd|' -C calc'!A0\"\nanswers: {polynomial-1: \"1\"}\n");
    }

    std::vector<std::string> grade_args(const std::string& out) const {
        return {"grade", spec,       submissions, "--out",        out, "--roster",
                roster,  "--prefer", "path",      "--time-limit", "1", "--max-file-size",
                "16",    "-j",       "2",         "--quiet"};
    }
};

std::vector<std::string> csv_lines(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line))
        lines.push_back(line);
    return lines;
}

const char* report_files[] = {"report.json", "grades.csv", "junit.xml", "summary.md"};

} // namespace

TEST_CASE("grade: a class with every kind of broken submission", "[grade][e2e]") {
    ClassFixture fixture;
    std::string out = fixture.dir + "/out";
    auto result = run_binary(fixture.grade_args(out));
    INFO(result.err);
    REQUIRE(result.status == 0);

    auto report = nlohmann::json::parse(slurp(out + "/report.json"));
    std::map<std::string, nlohmann::json> rows;
    for (const auto& row : report["students"]) {
        CHECK(rows.count(row["key"]) == 0);
        rows[row["key"]] = row;
    }
    // alice, bob, dave, erin, frank, gina, =cmd..., carol's and huge's files.
    CHECK(rows.size() == 9);
    CHECK(rows.at("alice")["score"] == 7.0);
    CHECK(rows.at("bob")["score"] == 4.0);
    CHECK(rows.at("dave")["score"] == 7.0);
    CHECK(rows.at("dave")["notes"][0].get<std::string>().find("dave/a.yaml ignored") !=
          std::string::npos);
    CHECK(rows.at("erin")["score"] == 3.0);
    // the runaway answer uses y and z, which polynomial-1 does not have: invalid, not wrong
    CHECK(rows.at("erin")["problems"][0]["verdict"] == "invalid");
    CHECK(rows.at("erin")["problems"][2]["verdict"] == "invalid");
    CHECK(rows.at("erin")["notes"][0].get<std::string>().find("bogus-9") != std::string::npos);
    CHECK(rows.at("frank")["status"] == "unknown_student");
    CHECK(rows.at("gina")["status"] == "no_submission");
    CHECK(rows.at("file:" + fixture.submissions + "/carol/submission.yaml")["status"] ==
          "unreadable");
    CHECK(rows.at("file:" + fixture.submissions + "/huge/submission.yaml")["message"]
              .get<std::string>()
              .find("over the limit") != std::string::npos);

    // grades.csv: a row per student, agreeing with report.json; no cell starts a formula.
    auto lines = csv_lines(slurp(out + "/grades.csv"));
    REQUIRE(lines.size() == rows.size() + 1);
    CHECK(lines[0] ==
          "student,source,status,polynomial-1,gradient-1,chain-power-1,total,max_score");
    std::size_t i = 1;
    for (const auto& row : report["students"]) {
        const std::string& line = lines[i++];
        std::string total = line.substr(0, line.rfind(','));
        total = total.substr(total.rfind(',') + 1);
        CHECK(std::stod(total) == row["score"].get<double>());
        CHECK(line[0] != '=');
    }
    CHECK(slurp(out + "/grades.csv").find("'=cmd") != std::string::npos);

    // junit.xml: a test case per student and problem (one per ungraded row).
    std::string junit = slurp(out + "/junit.xml");
    CHECK(junit.rfind("<?xml", 0) == 0);
    std::size_t cases = 0;
    for (std::size_t at = junit.find("<testcase "); at != std::string::npos;
         at = junit.find("<testcase ", at + 1))
        ++cases;
    std::size_t expected_cases = 0;
    for (const auto& row : report["students"])
        expected_cases += row["status"] == "graded" ? row["problems"].size() : 1;
    CHECK(cases == expected_cases);
    CHECK(junit.find("<testsuite name=\"alice\" tests=\"3\" failures=\"0\" errors=\"0\">") !=
          std::string::npos);

    std::string summary = slurp(out + "/summary.md");
    CHECK(summary.find("## Score distribution") != std::string::npos);
    CHECK(summary.find("| gradient-1 | 3 |") != std::string::npos);
}

TEST_CASE("grade: the same inputs give byte-identical reports, shards merge into the same",
          "[grade][e2e]") {
    ClassFixture fixture;
    std::string single = fixture.dir + "/single", again = fixture.dir + "/again";
    REQUIRE(run_binary(fixture.grade_args(single)).status == 0);
    auto args = fixture.grade_args(again);
    args[args.size() - 2] = "1"; // -j 1
    REQUIRE(run_binary(args).status == 0);
    for (const char* f : report_files)
        CHECK(slurp(single + "/" + f) == slurp(again + "/" + f));

    // Each shard as a CI job grades it: from its own checkout, which gives every file a new
    // modification time. The files are the same bytes, so the shards merge.
    auto touch_every_file = [&](int seconds) {
        for (const auto& entry : fs::recursive_directory_iterator(fixture.submissions))
            if (entry.is_regular_file())
                fs::last_write_time(entry.path(), fs::file_time_type::clock::now() +
                                                      std::chrono::seconds(seconds));
    };
    std::vector<std::string> dirs;
    for (int k = 1; k <= 3; ++k) {
        touch_every_file(k * 100);
        std::string d = fixture.dir + "/shard" + std::to_string(k);
        auto shard_args = fixture.grade_args(d);
        shard_args.push_back("--shard");
        shard_args.push_back(std::to_string(k) + "/3");
        REQUIRE(run_binary(shard_args).status == 0);
        dirs.push_back(d);
    }
    std::string merged = fixture.dir + "/merged";
    std::vector<std::string> merge_args{"merge"};
    merge_args.insert(merge_args.end(), dirs.begin(), dirs.end());
    merge_args.push_back("--out");
    merge_args.push_back(merged);
    auto result = run_binary(merge_args);
    INFO(result.err);
    REQUIRE(result.status == 0);
    for (const char* f : report_files) {
        INFO(f);
        CHECK(slurp(single + "/" + f) == slurp(merged + "/" + f));
    }
    // A missing shard is refused.
    CHECK(run_binary({"merge", dirs[0], dirs[1], "--out", fixture.dir + "/partial"}).status == 2);

    // A shard that graded other bytes (a file edited between the jobs) is refused.
    fs::path edited;
    for (const auto& entry : fs::recursive_directory_iterator(fixture.submissions))
        if (entry.is_regular_file() && (edited.empty() || entry.path() < edited))
            edited = entry.path();
    std::ofstream(edited, std::ios::app) << "\n# edited after the other shards were graded\n";
    std::string late = fixture.dir + "/shard3-late";
    auto late_args = fixture.grade_args(late);
    late_args.push_back("--shard");
    late_args.push_back("3/3");
    REQUIRE(run_binary(late_args).status == 0);
    auto refused = run_binary({"merge", dirs[0], dirs[1], late, "--out", fixture.dir + "/mixed"});
    CHECK(refused.status == 2);
    CHECK(refused.err.find("graded other submission files than the other shards") !=
          std::string::npos);
}

TEST_CASE("grade: killed with SIGKILL halfway, then --resume, equals an uninterrupted run",
          "[grade][e2e]") {
    ClassFixture fixture;
    std::string whole = fixture.dir + "/whole", killed = fixture.dir + "/killed";
    REQUIRE(run_binary(fixture.grade_args(whole)).status == 0);

    auto args = fixture.grade_args(killed);
    args.insert(args.begin(), test::binary_path());
    std::vector<char*> argv;
    for (auto& a : args)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        execv(argv[0], argv.data());
        _exit(127);
    }
    // Wait for a few rows in the journal, then kill the whole run at once.
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (std::chrono::steady_clock::now() < deadline) {
        auto lines = csv_lines(slurp(killed + "/journal.jsonl"));
        if (lines.size() >= 4) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
    CHECK_FALSE(fs::exists(killed + "/report.json"));

    args = fixture.grade_args(killed);
    args.push_back("--resume");
    auto result = run_binary(args);
    INFO(result.err);
    REQUIRE(result.status == 0);
    for (const char* f : report_files) {
        INFO(f);
        CHECK(slurp(whole + "/" + f) == slurp(killed + "/" + f));
    }
    // Header plus exactly one line per row: nothing lost, nothing doubled.
    auto journal = csv_lines(slurp(killed + "/journal.jsonl"));
    CHECK(journal.size() == 1 + 9);
}

TEST_CASE("grade: gradescope results and --fail-under for one submission", "[grade][e2e]") {
    ClassFixture fixture;
    std::string out = fixture.dir + "/gs";
    auto result =
        run_binary({"grade", fixture.spec, fixture.submissions + "/bob/submission.yaml", "--out",
                    out, "--format", "gradescope", "--fail-under", "90", "--quiet"});
    INFO(result.err);
    CHECK(result.status == 1); // 4 of 7 is below 90%
    auto gs = nlohmann::json::parse(slurp(out + "/results.json"));
    CHECK(gs["score"] == 4.0);
    CHECK(gs["tests"].size() == 3);
    CHECK(gs["tests"][0]["status"] == "failed");
    result = run_binary({"grade", fixture.spec, fixture.submissions + "/bob/submission.yaml",
                         "--out", out, "--fail-under", "50", "--quiet"});
    CHECK(result.status == 0);
    // The grader that cannot run: a bad spec.
    std::ofstream(fixture.dir + "/bad.yaml") << "title: [\n";
    CHECK(run_binary({"grade", fixture.dir + "/bad.yaml", fixture.submissions, "--out", out})
              .status == 2);
}
