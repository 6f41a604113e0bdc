// The GitHub Classroom workflows of examples/ci/ run as they are written, job by job
// (tests/workflow_runner.hpp: each job in a fresh workspace, files passed only as the
// workflow's artifacts, the network's tools stand-ins that check how they are called), in
// checkouts laid out as Classroom lays them out:
// - classroom-student.yml in a student's repository <assignment>-<username>, made from the
//   template repository with the .deb at .chainrule/chainrule.deb: installed from there (or
//   from CHAINRULE_DEB_URL when set), the points its reporter step is given, decoded as the
//   reporter decodes them, and the job summary;
// - classroom-collect.yml in the instructor's repository, with the same .deb (or none, and
//   CHAINRULE_GIT to build it), on a download as `gh classroom clone student-repos` writes it
//   (<assignment>-submissions/<assignment>-<username>/): every student graded, in shards,
//   merged into the reports one run gives.
#include "run_binary.hpp"
#include "temp_folder.hpp"
#include "workflow_runner.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <stdexcept>

namespace fs = std::filesystem;
using chainrule::test::run_binary;
using chainrule::test::slurp;
using chainrule::test::WorkflowRunner;
using json = nlohmann::ordered_json;

namespace {

const std::string spec_text =
    "title: Homework 1\nseed: 7\ntemplate_dir: " CHAINRULE_SOURCE_DIR "/templates\nproblems:\n"
    "  - {template: polynomial, points: 2}\n"
    "  - {template: gradient, points: 3}\n"
    "  - {template: chain-power, points: 2}\n"
    "  - {template: max-zero, points: 1}\n";

std::string base64_decode(const std::string& text) {
    static const std::string alphabet =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    if (text.size() % 4 != 0) throw std::runtime_error("base64 length not a multiple of 4");
    std::string out;
    for (std::size_t i = 0; i < text.size(); i += 4) {
        unsigned v = 0;
        int padding = 0;
        for (std::size_t k = 0; k < 4; ++k) {
            std::size_t at = alphabet.find(text[i + k]);
            if (text[i + k] == '=' && k >= 2) {
                ++padding;
                at = 0;
            } else if (at == std::string::npos || padding > 0) {
                throw std::runtime_error("not base64");
            }
            v = v << 6 | static_cast<unsigned>(at);
        }
        out += static_cast<char>(v >> 16 & 255);
        if (padding < 2) out += static_cast<char>(v >> 8 & 255);
        if (padding < 1) out += static_cast<char>(v & 255);
    }
    return out;
}

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
    for (std::size_t at = text.find(from); at != std::string::npos;
         at = text.find(from, at + to.size()))
        text.replace(at, from.size(), to);
    return text;
}

// A folder to work in, with `chainrule` on the PATH (as the .deb installs it).
// A folder to work in, and the sheets of the students.
struct Workspace {
    chainrule::test::TempFolder folder{"chainrule-classroom-example"};
    const fs::path& root = folder.path();

    // A student's answers to their own variant: the right answer of each problem (from
    // `generate --solutions`), or the text given for a problem id ("" leaves it blank).
    std::string submission(const std::string& student,
                           const std::map<std::string, std::string>& instead) const {
        std::ofstream(root / "spec.yaml") << spec_text;
        auto run = run_binary({"generate", (root / "spec.yaml").string(), "--student", student,
                               "--format", "json", "--solutions"});
        REQUIRE(run.status == 0);
        std::string out = "student: " + student + "\nanswers:\n";
        const json set = json::parse(run.out);
        for (const auto& p : set["problems"]) {
            std::string id = p["id"];
            auto given = instead.find(id);
            std::string answer =
                given != instead.end() ? given->second : p["answer"]["plain"].get<std::string>();
            out += "  " + id + ":" + (answer.empty() ? "" : " \"" + answer + "\"") + "\n";
        }
        return out;
    }
};

const std::string deb_path = ".chainrule/chainrule.deb";

