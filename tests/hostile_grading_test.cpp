// The hostile-input catalogue (issue 7; README "Security note"), its grading runs: runaway
// answers, files that grow the grader, workers that die or are killed, a full disk. Every
// other row stays intact. Bounds as in hostile_answer_test.cpp.
#include "expr/errors.hpp"
#include "expr/parser.hpp"
#include "expr/printer.hpp"
#include "generator/spec.hpp"
#include "hostile_support.hpp"
#include "run_binary.hpp"
#include "skip.hpp"
#include "temp_folder.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <thread>

using namespace chainrule;
using namespace chainrule::test::hostile;
using chainrule::test::run_binary;
using chainrule::test::RunOptions;
using chainrule::test::RunResult;
using chainrule::test::slurp;
namespace fs = std::filesystem;

namespace {

// An answer that keeps the checker busy for seconds (a product of `factors` linear factors:
// about 3.5 s for 999 in a Release build, 0.2 s for 450), past the limits these tests set.
std::string runaway_answer(int factors = 999) {
    std::string e;
    for (int i = 1; i <= factors; ++i)
        e += "(x+" + std::to_string(i) + ")";
    return e;
}

} // namespace

namespace {

// The rows of a grading run of `cls`, by key, with `extra` arguments (-j, --time-limit, ...).
std::map<std::string, nlohmann::json> grade_rows(const HostileClass& cls, const std::string& out,
                                                 std::vector<std::string> extra,
                                                 std::string* err = nullptr) {
    std::vector<std::string> args{"grade", cls.spec, cls.submissions, "--out", out, "--quiet"};
    args.insert(args.end(), extra.begin(), extra.end());
    auto r = run_binary(args, bounded(60, 2048));
    INFO(r.err);
    REQUIRE(r.status == 0);
    if (err) *err = r.err;
    std::map<std::string, nlohmann::json> rows;
    auto report = nlohmann::json::parse(slurp(out + "/report.json"));
    for (const auto& row : report["students"])
        rows[row["key"]] = row;
    return rows;
}

// A file of just under 1 MB (the default --max-file-size): 40,000 answers to problems the
// set does not have.
std::string megabyte_submission(const std::string& student) {
    std::string text = "student: " + student + "\nanswers:\n";
    for (int i = 0; text.size() < 1000000; ++i)
        text += "  unknown-" + std::to_string(i) + ": \"x + 1\"\n";
    return text;
}

} // namespace

TEST_CASE("hostile: a runaway answer gets the same verdict at -j1, -j2 and beside another "
          "student's 1 MB file: the checker's budget decides, not the machine (60 s, 2 GB)",
          "[hostile][grading]") {
    HostileClass cls;
    write(cls.submissions + "/mallory/submission.yaml",
          "student: mallory\nanswers:\n  polynomial-1: \"" + runaway_answer() +
              "\"\n  gradient-1: \"[" + runaway_answer(450) + ", " + runaway_answer(450) + ", " +
              runaway_answer(450) + "]\"\n");
    const std::string dir = cls.dir.string();
    auto one = grade_rows(cls, dir + "/j1", {"-j", "1"});
    auto two = grade_rows(cls, dir + "/j2", {"-j", "2"});
    write(cls.submissions + "/zoe/submission.yaml", megabyte_submission("zoe"));
    auto beside = grade_rows(cls, dir + "/beside", {"-j", "2"});
    const auto& mallory = one.at("mallory");
    CHECK(mallory["status"] == "graded");
    REQUIRE(mallory["problems"].size() == 2);
    for (const auto& problem : mallory["problems"])
        CHECK(problem["verdict"] == "incorrect");
    CHECK(contains(mallory["problems"][0]["message"], "differs at x = -1.75: expected "));
    CHECK(mallory["problems"][1]["message"] == "3 of 3 entries are wrong");
    // The search for the mistake in a product of 999 factors is past its budget: none named.
    CHECK(mallory["problems"][0]["diagnosis"].empty());
    // The same row, byte for byte, however it was graded.
    CHECK(two.at("mallory").dump() == mallory.dump());
    CHECK(beside.at("mallory").dump() == mallory.dump());
    CHECK(beside.at("zoe")["status"] == "graded");
    for (auto* rows : {&one, &two, &beside}) {
        CHECK(rows->at("alice")["score"] == 5.0);
        CHECK(rows->at("bob")["score"] == 5.0);
    }
}

