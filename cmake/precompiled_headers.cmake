# One precompiled header (CHAINRULE_PCH, on by default): GiNaC and the standard headers that
# nearly every source reads, parsed once instead of once per source. 93 of the binary's sources
# read <ginac/ginac.h>, 1.5 s of parsing each. Measured by rebuilding one layer at -j2, three
# times each way, interleaved: the checker's 26 sources 47.5 s without, 40.4 s with; grading's
# 28, 62.1 s without, 55.8 s with (README, "Installing").
#
# Built in chainrule_expr and reused by every other target of the program (REUSE_FROM); not by
# the tests: GCC 12 reports libstdc++'s own false -Warray-bounds (std::string's operator+) when
# <string> comes from a precompiled header, and the tests are not what an install builds. GCC uses a precompiled header only where each define it was built with is also
# given: so no target define goes on chainrule_expr, and generator's version define is on its
# one source (generator/CMakeLists.txt). yaml-cpp and nlohmann/json stay out: a third of the
# sources read them, and a precompiled header that also held them did no better.
#
# The sanitizer build (CMakePresets.json) builds without it, so that a source that leans on it
# for an include it does not write still fails in CI.
option(CHAINRULE_PCH "Precompile GiNaC and the common standard headers" ON)

if(CHAINRULE_PCH)
    target_precompile_headers(chainrule_expr PRIVATE
        <ginac/ginac.h>
        <algorithm>
        <functional>
        <map>
        <memory>
        <optional>
        <set>
        <sstream>
        <string>
        <vector>)
endif()

# chainrule_use_precompiled_header(target...): the targets reuse chainrule_expr's.
function(chainrule_use_precompiled_header)
    if(NOT CHAINRULE_PCH)
        return()
    endif()
    foreach(target ${ARGN})
        target_precompile_headers(${target} REUSE_FROM chainrule_expr)
    endforeach()
endfunction()
