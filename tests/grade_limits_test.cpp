// Per-answer limits in `grade`: an answer that runs past its CPU-time limit is marked `error`
// with the reason, and everything else (the rest of that submission, the other students) is
// graded as usual.
#include "expr/printer.hpp"
#include "generator/spec.hpp"
#include "run_binary.hpp"
#include "temp_folder.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

using namespace chainrule;
using namespace chainrule::test;
namespace fs = std::filesystem;

namespace {

// A legal but slow derivation: 50 steps of 299 rational terms each, about 0.35 s of checking
// in all (within the checker's budget of work), against a limit of 0.02 s: the limit is the
// safety net shown here. Right answers take well under 1 ms.
std::string runaway_steps() {
    std::string step;
    for (int i = 1; i < 300; ++i) {
        if (i > 1) step += "+";
        step += "2/(2x+" + std::to_string(2 * i) + "*x^2+" + std::to_string(2 * i) + ")";
    }
    std::string yaml = "    steps:\n";
    for (int k = 0; k < 50; ++k)
        yaml += "      - \"" + step + "\"\n";
    return yaml;
}

} // namespace

TEST_CASE("grade: an answer over its time limit is an error, the rest is graded", "[grade][e2e]") {
    chainrule::test::TempFolder folder("chainrule-limits");
    const fs::path& root = folder.path();
    fs::path spec = root / "spec.yaml";
    std::ofstream(spec) << "title: Limits\nseed: 11\ntemplate_dir: " CHAINRULE_SOURCE_DIR
                           "/templates\nproblems:\n"
                           "  - {template: polynomial, points: 2}\n"
                           "  - {template: monomial, points: 1}\n";
    Spec loaded = load_spec(spec.string());
    fs::create_directory(root / "class");
    for (const std::string student : {"ada", "runner", "zoe"}) {
        auto problems = generate_problem_set(loaded, student).problems;
        std::string polynomial = student == "runner" ? "\n" + runaway_steps()
                                                     : " \"" + print(problems[0].expected) + "\"\n";
        std::ofstream(root / "class" / (student + ".yaml"))
            << "student: " << student << "\nanswers:\n  polynomial-1:" << polynomial
            << "  monomial-1: \"" << print(problems[1].expected) << "\"\n";
    }
    auto result =
        run_binary({"grade", spec.string(), (root / "class").string(), "--out",
                    (root / "out").string(), "--time-limit", "0.02", "-j", "2", "--quiet"});
    INFO(result.err);
    REQUIRE(result.status == 0);

    auto report = nlohmann::json::parse(slurp(root / "out/report.json"));
    std::map<std::string, nlohmann::json> rows;
    for (const auto& row : report["students"])
        rows[row["key"]] = row;
    REQUIRE(rows.size() == 3);
    const auto& runner = rows.at("runner");
    CHECK(runner["status"] == "graded");
    CHECK(runner["problems"][0]["verdict"] == "error");
    CHECK(runner["problems"][0]["message"] == "time limit exceeded: more than 0.02 s of CPU time");
    CHECK(runner["problems"][1]["verdict"] == "correct");
    CHECK(runner["score"] == 1.0);
    CHECK(rows.at("ada")["score"] == 3.0);
    CHECK(rows.at("zoe")["score"] == 3.0);
    // The error is in the gradebook and in CI's view as an error, not a failure.
    CHECK(slurp(root / "out/junit.xml").find("time limit exceeded") != std::string::npos);
}
