// The tests' temporary folder (tests/temp_folder.hpp): fresh, and gone with everything in it
// when its scope ends, also when the case unwinds from a failed REQUIRE (an exception).
#include "temp_folder.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace fs = std::filesystem;
using chainrule::test::TempFolder;

TEST_CASE("TempFolder: a new empty folder, removed with its content at the end of its scope",
          "[support]") {
    fs::path kept;
    {
        TempFolder folder("chainrule-support");
        kept = folder.path();
        REQUIRE(fs::is_directory(kept));
        CHECK(fs::is_empty(kept));
        CHECK(kept.filename().string().rfind("chainrule-support-", 0) == 0);
        fs::create_directories(folder / "a/b");
        std::ofstream(folder / "a/b/file.txt") << "text";
        TempFolder other("chainrule-support");
        CHECK(other.path() != kept);
    }
    CHECK_FALSE(fs::exists(kept));
}

TEST_CASE("TempFolder: removed when the case unwinds, as from a failed REQUIRE", "[support]") {
    fs::path kept;
    try {
        TempFolder folder("chainrule-support");
        kept = folder.path();
        std::ofstream(folder / "file.txt") << "text";
        throw std::runtime_error("as a failed REQUIRE throws");
    } catch (const std::runtime_error&) {
    }
    REQUIRE_FALSE(kept.empty());
    CHECK_FALSE(fs::exists(kept));
}
