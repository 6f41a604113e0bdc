// Unit tests of a grading run's plan (grading/grade_plan): which rows a class's files give,
// decided from the files found and the options alone, with no worker process and no file read.
#include "generator/problem_source.hpp"
#include "generator/spec.hpp"
#include "grading/grade_plan.hpp"
#include "temp_folder.hpp"

#include <catch2/catch.hpp>

#include <fstream>

using namespace chainrule;

namespace {

struct PlanFixture {
    chainrule::test::TempFolder folder{"chainrule-plan"};
    ProblemSource source{load_spec(write_spec())};
    ClassFiles files;
    GradeOptions options;

    std::string write_spec() {
        std::string path = folder.string() + "/spec.yaml";
        std::ofstream(path) << "title: Plan\nseed: 3\ntemplate_dir: " CHAINRULE_SOURCE_DIR
                               "/templates\nproblems:\n  - {template: monomial, points: 2}\n";
        return path;
    }

    // A file found at `path` (naming `identity`), read as the submission of `student`.
    void add(const std::string& path, const std::string& identity, const std::string& student,
             std::int64_t mtime = 0) {
        files.found.push_back(FoundEntry{path, identity, ""});
        files.entry.push_back(files.found.size() - 1);
        Submission s;
        s.path = path;
        s.student = student;
        files.submissions.push_back(s);
        LoadedFile loaded;
        loaded.mtime_ns = mtime;
        files.loaded.push_back(loaded);
    }

    GradePlan plan(const std::vector<std::string>& roster = {}) {
        if (!roster.empty()) options.roster = "roster.txt";
        return plan_rows(files, options, source, roster, 2);
    }
};

std::string status(const PlannedRow& row) {
    return row.submission ? "graded" : row.row["status"].get<std::string>();
}

} // namespace

TEST_CASE("plan: one row per student, a row per file that is not graded", "[grading][plan]") {
    PlanFixture f;
    f.add("class/alice/a.yaml", "alice", "alice");
    f.add("class/bob/b.yaml", "bob", "alice"); // says alice, lives in bob's folder
    f.add("class/carol/c.yaml", "carol", "carol");
    f.files.found.push_back(
        FoundEntry{"class/dave", "dave", "cannot be listed: Permission denied"});
    GradePlan plan = f.plan({"alice", "bob", "carol", "dave", "erin"});
    std::vector<std::string> keys;
    for (const auto& [key, row] : plan)
        keys.push_back(key + " " + status(row));
    CHECK(keys == std::vector<std::string>{"alice graded", "carol graded", "erin no_submission",
                                           "file:class/bob/b.yaml identity_mismatch",
                                           "file:class/dave skipped"});
    // bob and dave sent something (a row names them): no no_submission row for them.
    CHECK(plan.at("file:class/bob/b.yaml").row["student"] == "bob");
    CHECK(plan.at("file:class/bob/b.yaml").row["message"] ==
          "class/bob/b.yaml: the file says student: 'alice', its path names 'bob': not graded "
          "(--identity folder or file trusts one of them)");
}

TEST_CASE("plan: two files of one student are conflicts until --prefer chooses",
          "[grading][plan]") {
    PlanFixture f;
    f.add("class/alice/late.yaml", "alice", "alice", 200);
    f.add("class/alice/zz-early.yaml", "alice", "alice", 100);
    GradePlan conflicts = f.plan();
    REQUIRE(conflicts.size() == 2);
    for (const auto& [key, row] : conflicts)
        CHECK(status(row) == "conflict");

    f.options.prefer = Preference::newest;
    GradePlan newest = f.plan();
    REQUIRE(newest.size() == 1);
    CHECK(*newest.at("alice").submission == 0); // late.yaml: the newer file
    CHECK(newest.at("alice").notes.front().find("duplicate submission class/alice/zz-early.yaml "
                                                "ignored") == 0);

    f.options.prefer = Preference::path;
    CHECK(*f.plan().at("alice").submission == 1); // the path that sorts last
}

TEST_CASE("plan: --identity folder grades a file as the student its path names",
          "[grading][plan]") {
    PlanFixture f;
    f.options.identity = IdentitySource::folder;
    f.add("class/bob/b.yaml", "bob", "alice");
    GradePlan plan = f.plan();
    REQUIRE(plan.count("bob") == 1);
    CHECK(f.files.submissions[0].student == "bob");
    CHECK(plan.at("bob").notes.front() ==
          "the file says student: 'alice', graded as the student its path names, 'bob' "
          "(--identity folder)");
}

TEST_CASE("plan: shards take every N-th row, together every row once", "[grading][plan]") {
    PlanFixture f;
    for (const char* id : {"a", "b", "c", "d", "e"})
        f.add(std::string("class/") + id + "/s.yaml", id, id);
    GradePlan plan = f.plan();
    std::vector<std::string> all;
    for (std::size_t k = 1; k <= 2; ++k)
        for (PlannedRow* row : shard_rows(plan, k, 2))
            all.push_back(row->key);
    CHECK(all == std::vector<std::string>{"a", "c", "e", "b", "d"});
    CHECK(shard_rows(plan, 1, 1).size() == 5);
}
