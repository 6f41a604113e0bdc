// The hostile-input catalogue (issue 7; README "Security note"), its files: YAML bombs and
// wrong types, sizes, special files and hostile student ids, each graded beside honest
// students whose rows must stay intact. Bounds as in hostile_answer_test.cpp.
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

TEST_CASE("hostile: YAML alias bombs (billion laughs) are refused at the first alias "
          "(10 s, 512 MB)",
          "[hostile][yaml]") {
    HostileClass cls;
    write(cls.dir.string() + "/bomb.yaml", "id: bomb\n" + billion_laughs());
    auto r = validate(cls.dir.string() + "/bomb.yaml");
    CHECK(r.status == 1);
    CHECK(contains(r.out + r.err, "bomb.yaml:3:10: aliases (*name) are not supported"));
    // In a submission: that file's row says so; the others are graded as ever.
    std::string message =
        cls.hostile_row_message("mallory/submission.yaml", "student: mallory\n" + billion_laughs() +
                                                               "answers:\n  polynomial-1: *a9\n");
    CHECK(contains(message, "mallory/submission.yaml:3:10: aliases (*name) are not supported"));
}

TEST_CASE("hostile: YAML nested 10,000 deep is refused by depth (10 s, 512 MB)",
          "[hostile][yaml]") {
    HostileClass cls;
    std::string deep = "problems: " + std::string(10000, '[') + std::string(10000, ']') + "\n";
    write(cls.dir.string() + "/deep.yaml", deep);
    auto r = validate(cls.dir.string() + "/deep.yaml");
    CHECK(r.status == 1);
    CHECK(contains(r.out + r.err, "nesting too deep (the limit is 32 levels)"));
    std::string message = cls.hostile_row_message(
        "mallory/submission.yaml", "student: mallory\nanswers:\n  polynomial-1: " +
                                       std::string(10000, '[') + std::string(10000, ']') + "\n");
    CHECK(contains(message, "nesting too deep (the limit is 16 levels)"));
}

TEST_CASE("hostile: YAML duplicate keys are named (10 s, 512 MB)", "[hostile][yaml]") {
    HostileClass cls;
    std::string tmpl = slurp(CHAINRULE_SOURCE_DIR "/templates/polynomial.yaml");
    write(cls.dir.string() + "/dup.yaml", tmpl + "title: again\n");
    auto r = validate(cls.dir.string() + "/dup.yaml");
    CHECK(r.status == 1);
    CHECK(contains(r.out + r.err, "duplicate key 'title'"));
    // Two `student:` keys: which is meant cannot be told, so the file is not graded.
    std::string message = cls.hostile_row_message(
        "mallory/submission.yaml",
        "student: mallory\nstudent: alice\nanswers: {polynomial-1: \"0\"}\n");
    CHECK(contains(message, ":2:1: the key 'student' is given twice"));
    // The same problem twice.
    message = cls.hostile_row_message(
        "eve/submission.yaml",
        "student: eve\nanswers:\n  polynomial-1: \"0\"\n  polynomial-1: \"1\"\n");
    CHECK(contains(message, "problem 'polynomial-1' is answered twice"));
}

TEST_CASE("hostile: YAML of the wrong types everywhere gives messages, not a crash "
          "(10 s, 512 MB)",
          "[hostile][yaml]") {
    HostileClass cls;
    write(cls.dir.string() + "/types.yaml",
          "id: [1]\ntitle: {a: 1}\ntopic: [x]\ndifficulty: hard\npoints: [2]\nparameters: 3\n"
          "variables: {x: 1}\nfunction: [1, 2]\nwrt: {}\nmistakes: 7\ntags: 5\n");
    auto r = validate(cls.dir.string() + "/types.yaml");
    CHECK(r.status == 1);
    CHECK(contains(r.out + r.err, "types.yaml:1:5:"));
    CHECK(terminal_safe(r.out + r.err));
    write(cls.dir.string() + "/spec-types.yaml", "title: [1]\nseed: {a: 1}\nproblems: 3\n");
    r = validate(cls.dir.string() + "/spec-types.yaml");
    CHECK(r.status == 1);
    CHECK(contains(r.out + r.err, "spec-types.yaml:"));
    // Submissions: a student id that is a list, answers that are a number, an answer that is
    // a map of the wrong keys (that answer invalid, the rest graded).
    std::string message =
        cls.hostile_row_message("mallory/submission.yaml", "student: [mallory]\nanswers: 3\n");
    CHECK(contains(message, "the student id is missing"));
    write(cls.submissions + "/trudy/submission.yaml",
          "student: trudy\nanswers:\n  polynomial-1: {bogus: 1}\n  gradient-1: [[[1]]]\n");
    auto rows = cls.grade(cls.dir.string() + "/out-trudy");
    CHECK(rows.at("trudy")["status"] == "graded");
    CHECK(rows.at("trudy")["problems"][0]["verdict"] == "invalid");
    CHECK(rows.at("trudy")["problems"][1]["verdict"] == "invalid");
}