TEST_CASE("hostile: twelve files of 1 MB of unknown problem ids are graded in 160 MB of "
          "address space, and change no one's verdict: the grader keeps what it grades, each "
          "worker starts small (60 s, 160 MB)",
          "[hostile][grading]") {
    HostileClass cls;
    write(cls.submissions + "/mallory/submission.yaml",
          "student: mallory\nanswers:\n  polynomial-1: \"" + runaway_answer() + "\"\n");
    const std::string dir = cls.dir.string();
    auto alone = grade_rows(cls, dir + "/alone", {"-j", "2"});
    for (int i = 0; i < 12; ++i) {
        std::string student = "zz" + std::to_string(i);
        write(cls.submissions + "/" + student + "/submission.yaml", megabyte_submission(student));
    }
    // Under the address-space limit the whole run (grader and workers) is held to: reading
    // these files once took the grader to 150 MB and more, and workers forked from it
    // inherited that.
    auto r = run_binary(
        {"grade", cls.spec, cls.submissions, "--out", dir + "/out", "-j", "2", "--quiet"},
        bounded(60, 160));
    INFO(r.err);
    REQUIRE(r.status == 0);
    std::map<std::string, nlohmann::json> rows;
    auto report = nlohmann::json::parse(slurp(dir + "/out/report.json"));
    for (const auto& row : report["students"])
        rows[row["key"]] = row;
    REQUIRE(rows.size() == 15);
    CHECK(rows.at("mallory").dump() == alone.at("mallory").dump());
    CHECK(rows.at("alice")["score"] == 5.0);
    const auto& notes = rows.at("zz0")["notes"];
    // The first 20 unknown ids named, the others counted.
    REQUIRE(notes.size() == 21);
    CHECK(notes[0] == "unknown problem id 'unknown-0' ignored");
    CHECK(contains(notes[20], "more unknown problem ids ignored"));
}

TEST_CASE("hostile: a worker whose spec is not the one the grader read (a template edited "
          "while grading) refuses to grade, saying why (10 s, 1 GB)",
          "[hostile][grading]") {
    HostileClass cls;
    // The hidden command grade starts its workers with: the spec, its hash, the limits.
    auto r =
        run_binary({"__grade-worker", cls.spec, "0123456789abcdef", "2", "512"}, bounded(10, 1024));
    CHECK(r.status == 0);
    CHECK(contains(r.out, "the spec " + cls.spec +
                              " or one of its templates changed while grading: grade again"));
    // One message, its type "refused": a 4-byte length, then 'x' and the reason.
    REQUIRE(r.out.size() > 5);
    CHECK(r.out[4] == 'x');
}

TEST_CASE("hostile: an answer stopped by the time limit (the safety net) is an error, not a "
          "verdict, and --resume --regrade-errors grades it again (60 s, 2 GB)",
          "[hostile][grading]") {
    HostileClass cls;
    write(cls.submissions + "/mallory/submission.yaml",
          "student: mallory\nanswers:\n  polynomial-1: \"" + runaway_answer() + "\"\n");
    const std::string dir = cls.dir.string();
    auto fresh = grade_rows(cls, dir + "/fresh", {"-j", "1"});
    // About 0.1 s of CPU against a limit of 0.01 s.
    std::string err;
    auto stopped = grade_rows(cls, dir + "/out", {"-j", "1", "--time-limit", "0.01"}, &err);
    const auto& problem = stopped.at("mallory")["problems"][0];
    CHECK(problem["verdict"] == "error");
    CHECK(problem["message"] == "time limit exceeded: more than 0.01 s of CPU time");
    CHECK(contains(err, "chainrule grade: 1 row has an answer whose check did not finish (a time "
                        "or memory limit of the machine, a crash): not a verdict. Grade them "
                        "again with --resume --regrade-errors"));
    // --resume alone keeps what the journal holds.
    auto kept = grade_rows(cls, dir + "/out", {"-j", "1", "--time-limit", "0.01", "--resume"});
    CHECK(kept.at("mallory")["problems"][0]["verdict"] == "error");
    // Graded again, with the default limit: the row a fresh run gives, and nothing else
    // graded again.
    std::string journal_before = slurp(dir + "/out/journal.jsonl");
    auto regraded =
        grade_rows(cls, dir + "/out", {"-j", "1", "--resume", "--regrade-errors"}, &err);
    CHECK(regraded.at("mallory").dump() == fresh.at("mallory").dump());
    CHECK(regraded.at("alice").dump() == fresh.at("alice").dump());
    CHECK_FALSE(contains(err, "did not finish"));
    std::string journal = slurp(dir + "/out/journal.jsonl");
    CHECK(journal.compare(0, journal_before.size(), journal_before) == 0);
    CHECK(std::count(journal.begin(), journal.end(), '\n') ==
          std::count(journal_before.begin(), journal_before.end(), '\n') + 1);
    // And the journal resumes to the regraded row.
    auto again = grade_rows(cls, dir + "/out", {"-j", "1", "--resume"});
    CHECK(again.at("mallory").dump() == fresh.at("mallory").dump());
    // --regrade-errors alone is refused: it reads the journal of a run to resume.
    auto alone = run_binary({"grade", cls.spec, cls.submissions, "--out", dir + "/other",
                             "--regrade-errors", "--quiet"},
                            bounded(60, 2048));
    CHECK(alone.status == 2);
    CHECK(contains(alone.err, "--regrade-errors goes with --resume"));
}

