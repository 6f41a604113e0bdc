// Catch2's runner for every test executable: its own exit status, except that a run where a
// case was skipped (tests/skip.hpp) and none failed exits with CHAINRULE_TEST_SKIP_CODE.
#define CATCH_CONFIG_RUNNER
#include "skip.hpp"

#include <catch2/catch.hpp>

int main(int argc, char* argv[]) {
    int failed = Catch::Session().run(argc, argv);
    if (failed == 0 && chainrule::test::skipped()) return CHAINRULE_TEST_SKIP_CODE;
    return failed;
}
