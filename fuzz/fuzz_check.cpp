// libFuzzer target: fuzz::check_input (fuzz/inputs.hpp) on every input.
#include "fuzz/inputs.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string problem =
        chainrule::fuzz::check_input(std::string(reinterpret_cast<const char*>(data), size));
    if (!problem.empty()) {
        std::fprintf(stderr, "fuzz_check: %s\n", problem.c_str());
        std::abort();
    }
    return 0;
}
