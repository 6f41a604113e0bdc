// Painting for terminals (expr/ansi): the exact bytes a terminal receives, and none when off.
#include "expr/ansi.hpp"

#include <catch2/catch.hpp>

using chainrule::paint;

TEST_CASE("paint: the style's escape, the text, a reset; the text alone when off", "[ansi]") {
    CHECK(paint("✓ correct", "1;32", true) == "\033[1;32m✓ correct\033[0m");
    CHECK(paint("✗", "31") == "\033[31m✗\033[0m"); // on unless told
    CHECK(paint("✓ correct", "1;32", false) == "✓ correct");
    CHECK(paint("", "2", true) == "\033[2m\033[0m");
}