TEST_CASE("hostile: a 1 GB file is refused by its size before it is read (10 s, 512 MB)",
          "[hostile][yaml]") {
    HostileClass cls;
    auto sparse = [](const std::string& path) {
        fs::create_directories(fs::path(path).parent_path());
        std::ofstream(path) << "id: big\n";
        fs::resize_file(path, std::uintmax_t(1) << 30); // sparse: no disk used
    };
    sparse(cls.dir.string() + "/big.yaml");
    auto r = validate(cls.dir.string() + "/big.yaml");
    CHECK(r.status == 1);
    CHECK(contains(r.out + r.err, "file too large: 1073741824 bytes"));
    sparse(cls.submissions + "/mallory/submission.yaml");
    auto rows = cls.grade(cls.dir.string() + "/out");
    CHECK(contains(rows.at("file:" + cls.submissions + "/mallory/submission.yaml")["message"],
                   "the file is 1073741824 bytes, over the limit of 1048576 bytes"));
}

TEST_CASE("hostile: a folder, a FIFO or a link where a file is expected (10 s, 512 MB)",
          "[hostile][yaml]") {
    HostileClass cls;
    // A template that is a folder, and one that is a FIFO (which would block a reader).
    std::string templates = cls.dir.string() + "/templates";
    fs::create_directories(templates + "/polynomial.yaml");
    REQUIRE(mkfifo((templates + "/gradient.yaml").c_str(), 0644) == 0);
    write(cls.dir.string() + "/specs/spec.yaml",
          "title: T\nseed: 1\nproblems:\n  - template: polynomial\n  - template: gradient\n");
    auto r = validate(cls.dir.string() + "/specs/spec.yaml");
    CHECK(r.status == 1);
    CHECK(contains(r.out + r.err, "is a folder, not a file"));
    CHECK(contains(r.out + r.err, "is not a regular file"));
    r = validate(templates + "/gradient.yaml");
    CHECK(r.status == 1);
    CHECK(contains(r.out + r.err, "is not a regular file"));

    // Submissions: a link to another student's file is not followed but reported (a row of
    // its own, and exit status 1); a folder named like a submission is searched, not read; a
    // FIFO named on the command line is refused, one found in a folder is not opened.
    fs::create_symlink(cls.submissions + "/alice/submission.yaml",
                       cls.submissions + "/mallory.yaml");
    fs::create_directories(cls.submissions + "/folder.yaml");
    std::string fifo = cls.dir.string() + "/pipe.yaml";
    REQUIRE(mkfifo(fifo.c_str(), 0644) == 0);
    REQUIRE(mkfifo((cls.submissions + "/bob/pipe.yaml").c_str(), 0644) == 0);
    auto rows = cls.grade(cls.dir.string() + "/out", {fifo, "--allow-conflicts"});
    CHECK(rows.size() == 5); // alice, bob, the FIFOs' rows and the link's
    CHECK(contains(rows.at("file:" + fifo)["message"], "cannot read"));
    const auto& link = rows.at("file:" + cls.submissions + "/mallory.yaml");
    CHECK(link["status"] == "skipped");
    CHECK(link["student"] == "mallory");
    CHECK(contains(link["message"], "a symbolic link: not followed"));
    const auto& pipe = rows.at("file:" + cls.submissions + "/bob/pipe.yaml");
    CHECK(pipe["status"] == "skipped");
    CHECK(pipe["student"] == "bob");
    CHECK(contains(pipe["message"], "a FIFO (named pipe), not a regular file: not read"));
    r = run_binary(
        {"grade", cls.spec, cls.submissions, "--out", cls.dir.string() + "/out2", "--quiet"},
        bounded(30, 2048));
    CHECK(r.status == 1);
    CHECK(contains(r.err, "skipped: " + cls.submissions + "/mallory.yaml: a symbolic link"));
}