TEST_CASE("hostile: a worker stopped by a time limit hands on the submissions given to it "
          "ahead (60 s, 2 GB)",
          "[hostile][grading]") {
    HostileClass cls;
    // Enough students that one worker is given submissions ahead of the one it is on; aaron
    // comes first in key order, so alice and bob are waiting for his worker when it is stopped.
    Spec loaded = load_spec(cls.spec);
    std::vector<std::string> students;
    for (int i = 0; i < 24; ++i) {
        std::string student = "s" + std::to_string(10 + i);
        auto problems = generate_problem_set(loaded, student).problems;
        write(cls.submissions + "/" + student + ".yaml",
              "student: " + student + "\nanswers:\n  polynomial-1: \"" +
                  print(problems[0].expected) + "\"\n  gradient-1: \"" +
                  print(problems[1].expected) + "\"\n");
        students.push_back(student);
    }
    write(cls.submissions + "/aaron.yaml",
          "student: aaron\nanswers:\n  polynomial-1: \"" + runaway_answer() + "\"\n");
    std::string out = cls.dir.string() + "/out";
    auto r = run_binary({"grade", cls.spec, cls.submissions, "--out", out, "-j", "1",
                         "--time-limit", "0.02", "--quiet"},
                        bounded(60, 2048));
    INFO(r.err);
    REQUIRE(r.status == 0);
    std::map<std::string, nlohmann::json> rows;
    auto report = nlohmann::json::parse(slurp(out + "/report.json"));
    for (const auto& row : report["students"])
        rows[row["key"]] = row;
    REQUIRE(rows.size() == 27);
    CHECK(rows.at("aaron")["problems"][0]["verdict"] == "error");
    CHECK(contains(rows.at("aaron")["problems"][0]["message"], "time limit exceeded"));
    CHECK(rows.at("aaron")["problems"][1]["verdict"] == "missing");
    for (const char* student : {"alice", "bob"}) {
        INFO(student);
        CHECK(rows.at(student)["status"] == "graded");
        CHECK(rows.at(student)["score"] == 5.0);
    }
    for (const auto& student : students) {
        INFO(student);
        CHECK(rows.at(student)["score"] == 5.0);
    }
    // Each row once in the journal: none was lost or graded twice.
    std::string journal = slurp(out + "/journal.jsonl");
    CHECK(std::count(journal.begin(), journal.end(), '\n') == 28);
}

