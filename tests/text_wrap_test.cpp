// Text wrapped to a terminal's width (expr/text_wrap.hpp): no word cut, no line past the
// width, colour codes and multi-byte symbols counted as what a terminal shows.
#include "expr/ansi.hpp"
#include "expr/text_wrap.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace chainrule;

TEST_CASE("display_width: code points, without colour codes", "[text_wrap]") {
    CHECK(display_width("") == 0);
    CHECK(display_width("6x + 5") == 6);
    CHECK(display_width("σ(u)(1 − σ(u))") == 14);
    CHECK(display_width("3x² − 2") == 7);
    CHECK(display_width(paint("incorrect", "31")) == 9);
    CHECK(display_width(paint("✗", "1;31") + " wrong") == 7);
}

TEST_CASE("wrap_text: at spaces, within the width, indented as the line began", "[text_wrap]") {
    // Lines that fit are left as they are, byte for byte (double spaces too).
    CHECK(wrap_text("short  line\n  and another\n", 40) == "short  line\n  and another\n");
    CHECK(wrap_text("", 10).empty());
    CHECK(wrap_text("no newline at the end", 80) == "no newline at the end");

    CHECK(wrap_text("the derivative of the term 2yz is missing", 20) ==
          "the derivative of\n  the term 2yz is\n  missing");
    // An indented line goes on two columns further in.
    CHECK(wrap_text("  mistake: the term 5x (5) is missing\n", 20) ==
          "  mistake: the term\n    5x (5) is\n    missing\n");
    // A word wider than the line stands alone, whole.
    CHECK(wrap_text("see averyveryverylongword here", 10) ==
          "see\n  averyveryverylongword\n  here");
    // Colour codes take no room; multi-byte symbols one column each.
    const std::string painted = paint("✗", "31") + " σ(u)(1 − σ(u)) is the derivative";
    CHECK(wrap_text(painted, 16) == paint("✗", "31") + " σ(u)(1 − σ(u))\n  is the\n  derivative");
    // Exactly the width fits.
    CHECK(wrap_text("abcd efgh", 9) == "abcd efgh");
    CHECK(wrap_text("abcd efgh", 8) == "abcd\n  efgh");
}
