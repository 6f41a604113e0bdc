// Benchmark of `chainrule grade`: a synthetic class (the course spec's first problems, N
// students, a realistic mix of right answers, typical mistakes, derivations, malformed and
// hostile entries) graded end to end by the built binary, with the wall time and the peak
// memory of the run (the grader and its workers).
//
//   grade_bench [STUDENTS] [PROBLEMS] [JOBS]     (defaults: 10000 students, 10 problems, nproc)
#include "expr/printer.hpp"
#include "generator/random.hpp"
#include "generator/spec.hpp"

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
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

// A right answer as students write it: as printed, or rearranged (expanded, with the terms
// swapped, spelt with spaces, in another notation) so that equal answers are not all equal
// texts.
std::string right_answer(const Problem& p, Random& random) {
    if (!p.expected.is_scalar()) return print(p.expected);
    const GiNaC::ex& e = p.expected.scalar();
    switch (random.below(5)) {
    case 0:
        return print(e.expand());
    case 1:
        return "0 + " + print(e);
    case 2:
        return "(" + print(e) + ")*1";
    case 3:
        return print(e, Notation::unicode);
    default:
        return print(e);
    }
}

// A runaway answer in the problem's own variable: a product of 999 linear factors, whose
// derivative has a million nodes. It took 1 to 2 s of CPU (and its verdict turned into a time
// limit's error on a loaded machine); the checker's budget of work now stops the search for
// its mistake, the same on every machine.
std::string runaway_answer(const Problem& p) {
    std::string e;
    for (int i = 1; i <= 999; ++i)
        e += "(" + p.variables.front() + "+" + std::to_string(i) + ")";
    return e;
}

// One answer: right (60%), wrong in a typical way (25%), malformed (10%), hostile (5%).
std::string answer_for(const Problem& p, Random& random) {
    std::uint64_t roll = random.below(100);
    if (roll < 60) return yaml_quoted(right_answer(p, random));
    std::string right = print(p.expected);
    if (roll < 85) {
        if (!p.mistakes.empty() && random.below(2) == 0) // a mistake the template foresees
            return yaml_quoted(p.mistakes[random.below(p.mistakes.size())].answer);
        if (p.expected.is_scalar()) {
            switch (random.below(4)) {
            case 0:
                return yaml_quoted("-(" + right + ")"); // sign_error
            case 1:
                return yaml_quoted("2*(" + right + ")"); // constant_factor
            case 2:
                return yaml_quoted(right + " + 1"); // a constant too many
            default:
                return yaml_quoted(print(p.function.scalar())); // the function itself
            }
        }
        return yaml_quoted("[" + std::string(p.expected.entries.size() > 1 ? "0, " : "") + "0]");
    }
    if (roll < 95) {
        switch (random.below(3)) {
        case 0:
            return yaml_quoted(right + " +"); // does not parse
        case 1:
            return yaml_quoted(right + " + q"); // an unknown name
        default:
            return yaml_quoted("(" + right); // unbalanced
        }
    }
    switch (random.below(3)) {
    case 0:
        return yaml_quoted(std::string("\x1b[31m") + right); // control characters
    case 1:
        return yaml_quoted(std::string(300, '(') + "x" + std::string(300, ')')); // too deep
    default:
        return yaml_quoted("x^99999999999999999999"); // a huge power
    }
}

// The resident memory of a process and its descendants now, in KB (from /proc).
long tree_rss_kb(pid_t pid) {
    long total = 0;
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind("VmRSS:", 0) == 0) total += std::strtol(line.c_str() + 6, nullptr, 10);
    std::ifstream children("/proc/" + std::to_string(pid) + "/task/" + std::to_string(pid) +
                           "/children");
    long child = 0;
    while (children >> child)
        total += tree_rss_kb(static_cast<pid_t>(child));
    return total;
}

struct Run {
    int status = -1;
    double seconds = 0;
    long peak_tree_kb = 0;
};

// Runs the grader, sampling the memory of its process tree every 5 ms.
Run run_grader(std::vector<std::string> args) {
    std::vector<char*> argv;
    for (auto& a : args)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    Run run;
    auto start = std::chrono::steady_clock::now();
    pid_t pid = fork();
    if (pid == 0) {
        execv(argv[0], argv.data());
        _exit(127);
    }
    int status = 0;
    for (;;) {
        pid_t done = waitpid(pid, &status, WNOHANG);
        if (done == pid) break;
        run.peak_tree_kb = std::max(run.peak_tree_kb, tree_rss_kb(pid));
        usleep(5000);
    }
    run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    run.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return run;
}

} // namespace

