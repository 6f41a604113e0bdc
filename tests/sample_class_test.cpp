// The sample class of the quick start (examples/class/, written by scripts/sample-class) grades
// as its README says. When this fails after a change to the templates or the course spec,
// regenerate the class: python3 scripts/sample-class
#include "run_binary.hpp"
#include "temp_folder.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

using namespace chainrule::test;
namespace fs = std::filesystem;

TEST_CASE("the sample class grades as documented", "[grade][e2e]") {
    TempFolder folder("chainrule-sample-class");
    const fs::path& out = folder.path();
    const std::string source = CHAINRULE_SOURCE_DIR;
    auto result = run_binary({"grade", source + "/problem_sets/course.yaml",
                              source + "/examples/class", "--out", out.string(), "--quiet"});
    INFO(result.err);
    REQUIRE(result.status == 0);
    std::ifstream in(out / "report.json");
    nlohmann::json report = nlohmann::json::parse(in);
    std::map<std::string, nlohmann::json> rows;
    for (const auto& row : report["students"])
        rows[row["key"].get<std::string>()] = row;
    INFO("if the templates changed, regenerate the class: python3 scripts/sample-class");
    REQUIRE(rows.size() == 5);
    CHECK(rows.at("alice")["score"] == 85.0); // every answer right
    CHECK(rows.at("carol")["score"] == 85.0); // Unicode answers and derivations, all right
    CHECK(rows.at("erin")["score"] == 34.0);  // the first half answered, right
    CHECK(rows.at("bob")["score"] < 30.0);    // the templates' typical mistakes
    bool diagnosed = false;
    for (const auto& problem : rows.at("bob")["problems"])
        for (const auto& d : problem["diagnosis"])
            // The instructor's words, with the engine's id for the same slip beside them.
            if (d["id"] == "authored" && d.contains("slips"))
                for (const auto& slip : d["slips"])
                    if (slip == "constant_not_zero") diagnosed = true;
    CHECK(diagnosed);
    CHECK(rows.at("file:" + source + "/examples/class/dave/submission.yaml")["status"] ==
          "unreadable");
}
