// The same bytes in every process, by construction: GiNaC orders terms by hashes that mix in
// the addresses its code is loaded at, which change from run to run under address-space
// randomisation; nothing chainrule writes may follow that order. These run the binary several
// times (randomisation is left on: chainrule no longer turns it off for itself) and compare
// every byte: the course spec's sheets with worked solutions for several students, the sample
// class's reports, and shards merged against one run.
#include "run_binary.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

using namespace chainrule::test;
namespace fs = std::filesystem;

namespace {

const std::string source = CHAINRULE_SOURCE_DIR;

std::string slurp(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

// The reports of a grading run, by name, with their bytes (the journal and timings.md hold
// measured times, which differ from run to run by nature).
std::map<std::string, std::string> tree(const fs::path& dir) {
    std::map<std::string, std::string> files;
    for (const char* name : {"report.json", "grades.csv", "junit.xml", "summary.md"})
        if (fs::exists(dir / name)) files[name] = slurp(dir / name);
    return files;
}

// Without randomisation these tests would pass whatever the order of output: say so.
void note_randomisation() {
    std::string setting = slurp("/proc/sys/kernel/randomize_va_space");
    if (setting.empty() || setting[0] == '0')
        WARN("address-space randomisation is off on this machine: runs cannot differ by it");
}

struct TempDir {
    fs::path path;
    TempDir() {
        char pattern[] = "/tmp/chainrule-determinism-XXXXXX";
        path = mkdtemp(pattern);
    }
    ~TempDir() { fs::remove_all(path); }
};

} // namespace

TEST_CASE("sheets with worked solutions: the same bytes in every run", "[determinism][e2e]") {
    note_randomisation();
    const std::string spec = source + "/problem_sets/course.yaml";
    // Two students (different variants), every format, two processes each. `generate`
    // validates every template of the course first (half a second of CPU a run), so each run
    // costs the suite; two processes load GiNaC at different addresses, and the course's
    // hundreds of sums and products would not all keep one order if output followed them.
    for (const char* student : {"s1", "stu00042"}) {
        for (const char* format : {"md", "latex", "text", "yaml", "json"}) {
            std::string first;
            for (int run = 0; run < 2; ++run) {
                auto result = run_binary(
                    {"generate", spec, "--student", student, "--format", format, "--solutions"});
                INFO(result.err);
                REQUIRE(result.status == 0);
                INFO("student " << student << ", format " << format << ", run " << run);
                if (run == 0)
                    first = result.out;
                else
                    CHECK(result.out == first);
            }
        }
    }
}

TEST_CASE("the sample class: the same report bytes in every run, and shards merged equal one "
          "run",
          "[determinism][e2e]") {
    note_randomisation();
    TempDir dir;
    const std::string spec = source + "/problem_sets/course.yaml";
    const std::string submissions = source + "/examples/class";
    auto grade = [&](const fs::path& out, std::vector<std::string> extra) {
        std::vector<std::string> args{"grade", spec, submissions, "--out", out.string(), "-q"};
        args.insert(args.end(), extra.begin(), extra.end());
        auto result = run_binary(args);
        INFO(result.err);
        REQUIRE(result.status == 0);
    };
    grade(dir.path / "run0", {});
    auto first = tree(dir.path / "run0");
    REQUIRE(first.count("report.json") == 1);
    for (int run = 1; run < 3; ++run) {
        fs::path out = dir.path / ("run" + std::to_string(run));
        grade(out, {"-j", std::to_string(run)});
        auto now = tree(out);
        INFO("run " << run);
        REQUIRE(now.size() == first.size());
        for (const auto& [name, bytes] : first) {
            INFO(name);
            CHECK(now.at(name) == bytes);
        }
    }

    std::vector<std::string> merge{"merge"};
    for (int k = 1; k <= 2; ++k) {
        fs::path out = dir.path / ("shard" + std::to_string(k));
        grade(out, {"--shard", std::to_string(k) + "/2"});
        merge.push_back(out.string());
    }
    merge.push_back("--out");
    merge.push_back((dir.path / "merged").string());
    auto result = run_binary(merge);
    INFO(result.err);
    REQUIRE(result.status == 0);
    auto merged = tree(dir.path / "merged");
    REQUIRE(merged.size() == first.size());
    for (const auto& [name, bytes] : first) {
        INFO(name);
        CHECK(merged.at(name) == bytes);
    }
}
