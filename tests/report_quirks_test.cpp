// Reports every reader can take (issue 17, point 6): JSON submissions with escaped surrogate
// pairs read as the characters they stand for, and `merge --out` never overwrites a shard.
#include "run_binary.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

using namespace chainrule::test;
namespace fs = std::filesystem;

namespace {

const std::string source = CHAINRULE_SOURCE_DIR;
const std::string spec = source + "/problem_sets/course.yaml";

struct TempDir {
    fs::path path;
    TempDir() {
        char pattern[] = "/tmp/chainrule-quirks-XXXXXX";
        path = mkdtemp(pattern);
    }
    ~TempDir() { fs::remove_all(path); }
};

std::string slurp(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

void write(const fs::path& path, const std::string& text) {
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << text;
}

} // namespace

TEST_CASE("a JSON submission with an escaped surrogate pair reads as the character",
          "[grade][e2e][json]") {
    TempDir dir;
    // As Python's json.dump writes "zoë😀" and an answer with a comment-like escape; the file
    // is named after the student, as the id is written in a file name.
    write(dir.path / "class" / "zo\u00eb\U0001F600.json",
          R"({"student": "zo\u00eb\ud83d\ude00", "answers": {"linear-1": "5", )"
          R"("constant-1": "\\u0030 \"\ud83d\ude00\""}})");
    auto result = run_binary(
        {"grade", spec, (dir.path / "class").string(), "--out", (dir.path / "out").string(), "-q"});
    INFO(result.err);
    REQUIRE(result.status <= 1);
    auto report = nlohmann::json::parse(slurp(dir.path / "out" / "report.json"));
    REQUIRE(report["students"].size() == 1);
    const auto& row = report["students"][0];
    CHECK(row["status"] == "graded");
    CHECK(row["student"] == "zo\u00eb\U0001F600");
    // The escaped backslash stays a backslash (never the start of a pair), the pair after it
    // is decoded; the answer is unreadable, so invalid, not wrong.
    std::map<std::string, nlohmann::json> problems;
    for (const auto& problem : row["problems"])
        problems[problem["problem"].get<std::string>()] = problem;
    CHECK(problems.at("constant-1")["answer"] == "\\u0030 \"\U0001F600\"");
    CHECK(problems.at("constant-1")["verdict"] == "invalid");
    CHECK(problems.at("linear-1")["answer"] == "5");
}

TEST_CASE("merge --out into a shard's own folder is refused, the shard is left as it was",
          "[grade][e2e][merge]") {
    TempDir dir;
    const std::string submissions = source + "/examples/class";
    std::vector<std::string> shards;
    for (int k = 1; k <= 2; ++k) {
        std::string out = (dir.path / ("shard" + std::to_string(k))).string();
        auto result = run_binary(
            {"grade", spec, submissions, "--out", out, "-q", "--shard", std::to_string(k) + "/2"});
        INFO(result.err);
        REQUIRE(result.status == 0);
        shards.push_back(out);
    }
    std::string before = slurp(fs::path(shards[0]) / "report.json");
    for (const std::string& target : {shards[0], shards[0] + "/", shards[1] + "/../shard1/."}) {
        auto result = run_binary({"merge", shards[0], shards[1], "--out", target});
        INFO(target);
        CHECK(result.status == 2);
        CHECK(result.err.find("is the folder of the shard") != std::string::npos);
        CHECK(slurp(fs::path(shards[0]) / "report.json") == before);
    }
    auto merged = run_binary({"merge", shards[0], shards[1], "--out", (dir.path / "all").string()});
    INFO(merged.err);
    CHECK(merged.status == 0);
}