// A student's repository as Classroom makes it from the template: the workflow, the spec and
// the .deb in a hidden folder, a README and git's own folder.
void make_repository(const fs::path& dir) {
    fs::create_directories(dir / ".chainrule");
    fs::create_directories(dir / ".github/workflows");
    fs::create_directories(dir / ".git");
    std::ofstream(dir / ".chainrule/spec.yaml") << spec_text;
    chainrule::test::write_stand_in_deb(dir / deb_path);
    fs::copy_file(CHAINRULE_SOURCE_DIR "/examples/ci/classroom-student.yml",
                  dir / ".github/workflows/classroom.yml");
    std::ofstream(dir / ".git/config") << "[core]\n\trepositoryformatversion = 0\n";
    std::ofstream(dir / "README.md") << "# Homework 1\n";
}

std::map<std::string, std::string> variables(const YAML::Node& node) {
    std::map<std::string, std::string> out;
    for (const auto& entry : node)
        out[entry.first.as<std::string>()] = entry.second.as<std::string>();
    return out;
}

YAML::Node student_workflow() {
    return YAML::LoadFile(CHAINRULE_SOURCE_DIR "/examples/ci/classroom-student.yml");
}

// What the reporter does with a runner's result: base64 to JSON, the points the sum of the
// tests' scores out of max_score (classroom-resources/autograding-grading-reporter,
// src/main.js and src/notify-classroom.js).
struct Reported {
    json result;
    double points = 0;
    double max_points = 0;
};

// A student's push: the workflow's job run in (a checkout of) the repository; the result its
// reporter step is given, read as the reporter reads it.
struct StudentRun {
    int status = -1;
    Reported reported;
    std::string log;
    std::string summary;
    fs::path workspace;
};

StudentRun run_student_workflow(const Workspace& w, const fs::path& repository,
                                YAML::Node workflow = student_workflow()) {
    const fs::path runner_root = w.root / ("run-" + repository.filename().string());
    fs::remove_all(runner_root); // a push before this one left its jobs there
    WorkflowRunner runner(runner_root, repository);
    runner.env["GITHUB_REPOSITORY"] = "course-org/" + repository.filename().string();
    const YAML::Node job = workflow["jobs"]["run-autograding-tests"];
    CHECK(job["if"].as<std::string>() == "github.actor != 'github-classroom[bot]'");
    // The check step's id, which the reporter's variable names.
    std::string check_id;
    for (const auto& step : job["steps"])
        if (step["id"]) check_id = step["id"].as<std::string>();
    REQUIRE(!check_id.empty());

    StudentRun run;
    auto reporter = [&](const YAML::Node& step, const WorkflowRunner::Env& env, const fs::path&) {
        std::string uses = step["uses"].as<std::string>();
        REQUIRE(uses.rfind("classroom-resources/autograding-grading-reporter@", 0) == 0);
        // The reporter reads <RUNNER>_RESULTS for each runner.
        std::string runner_name = step["with"]["runners"].as<std::string>();
        REQUIRE(runner_name == check_id);
        std::string variable = runner_name;
        for (auto& c : variable)
            c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        auto result = env.find(variable + "_RESULTS");
        REQUIRE(result != env.end());
        run.reported.result = json::parse(base64_decode(result->second));
        run.reported.max_points = run.reported.result["max_score"].get<double>();
        for (const auto& test : run.reported.result["tests"])
            run.reported.points += test["score"].get<double>();
        return true;
    };
    run.status = runner.run_github_job(workflow, "run-autograding-tests", {}, reporter);
    run.log = runner.failed_step() + "\n" + runner.log();
    run.summary = slurp(runner.step_summary());
    run.workspace = w.root / ("workspace-" + repository.filename().string());
    fs::remove_all(run.workspace);
    fs::copy(runner.workspace(), run.workspace, fs::copy_options::recursive);
    run.log += "\nstand-ins:\n" + runner.tool_calls();
    if (run.status == 0) REQUIRE(!run.reported.result.is_null());
    return run;
}

} // namespace