// ---------------------------------------------------------------------------------------------
// 5. Grading. Bound: 60 s of CPU for the grader (its workers have their own limits).

TEST_CASE("hostile: student ids with ../, slashes, newlines, commas and =cmd| formulas "
          "(60 s, 2 GB)",
          "[hostile][grading]") {
    HostileClass cls;
    // Files named 1.yaml, ...: the file's student: is the identity (the names are not ids);
    // refused ids make the exit status 1 unless --allow-conflicts.
    write(cls.submissions + "/1.yaml",
          "student: ../../../tmp/escape\nanswers: {polynomial-1: \"1\"}\n");
    write(cls.submissions + "/2.yaml", "student: 'a/b\\c'\nanswers: {polynomial-1: \"1\"}\n");
    write(cls.submissions + "/3.yaml", "student: \"new\\nline\"\nanswers: {polynomial-1: \"1\"}\n");
    write(cls.submissions + "/4.yaml",
          "student: \"smith, john\"\nanswers: {polynomial-1: \"1\"}\n");
    write(cls.submissions + "/5.yaml",
          "student: \"=cmd|' /C calc'!A0\"\nanswers: {polynomial-1: \"1\"}\n");
    write(cls.submissions + "/6.yaml",
          "student: \"file:" + cls.submissions + "/3.yaml\"\nanswers: {polynomial-1: \"1\"}\n");
    std::string out = cls.dir.string() + "/out";
    auto rows = cls.grade(out, {"--identity", "file", "--allow-conflicts"});
    CHECK(rows.at("file:" + cls.submissions + "/3.yaml")["status"] == "invalid_id");
    // Nothing is written outside --out, and --out holds only the reports.
    std::set<std::string> files;
    for (const auto& entry : fs::recursive_directory_iterator(out))
        files.insert(entry.path().filename().string());
    CHECK(files == std::set<std::string>{"report.json", "grades.csv", "junit.xml", "summary.md",
                                         "timings.md", "journal.jsonl"});
    CHECK_FALSE(fs::exists("/tmp/escape"));
    CHECK(rows.at("../../../tmp/escape")["status"] == "graded");
    CHECK(rows.at("a/b\\c")["status"] == "graded");
    CHECK(rows.at("smith, john")["status"] == "graded");
    CHECK(rows.at("=cmd|' /C calc'!A0")["status"] == "graded");
    CHECK(contains(rows.at("file:" + cls.submissions + "/3.yaml")["message"],
                   "invisible or control character"));
    CHECK(contains(rows.at("file:" + cls.submissions + "/6.yaml")["message"],
                   "a student id may not start with 'file:'"));
    // grades.csv: one line per row, the comma quoted, the formula defused.
    std::string csv = slurp(out + "/grades.csv");
    std::size_t lines = 0;
    for (char c : csv)
        lines += c == '\n';
    CHECK(lines == rows.size() + 1);
    CHECK(contains(csv, "\"smith, john\""));
    CHECK(contains(csv, "'=cmd|' /C calc'!A0"));
    CHECK_FALSE(contains(csv, "\n=cmd"));
    CHECK(terminal_safe(slurp(out + "/junit.xml")));
    CHECK(terminal_safe(slurp(out + "/summary.md")));
}

TEST_CASE("hostile: two submissions for one student, and one for another's variant (60 s, 2 GB)",
          "[hostile][grading]") {
    HostileClass cls;
    // alice again, in a file of her folder that sorts first: with --prefer path, ignored with
    // a note (without it, both are conflict rows: grade_identity_test); alice's answers
    // handed in as dave's: graded against dave's own variant.
    write(cls.submissions + "/alice/0-again.yaml",
          "student: alice\nanswers: {polynomial-1: \"0\"}\n");
    std::string alice = slurp(cls.submissions + "/alice/submission.yaml");
    write(cls.submissions + "/dave/submission.yaml",
          "student: dave" + alice.substr(alice.find('\n')));
    auto rows = cls.grade(cls.dir.string() + "/out", {"--prefer", "path"});
    CHECK(contains(rows.at("alice")["notes"][0], "alice/0-again.yaml ignored"));
    CHECK(rows.at("dave")["status"] == "graded");
    CHECK(rows.at("dave")["score"] < 5.0);
}
