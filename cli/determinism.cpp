#include "cli/determinism.hpp"

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <sys/personality.h>
#include <unistd.h>
#include <vector>

namespace chainrule {

void run_without_address_randomisation() {
    if (std::getenv("CHAINRULE_REEXEC") != nullptr) return; // "0", or already done
    int persona = personality(0xffffffff);
    if (persona == -1 || (persona & ADDR_NO_RANDOMIZE) != 0) return;
    std::ifstream in("/proc/self/cmdline", std::ios::binary);
    std::string all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (all.empty()) return;
    std::vector<std::string> args;
    std::size_t start = 0;
    for (std::size_t i = 0; i < all.size(); ++i)
        if (all[i] == '\0') {
            args.push_back(all.substr(start, i - start));
            start = i + 1;
        }
    if (personality(static_cast<unsigned long>(persona) | ADDR_NO_RANDOMIZE) == -1) return;
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    setenv("CHAINRULE_REEXEC", "1", 1);
    execv("/proc/self/exe", argv.data());
    personality(static_cast<unsigned long>(persona)); // could not: carry on as we are
    unsetenv("CHAINRULE_REEXEC");
}

} // namespace chainrule