TEST_CASE("classroom examples: a student's push gives the points to Classroom's reporter",
          "[classroom][e2e]") {
    Workspace w;
    YAML::Node workflow = student_workflow();
    CHECK(workflow["permissions"]["checks"].as<std::string>() == "write");
    const std::string assignment = variables(workflow["env"])["ASSIGNMENT"];
    fs::path repository = w.root / (assignment + "-ana");
    make_repository(repository);
    // Right, right, wrong, blank: 5 of 8 points.
    std::ofstream(repository / "submission.yaml")
        << w.submission("ana", {{"chain-power-1", "0"}, {"max-zero-1", ""}});

    StudentRun run = run_student_workflow(w, repository);
    INFO(run.log);
    REQUIRE(run.status == 0);
    // chainrule installed from the .deb the template repository holds, nothing downloaded.
    CHECK(run.log.find("apt-get install -y -qq --no-install-recommends ./" + deb_path + "\n") !=
          std::string::npos);
    CHECK(run.log.find("curl ") == std::string::npos);
    INFO(run.summary);
    CHECK(run.reported.points == 5.0);
    CHECK(run.reported.max_points == 8.0);
    CHECK(run.reported.result["status"] == "fail");
    std::vector<std::string> statuses;
    for (const auto& test : run.reported.result["tests"])
        statuses.push_back(test["status"]);
    CHECK(statuses == std::vector<std::string>{"pass", "pass", "fail", "fail"});
    CHECK(run.summary.rfind("### chainrule: 5 / 8 (62.5%)\n\nana · Homework 1: 2 of 4 problems "
                            "right and in the form asked.\n",
                            0) == 0);
    CHECK(run.summary.find("| ✗ | 4. max-zero-1: ") != std::string::npos);
    CHECK(fs::exists(run.workspace / "result.txt"));
}

TEST_CASE("classroom examples: a student's first push gets their sheet and a blank submission",
          "[classroom][e2e]") {
    Workspace w;
    const std::string assignment = variables(student_workflow()["env"])["ASSIGNMENT"];
    fs::path repository = w.root / (assignment + "-ben");
    make_repository(repository);
    StudentRun run = run_student_workflow(w, repository);
    INFO(run.log);
    REQUIRE(run.status == 0);
    CHECK(run.reported.points == 0.0);
    CHECK(run.reported.max_points == 8.0);
    const std::string blank = slurp(run.workspace / "submission.yaml");
    CHECK(blank.find("\nstudent: \"ben\"\n") != std::string::npos);
    CHECK(run.summary.find("Copy this into submission.yaml, write your answers and push:\n\n```"
                           "yaml\n" +
                           blank + "```\n\n### chainrule: 0 / 8 (0.0%)\n") != std::string::npos);
    auto sheet =
        run_binary({"answer", (repository / ".chainrule/spec.yaml").string(), "--student", "ben",
                    "--format", "md", "--submission", (w.root / "other.yaml").string()});
    REQUIRE(sheet.status == 0);
    CHECK(run.summary.rfind(sheet.out, 0) == 0);

    // Someone else's file in ben's repository is refused, with the reason in the log.
    std::ofstream(repository / "submission.yaml") << w.submission("ana", {});
    run = run_student_workflow(w, repository);
    CHECK(run.status != 0);
    CHECK(run.log.find("chainrule: error: the submission submission.yaml is for the student "
                       "'ana', not 'ben'\n") != std::string::npos);
}

TEST_CASE("classroom examples: the student's workflow installs from CHAINRULE_DEB_URL when set, "
          "and says what is missing when there is no .deb",
          "[classroom][e2e]") {
    Workspace w;
    fs::path repository = w.root / "hw1-cid";
    make_repository(repository);
    fs::remove(repository / deb_path);
    std::ofstream(repository / "submission.yaml") << w.submission("cid", {});

    StudentRun run = run_student_workflow(w, repository);
    CHECK(run.status == 1);
    CHECK(run.log.rfind("Install chainrule\n", 0) == 0); // the step that failed
    CHECK(run.log.find("::error::no .chainrule/chainrule.deb in the repository, and no "
                       "CHAINRULE_DEB_URL\n") != std::string::npos);

    YAML::Node workflow = student_workflow();
    const std::string url = "https://example.org/chainrule_0.1.0_amd64.deb";
    workflow["env"]["CHAINRULE_DEB_URL"] = url;
    run = run_student_workflow(w, repository, workflow);
    INFO(run.log);
    REQUIRE(run.status == 0);
    CHECK(run.log.find("curl -fsSL -o " + deb_path + " --create-dirs " + url + "\n") !=
          std::string::npos);
    CHECK(run.reported.points == 8.0);
}

