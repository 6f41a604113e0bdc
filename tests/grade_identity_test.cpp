// End-to-end tests of whose submission a file is (docs/grading.md, "Identities and
// conflicts"): a folder that cannot be read, an impostor's file, look-alike and refused ids,
// two files for one student, the rows of unreadable files, unique row keys.
#include "expr/printer.hpp"
#include "generator/spec.hpp"
#include "run_binary.hpp"
#include "skip.hpp"
#include "temp_folder.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>

using namespace chainrule;
using chainrule::test::run_binary;
using chainrule::test::RunOptions;
using chainrule::test::slurp;

namespace {

namespace fs = std::filesystem;

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// A class of one-problem submissions, each answer right for its student's own variant.
struct IdentityClass {
    chainrule::test::TempFolder folder{"chainrule-identity"};
    std::string dir = folder.string();
    std::string spec = dir + "/spec.yaml";
    std::string submissions = dir + "/class";
    Spec loaded;

    IdentityClass() {
        std::ofstream(spec) << "title: Identities\nseed: 5\ntemplate_dir: " CHAINRULE_SOURCE_DIR
                               "/templates\nproblems:\n  - {template: polynomial, points: 2}\n";
        loaded = load_spec(spec);
    }

    // The right answer to a student's polynomial-1.
    std::string right(const std::string& student) const {
        return print(generate_problem_set(loaded, student).problems.at(0).expected);
    }

    void write(const std::string& path, const std::string& text) const {
        fs::path p = fs::path(submissions) / path;
        fs::create_directories(p.parent_path());
        std::ofstream(p, std::ios::binary) << text;
    }

    // A submission file for `student`, right or wrong.
    void submit(const std::string& path, const std::string& student, bool right_answer = true) {
        write(path, "student: \"" + student + "\"\nanswers:\n  polynomial-1: \"" +
                        (right_answer ? right(student) : std::string("0")) + "\"\n");
    }

    struct Graded {
        test::RunResult run;
        std::map<std::string, nlohmann::json> rows; ///< by key
        nlohmann::json report;
    };

    Graded grade(const std::string& out, std::vector<std::string> extra = {},
                 const RunOptions& options = {}) const {
        std::vector<std::string> args{"grade",         spec, submissions, "--out",
                                      dir + "/" + out, "-j", "2",         "--quiet"};
        args.insert(args.end(), extra.begin(), extra.end());
        Graded g;
        g.run = run_binary(args, options);
        std::string report = slurp(dir + "/" + out + "/report.json");
        if (report.empty()) return g;
        g.report = nlohmann::json::parse(report);
        for (const auto& row : g.report["students"])
            g.rows[row["key"]] = row;
        return g;
    }

    std::string key(const std::string& path) const { return "file:" + submissions + "/" + path; }
};

} // namespace