TEST_CASE("hostile: kill -9 of a worker (as the OOM killer does) marks the answer it was on as "
          "an error, nothing else, and --resume --regrade-errors grades it (60 s, 2 GB)",
          "[hostile][grading]") {
    HostileClass cls;
    Spec loaded = load_spec(cls.spec);
    auto problems = generate_problem_set(loaded, "zed").problems;
    write(cls.submissions + "/zed/submission.yaml",
          "student: zed\nanswers:\n  polynomial-1: \"" + print(problems[0].expected) + "\"\n");
    std::string out = cls.dir.string() + "/out";
    std::vector<std::string> args{
        test::binary_path(), "grade", cls.spec, cls.submissions, "--out", out, "-j", "1",
        "--time-limit",      "30",    "--quiet"};
    std::vector<char*> argv;
    for (auto& a : args)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    pid_t grader = fork();
    REQUIRE(grader >= 0);
    if (grader == 0) {
        int null = open("/dev/null", O_WRONLY);
        dup2(null, STDERR_FILENO);
        // The test hook: the worker stops (without using CPU time) before zed's first answer.
        setenv("CHAINRULE_TEST_STALL_STUDENT", "zed", 1);
        execv(argv[0], argv.data());
        _exit(127);
    }
    // alice and bob come first (rows are graded in key order); then the worker, stopped on
    // zed's answer, is the grader's only child: kill it.
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60 * slow);
    pid_t killed = -1;
    while (std::chrono::steady_clock::now() < deadline && killed < 0) {
        std::string journal = slurp(out + "/journal.jsonl");
        if (std::count(journal.begin(), journal.end(), '\n') >= 3) {
            std::string children = slurp("/proc/" + std::to_string(grader) + "/task/" +
                                         std::to_string(grader) + "/children");
            if (!children.empty()) {
                killed = static_cast<pid_t>(std::stol(children));
                std::this_thread::sleep_for(std::chrono::milliseconds(300));
                kill(killed, SIGKILL);
            }
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    int status = 0;
    waitpid(grader, &status, 0);
    REQUIRE(killed > 0);
    REQUIRE(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
    std::map<std::string, nlohmann::json> rows;
    auto report = nlohmann::json::parse(slurp(out + "/report.json"));
    for (const auto& row : report["students"])
        rows[row["key"]] = row;
    CHECK(rows.at("alice")["score"] == 5.0);
    CHECK(rows.at("bob")["score"] == 5.0);
    CHECK(rows.at("zed")["problems"][0]["verdict"] == "error");
    CHECK(contains(rows.at("zed")["problems"][0]["message"], "signal 9"));
    CHECK(rows.at("zed")["problems"][1]["verdict"] == "missing");
    CHECK(rows.at("zed")["score"] == 0.0);
    // Not for good: graded again, zed's right answer has its points.
    std::string err;
    auto regraded = grade_rows(
        cls, out, {"-j", "1", "--time-limit", "30", "--resume", "--regrade-errors"}, &err);
    CHECK(regraded.at("zed")["problems"][0]["verdict"] == "correct");
    CHECK(regraded.at("zed")["score"] == 2.0);
    CHECK(regraded.at("alice").dump() == rows.at("alice").dump());
    CHECK(regraded.size() == 3);
}

TEST_CASE("hostile: a full disk for --out gives a clear error and a journal of whole rows "
          "(60 s, 2 GB)",
          "[hostile][grading]") {
    if (geteuid() != 0) {
        chainrule::test::skip("not root: cannot mount a small tmpfs for the full disk");
        return;
    }
    HostileClass cls;
    // Enough students that the reports do not fit in 64 KB (but their journal rows start to).
    for (int i = 0; i < 40; ++i)
        write(cls.submissions + "/s" + std::to_string(i) + ".yaml",
              "student: s" + std::to_string(i) + "\nanswers: {polynomial-1: \"" +
                  std::string(2000, 'x') + "\"}\n");
    std::string out = cls.dir.string() + "/small";
    fs::create_directories(out);
    if (mount("tmpfs", out.c_str(), "tmpfs", 0, "size=64k") != 0) {
        chainrule::test::skip("cannot mount a tmpfs here (no CAP_SYS_ADMIN in this container?)");
        return;
    }
    auto r = run_binary({"grade", cls.spec, cls.submissions, "--out", out, "-j", "2", "--quiet"},
                        bounded(60, 2048));
    std::string journal = slurp(out + "/journal.jsonl");
    bool report_exists = fs::exists(out + "/report.json");
    std::vector<std::string> leftovers;
    for (const auto& entry : fs::directory_iterator(out))
        if (entry.path().extension() == ".tmp") leftovers.push_back(entry.path().string());
    umount(out.c_str());
    CHECK(r.status == 2);
    CHECK(contains(r.out + r.err, "No space left on device"));
    CHECK_FALSE(report_exists);
    CHECK(leftovers.empty());
    // The journal holds whole lines only: each parses, and --resume could go on from it.
    REQUIRE_FALSE(journal.empty());
    CHECK(journal.back() == '\n');
    std::istringstream lines(journal);
    std::string line;
    while (std::getline(lines, line))
        CHECK_NOTHROW(nlohmann::json::parse(line));
}
