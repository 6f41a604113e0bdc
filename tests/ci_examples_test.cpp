// The example CI workflows of examples/ci/ run as they are written, job by job, each in a fresh
// workspace, with only the artifacts the workflow passes between them (tests/workflow_runner.hpp;
// the network's tools are stand-ins): one job builds the .deb with scripts/package, every
// other job installs it and runs the installed chainrule, and the merged reports must be the
// bytes one plain `grade` run writes.
#include "run_binary.hpp"
#include "temp_folder.hpp"
#include "workflow_runner.hpp"

#include <catch2/catch.hpp>
#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <fstream>
#include <map>

namespace fs = std::filesystem;

namespace {

using chainrule::test::run_binary;
using chainrule::test::slurp;
using chainrule::test::WorkflowRunner;

// A course repository as the workflows expect it: the spec's templates where the .deb installs
// them (here the checkout's own templates stand for /usr/share/chainrule/templates).
struct CourseRepository {
    chainrule::test::TempFolder folder{"chainrule-ci-example"};
    const fs::path root = folder.path() / "repository";

    explicit CourseRepository(const std::string& workflow_file) {
        fs::create_directories(root / "course");
        std::string spec = "title: Week 3\nseed: 7\ntemplate_dir: /usr/share/chainrule/templates\n"
                           "problems:\n  - {template: polynomial, points: 2}\n"
                           "  - {template: activation-relu, points: 1}\n";
        // The workflow's own spec comment names where the templates are.
        REQUIRE(slurp(std::string(CHAINRULE_SOURCE_DIR) + "/examples/ci/" + workflow_file)
                    .find("`template_dir: /usr/share/chainrule/templates`") != std::string::npos);
        std::ofstream(root / "course/spec.yaml")
            << replace_all(spec, "/usr/share/chainrule/templates",
                           std::string(CHAINRULE_SOURCE_DIR) + "/templates");
        const char* answers[] = {"0", "6x", "1", "x^2"};
        for (int i = 0; i < 7; ++i) {
            std::string student = "student" + std::to_string(i);
            fs::create_directories(root / "submissions" / student);
            std::ofstream(root / "submissions" / student / "answers.yaml")
                << "student: " << student << "\nanswers:\n  polynomial-1: \"" << answers[i % 4]
                << "\"\n  activation-relu-1: \"(z > 0)\"\n";
        }
    }

    static std::string replace_all(std::string text, const std::string& from,
                                   const std::string& to) {
        for (std::size_t at = text.find(from); at != std::string::npos;
             at = text.find(from, at + to.size()))
            text.replace(at, from.size(), to);
        return text;
    }

    // The reports one plain run gives.
    fs::path single_run() const {
        chainrule::test::RunOptions options;
        options.directory = root.string();
        auto run = run_binary(
            {"grade", "course/spec.yaml", "submissions", "--out", "single", "--quiet"}, options);
        REQUIRE(run.status == 0);
        return root / "single";
    }
};

const char* report_files[] = {"report.json", "grades.csv", "junit.xml", "summary.md"};

void require_same_reports(const fs::path& single, const fs::path& merged) {
    for (const char* f : report_files) {
        INFO(f);
        REQUIRE(fs::exists(merged / f));
        CHECK(slurp(single / f) == slurp(merged / f));
    }
}

YAML::Node example(const std::string& file) {
    return YAML::LoadFile(std::string(CHAINRULE_SOURCE_DIR) + "/examples/ci/" + file);
}

// chainrule is built (scripts/package) only in the package job, installed from the .deb
// everywhere else: one clone, one cpack, `installs` installs of ./chainrule_0.1.0_amd64.deb.
void require_built_once(const WorkflowRunner& runner, int installs) {
    const std::string calls = runner.tool_calls();
    INFO(calls);
    std::size_t clones = 0, packages = 0, deb_installs = 0;
    for (std::size_t at = 0; (at = calls.find("git clone", at)) != std::string::npos; ++at)
        ++clones;
    for (std::size_t at = 0; (at = calls.find("cpack -G DEB", at)) != std::string::npos; ++at)
        ++packages;
    for (std::size_t at = 0;
         (at = calls.find("./chainrule_0.1.0_amd64.deb", at)) != std::string::npos; ++at)
        ++deb_installs;
    CHECK(clones == 1);
    CHECK(packages == 1);
    CHECK(deb_installs == static_cast<std::size_t>(installs));
}

} // namespace