TEST_CASE("grade: a folder that cannot be read is a row of its own, every other student is "
          "graded",
          "[grade][e2e][identity]") {
    IdentityClass cls;
    const int students = 200;
    std::string roster;
    for (int i = 0; i < students; ++i) {
        char id[16];
        std::snprintf(id, sizeof id, "s%03d", i);
        cls.submit(std::string(id) + "/submission.yaml", id);
        roster += std::string(id) + "\n";
    }
    std::ofstream(cls.dir + "/roster.txt") << roster;
    const std::string locked = cls.submissions + "/s137";
    REQUIRE(chmod(locked.c_str(), 0) == 0);
    // root reads a folder of mode 000 all the same: the grader runs without the capabilities
    // that let it (setpriv), or the case cannot run here.
    RunOptions options;
    if (geteuid() == 0) {
        if (!fs::exists("/usr/bin/setpriv")) {
            chmod(locked.c_str(), 0755);
            test::skip("running as root without setpriv: a folder of mode 000 can be read");
            return;
        }
        options.wrapper = {"/usr/bin/setpriv", "--bounding-set=-dac_override,-dac_read_search"};
    }
    auto g = cls.grade("out", {"--roster", cls.dir + "/roster.txt"}, options);
    chmod(locked.c_str(), 0755);
    INFO(g.run.err);
    if (g.rows.count("s137") && g.rows.at("s137")["status"] == "graded") {
        test::skip("the folder of mode 000 could be read here (capabilities not dropped)");
        return;
    }
    // One row for the folder, naming its student; every other student graded; no one
    // reported as without a submission.
    REQUIRE(g.rows.size() == std::size_t(students));
    const auto& row = g.rows.at("file:" + locked);
    CHECK(row["status"] == "skipped");
    CHECK(row["student"] == "s137");
    CHECK(row["message"] == locked + ": cannot read the folder: Permission denied");
    std::size_t graded = 0;
    for (const auto& [key, r] : g.rows)
        if (r["status"] == "graded" && r["score"] == 2.0) ++graded;
    CHECK(graded == std::size_t(students - 1));
    // Said on standard error (even with --quiet), in summary.md, and in the exit status.
    CHECK(g.run.status == 1);
    CHECK(contains(g.run.err, "chainrule grade: 1 identity problem"));
    CHECK(contains(g.run.err,
                   "  skipped: " + locked + ": cannot read the folder: Permission denied\n"));
    std::string summary = slurp(cls.dir + "/out/summary.md");
    CHECK(contains(summary, "## Identity problems"));
    CHECK(contains(summary, "| " + locked + " | skipped | " + locked +
                                ": cannot read the folder: Permission denied |"));
    CHECK(contains(summary, "200 rows: 199 graded, 1 not graded."));
}

TEST_CASE("grade: an impostor's file in another student's folder takes no one's grade",
          "[grade][e2e][identity]") {
    IdentityClass cls;
    cls.submit("alice/submission.yaml", "alice");
    cls.submit("bob/submission.yaml", "bob");
    cls.submit("carol/submission.yaml", "carol");
    std::ofstream(cls.dir + "/roster.txt") << "alice\nbob\ncarol\n";
    auto honest = cls.grade("honest", {"--roster", cls.dir + "/roster.txt"});
    REQUIRE(honest.run.status == 0);
    CHECK(honest.run.err.empty());
    REQUIRE(honest.rows.at("alice")["score"] == 2.0);

    // A second file in bob's folder, and carol's only file, say they are alice's, wrong.
    cls.submit("bob/extra.yaml", "alice", false);
    cls.submit("carol/submission.yaml", "alice", false);
    auto g = cls.grade("out", {"--roster", cls.dir + "/roster.txt"});
    INFO(g.run.err);
    CHECK(g.run.status == 1);
    // alice's row is the same as without the impostors, byte for byte.
    CHECK(g.rows.at("alice").dump() == honest.rows.at("alice").dump());
    CHECK(g.rows.at("bob")["score"] == 2.0);
    const auto& extra = g.rows.at(cls.key("bob/extra.yaml"));
    CHECK(extra["status"] == "identity_mismatch");
    CHECK(extra["student"] == "bob");
    CHECK(extra["message"] == cls.submissions +
                                  "/bob/extra.yaml: the file says student: 'alice', its path "
                                  "names 'bob': not graded (--identity folder or file trusts "
                                  "one of them)");
    // carol sent a file, if not hers: a row of its own, not "no_submission".
    CHECK(g.rows.at(cls.key("carol/submission.yaml"))["status"] == "identity_mismatch");
    CHECK(g.rows.count("carol") == 0);
    CHECK(g.rows.size() == 4);
    CHECK(contains(g.run.err, "chainrule grade: 2 identity problems"));
    CHECK(contains(g.run.err, "  identity_mismatch: " + cls.submissions +
                                  "/bob/extra.yaml: the file says student: 'alice'"));
    CHECK(contains(slurp(cls.dir + "/out/summary.md"), "| identity_mismatch |"));
    // The gradebook gets alice's and bob's grades, no line for a file's row.
    auto gradebook = cls.grade("gradebook", {"--roster", cls.dir + "/roster.txt", "--format",
                                             "canvas", "--allow-conflicts"});
    CHECK(gradebook.run.status == 0);
    std::string canvas = slurp(cls.dir + "/gradebook/canvas.csv");
    CHECK(contains(canvas, ",,,alice,,2\n,,,bob,,2\n"));
    CHECK_FALSE(contains(canvas, "carol"));

    // --identity folder grades each file as its folder's student; --identity file as the
    // file says (then bob/extra.yaml and carol's file are two more files for alice).
    auto folder = cls.grade("folder", {"--identity", "folder", "--prefer", "path"});
    CHECK(folder.run.status == 0);
    CHECK(folder.rows.at("alice").dump() == honest.rows.at("alice").dump());
    CHECK(folder.rows.at("carol")["status"] == "graded");
    CHECK(contains(folder.rows.at("carol")["notes"][0].get<std::string>(),
                   "the file says student: 'alice', graded as the student its path names, "
                   "'carol' (--identity folder)"));
    auto file = cls.grade("file", {"--identity", "file"});
    CHECK(file.run.status == 1);
    CHECK(file.rows.at(cls.key("alice/submission.yaml"))["status"] == "conflict");
    CHECK(file.rows.count("alice") == 0);
}