namespace {

// The instructor's course repository and the download of an assignment's repositories.
struct Course {
    const std::string assignment = "hw1";
    fs::path course;
    fs::path download;

    Course(const Workspace& w, bool with_deb) {
        course = w.root / "course-repository";
        download = w.root / "gh-classroom-download";
        const fs::path submissions = download / (assignment + "-submissions");
        const std::vector<std::string> students = {"ana", "ben", "cid", "dee", "eve", "fay", "gus"};
        for (const auto& student : students) {
            fs::path repository = submissions / (assignment + "-" + student);
            make_repository(repository);
            if (student == "ben") continue; // accepted the assignment, never pushed an answer
            std::map<std::string, std::string> instead;
            if (student == "ana") instead = {{"chain-power-1", "0"}, {"max-zero-1", ""}};
            if (student == "cid") instead = {{"polynomial-1", "6x +"}};
            std::string file = w.submission(student, instead);
            // eve wrote her full name as her id: her repository says whose the file is.
            if (student == "eve") file = replace_all(file, "student: eve", "student: eve-smith");
            fs::path path = student == "dee" ? repository / "answers" / "week1.yaml"
                                             : repository / "submission.yaml";
            fs::create_directories(path.parent_path());
            std::ofstream(path) << file;
        }
        fs::create_directories(course / "course");
        std::ofstream(course / "course" / (assignment + ".yaml")) << spec_text;
        if (with_deb) chainrule::test::write_stand_in_deb(course / deb_path);
    }
};

// Runs the collect workflow's jobs in order; returns the runner (its last workspace is the
// merge job's) or fails the test at the first job that fails.
void run_collect_workflow(WorkflowRunner& runner, const YAML::Node& workflow, const Course& c) {
    runner.expressions["inputs.assignment"] = c.assignment;
    runner.expressions["inputs.assignment-id"] = "123456";
    runner.expressions["secrets.CLASSROOM_TOKEN"] = "a-token";
    runner.env["FAKE_CLASSROOM_DOWNLOAD"] = c.download.string();
    auto run = [&](const std::string& job, const WorkflowRunner::Env& matrix = {}) {
        int status = runner.run_github_job(workflow, job, matrix);
        INFO(job << ": " << runner.failed_step() << "\n" << runner.log());
        REQUIRE(status == 0);
    };
    run("package");
    run("collect");
    const YAML::Node grade = workflow["jobs"]["grade"];
    CHECK(grade["needs"][0].as<std::string>() == "package");
    CHECK(grade["needs"][1].as<std::string>() == "collect");
    const YAML::Node shards = grade["strategy"]["matrix"]["shard"];
    REQUIRE(shards.size() >= 2);
    for (const auto& shard : shards)
        run("grade", {{"shard", shard.as<std::string>()}});
    CHECK(workflow["jobs"]["merge"]["needs"].as<std::string>() == "grade");
    run("merge");
}

} // namespace

