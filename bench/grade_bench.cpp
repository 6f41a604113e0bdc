// Benchmark of `chainrule grade`: a synthetic class (the course spec's first problems, N
// students, a realistic mix of right answers, typical mistakes, derivations, malformed and
// hostile entries) graded end to end by the built binary, with the wall time and the peak
// memory of the run (the grader and its workers).
//
//   grade_bench [STUDENTS] [PROBLEMS] [JOBS]     (defaults: 1000 students, 10 problems, nproc)
#include "expr/printer.hpp"
#include "generator/random.hpp"
#include "generator/spec.hpp"

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

using namespace chainrule;
namespace fs = std::filesystem;

namespace {

std::string yaml_quoted(const std::string& s) {
    std::string out = "\"";
    for (char c : s) {
        if (static_cast<unsigned char>(c) < 0x20) {
            char escape[8];
            std::snprintf(escape, sizeof escape, "\\x%02x", static_cast<unsigned>(c));
            out += escape;
            continue;
        }
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out + "\"";
}

// One answer: right (60%), wrong in a typical way (25%), malformed (10%), hostile (5%).
std::string answer_for(const Problem& p, Random& random) {
    std::uint64_t roll = random.below(100);
    std::string right = print(p.expected);
    if (roll < 60) return yaml_quoted(right);
    if (roll < 85) {
        if (p.expected.is_scalar()) {
            switch (random.below(3)) {
            case 0: return yaml_quoted("-(" + right + ")");              // sign_error
            case 1: return yaml_quoted("2*(" + right + ")");             // constant_factor
            default: return yaml_quoted(print(p.function.scalar()));     // the function itself
            }
        }
        return yaml_quoted("[" + std::string(p.expected.entries.size() > 1 ? "0, " : "") + "0]");
    }
    if (roll < 95) return yaml_quoted(right + " +");                     // does not parse
    if (roll < 98) return yaml_quoted(std::string("\x1b[31m") + right);  // control characters
    return yaml_quoted(std::string(300, '(') + "x" + std::string(300, ')')); // past the nesting limit
}

} // namespace

int main(int argc, char** argv) {
    std::size_t students = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 1000;
    std::size_t problems = argc > 2 ? std::strtoul(argv[2], nullptr, 10) : 10;
    std::string jobs = argc > 3 ? argv[3] : "0";
    fs::path dir = fs::temp_directory_path() / ("chainrule-grade-bench-" + std::to_string(getpid()));
    fs::create_directories(dir / "class");

    // The course spec's first `problems` problems.
    std::ifstream course(CHAINRULE_SOURCE_DIR "/problem_sets/course.yaml");
    std::string line, spec_text = "title: Bench\nseed: 7\ntemplate_dir: " CHAINRULE_SOURCE_DIR
                                  "/templates\nproblems:\n";
    std::size_t taken = 0;
    while (std::getline(course, line) && taken < problems)
        if (line.find("- {template:") != std::string::npos) {
            spec_text += line + "\n";
            ++taken;
        }
    std::ofstream(dir / "spec.yaml") << spec_text;
    Spec spec = load_spec((dir / "spec.yaml").string());

    auto start = std::chrono::steady_clock::now();
    Random random(1);
    for (std::size_t s = 0; s < students; ++s) {
        std::string id = "student" + std::to_string(s);
        fs::create_directories(dir / "class" / id);
        std::string text;
        std::uint64_t kind = random.below(100);
        if (kind < 1) {
            text = "student: [broken\n";
        } else {
            ProblemSet set = generate_problem_set(spec, id);
            text = "student: " + id + "\nanswers:\n";
            for (const auto& p : set.problems) {
                if (random.below(20) == 0) continue; // left blank
                if (p.expected.is_scalar() && random.below(10) == 0) {
                    text += "  " + p.id + ":\n    steps:\n      - " +
                            yaml_quoted("d/dx(" + print(p.function.scalar()) + ")") + "\n      - " +
                            yaml_quoted(print(p.expected)) + "\n";
                    continue;
                }
                text += "  " + p.id + ": " + answer_for(p, random) + "\n";
            }
        }
        std::ofstream(dir / "class" / id / "submission.yaml") << text;
    }
    double make = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("synthetic class: %zu students x %zu problems, written in %.1f s\n", students,
                taken, make);

    std::string out = (dir / "out").string();
    std::vector<std::string> args{CHAINRULE_BINARY, "grade", (dir / "spec.yaml").string(),
                                  (dir / "class").string(), "--out", out, "--quiet"};
    if (jobs != "0") {
        args.push_back("-j");
        args.push_back(jobs);
    }
    std::vector<char*> argv2;
    for (auto& a : args) argv2.push_back(a.data());
    argv2.push_back(nullptr);
    start = std::chrono::steady_clock::now();
    pid_t pid = fork();
    if (pid == 0) {
        execv(argv2[0], argv2.data());
        _exit(127);
    }
    int status = 0;
    rusage usage{};
    wait4(pid, &status, 0, &usage);
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    rusage children{};
    getrusage(RUSAGE_CHILDREN, &children);
    std::printf("grade: exit %d, %.2f s wall, %.0f answers/s\n",
                WIFEXITED(status) ? WEXITSTATUS(status) : -1, seconds,
                double(students * taken) / seconds);
    std::printf("peak memory (largest process: grader or a worker): %.0f MB\n",
                double(children.ru_maxrss) / 1024.0);
    if (!std::getenv("KEEP")) fs::remove_all(dir);
    else std::printf("kept %s\n", dir.c_str());
    return 0;
}