TEST_CASE("grade: two files for one student are conflict rows until --prefer chooses",
          "[grade][e2e][identity]") {
    IdentityClass cls;
    cls.submit("alice/submission.yaml", "alice");
    cls.submit("dave/a-first.yaml", "dave", true);
    cls.submit("dave/b-second.yaml", "dave", false);
    std::ofstream(cls.dir + "/roster.txt") << "alice\ndave\n";
    auto g = cls.grade("out", {"--roster", cls.dir + "/roster.txt"});
    INFO(g.run.err);
    CHECK(g.run.status == 1);
    CHECK(g.rows.size() == 3); // alice, and each of dave's files; no "dave", no no_submission
    for (const char* name : {"dave/a-first.yaml", "dave/b-second.yaml"}) {
        const auto& row = g.rows.at(cls.key(name));
        CHECK(row["status"] == "conflict");
        CHECK(row["student"] == "dave");
        CHECK(row["score"] == 0.0);
        CHECK(contains(row["message"], ": one of 2 files for the student 'dave' (" +
                                           cls.submissions + "/dave/a-first.yaml, " +
                                           cls.submissions +
                                           "/dave/b-second.yaml): none is "
                                           "graded until one is chosen (--prefer newest|path)"));
    }
    CHECK(contains(g.run.err, "chainrule grade: 2 identity problems"));
    CHECK(g.rows.at("alice")["score"] == 2.0);

    // Resumed and sharded, the reports are the same bytes, and merge finds the same problems.
    auto again = cls.grade("out", {"--roster", cls.dir + "/roster.txt", "--resume"});
    CHECK(again.run.status == 1);
    std::string single = slurp(cls.dir + "/out/report.json");
    auto whole = cls.grade("whole", {"--roster", cls.dir + "/roster.txt"});
    CHECK(slurp(cls.dir + "/whole/report.json") == single);
    for (const char* k : {"1", "2"})
        CHECK(cls.grade(std::string("shard") + k,
                        {"--roster", cls.dir + "/roster.txt", "--shard", std::string(k) + "/2"})
                  .run.status == 1);
    auto merged = run_binary(
        {"merge", cls.dir + "/shard1", cls.dir + "/shard2", "--out", cls.dir + "/merged"});
    CHECK(merged.status == 1);
    CHECK(contains(merged.err, "chainrule merge: 2 identity problems"));
    for (const char* f : {"report.json", "grades.csv", "junit.xml", "summary.md"}) {
        INFO(f);
        CHECK(slurp(cls.dir + "/merged/" + f) == slurp(cls.dir + "/out/" + f));
    }
    CHECK(run_binary({"merge", cls.dir + "/shard1", cls.dir + "/shard2", "--out",
                      cls.dir + "/merged2", "--allow-conflicts"})
              .status == 0);

    // --prefer path: the path that sorts last; --prefer newest: the latest modification time.
    auto by_path = cls.grade("path", {"--roster", cls.dir + "/roster.txt", "--prefer", "path"});
    CHECK(by_path.run.status == 0);
    CHECK(by_path.run.err.empty());
    CHECK(by_path.rows.size() == 2);
    CHECK(by_path.rows.at("dave")["score"] == 0.0);
    CHECK(by_path.rows.at("dave")["source"] == cls.submissions + "/dave/b-second.yaml");
    fs::last_write_time(cls.submissions + "/dave/b-second.yaml",
                        fs::last_write_time(cls.submissions + "/dave/a-first.yaml") -
                            std::chrono::hours(24));
    auto newest = cls.grade("newest", {"--roster", cls.dir + "/roster.txt", "--prefer", "newest"});
    CHECK(newest.run.status == 0);
    CHECK(newest.rows.at("dave")["score"] == 2.0);
    CHECK(newest.rows.at("dave")["source"] == cls.submissions + "/dave/a-first.yaml");
    CHECK(contains(newest.rows.at("dave")["notes"][0],
                   "duplicate submission " + cls.submissions +
                       "/dave/b-second.yaml ignored: of the files of the same student, the "
                       "newest (--prefer newest: the latest modification time)"));
    CHECK(newest.report["meta"]["options"]["prefer"] == "newest");
}