int main(int argc, char** argv) {
    std::size_t students = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 10000;
    std::size_t problems = argc > 2 ? std::strtoul(argv[2], nullptr, 10) : 10;
    std::string jobs = argc > 3 ? argv[3] : "0";
    fs::path dir =
        fs::temp_directory_path() / ("chainrule-grade-bench-" + std::to_string(getpid()));
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
    std::size_t runaway_student = students / 2;
    std::string runaway_problem; // the first derivative in one variable (as the issue's)
    {
        ProblemSet set = generate_problem_set(spec, "student" + std::to_string(runaway_student));
        for (const auto& p : set.problems)
            if (runaway_problem.empty() && p.variables.size() == 1 && p.expected.is_scalar())
                runaway_problem = p.id;
    }
    for (std::size_t s = 0; s < students; ++s) {
        std::string id = "student" + std::to_string(s);
        fs::create_directories(dir / "class" / id);
        std::string text;
        std::uint64_t kind = random.below(100);
        if (kind < 1 && s != runaway_student) {
            text = "student: [broken\n";
        } else {
            ProblemSet set = generate_problem_set(spec, id);
            text = "student: " + id + "\nanswers:\n";
            for (const auto& p : set.problems) {
                if (s == runaway_student && p.id == runaway_problem) { // the one runaway answer
                    text += "  " + p.id + ": " + yaml_quoted(runaway_answer(p)) + "\n";
                    continue;
                }
                if (random.below(20) == 0) continue;                   // left blank
                if (p.expected.is_scalar() && random.below(10) == 0) { // a derivation
                    bool slip = random.below(3) == 0;
                    text +=
                        "  " + p.id + ":\n    steps:\n      - " +
                        yaml_quoted("d/dx(" + print(p.function.scalar()) + ")") + "\n      - " +
                        yaml_quoted(slip ? "2*(" + print(p.expected) + ")" : print(p.expected)) +
                        "\n";
                    continue;
                }
                text += "  " + p.id + ": " + answer_for(p, random) + "\n";
            }
        }
        std::ofstream(dir / "class" / id / "submission.yaml") << text;
    }
    double make = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("synthetic class: %zu students x %zu problems (right, rearranged, typical "
                "mistakes, derivations, malformed, hostile, 1 runaway answer), written in %.1f s\n",
                students, taken, make);

    auto grade_args = [&](const std::string& input, const std::string& out) {
        std::vector<std::string> args{
            CHAINRULE_BINARY, "grade", (dir / "spec.yaml").string(), input, "--out", out,
            "--quiet"};
        if (jobs != "0") {
            args.push_back("-j");
            args.push_back(jobs);
        }
        return args;
    };
    Run run = run_grader(grade_args((dir / "class").string(), (dir / "out").string()));
    rusage children{};
    getrusage(RUSAGE_CHILDREN, &children);
    std::printf("grade: %zu students x %zu problems, exit %d, %.2f s wall, %.0f answers/s %s\n",
                students, taken, run.status, run.seconds, double(students * taken) / run.seconds,
                students * taken >= 100000 && run.seconds < 10 ? "(target met)"
                                                               : "(target: 10,000 x 10 in < 10 s)");
    std::printf("peak memory: %.0f MB for the grader and its workers together (sampled), "
                "%.0f MB the largest single process %s\n",
                double(run.peak_tree_kb) / 1024.0, double(children.ru_maxrss) / 1024.0,
                run.peak_tree_kb < 300 * 1024 ? "(target met)" : "(target: < 300 MB)");

    // The runaway answer's cost: its student graded alone, with and without it.
    std::string id = "student" + std::to_string(runaway_student);
    fs::path alone = dir / "alone";
    fs::create_directories(alone / "with");
    fs::create_directories(alone / "without");
    fs::copy_file(dir / "class" / id / "submission.yaml", alone / "with" / "submission.yaml");
    {
        std::ifstream in(alone / "with" / "submission.yaml");
        std::ofstream out(alone / "without" / "submission.yaml");
        std::string l;
        while (std::getline(in, l))
            out << (l.find("+999)") == std::string::npos ? l : l.substr(0, l.find(':')) + ": \"0\"")
                << "\n";
    }
    // Each file named on the command line: a file found in a folder would be named by its file
    // name, "submission", which is not the student's id (an identity mismatch, not graded).
    Run with = run_grader(
        grade_args((alone / "with" / "submission.yaml").string(), (alone / "out-with").string()));
    Run without = run_grader(grade_args((alone / "without" / "submission.yaml").string(),
                                        (alone / "out-without").string()));
    std::printf("the runaway answer costs %.2f s (%.2f s with it, %.2f s without; time limit 2 s "
                "of CPU)\n",
                with.seconds - without.seconds, with.seconds, without.seconds);
    if (!std::getenv("KEEP"))
        fs::remove_all(dir);
    else
        std::printf("kept %s\n", dir.c_str());
    return 0;
}