TEST_CASE("ci examples: the GitHub Actions workflow builds once, grades in shards and merges",
          "[ci][e2e]") {
    CourseRepository repository("github-actions.yml");
    WorkflowRunner runner(repository.folder.path(), repository.root);
    YAML::Node workflow = example("github-actions.yml");
    REQUIRE(runner.run_github_job(workflow, "package") == 0);

    const YAML::Node grade = workflow["jobs"]["grade"];
    CHECK(grade["needs"].as<std::string>() == "package");
    const YAML::Node shards = grade["strategy"]["matrix"]["shard"];
    REQUIRE(shards.size() >= 2);
    for (const auto& shard : shards) {
        int status = runner.run_github_job(workflow, "grade", {{"shard", shard.as<std::string>()}});
        INFO(runner.failed_step() << "\n" << runner.log());
        REQUIRE(status == 0);
    }
    CHECK(workflow["jobs"]["merge"]["needs"].as<std::string>() == "grade");
    int status = runner.run_github_job(workflow, "merge");
    INFO(runner.failed_step() << "\n" << runner.log());
    REQUIRE(status == 0);
    require_built_once(runner, static_cast<int>(shards.size()) + 1);

    fs::path single = repository.single_run();
    require_same_reports(single, runner.workspace() / "report");
    CHECK(slurp(runner.step_summary()) == slurp(single / "summary.md"));
}

TEST_CASE("ci examples: the GitLab CI pipeline builds once, grades in parallel jobs and merges",
          "[ci][e2e]") {
    CourseRepository repository("gitlab-ci.yml");
    WorkflowRunner runner(repository.folder.path(), repository.root);
    YAML::Node pipeline = example("gitlab-ci.yml");
    CHECK(pipeline["stages"][0].as<std::string>() == "package");
    REQUIRE(runner.run_gitlab_job(pipeline, "package") == 0);

    const YAML::Node grade = pipeline["grade"];
    const int parallel = grade["parallel"].as<int>();
    REQUIRE(parallel >= 2);
    for (int k = 1; k <= parallel; ++k) {
        int status = runner.run_gitlab_job(pipeline, "grade", k);
        INFO(runner.log());
        REQUIRE(status == 0);
    }
    int status = runner.run_gitlab_job(pipeline, "merge");
    INFO(runner.log());
    REQUIRE(status == 0);
    require_built_once(runner, parallel + 1);

    fs::path single = repository.single_run();
    require_same_reports(single, runner.workspace() / "report");
    CHECK(pipeline["merge"]["artifacts"]["reports"]["junit"].as<std::string>() ==
          "report/junit.xml");
    // The job log ends with the summary, as `cat` printed it.
    const std::string log = runner.log();
    const std::string summary = slurp(single / "summary.md");
    REQUIRE(log.size() >= summary.size());
    CHECK(log.substr(log.size() - summary.size()) == summary);
}

TEST_CASE("ci examples: a job that does not install the .deb it is given has no chainrule",
          "[ci][e2e]") {
    // The stand-ins can fail a workflow: a grade job whose install step names a .deb the
    // artifact does not hold, and one with no install step at all.
    CourseRepository repository("github-actions.yml");
    WorkflowRunner runner(repository.folder.path(), repository.root);
    YAML::Node workflow = example("github-actions.yml");
    REQUIRE(runner.run_github_job(workflow, "package") == 0);
    YAML::Node broken = YAML::Clone(workflow);
    for (auto step : broken["jobs"]["grade"]["steps"])
        if (step["name"] && step["name"].as<std::string>() == "Install chainrule")
            step["run"] = "apt-get update && apt-get install -y ./chainrule.deb";
    CHECK(runner.run_github_job(broken, "grade", {{"shard", "1"}}) == 100);
    CHECK(runner.failed_step() == "Install chainrule");
    CHECK(runner.log().find("E: Unsupported file ./chainrule.deb given on commandline") !=
          std::string::npos);

    YAML::Node no_install = YAML::Clone(workflow);
    YAML::Node steps(YAML::NodeType::Sequence);
    for (const auto& step : workflow["jobs"]["grade"]["steps"])
        if (!step["name"] || step["name"].as<std::string>() != "Install chainrule")
            steps.push_back(YAML::Clone(step));
    no_install["jobs"]["grade"]["steps"] = steps;
    CHECK(runner.run_github_job(no_install, "grade", {{"shard", "1"}}) == 127);
    CHECK(runner.log().find("chainrule: command not found") != std::string::npos);
}
