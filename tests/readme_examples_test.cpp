// The README's sessions are the manual's promise: every `$ chainrule ...` command shown in a
// ```sh block is run as printed (a shell pipeline included), and its output must be the
// lines that follow it in the README, to the byte.
#include "run_binary.hpp"

#include <catch2/catch.hpp>

#include <array>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

namespace {

struct Example {
    std::size_t line = 0; ///< where the command starts in README.md
    std::string command;  ///< as printed, continuation lines joined
    std::string output;   ///< the lines after it, up to the next command or the fence
};

std::vector<Example> readme_examples() {
    std::ifstream file(std::string(CHAINRULE_SOURCE_DIR) + "/README.md");
    std::vector<Example> out;
    std::string line;
    bool in_sh = false, continued = false, session = false;
    std::size_t number = 0;
    while (std::getline(file, line)) {
        ++number;
        if (!in_sh) {
            in_sh = line == "```sh";
            session = false; // a block of commands without `$ ` is not a session
            continue;
        }
        if (line.rfind("```", 0) == 0) {
            in_sh = false;
            continue;
        }
        if (continued) {
            out.back().command += " " + line;
        } else if (line.rfind("$ ", 0) == 0) {
            out.push_back({number, line.substr(2), ""});
            session = true;
        } else if (session) {
            out.back().output += line + "\n";
        }
        continued = !line.empty() && line.back() == '\\';
        if (continued) out.back().command.pop_back();
    }
    // A blank line before the next command separates sessions; it is not output.
    for (auto& e : out)
        while (e.output.size() >= 2 && e.output.compare(e.output.size() - 2, 2, "\n\n") == 0)
            e.output.pop_back();
    return out;
}

std::string run_shell(const std::string& command) {
    std::string out;
    FILE* pipe = popen(command.c_str(), "r");
    REQUIRE(pipe);
    std::array<char, 4096> buffer{};
    std::size_t n = 0;
    while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0)
        out.append(buffer.data(), n);
    pclose(pipe);
    return out;
}

} // namespace

TEST_CASE("every chainrule session in the README prints what the README shows", "[readme]") {
    const auto examples = readme_examples();
    REQUIRE(examples.size() >= 8);
    for (const auto& example : examples) {
        INFO("README.md:" << example.line << ": $ " << example.command);
        std::string command = example.command;
        // The binary under test for the word chainrule where it is a command.
        for (std::size_t at = command.find("chainrule "); at != std::string::npos;
             at = command.find("chainrule ", at)) {
            if (at != 0 && command.compare(at - 2, 2, "| ") != 0) {
                at += 10;
                continue;
            }
            command.replace(at, 9, chainrule::test::binary_path());
            at += chainrule::test::binary_path().size();
        }
        CHECK(run_shell("cd '" + std::string(CHAINRULE_SOURCE_DIR) + "' && env -u NO_COLOR " +
                        "COLUMNS=100 sh -c '" +
                        [&] {
                            std::string quoted;
                            for (char c : command)
                                quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
                            return quoted;
                        }() +
                        "' 2>&1") == example.output);
    }
}
