// The example CI workflows of examples/ci/ run as they are written: their grading and merging
// steps are taken from the YAML files, run by bash in a course repository laid out as the files
// say, and must give the same reports as one plain `grade` run. Only the steps that install
// chainrule (network, apt) and the artifact up/download actions are left out: the shards are
// written where the download would put them.
#include "run_binary.hpp"
#include "temp_folder.hpp"

#include <catch2/catch.hpp>
#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

namespace fs = std::filesystem;

namespace {

using chainrule::test::slurp;

// A course repository as the workflows expect it, with chainrule "installed" beside it.
struct CourseRepository {
    chainrule::test::TempFolder folder{"chainrule-ci-example"};
    const fs::path& root = folder.path();

    CourseRepository() {
        fs::create_directories(root / "course");
        fs::create_directories(root / "chainrule/build/cli");
        fs::create_directory_symlink(fs::path(CHAINRULE_SOURCE_DIR) / "templates",
                                     root / "chainrule/templates");
        fs::create_symlink(CHAINRULE_BINARY, root / "chainrule/build/cli/chainrule");
        std::ofstream(root / "course/spec.yaml")
            << "title: Week 3\nseed: 7\ntemplate_dir: ../chainrule/templates\nproblems:\n"
               "  - {template: polynomial, points: 2}\n  - {template: activation-relu, points: "
               "1}\n";
        const char* answers[] = {"0", "6x", "1", "x^2"};
        for (int i = 0; i < 7; ++i) {
            std::string student = "student" + std::to_string(i);
            fs::create_directories(root / "submissions" / student);
            std::ofstream(root / "submissions" / student / "answers.yaml")
                << "student: " << student << "\nanswers:\n  polynomial-1: \"" << answers[i % 4]
                << "\"\n  activation-relu-1: \"(z > 0)\"\n";
        }
    }

    // Runs one step's script with bash -e (as both CI systems do) in the repository.
    int run(const std::string& script, const std::map<std::string, std::string>& env) const {
        fs::path file = root / "step.sh";
        std::ofstream out(file);
        for (const auto& [name, value] : env)
            out << "export " << name << "='" << value << "'\n";
        out << script << "\n";
        out.close();
        std::string command = "cd '" + root.string() + "' && bash -e step.sh >step.log 2>&1";
        return std::system(command.c_str());
    }

    std::string log() const { return slurp(root / "step.log"); }

    // The reports one plain run gives, with the same relative paths, to compare the workflow's
    // merged reports with.
    fs::path single_run() const {
        REQUIRE(run("./chainrule/build/cli/chainrule grade course/spec.yaml submissions --out "
                    "single --quiet",
                    {}) == 0);
        return root / "single";
    }
};

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
    for (std::size_t at = text.find(from); at != std::string::npos;
         at = text.find(from, at + to.size()))
        text.replace(at, from.size(), to);
    return text;
}

std::map<std::string, std::string> variables(const YAML::Node& node) {
    std::map<std::string, std::string> out;
    for (const auto& entry : node)
        out[entry.first.as<std::string>()] = entry.second.as<std::string>();
    return out;
}

const char* report_files[] = {"report.json", "grades.csv", "junit.xml", "summary.md"};

void require_same_reports(const fs::path& single, const fs::path& merged) {
    for (const char* f : report_files) {
        INFO(f);
        REQUIRE(fs::exists(merged / f));
        CHECK(slurp(single / f) == slurp(merged / f));
    }
}

// The `run:` scripts of a GitHub Actions job, the install step left out.
std::vector<std::string> github_scripts(const YAML::Node& job) {
    std::vector<std::string> scripts;
    for (const auto& step : job["steps"]) {
        if (!step["run"]) continue;
        if (step["name"] && step["name"].as<std::string>().rfind("Install", 0) == 0) continue;
        scripts.push_back(step["run"].as<std::string>());
    }
    return scripts;
}

} // namespace

TEST_CASE("ci examples: the GitHub Actions workflow grades in shards and merges", "[ci][e2e]") {
    CourseRepository repository;
    YAML::Node workflow =
        YAML::LoadFile(std::string(CHAINRULE_SOURCE_DIR) + "/examples/ci/github-actions.yml");
    auto env = variables(workflow["env"]);
    env["GITHUB_STEP_SUMMARY"] = (repository.root / "step-summary.md").string();
    std::ofstream(env["GITHUB_STEP_SUMMARY"]).close();

    const YAML::Node grade = workflow["jobs"]["grade"];
    const YAML::Node shards = grade["strategy"]["matrix"]["shard"];
    REQUIRE(shards.size() >= 2);
    for (const auto& shard : shards) {
        for (std::string script : github_scripts(grade)) {
            script = replace_all(script, "${{ matrix.shard }}", shard.as<std::string>());
            script =
                replace_all(script, "${{ strategy.job-total }}", std::to_string(shards.size()));
            REQUIRE(script.find("${{") == std::string::npos); // an expression this test cannot fill
            INFO(script);
            REQUIRE(repository.run(script, env) == 0);
        }
    }
    REQUIRE(workflow["jobs"]["merge"]["needs"].as<std::string>() == "grade");
    for (const std::string& script : github_scripts(workflow["jobs"]["merge"])) {
        INFO(script);
        INFO(repository.log());
        REQUIRE(repository.run(script, env) == 0);
    }
    fs::path single = repository.single_run();
    require_same_reports(single, repository.root / "report");
    CHECK(slurp(env["GITHUB_STEP_SUMMARY"]) == slurp(single / "summary.md"));
}

TEST_CASE("ci examples: the GitLab CI pipeline grades in parallel jobs and merges", "[ci][e2e]") {
    CourseRepository repository;
    YAML::Node pipeline =
        YAML::LoadFile(std::string(CHAINRULE_SOURCE_DIR) + "/examples/ci/gitlab-ci.yml");
    auto env = variables(pipeline["variables"]);

    const YAML::Node grade = pipeline["grade"];
    const int parallel = grade["parallel"].as<int>();
    REQUIRE(parallel >= 2);
    for (int k = 1; k <= parallel; ++k) {
        auto job_env = env;
        job_env["CI_NODE_INDEX"] = std::to_string(k);
        job_env["CI_NODE_TOTAL"] = std::to_string(parallel);
        for (const auto& line : grade["script"]) {
            INFO(line.as<std::string>());
            INFO(repository.log());
            REQUIRE(repository.run(line.as<std::string>(), job_env) == 0);
        }
    }
    const YAML::Node merge = pipeline["merge"];
    REQUIRE(merge["needs"][0].as<std::string>() == "grade");
    for (const auto& line : merge["script"]) {
        INFO(line.as<std::string>());
        INFO(repository.log());
        REQUIRE(repository.run(line.as<std::string>(), env) == 0);
    }
    const std::string last_log = repository.log();
    fs::path single = repository.single_run();
    require_same_reports(single, repository.root / "report");
    CHECK(merge["artifacts"]["reports"]["junit"].as<std::string>() == "report/junit.xml");
    // The job log ends with the summary, as `cat` printed it.
    CHECK(last_log == slurp(single / "summary.md"));
}
