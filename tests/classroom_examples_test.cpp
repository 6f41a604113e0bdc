// The GitHub Classroom workflows of examples/ci/ run as they are written: their `run:` steps
// are taken from the YAML files and run by bash -e, with `chainrule` on the PATH as the .deb
// installs it, in checkouts laid out as Classroom lays them out:
// - classroom-student.yml in a student's repository <assignment>-<username>: the points its
//   reporter step would read, decoded from the step's `result` output as the reporter decodes
//   it, and the job summary;
// - classroom-collect.yml on a download as `gh classroom clone student-repos` writes it
//   (<assignment>-submissions/<assignment>-<username>/): every student graded, in shards,
//   merged into the reports one run gives.
// Left out: the steps that need the network (installing the .deb, cloning the repositories)
// and the actions (checkout, artifacts, the reporter), whose inputs are checked instead.
#include "run_binary.hpp"
#include "temp_folder.hpp"

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
struct Workspace {
    chainrule::test::TempFolder folder{"chainrule-classroom-example"};
    const fs::path& root = folder.path();
    fs::path bin = root / "bin";

    Workspace() {
        fs::create_directories(bin);
        fs::create_symlink(CHAINRULE_BINARY, bin / "chainrule");
    }

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

    // Runs a step's script with bash -e in `dir`, with the environment given and the PATH.
    int run(const std::string& script, const fs::path& dir,
            const std::map<std::string, std::string>& env) const {
        std::ofstream out(root / "step.sh");
        for (const auto& [name, value] : env)
            out << "export " << name << "='" << value << "'\n";
        out << "export PATH='" << bin.string() << "':\"$PATH\"\n" << script << "\n";
        out.close();
        std::string command = "cd '" + dir.string() + "' && bash -e '" +
                              (root / "step.sh").string() + "' >'" + (root / "step.log").string() +
                              "' 2>&1";
        return std::system(command.c_str());
    }

    std::string log() const { return slurp(root / "step.log"); }
};

