# INTERFACE targets that carry the project's compile options, instead of global
# add_compile_options (which would also reach anything a user adds to the build):
#
# chainrule::build_options  sanitizers and fuzzing instrumentation (CHAINRULE_SANITIZE,
#                           CHAINRULE_FUZZ): compile and link flags that every object of a
#                           hardened build must share, so each layer links it PUBLIC.
# chainrule::warnings       the warning set (and -Werror with CHAINRULE_WERROR): PRIVATE on each
#                           target, so that it is chainrule's own code that is held to it.
# chainrule::strict_warnings the same, with -Wshadow and -Wconversion: for the layers that are
#                           clean of them (expr/, checked; the others are not yet).

add_library(chainrule_build_options INTERFACE)
add_library(chainrule::build_options ALIAS chainrule_build_options)
if(CHAINRULE_FUZZ)
    if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
        message(FATAL_ERROR "CHAINRULE_FUZZ needs clang (libFuzzer): -DCMAKE_CXX_COMPILER=clang++")
    endif()
    set(CHAINRULE_SANITIZE ON)
    # Coverage instrumentation for every library; only the fuzz targets link libFuzzer itself.
    target_compile_options(chainrule_build_options INTERFACE -fsanitize=fuzzer-no-link)
endif()
if(CHAINRULE_SANITIZE)
    set(CHAINRULE_SANITIZER_FLAGS -fsanitize=address,undefined -fno-sanitize-recover=all
                                  -fno-omit-frame-pointer)
    target_compile_options(chainrule_build_options INTERFACE ${CHAINRULE_SANITIZER_FLAGS})
    target_link_options(chainrule_build_options INTERFACE ${CHAINRULE_SANITIZER_FLAGS})
    target_compile_definitions(chainrule_build_options INTERFACE CHAINRULE_SANITIZED=1)
endif()

add_library(chainrule_warnings INTERFACE)
add_library(chainrule::warnings ALIAS chainrule_warnings)
target_compile_options(chainrule_warnings INTERFACE -Wall -Wextra -Wpedantic)
# GCC 12 warns -Wrestrict inside libstdc++ for ordinary std::string concatenation at -O2 and
# above (GCC bug 105329, fixed in GCC 13): a false positive that -Werror must not turn fatal.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    target_compile_options(chainrule_warnings INTERFACE -Wno-restrict)
endif()
if(CHAINRULE_WERROR)
    target_compile_options(chainrule_warnings INTERFACE -Werror)
endif()

add_library(chainrule_strict_warnings INTERFACE)
add_library(chainrule::strict_warnings ALIAS chainrule_strict_warnings)
target_link_libraries(chainrule_strict_warnings INTERFACE chainrule_warnings)
target_compile_options(chainrule_strict_warnings INTERFACE -Wshadow -Wconversion)
# clang's -Wconversion also means -Wsign-conversion, which GCC's does not in C++: the same
# set with both compilers.
if(CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    target_compile_options(chainrule_strict_warnings INTERFACE -Wno-sign-conversion)
endif()

# Release builds compile the layers in front of the checker (generator, grading, tutor, cli) at
# CHAINRULE_FRONT_OPTIMIZATION, -O1 by default, and expr and checker, where a check spends its
# time, at the build type's level (-O2). -O1 compiles those sources about a fifth faster, which
# is most of the time an install from source takes; generation and grading are a few percent
# slower (measured in the README, "Installing"). Empty: every layer at the build type's level.
set(CHAINRULE_FRONT_OPTIMIZATION "-O1" CACHE STRING
    "Optimization flag for the generator, grading, tutor and cli layers in Release builds (empty: the build type's)")

# chainrule_front_layer(target...): the targets compile at CHAINRULE_FRONT_OPTIMIZATION in
# Release builds. The flag comes after the build type's, so it is the one that counts.
function(chainrule_front_layer)
    if(NOT CHAINRULE_FRONT_OPTIMIZATION)
        return()
    endif()
    foreach(target ${ARGN})
        target_compile_options(${target} PRIVATE
            $<$<CONFIG:Release>:${CHAINRULE_FRONT_OPTIMIZATION}>)
    endforeach()
endfunction()