TEST_CASE("grade: blank, invisible and look-alike ids are reported, never another row's",
          "[grade][e2e][identity]") {
    IdentityClass cls;
    // Flat files named by their number: the file's student: is the identity (--identity file).
    cls.submit("1.yaml", "alice");
    cls.submit("2.yaml", "\xd0\xb0lice"); // a Cyrillic а
    cls.submit("3.yaml", "stu00010");
    cls.submit("4.yaml", "stu00010\xc2\xa0", false); // a no-break space after it
    cls.submit("5.yaml", "   ", false);
    cls.submit("6.yaml", "ALICE");
    auto g = cls.grade("out", {"--identity", "file"});
    INFO(g.run.err);
    CHECK(g.run.status == 1);
    CHECK(g.rows.at("alice")["score"] == 2.0);
    CHECK(g.rows.at("stu00010")["score"] == 2.0);
    // The look-alikes are graded as who they say, and reported.
    CHECK(g.rows.at("\xd0\xb0lice")["status"] == "graded");
    CHECK(g.rows.at("ALICE")["status"] == "graded");
    CHECK(contains(g.run.err, "  lookalike_ids: the ids 'ALICE', 'alice' and '\xd0\xb0lice' "
                              "(U+0430) differ only by look"));
    // Refused ids: rows of their own, with the file and the rule.
    const auto& nbsp = g.rows.at(cls.key("4.yaml"));
    CHECK(nbsp["status"] == "invalid_id");
    CHECK(nbsp["message"] == cls.submissions +
                                 "/4.yaml: the student id has white space other than a space "
                                 "(U+00A0): 'stu00010\xc2\xa0'");
    const auto& blank = g.rows.at(cls.key("5.yaml"));
    CHECK(blank["status"] == "invalid_id");
    CHECK(blank["message"] == cls.submissions + "/5.yaml: the student id is blank: '   '");
    CHECK(g.rows.size() == 6);
    CHECK(contains(g.run.err, "chainrule grade: 3 identity problems"));
    std::string summary = slurp(cls.dir + "/out/summary.md");
    CHECK(contains(summary, "| ALICE, alice, \xd0\xb0lice | lookalike_ids |"));
    CHECK(contains(summary, "| invalid_id |"));
    // --allow-conflicts: the same reports, exit 0, the problems still said.
    auto allowed = cls.grade("allowed", {"--identity", "file", "--allow-conflicts"});
    CHECK(allowed.run.status == 0);
    CHECK(contains(allowed.run.err, "chainrule grade: 3 identity problems"));
    CHECK(slurp(cls.dir + "/allowed/summary.md") == summary);
}