TEST_CASE("classroom examples: the instructor collects, grades every student in shards, merges",
          "[classroom][e2e]") {
    Workspace w;
    Course c(w, true);
    WorkflowRunner runner(w.root / "runner", c.course);
    YAML::Node workflow = YAML::LoadFile(CHAINRULE_SOURCE_DIR "/examples/ci/classroom-collect.yml");
    run_collect_workflow(runner, workflow, c);
    const std::string calls = runner.tool_calls();
    INFO(calls);
    CHECK(calls.find("gh classroom clone student-repos --assignment-id 123456 --directory "
                     "classroom\n") != std::string::npos);
    // The committed .deb, installed in each grading job and the merge; nothing built.
    std::size_t installs = 0;
    for (std::size_t at = 0;
         (at = calls.find("--no-install-recommends ./chainrule.deb\n", at)) != std::string::npos;
         ++at)
        ++installs;
    CHECK(installs == workflow["jobs"]["grade"]["strategy"]["matrix"]["shard"].size() + 1);
    CHECK(calls.find("git clone") == std::string::npos);
    CHECK(calls.find("curl") == std::string::npos);

    // Every student graded, under their username, whatever their file says.
    const fs::path report_dir = runner.workspace() / "report";
    auto report = json::parse(slurp(report_dir / "report.json"));
    std::vector<std::string> keys;
    std::map<std::string, json> rows;
    for (const auto& row : report["students"]) {
        keys.push_back(row["key"]);
        rows[row["key"]] = row;
    }
    // ben pushed nothing: his repository has no submission file, and no row (a --roster
    // would give him a no_submission row).
    CHECK(keys == std::vector<std::string>{"ana", "cid", "dee", "eve", "fay", "gus"});
    for (const auto& [key, row] : rows) {
        INFO(key);
        CHECK(row["status"] == "graded");
    }
    CHECK(rows["ana"]["score"] == 5.0); // the points ana's own push reported to Classroom
    CHECK(rows["cid"]["score"] == 6.0);
    CHECK(rows["gus"]["score"] == 8.0);
    CHECK(rows["eve"]["score"] == 8.0);
    CHECK(rows["eve"]["notes"].dump().find("eve-smith") != std::string::npos);
    CHECK(rows["dee"]["source"].get<std::string>().find("answers/week1.yaml") != std::string::npos);

    // The same reports as one run of the recipe's command on the download.
    fs::copy(c.download, c.course / "classroom", fs::copy_options::recursive);
    chainrule::test::RunOptions options;
    options.directory = c.course.string();
    auto single = run_binary({"grade", "course/" + c.assignment + ".yaml",
                              "classroom/" + c.assignment + "-submissions", "--identity", "folder",
                              "--identity-prefix", c.assignment + "-", "--out", "single",
                              "--format", "canvas,moodle", "--quiet"},
                             options);
    REQUIRE(single.status == 0);
    for (const char* file :
         {"report.json", "grades.csv", "junit.xml", "summary.md", "canvas.csv", "moodle.csv"}) {
        INFO(file);
        CHECK(slurp(c.course / "single" / file) == slurp(report_dir / file));
    }
    CHECK(slurp(runner.step_summary()) == slurp(c.course / "single/summary.md"));
}

TEST_CASE("classroom examples: with no .deb in the instructor's repository, the collect "
          "workflow builds it once from CHAINRULE_GIT",
          "[classroom][e2e]") {
    Workspace w;
    Course c(w, false);
    YAML::Node workflow = YAML::LoadFile(CHAINRULE_SOURCE_DIR "/examples/ci/classroom-collect.yml");
    {
        WorkflowRunner runner(w.root / "runner-none", c.course);
        runner.expressions["inputs.assignment"] = c.assignment;
        CHECK(runner.run_github_job(workflow, "package") == 1);
        CHECK(runner.log().find("::error::no .chainrule/chainrule.deb in the repository, no "
                                "CHAINRULE_DEB_URL, no CHAINRULE_GIT\n") != std::string::npos);
    }
    workflow["env"]["CHAINRULE_GIT"] = "https://example.org/course/chainrule.git";
    WorkflowRunner runner(w.root / "runner-git", c.course);
    run_collect_workflow(runner, workflow, c);
    const std::string calls = runner.tool_calls();
    INFO(calls);
    CHECK(calls.find("git clone --depth 1 https://example.org/course/chainrule.git "
                     "chainrule-source\n") != std::string::npos);
    CHECK(calls.find("cpack -G DEB\n") != std::string::npos);
    auto report = json::parse(slurp(runner.workspace() / "report/report.json"));
    CHECK(report["students"].size() == 6);
}
