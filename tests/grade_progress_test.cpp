// The progress bar of `grade`: on standard error when it is a terminal (count, rate, time left),
// never when it is not, never with --quiet; the reports are the same either way.
#include "run_binary.hpp"
#include "temp_folder.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

using namespace chainrule::test;
namespace fs = std::filesystem;

namespace {

struct SmallClass {
    TempFolder folder{"chainrule-progress"};
    const fs::path& root = folder.path();
    SmallClass() {
        std::ofstream(root / "spec.yaml")
            << "title: Quiz\nseed: 3\ntemplate_dir: " CHAINRULE_SOURCE_DIR
               "/templates\nproblems:\n  - {template: polynomial}\n";
        fs::create_directory(root / "class");
        for (int i = 0; i < 5; ++i)
            std::ofstream(root / "class" / ("s" + std::to_string(i) + ".yaml"))
                << "student: s" << i << "\nanswers: {polynomial-1: \"" << i << "x\"}\n";
    }

    RunResult grade(const std::string& out, bool terminal, bool quiet) const {
        std::vector<std::string> args{
            "grade", (root / "spec.yaml").string(), (root / "class").string(),
            "--out", (root / out).string(),         "-j",
            "2"};
        if (quiet) args.push_back("--quiet");
        RunOptions options;
        options.terminal_stderr = terminal;
        return run_binary(args, options);
    }
};

} // namespace

TEST_CASE("grade: a progress bar on a terminal, none when piped or quiet", "[grade][e2e]") {
    SmallClass c;
    RunResult shown = c.grade("shown", true, false);
    REQUIRE(shown.status == 0);
    // The final state of the bar: all five done, a rate and the time left.
    CHECK(shown.err.find("\r[##############################] 5/5") != std::string::npos);
    CHECK(shown.err.find("/s") != std::string::npos);
    CHECK(shown.err.find("0:00 left") != std::string::npos);

    RunResult quiet = c.grade("quiet", true, true);
    REQUIRE(quiet.status == 0);
    CHECK(quiet.err.find("5/5") == std::string::npos);

    RunResult piped = c.grade("piped", false, false);
    REQUIRE(piped.status == 0);
    CHECK(piped.err.find("5/5") == std::string::npos);
    CHECK(piped.err.find('\r') == std::string::npos);

    for (const char* f : {"report.json", "grades.csv", "junit.xml", "summary.md"})
        CHECK(slurp(c.root / "shown" / f) == slurp(c.root / "piped" / f));
}