TEST_CASE("grade: an unreadable file's row names the student of its folder",
          "[grade][e2e][identity]") {
    IdentityClass cls;
    cls.submit("alice/submission.yaml", "alice");
    cls.write("carol/submission.yaml", "student: [carol\n");
    std::ofstream(cls.dir + "/roster.txt") << "alice\ncarol\n";
    auto g = cls.grade("out", {"--roster", cls.dir + "/roster.txt", "--format", "moodle"});
    INFO(g.run.err);
    CHECK(g.run.status == 0); // a broken file is the student's, not an identity problem
    CHECK(g.rows.size() == 2);
    const auto& row = g.rows.at(cls.key("carol/submission.yaml"));
    CHECK(row["status"] == "unreadable");
    CHECK(row["student"] == "carol");
    CHECK(g.rows.count("carol") == 0); // not also "no_submission"
    std::string csv = slurp(cls.dir + "/out/grades.csv");
    CHECK(contains(csv, "\ncarol," + cls.submissions + "/carol/submission.yaml,unreadable,"));
    CHECK_FALSE(contains(slurp(cls.dir + "/out/moodle.csv"), "carol"));
}

TEST_CASE("grade: every file gets a row of its own key, whatever its name",
          "[grade][e2e][identity]") {
    IdentityClass cls;
    // A control character and its printed escape typed in a name; a byte that is not UTF-8
    // and its escape.
    const std::vector<std::string> names{"a\x01.yaml", "a<U+0001>.yaml", "b\xff.yaml",
                                         "b<0xFF>.yaml"};
    for (const auto& name : names)
        cls.write(name, "student: [\n");
    auto g = cls.grade("out", {"--identity", "file"});
    INFO(g.run.err);
    CHECK(g.run.status == 0);
    REQUIRE(g.rows.size() == 4);
    std::set<std::string> keys;
    for (const auto& [key, row] : g.rows) {
        CHECK(row["status"] == "unreadable");
        keys.insert(key);
    }
    CHECK(keys == std::set<std::string>{cls.key("a<U+0001>.yaml"), cls.key("a<U+003C>U+0001>.yaml"),
                                        cls.key("b<0xFF>.yaml"), cls.key("b<U+003C>0xFF>.yaml")});
}

TEST_CASE("grade: GitHub Classroom's <assignment>-<username> folders with --identity-prefix",
          "[grade][e2e][identity]") {
    IdentityClass cls;
    cls.submit("hw1-alice/submission.yaml", "alice");
    cls.submit("hw1-bob/submission.yaml", "alice", false); // bob's repository says alice
    auto g = cls.grade("out", {"--identity-prefix", "hw1-"});
    INFO(g.run.err);
    CHECK(g.run.status == 1);
    CHECK(g.rows.at("alice")["score"] == 2.0);
    const auto& bob = g.rows.at(cls.key("hw1-bob/submission.yaml"));
    CHECK(bob["status"] == "identity_mismatch");
    CHECK(bob["student"] == "bob");
    CHECK(g.report["meta"]["options"]["identity_prefix"] == "hw1-");
    // Without the prefix, the folder's whole name is the student's: alice's file mismatches.
    auto plain = cls.grade("plain");
    CHECK(plain.rows.at(cls.key("hw1-alice/submission.yaml"))["status"] == "identity_mismatch");
    CHECK(contains(plain.run.err, "its path names 'hw1-alice'"));
}
