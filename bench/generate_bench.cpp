// How fast the generator is: the whole course spec for one student after another, until
// 10,000 problems have been generated, then again with worked solutions, then rendered.
// Target: 10,000 problems with solutions in under one second.
#include "generator/problem_set_io.hpp"
#include "generator/render.hpp"
#include "generator/spec.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

using namespace chainrule;

namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

} // namespace

int main(int argc, char** argv) {
    std::size_t target = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 10000;
    std::string spec_path =
        argc > 2 ? argv[2] : std::string(CHAINRULE_SOURCE_DIR) + "/problem_sets/course.yaml";
    try {
        auto start = std::chrono::steady_clock::now();
        Spec spec = load_spec(spec_path);
        std::printf("load spec and %zu templates: %.3f s\n", spec.entries.size(),
                    seconds_since(start));

        // Warm up GiNaC's tables and the solution engine once.
        solve_all(generate_problem_set(spec, "warm-up"));

        std::size_t problems = 0, students = 0;
        start = std::chrono::steady_clock::now();
        while (problems < target)
            problems +=
                generate_problem_set(spec, "s" + std::to_string(students++)).problems.size();
        double generate = seconds_since(start);
        std::printf(
            "generate:             %zu problems (%zu students) in %.3f s: %.0f problems/s\n",
            problems, students, generate, problems / generate);

        std::size_t solved = 0, lines = 0;
        students = 0;
        start = std::chrono::steady_clock::now();
        while (solved < target) {
            ProblemSet set = generate_problem_set(spec, "s" + std::to_string(students++));
            for (const auto& entries : solve_all(set))
                for (const auto& entry : entries)
                    lines += entry.solution.steps.size();
            solved += set.problems.size();
        }
        double with_solutions = seconds_since(start);
        std::printf("generate + solutions: %zu problems (%zu solution lines) in %.3f s: %.0f "
                    "problems/s %s\n",
                    solved, lines, with_solutions, solved / with_solutions,
                    with_solutions * 10000.0 / solved < 1.0 ? "(target met)"
                                                            : "(target: 10,000 in < 1 s)");

        std::size_t rendered = 0, bytes = 0;
        students = 0;
        start = std::chrono::steady_clock::now();
        while (rendered < target) {
            ProblemSet set = generate_problem_set(spec, "s" + std::to_string(students++));
            bytes += render(set, Format::yaml, {true}).size();
            rendered += set.problems.size();
        }
        double render_time = seconds_since(start);
        std::printf(
            "generate + solutions + YAML: %zu problems (%zu bytes) in %.3f s: %.0f problems/s\n",
            rendered, bytes, render_time, rendered / render_time);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "generate_bench: %s\n", e.what());
        return 1;
    }
    return 0;
}
