// Replays every input the fuzzers found (tests/fixtures/fuzz/<target>/): each once crashed,
// hung or leaked, or broke a promise of fuzz/inputs.hpp. Under the sanitizer build a crash or
// a leak fails the run; in every build the promise is checked.
#include "fuzz/inputs.hpp"
#include "run_binary.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

using chainrule::test::slurp;

namespace {

namespace fs = std::filesystem;

// The committed inputs of one target. A missing or empty folder fails the case: it would
// replay nothing and pass.
std::vector<fs::path> findings(const std::string& target) {
    std::vector<fs::path> files;
    fs::path dir = fs::path(CHAINRULE_SOURCE_DIR) / "tests/fixtures/fuzz" / target;
    INFO("the fixture folder " << dir.string());
    REQUIRE(fs::is_directory(dir));
    for (const auto& entry : fs::directory_iterator(dir))
        if (entry.is_regular_file()) files.push_back(entry.path());
    REQUIRE_FALSE(files.empty());
    std::sort(files.begin(), files.end());
    return files;
}

void replay(const std::string& target, std::string (*run)(const std::string&)) {
    for (const auto& file : findings(target)) {
        INFO(file.string());
        CHECK(run(slurp(file)).empty());
    }
}

} // namespace

TEST_CASE("fuzz findings: the answer parser", "[fuzz]") {
    replay("parse", chainrule::fuzz::parse_input);
}

TEST_CASE("fuzz findings: the checker", "[fuzz]") {
    replay("check", chainrule::fuzz::check_input);
}

TEST_CASE("fuzz findings: templates and specs", "[fuzz]") {
    replay("template", chainrule::fuzz::template_input);
}

TEST_CASE("fuzz findings: submissions", "[fuzz]") {
    replay("submission", chainrule::fuzz::submission_input);
}