// A student's repository as Classroom makes it from the template: the workflow, the spec in a
// hidden folder, a README and git's own folder.
void make_repository(const fs::path& dir) {
    fs::create_directories(dir / ".chainrule");
    fs::create_directories(dir / ".github/workflows");
    fs::create_directories(dir / ".git");
    std::ofstream(dir / ".chainrule/spec.yaml") << spec_text;
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

// Runs the student workflow's check step in a repository, then reads the result its reporter
// step is given.
Reported run_student_workflow(const Workspace& w, const fs::path& repository, int* status) {
    YAML::Node workflow = student_workflow();
    auto env = variables(workflow["env"]);
    const YAML::Node job = workflow["jobs"]["run-autograding-tests"];
    env["GITHUB_REPOSITORY"] = "course-org/" + repository.filename().string();
    env["GITHUB_OUTPUT"] = (w.root / "github-output").string();
    env["GITHUB_STEP_SUMMARY"] = (w.root / "step-summary.md").string();
    std::ofstream(env["GITHUB_OUTPUT"]).close();
    std::ofstream(env["GITHUB_STEP_SUMMARY"]).close();

    std::string check_id;
    Reported reported;
    for (const auto& step : job["steps"]) {
        if (step["uses"]) {
            std::string uses = step["uses"].as<std::string>();
            if (uses.rfind("classroom-resources/autograding-grading-reporter@", 0) != 0) continue;
            // The reporter reads <RUNNER>_RESULTS for each runner, from the step's output.
            std::string runner = step["with"]["runners"].as<std::string>();
            REQUIRE(runner == check_id);
            std::string variable = runner;
            for (auto& c : variable)
                c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
            REQUIRE(step["env"][variable + "_RESULTS"].as<std::string>() ==
                    "${{ steps." + check_id + ".outputs.result }}");
            std::string output = slurp(env["GITHUB_OUTPUT"]);
            REQUIRE(output.rfind("result=", 0) == 0);
            REQUIRE(output.back() == '\n');
            REQUIRE(output.find('\n') == output.size() - 1); // one line
            reported.result = json::parse(base64_decode(output.substr(7, output.size() - 8)));
            reported.max_points = reported.result["max_score"].get<double>();
            for (const auto& test : reported.result["tests"])
                reported.points += test["score"].get<double>();
            continue;
        }
        std::string name = step["name"].as<std::string>();
        std::string script = step["run"].as<std::string>();
        if (name == "Install chainrule") {
            // The network's step: it installs the .deb scripts/package builds.
            CHECK(
                script.find("apt-get install -y -qq --no-install-recommends /tmp/chainrule.deb") !=
                std::string::npos);
            continue;
        }
        REQUIRE(script.find("${{") == std::string::npos);
        check_id = step["id"].as<std::string>();
        *status = w.run(script, repository, env);
        if (*status != 0) return reported;
    }
    REQUIRE(!reported.result.is_null());
    return reported;
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

    int status = -1;
    Reported reported = run_student_workflow(w, repository, &status);
    INFO(w.log());
    REQUIRE(status == 0);
    INFO(slurp(repository / "submission.yaml"));
    INFO(slurp(w.root / "step-summary.md"));
    CHECK(reported.points == 5.0);
    CHECK(reported.max_points == 8.0);
    CHECK(reported.result["status"] == "fail");
    std::vector<std::string> statuses;
    for (const auto& test : reported.result["tests"])
        statuses.push_back(test["status"]);
    CHECK(statuses == std::vector<std::string>{"pass", "pass", "fail", "fail"});
    const std::string summary = slurp(w.root / "step-summary.md");
    CHECK(summary.rfind("### chainrule: 5 / 8 (62.5%)\n\nana · Homework 1: 2 of 4 problems right "
                        "and in the form asked.\n",
                        0) == 0);
    CHECK(summary.find("| ✗ | 4. max-zero-1: ") != std::string::npos);
    // The step leaves the result in the repository's folder, nothing else.
    CHECK(fs::exists(repository / "result.txt"));
}

TEST_CASE("classroom examples: a student's first push gets their sheet and a blank submission",
          "[classroom][e2e]") {
    Workspace w;
    const std::string assignment = variables(student_workflow()["env"])["ASSIGNMENT"];
    fs::path repository = w.root / (assignment + "-ben");
    make_repository(repository);
    int status = -1;
    Reported reported = run_student_workflow(w, repository, &status);
    INFO(w.log());
    REQUIRE(status == 0);
    CHECK(reported.points == 0.0);
    CHECK(reported.max_points == 8.0);
    const std::string blank = slurp(repository / "submission.yaml");
    CHECK(blank.find("\nstudent: \"ben\"\n") != std::string::npos);
    const std::string summary = slurp(w.root / "step-summary.md");
    CHECK(summary.find("Copy this into submission.yaml, write your answers and push:\n\n```yaml\n" +
                       blank + "```\n\n### chainrule: 0 / 8 (0.0%)\n") != std::string::npos);
    auto sheet =
        run_binary({"answer", (repository / ".chainrule/spec.yaml").string(), "--student", "ben",
                    "--format", "md", "--submission", (w.root / "other.yaml").string()});
    REQUIRE(sheet.status == 0);
    CHECK(summary.rfind(sheet.out, 0) == 0);

    // Someone else's file in ben's repository is refused, with the reason in the log.
    std::ofstream(repository / "submission.yaml") << w.submission("ana", {});
    reported = run_student_workflow(w, repository, &status);
    CHECK(status != 0);
    CHECK(w.log().find("chainrule: error: the submission submission.yaml is for the student "
                       "'ana', not 'ben'\n") != std::string::npos);
}

TEST_CASE("classroom examples: the instructor collects, grades every student in shards, merges",
          "[classroom][e2e]") {
    Workspace w;
    YAML::Node workflow = YAML::LoadFile(CHAINRULE_SOURCE_DIR "/examples/ci/classroom-collect.yml");
    const std::string assignment = "hw1";

    // The download step, as gh classroom writes its folder, and the artifact carrying it.
    const YAML::Node collect = workflow["jobs"]["collect"];
    std::string download = collect["steps"][0]["run"].as<std::string>();
    CHECK(download.find("gh classroom clone student-repos --assignment-id \"${{ "
                        "inputs.assignment-id }}\" --directory classroom") != std::string::npos);
    CHECK(collect["steps"][1]["with"]["path"].as<std::string>() == "classroom");
    const fs::path course = w.root / "course-repository";
    const fs::path submissions = course / "classroom" / (assignment + "-submissions");
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

    auto env = variables(workflow["env"]);
    REQUIRE(env["ASSIGNMENT"] == "${{ inputs.assignment }}");
    env["ASSIGNMENT"] = assignment;
    env["GITHUB_STEP_SUMMARY"] = (w.root / "step-summary.md").string();
    std::ofstream(env["GITHUB_STEP_SUMMARY"]).close();

    const YAML::Node grade = workflow["jobs"]["grade"];
    CHECK(grade["needs"].as<std::string>() == "collect");
    const YAML::Node shards = grade["strategy"]["matrix"]["shard"];
    REQUIRE(shards.size() >= 2);
    bool downloads_repositories = false;
    for (const auto& shard : shards) {
        for (const auto& step : grade["steps"]) {
            if (step["uses"]) {
                if (step["uses"].as<std::string>().rfind("actions/download-artifact@", 0) == 0) {
                    downloads_repositories =
                        step["with"]["name"].as<std::string>() == "repositories" &&
                        step["with"]["path"].as<std::string>() == "classroom";
                }
                continue;
            }
            if (step["name"].as<std::string>() == "Install chainrule") continue;
            std::string script = step["run"].as<std::string>();
            script = replace_all(script, "${{ matrix.shard }}", shard.as<std::string>());
            script =
                replace_all(script, "${{ strategy.job-total }}", std::to_string(shards.size()));
            REQUIRE(script.find("${{") == std::string::npos);
            INFO(script);
            int status = w.run(script, course, env);
            INFO(w.log());
            REQUIRE(status == 0);
        }
    }
    CHECK(downloads_repositories);
    const YAML::Node merge = workflow["jobs"]["merge"];
    CHECK(merge["needs"].as<std::string>() == "grade");
    for (const auto& step : merge["steps"]) {
        if (step["uses"] || step["name"].as<std::string>() == "Install chainrule") continue;
        std::string script = step["run"].as<std::string>();
        REQUIRE(script.find("${{") == std::string::npos);
        int status = w.run(script, course, env);
        INFO(w.log());
        REQUIRE(status == 0);
    }

    // Every student graded, under their username, whatever their file says.
    auto report = json::parse(slurp(course / "report/report.json"));
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

    // The same reports as one run of the recipe's command.
    int status = w.run("chainrule grade course/" + assignment + ".yaml classroom/" + assignment +
                           "-submissions --identity folder --identity-prefix " + assignment +
                           "- --out single --format canvas,moodle --quiet",
                       course, env);
    REQUIRE(status == 0);
    for (const char* file :
         {"report.json", "grades.csv", "junit.xml", "summary.md", "canvas.csv", "moodle.csv"}) {
        INFO(file);
        CHECK(slurp(course / "single" / file) == slurp(course / "report" / file));
    }
    CHECK(slurp(env["GITHUB_STEP_SUMMARY"]) == slurp(course / "single/summary.md"));
}
