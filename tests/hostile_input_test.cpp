// The hostile-input catalogue (issue 7; README "Security note"): one case per class of hostile
// input, each asserting a clear error naming the problem, a bound on time and memory, and in
// batch grading that every other row is intact.
//
// Bounds are checked without timing assertions: the binary runs under RLIMIT_CPU and RLIMIT_AS
// (tests/run_binary.hpp), and the case asserts that it ended with its clear message rather
// than being killed by the limit. Each case states its bound in its name. Sanitizer builds run
// several times slower and cannot take an address-space limit: the CPU bounds are multiplied
// by `slow` there and the memory bounds are not applied.
#include "expr/errors.hpp"
#include "expr/parser.hpp"
#include "expr/printer.hpp"
#include "generator/spec.hpp"
#include "run_binary.hpp"
#include "skip.hpp"
#include "temp_folder.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <thread>

using namespace chainrule;
using chainrule::test::run_binary;
using chainrule::test::RunOptions;
using chainrule::test::RunResult;

using chainrule::test::slurp;

namespace {

namespace fs = std::filesystem;

#ifdef CHAINRULE_SANITIZED
constexpr unsigned slow = 5;
#else
constexpr unsigned slow = 1;
#endif

void write(const std::string& path, const std::string& text) {
    fs::create_directories(fs::path(path).parent_path());
    std::ofstream(path, std::ios::binary) << text;
}

RunOptions bounded(unsigned cpu_seconds, std::size_t memory_mb, std::string input = "") {
    RunOptions options;
    options.cpu_seconds = cpu_seconds * slow;
    options.memory_mb = memory_mb;
    options.input = std::move(input);
    return options;
}

// Nothing the program writes may hold a raw control character (other than a line break) or a
// bidirectional override: escape sequences in an answer must never reach a terminal.
bool terminal_safe(const std::string& text) {
    for (unsigned char c : text)
        if ((c < 0x20 && c != '\n') || c == 0x7F) return false;
    return text.find("\u202E") == std::string::npos && text.find("\u200B") == std::string::npos;
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// `chainrule check` of an answer to d/dx x^2, under a bound.
RunResult check_answer(const std::string& answer, unsigned cpu_seconds = 5,
                       std::size_t memory_mb = 1024) {
    // Through standard input, so that any bytes (NUL included) reach the answer.
    return run_binary({"check", "--function", "x^2", "--wrt", "x", "--answer", "-"},
                      bounded(cpu_seconds, memory_mb, answer));
}

} // namespace

// ---------------------------------------------------------------------------------------------
// 1. Expression bombs. Bound: 5 s of CPU and 1 GB of address space for the whole `check`.

TEST_CASE("hostile: (x+1)^(10^9) stays unexpanded and is judged wrong (5 s, 1 GB)",
          "[hostile][bombs]") {
    auto r = check_answer("(x+1)^(10^9)");
    INFO(r.err);
    CHECK(r.status == 1);
    CHECK(contains(r.out, "incorrect"));
}

TEST_CASE("hostile: a tower x^x^x^x^x^x^x^x is judged wrong (5 s, 1 GB)", "[hostile][bombs]") {
    auto r = check_answer("x^x^x^x^x^x^x^x");
    INFO(r.err);
    CHECK(r.status == 1);
    CHECK(contains(r.out, "incorrect"));
}

TEST_CASE("hostile: a function to a 900-digit power is judged wrong, with its value named out "
          "of range (5 s, 1 GB)",
          "[hostile][bombs]") {
    // normal() puts integers in for ln(...): a 900-digit power of an integer (found by
    // fuzz_check). CLN's own power of a float wraps such an exponent around to 1.0.
    auto r = check_answer("ln(x^2 + 1)^(20010^200)");
    INFO(r.err);
    CHECK(r.status == 1);
    CHECK(contains(r.out, "the answer gives a value out of range (too large or too small to "
                          "compute)"));
    // With --json the value is the string "out of range", never a number it does not have.
    auto json = run_binary({"check", "--function", "x^2", "--wrt", "x", "--answer", "-", "--json"},
                           bounded(5, 1024, "ln(x^2 + 1)^(20010^200)"));
    auto verdict = nlohmann::json::parse(json.out);
    CHECK(verdict["counterexample"]["answer"] == "out of range");
}

TEST_CASE("hostile: 10^10^10^10 is refused as too large at once (5 s, 1 GB)", "[hostile][bombs]") {
    auto r = check_answer("10^10^10^10");
    CHECK(r.status == 2);
    CHECK(contains(r.out + r.err, "number too large"));
}

TEST_CASE("hostile: exp(exp(exp(exp(x)))) overflows no verdict (5 s, 1 GB)", "[hostile][bombs]") {
    auto r = check_answer("exp(exp(exp(exp(x))))");
    INFO(r.err);
    CHECK(r.status == 1);
    // The right answer with the same tower added and taken away is still right.
    auto same = check_answer("2x + exp(exp(exp(exp(x)))) - exp(exp(exp(exp(x))))");
    INFO(same.err);
    CHECK(same.status == 0);
}

TEST_CASE("hostile: huge coefficients in exp, sigmoid and tanh are judged without normal() on "
          "polynomials of degree 10^38 (5 s, 1 GB)",
          "[hostile][bombs]") {
    // normal() writes e^(u) and e^(k·u) as powers of one symbol: degree k (found by fuzz_check).
    for (const char* answer :
         {"e^(-w x - b)/(1 + e^(-888888888888888888888888888888888888888w x - b))^2",
          "x sigmoid(888888888888888888888888888888(w x + b))(1 - sigmoid(w x + b))",
          "x (1 - tanh(99999999999999999999(w x + b))^2)",
          "x e^(w x/77777777777777777777)/(1 + e^(-w x - b))^2",
          "x cosh(8888888888888888888(w x + b))/sinh(w x + b)^2"}) {
        INFO(answer);
        auto r =
            run_binary({"check", "--function", "sigmoid(w x + b)", "--wrt", "w", "--answer", "-"},
                       bounded(5, 1024, answer));
        INFO(r.err);
        CHECK(r.status == 1);
        CHECK(contains(r.out, "incorrect"));
    }
    // The right answer in the form that needs normal() is still proved.
    auto right =
        run_binary({"check", "--function", "sigmoid(w x + b)", "--wrt", "w", "--answer", "-"},
                   bounded(5, 1024, "x e^(-w x - b)/(1 + e^(-w x - b))^2"));
    INFO(right.err);
    CHECK(right.status == 0);
    CHECK(contains(right.out, "proved symbolically"));
}

TEST_CASE("hostile: factorial-like growth, a product of 700 factors (5 s, 1 GB)",
          "[hostile][bombs]") {
    std::string product;
    for (int i = 1; i <= 700; ++i)
        product += "(x+" + std::to_string(i) + ")";
    auto r = check_answer(product);
    INFO(r.err);
    CHECK(r.status == 1);
    CHECK(contains(r.out, "incorrect"));
}

TEST_CASE("hostile: integers and decimals of 100,000 digits are refused (5 s, 1 GB)",
          "[hostile][bombs]") {
    auto r = check_answer(std::string(100000, '9'));
    CHECK(r.status == 2);
    CHECK(contains(r.out + r.err, "too long"));
    r = check_answer("0." + std::string(100000, '3'));
    CHECK(r.status == 2);
    CHECK(contains(r.out + r.err, "too long"));
    // Under the byte limit, the digit limit names the number.
    r = check_answer("2x + " + std::string(150, '1'));
    CHECK(r.status == 2);
    CHECK(contains(r.out + r.err, "number too long at column 6: 150 digits (the limit is 100)"));
    // Even with the limits lifted, a 100,000-digit number is read in bounded time.
    ParseOptions lifted;
    lifted.max_length = 1 << 20;
    lifted.max_digits = 1 << 20;
    CHECK_NOTHROW(parse_expression(std::string(100000, '7'), lifted));
}

TEST_CASE("hostile: an answer slower than check's --time-limit ends with a clear message "
          "(the limit, then exit 3, 5 s, 1 GB)",
          "[hostile][bombs]") {
    // A product of 999 linear factors: about 0.1 s of CPU to judge in a Release build (the
    // checker's budget of work stops the search for the mistake), ten times the limit here.
    std::string product;
    for (int i = 1; i <= 999; ++i)
        product += "(x+" + std::to_string(i) + ")";
    auto r = run_binary(
        {"check", "--function", "x^2", "--wrt", "x", "--answer", "-", "--time-limit", "0.01"},
        bounded(5, 1024, product));
    CHECK(r.status == 3);
    CHECK(contains(r.err, "time limit exceeded: more than 0.01 s of CPU time (--time-limit)"));
    // Within the default limit, its verdict: incorrect, with no mistake named and why.
    auto judged = run_binary({"check", "--function", "x^2", "--wrt", "x", "--answer", "-"},
                             bounded(5, 1024, product));
    CHECK(judged.status == 1);
    CHECK(contains(judged.out, "differs at x = -1.75: expected -3.5, the answer gives "
                               "-4.69213e+2558"));
    CHECK(contains(judged.out, "no mistake is named: looking for one in this answer takes more "
                               "than 1,000,000 units of work (the checker's budget)"));
}

TEST_CASE("hostile: a check that needs more memory than check's --memory-limit ends with a "
          "clear message (exit 3, 5 s)",
          "[hostile][bombs]") {
#ifdef CHAINRULE_SANITIZED
    SUCCEED("AddressSanitizer reserves terabytes of address space: no address-space limit");
#else
    // Every runaway answer found so far is stopped by the checker's guards long before it
    // needs memory, so the limit is shown with one too small for the course's whole problem
    // set (a homework check reads every template): 5 MB of address space. The allocation that
    // fails is reported, never a crash or a partial verdict. (A one-line check may now fit in
    // what the process already holds: the limit is set after start-up, with no re-exec.)
    const std::string source = CHAINRULE_SOURCE_DIR;
    auto r = run_binary({"check", "--set", source + "/problem_sets/course.yaml", "--submission",
                         source + "/examples/class/alice/submission.yaml", "--memory-limit", "5"},
                        bounded(5, 0));
    CHECK(r.status == 3);
    CHECK(r.out.empty());
    CHECK(contains(r.err, "memory limit exceeded (--memory-limit, or the system's)"));
    // The same check with the default limit is right.
    auto fine = run_binary({"check", "--function", "sigmoid(w x + b)", "--wrt", "w", "--answer",
                            "x sigmoid(w x + b)(1 - sigmoid(w x + b))"},
                           bounded(5, 0));
    CHECK(fine.status == 0);
#endif
}

// ---------------------------------------------------------------------------------------------
// 2. Structure. Bound: 5 s, 1 GB.

TEST_CASE("hostile: 100,000 nested parentheses are refused, never a stack overflow (5 s, 1 GB)",
          "[hostile][structure]") {
    std::string nested = std::string(100000, '(') + "x" + std::string(100000, ')');
    auto r = check_answer(nested);
    CHECK(r.status == 2);
    CHECK(contains(r.out + r.err, "too long"));
    // Past the byte limit, the depth limit: the parser never recurses deeper than 200.
    ParseOptions lifted;
    lifted.max_length = 1 << 20;
    auto error = [&] {
        try {
            parse_expression(nested, lifted);
        } catch (const ParseError& e) {
            return std::string(e.what());
        }
        return std::string();
    }();
    CHECK(contains(error, "nesting too deep at column 201"));
    CHECK(contains(error, "(the limit is 200"));
}

TEST_CASE("hostile: a 10 MB answer is refused before it is parsed (5 s, 1 GB)",
          "[hostile][structure]") {
    auto r = check_answer(std::string(10 << 20, 'x'));
    CHECK(r.status == 2);
    CHECK(contains(r.out + r.err, "standard input is too long: more than 1048576 bytes"));
    r = run_binary(
        {"check", "--function", "x^2", "--wrt", "x", "--answer", std::string(100000, 'x')},
        bounded(5, 1024));
    CHECK(r.status == 2);
    CHECK(contains(r.out + r.err, "the limit is 10000"));
}

TEST_CASE("hostile: 1,000,000 terms are refused by the byte limit (5 s, 1 GB)",
          "[hostile][structure]") {
    std::string terms = "x";
    terms.reserve(2000000);
    for (int i = 1; i < 1000000; ++i)
        terms += "+x";
    auto r = run_binary({"check", "--function", "x^2", "--wrt", "x", "--answer", "-"},
                        bounded(5, 1024, terms));
    CHECK(r.status == 2);
    CHECK(contains(r.out + r.err, "too long"));
}

TEST_CASE("hostile: an empty answer and one of only white space are named as such (5 s, 1 GB)",
          "[hostile][structure]") {
    auto r =
        run_binary({"check", "--function", "x^2", "--wrt", "x", "--answer", ""}, bounded(5, 1024));
    CHECK(r.status == 2);
    CHECK(contains(r.out + r.err, "empty answer"));
    r = run_binary({"check", "--function", "x^2", "--wrt", "x", "--answer", " \t \u00A0 \u202F"},
                   bounded(5, 1024));
    CHECK(r.status == 2);
    CHECK(contains(r.out + r.err, "the answer is only white space"));
}

// ---------------------------------------------------------------------------------------------
// 3. Encoding. Bound: 5 s, 1 GB. Output never carries a raw control character.

TEST_CASE("hostile: invalid UTF-8 is named with its byte and column (5 s, 1 GB)",
          "[hostile][encoding]") {
    auto r = check_answer("2x\xFF");
    CHECK(r.status == 2);
    CHECK(contains(r.out + r.err, "invalid UTF-8 byte 0xFF at column 3"));
    CHECK(terminal_safe(r.out + r.err));
}

TEST_CASE("hostile: a NUL byte is named, not a silent end of the answer (5 s, 1 GB)",
          "[hostile][encoding]") {
    auto r = check_answer(std::string("2x\0+1", 5));
    CHECK(r.status == 2);
    CHECK(contains(r.out + r.err, "NUL character at column 3"));
    CHECK(terminal_safe(r.out + r.err));
}

TEST_CASE("hostile: right-to-left overrides and zero-width characters are named and shown "
          "escaped (5 s, 1 GB)",
          "[hostile][encoding]") {
    auto r = check_answer("2\u202Ex");
    CHECK(r.status == 2);
    CHECK(contains(r.out + r.err, "invisible or control character U+202E at column 2"));
    CHECK(terminal_safe(r.out + r.err));
    r = check_answer("2\u200Bx");
    CHECK(r.status == 2);
    CHECK(contains(r.out + r.err, "U+200B at column 2"));
    CHECK(terminal_safe(r.out + r.err));
}

TEST_CASE("hostile: terminal escape sequences never reach the terminal raw (5 s, 1 GB)",
          "[hostile][encoding]") {
    const std::string escape = "\x1b]0;owned\x07\x1b[2J";
    auto r = check_answer("2x" + escape);
    CHECK(r.status == 2);
    CHECK(contains(r.out + r.err, "U+001B at column 3"));
    CHECK(terminal_safe(r.out + r.err));
    // On a terminal too, and in every output of `check`.
    RunOptions terminal = bounded(5, 1024);
    terminal.terminal = true;
    r = run_binary({"check", "--function", "x^2", "--wrt", "x", "--answer", "2x" + escape},
                   terminal);
    CHECK(r.status == 2);
    // chainrule's own colours are there; the answer's sequences are not.
    CHECK(terminal_safe(r.err));
    CHECK_FALSE(contains(r.out, "\x1b]"));
    CHECK_FALSE(contains(r.out, "\x1b[2J"));
    CHECK_FALSE(contains(r.out, "\x07"));
    r = run_binary(
        {"check", "--function", "x^2" + escape, "--wrt", "x", "--answer", "2x", "--json"},
        bounded(5, 1024));
    CHECK(r.status == 2);
    CHECK(terminal_safe(r.out + r.err));
}

TEST_CASE("hostile: a lookalike letter (Cyrillic х for x) is named as such (5 s, 1 GB)",
          "[hostile][encoding]") {
    auto r = check_answer("2\u0445");
    CHECK(r.status == 2);
    CHECK(contains(r.out + r.err,
                   "'\u0445' (U+0445) at column 2 is not the Latin letter 'x' it looks like"));
}

// ---------------------------------------------------------------------------------------------
// 4. YAML: templates and specs (`validate`) and submissions (`grade`). Bound: 10 s, 512 MB.

namespace {

// A class of two honest students plus one hostile file, graded; returns the report's rows by
// key. The honest rows must come out exactly as without the hostile file.
struct HostileClass {
    chainrule::test::TempFolder dir{"chainrule-hostile"};
    std::string spec;
    std::string submissions;

    HostileClass() {
        spec = dir.string() + "/spec.yaml";
        write(spec, "title: Small set\nseed: 7\ntemplate_dir: " CHAINRULE_SOURCE_DIR
                    "/templates\nproblems:\n  - {template: polynomial, points: 2}\n"
                    "  - {template: gradient, points: 3}\n");
        submissions = dir.string() + "/class";
        Spec loaded = load_spec(spec);
        for (const char* student : {"alice", "bob"}) {
            auto problems = generate_problem_set(loaded, student).problems;
            write(submissions + "/" + student + "/submission.yaml",
                  std::string("student: ") + student + "\nanswers:\n  polynomial-1: \"" +
                      print(problems[0].expected) + "\"\n  gradient-1: \"" +
                      print(problems[1].expected) + "\"\n");
        }
    }

    // Grades the class; `extra` are more arguments. Returns the rows by key.
    std::map<std::string, nlohmann::json> grade(const std::string& out,
                                                std::vector<std::string> extra = {},
                                                unsigned cpu_seconds = 30,
                                                const std::string& time_limit = "2") {
        std::vector<std::string> args{"grade", spec, submissions,    "--out",    out,
                                      "-j",    "2",  "--time-limit", time_limit, "--quiet"};
        args.insert(args.end(), extra.begin(), extra.end());
        auto r = run_binary(args, bounded(cpu_seconds, 2048));
        INFO(r.err);
        REQUIRE(r.status == 0);
        CHECK(terminal_safe(r.out + r.err));
        std::map<std::string, nlohmann::json> rows;
        auto report = nlohmann::json::parse(slurp(out + "/report.json"));
        for (const auto& row : report["students"])
            rows[row["key"]] = row;
        // The honest rows are intact: full marks.
        CHECK(rows.at("alice")["score"] == 5.0);
        CHECK(rows.at("bob")["score"] == 5.0);
        return rows;
    }

    std::string hostile_row_message(const std::string& name, const std::string& text) {
        write(submissions + "/" + name, text);
        auto rows = grade(dir.string() + "/out-" + fs::path(name).stem().string());
        std::string key = "file:" + submissions + "/" + name;
        REQUIRE(rows.count(key) == 1);
        CHECK(rows.at(key)["status"] == "unreadable");
        return rows.at(key)["message"];
    }
};

std::string billion_laughs() {
    std::string text = "a0: &a0 [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", "
                       "\"lol\", \"lol\"]\n";
    for (int i = 1; i < 10; ++i) {
        std::string prev = "*a" + std::to_string(i - 1);
        text += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [" + prev;
        for (int k = 1; k < 9; ++k)
            text += ", " + prev;
        text += "]\n";
    }
    return text;
}

RunResult validate(const std::string& path, unsigned cpu_seconds = 10) {
    return run_binary({"validate", path}, bounded(cpu_seconds, 512));
}

} // namespace

TEST_CASE("hostile: YAML alias bombs (billion laughs) are refused at the first alias "
          "(10 s, 512 MB)",
          "[hostile][yaml]") {
    HostileClass cls;
    write(cls.dir.string() + "/bomb.yaml", "id: bomb\n" + billion_laughs());
    auto r = validate(cls.dir.string() + "/bomb.yaml");
    CHECK(r.status == 1);
    CHECK(contains(r.out + r.err, "bomb.yaml:3:10: aliases (*name) are not supported"));
    // In a submission: that file's row says so; the others are graded as ever.
    std::string message =
        cls.hostile_row_message("mallory/submission.yaml", "student: mallory\n" + billion_laughs() +
                                                               "answers:\n  polynomial-1: *a9\n");
    CHECK(contains(message, "mallory/submission.yaml:3:10: aliases (*name) are not supported"));
}

TEST_CASE("hostile: YAML nested 10,000 deep is refused by depth (10 s, 512 MB)",
          "[hostile][yaml]") {
    HostileClass cls;
    std::string deep = "problems: " + std::string(10000, '[') + std::string(10000, ']') + "\n";
    write(cls.dir.string() + "/deep.yaml", deep);
    auto r = validate(cls.dir.string() + "/deep.yaml");
    CHECK(r.status == 1);
    CHECK(contains(r.out + r.err, "nesting too deep (the limit is 32 levels)"));
    std::string message = cls.hostile_row_message(
        "mallory/submission.yaml", "student: mallory\nanswers:\n  polynomial-1: " +
                                       std::string(10000, '[') + std::string(10000, ']') + "\n");
    CHECK(contains(message, "nesting too deep (the limit is 16 levels)"));
}

TEST_CASE("hostile: YAML duplicate keys are named (10 s, 512 MB)", "[hostile][yaml]") {
    HostileClass cls;
    std::string tmpl = slurp(CHAINRULE_SOURCE_DIR "/templates/polynomial.yaml");
    write(cls.dir.string() + "/dup.yaml", tmpl + "title: again\n");
    auto r = validate(cls.dir.string() + "/dup.yaml");
    CHECK(r.status == 1);
    CHECK(contains(r.out + r.err, "duplicate key 'title'"));
    // Two `student:` keys: which is meant cannot be told, so the file is not graded.
    std::string message = cls.hostile_row_message(
        "mallory/submission.yaml",
        "student: mallory\nstudent: alice\nanswers: {polynomial-1: \"0\"}\n");
    CHECK(contains(message, ":2:1: the key 'student' is given twice"));
    // The same problem twice.
    message = cls.hostile_row_message(
        "eve/submission.yaml",
        "student: eve\nanswers:\n  polynomial-1: \"0\"\n  polynomial-1: \"1\"\n");
    CHECK(contains(message, "problem 'polynomial-1' is answered twice"));
}

TEST_CASE("hostile: YAML of the wrong types everywhere gives messages, not a crash "
          "(10 s, 512 MB)",
          "[hostile][yaml]") {
    HostileClass cls;
    write(cls.dir.string() + "/types.yaml",
          "id: [1]\ntitle: {a: 1}\ntopic: [x]\ndifficulty: hard\npoints: [2]\nparameters: 3\n"
          "variables: {x: 1}\nfunction: [1, 2]\nwrt: {}\nmistakes: 7\ntags: 5\n");
    auto r = validate(cls.dir.string() + "/types.yaml");
    CHECK(r.status == 1);
    CHECK(contains(r.out + r.err, "types.yaml:1:5:"));
    CHECK(terminal_safe(r.out + r.err));
    write(cls.dir.string() + "/spec-types.yaml", "title: [1]\nseed: {a: 1}\nproblems: 3\n");
    r = validate(cls.dir.string() + "/spec-types.yaml");
    CHECK(r.status == 1);
    CHECK(contains(r.out + r.err, "spec-types.yaml:"));
    // Submissions: a student id that is a list, answers that are a number, an answer that is
    // a map of the wrong keys (that answer invalid, the rest graded).
    std::string message =
        cls.hostile_row_message("mallory/submission.yaml", "student: [mallory]\nanswers: 3\n");
    CHECK(contains(message, "the student id is missing"));
    write(cls.submissions + "/trudy/submission.yaml",
          "student: trudy\nanswers:\n  polynomial-1: {bogus: 1}\n  gradient-1: [[[1]]]\n");
    auto rows = cls.grade(cls.dir.string() + "/out-trudy");
    CHECK(rows.at("trudy")["status"] == "graded");
    CHECK(rows.at("trudy")["problems"][0]["verdict"] == "invalid");
    CHECK(rows.at("trudy")["problems"][1]["verdict"] == "invalid");
}

TEST_CASE("hostile: a 1 GB file is refused by its size before it is read (10 s, 512 MB)",
          "[hostile][yaml]") {
    HostileClass cls;
    auto sparse = [](const std::string& path) {
        fs::create_directories(fs::path(path).parent_path());
        std::ofstream(path) << "id: big\n";
        fs::resize_file(path, std::uintmax_t(1) << 30); // sparse: no disk used
    };
    sparse(cls.dir.string() + "/big.yaml");
    auto r = validate(cls.dir.string() + "/big.yaml");
    CHECK(r.status == 1);
    CHECK(contains(r.out + r.err, "file too large: 1073741824 bytes"));
    sparse(cls.submissions + "/mallory/submission.yaml");
    auto rows = cls.grade(cls.dir.string() + "/out");
    CHECK(contains(rows.at("file:" + cls.submissions + "/mallory/submission.yaml")["message"],
                   "the file is 1073741824 bytes, over the limit of 1048576 bytes"));
}

TEST_CASE("hostile: a folder, a FIFO or a link where a file is expected (10 s, 512 MB)",
          "[hostile][yaml]") {
    HostileClass cls;
    // A template that is a folder, and one that is a FIFO (which would block a reader).
    std::string templates = cls.dir.string() + "/templates";
    fs::create_directories(templates + "/polynomial.yaml");
    REQUIRE(mkfifo((templates + "/gradient.yaml").c_str(), 0644) == 0);
    write(cls.dir.string() + "/specs/spec.yaml",
          "title: T\nseed: 1\nproblems:\n  - template: polynomial\n  - template: gradient\n");
    auto r = validate(cls.dir.string() + "/specs/spec.yaml");
    CHECK(r.status == 1);
    CHECK(contains(r.out + r.err, "is a folder, not a file"));
    CHECK(contains(r.out + r.err, "is not a regular file"));
    r = validate(templates + "/gradient.yaml");
    CHECK(r.status == 1);
    CHECK(contains(r.out + r.err, "is not a regular file"));

    // Submissions: a link to another student's file is not followed but reported (a row of
    // its own, and exit status 1); a folder named like a submission is searched, not read; a
    // FIFO named on the command line is refused, one found in a folder is not opened.
    fs::create_symlink(cls.submissions + "/alice/submission.yaml",
                       cls.submissions + "/mallory.yaml");
    fs::create_directories(cls.submissions + "/folder.yaml");
    std::string fifo = cls.dir.string() + "/pipe.yaml";
    REQUIRE(mkfifo(fifo.c_str(), 0644) == 0);
    REQUIRE(mkfifo((cls.submissions + "/bob/pipe.yaml").c_str(), 0644) == 0);
    auto rows = cls.grade(cls.dir.string() + "/out", {fifo, "--allow-conflicts"});
    CHECK(rows.size() == 5); // alice, bob, the FIFOs' rows and the link's
    CHECK(contains(rows.at("file:" + fifo)["message"], "cannot read"));
    const auto& link = rows.at("file:" + cls.submissions + "/mallory.yaml");
    CHECK(link["status"] == "skipped");
    CHECK(link["student"] == "mallory");
    CHECK(contains(link["message"], "a symbolic link: not followed"));
    const auto& pipe = rows.at("file:" + cls.submissions + "/bob/pipe.yaml");
    CHECK(pipe["status"] == "skipped");
    CHECK(pipe["student"] == "bob");
    CHECK(contains(pipe["message"], "a FIFO (named pipe), not a regular file: not read"));
    r = run_binary(
        {"grade", cls.spec, cls.submissions, "--out", cls.dir.string() + "/out2", "--quiet"},
        bounded(30, 2048));
    CHECK(r.status == 1);
    CHECK(contains(r.err, "skipped: " + cls.submissions + "/mallory.yaml: a symbolic link"));
}

// ---------------------------------------------------------------------------------------------
// 5. Grading. Bound: 60 s of CPU for the grader (its workers have their own limits).

TEST_CASE("hostile: student ids with ../, slashes, newlines, commas and =cmd| formulas "
          "(60 s, 2 GB)",
          "[hostile][grading]") {
    HostileClass cls;
    // Files named 1.yaml, ...: the file's student: is the identity (the names are not ids);
    // refused ids make the exit status 1 unless --allow-conflicts.
    write(cls.submissions + "/1.yaml",
          "student: ../../../tmp/escape\nanswers: {polynomial-1: \"1\"}\n");
    write(cls.submissions + "/2.yaml", "student: 'a/b\\c'\nanswers: {polynomial-1: \"1\"}\n");
    write(cls.submissions + "/3.yaml", "student: \"new\\nline\"\nanswers: {polynomial-1: \"1\"}\n");
    write(cls.submissions + "/4.yaml",
          "student: \"smith, john\"\nanswers: {polynomial-1: \"1\"}\n");
    write(cls.submissions + "/5.yaml",
          "student: \"=cmd|' /C calc'!A0\"\nanswers: {polynomial-1: \"1\"}\n");
    write(cls.submissions + "/6.yaml",
          "student: \"file:" + cls.submissions + "/3.yaml\"\nanswers: {polynomial-1: \"1\"}\n");
    std::string out = cls.dir.string() + "/out";
    auto rows = cls.grade(out, {"--identity", "file", "--allow-conflicts"});
    CHECK(rows.at("file:" + cls.submissions + "/3.yaml")["status"] == "invalid_id");
    // Nothing is written outside --out, and --out holds only the reports.
    std::set<std::string> files;
    for (const auto& entry : fs::recursive_directory_iterator(out))
        files.insert(entry.path().filename().string());
    CHECK(files == std::set<std::string>{"report.json", "grades.csv", "junit.xml", "summary.md",
                                         "timings.md", "journal.jsonl"});
    CHECK_FALSE(fs::exists("/tmp/escape"));
    CHECK(rows.at("../../../tmp/escape")["status"] == "graded");
    CHECK(rows.at("a/b\\c")["status"] == "graded");
    CHECK(rows.at("smith, john")["status"] == "graded");
    CHECK(rows.at("=cmd|' /C calc'!A0")["status"] == "graded");
    CHECK(contains(rows.at("file:" + cls.submissions + "/3.yaml")["message"],
                   "invisible or control character"));
    CHECK(contains(rows.at("file:" + cls.submissions + "/6.yaml")["message"],
                   "a student id may not start with 'file:'"));
    // grades.csv: one line per row, the comma quoted, the formula defused.
    std::string csv = slurp(out + "/grades.csv");
    std::size_t lines = 0;
    for (char c : csv)
        lines += c == '\n';
    CHECK(lines == rows.size() + 1);
    CHECK(contains(csv, "\"smith, john\""));
    CHECK(contains(csv, "'=cmd|' /C calc'!A0"));
    CHECK_FALSE(contains(csv, "\n=cmd"));
    CHECK(terminal_safe(slurp(out + "/junit.xml")));
    CHECK(terminal_safe(slurp(out + "/summary.md")));
}

TEST_CASE("hostile: two submissions for one student, and one for another's variant (60 s, 2 GB)",
          "[hostile][grading]") {
    HostileClass cls;
    // alice again, in a file of her folder that sorts first: with --prefer path, ignored with
    // a note (without it, both are conflict rows: grade_identity_test); alice's answers
    // handed in as dave's: graded against dave's own variant.
    write(cls.submissions + "/alice/0-again.yaml",
          "student: alice\nanswers: {polynomial-1: \"0\"}\n");
    std::string alice = slurp(cls.submissions + "/alice/submission.yaml");
    write(cls.submissions + "/dave/submission.yaml",
          "student: dave" + alice.substr(alice.find('\n')));
    auto rows = cls.grade(cls.dir.string() + "/out", {"--prefer", "path"});
    CHECK(contains(rows.at("alice")["notes"][0], "alice/0-again.yaml ignored"));
    CHECK(rows.at("dave")["status"] == "graded");
    CHECK(rows.at("dave")["score"] < 5.0);
}

namespace {

// An answer that keeps the checker busy for seconds (a product of `factors` linear factors:
// about 3.5 s for 999 in a Release build, 0.2 s for 450), past the limits these tests set.
std::string runaway_answer(int factors = 999) {
    std::string e;
    for (int i = 1; i <= factors; ++i)
        e += "(x+" + std::to_string(i) + ")";
    return e;
}

} // namespace

namespace {

// The rows of a grading run of `cls`, by key, with `extra` arguments (-j, --time-limit, ...).
std::map<std::string, nlohmann::json> grade_rows(const HostileClass& cls, const std::string& out,
                                                 std::vector<std::string> extra,
                                                 std::string* err = nullptr) {
    std::vector<std::string> args{"grade", cls.spec, cls.submissions, "--out", out, "--quiet"};
    args.insert(args.end(), extra.begin(), extra.end());
    auto r = run_binary(args, bounded(60, 2048));
    INFO(r.err);
    REQUIRE(r.status == 0);
    if (err) *err = r.err;
    std::map<std::string, nlohmann::json> rows;
    auto report = nlohmann::json::parse(slurp(out + "/report.json"));
    for (const auto& row : report["students"])
        rows[row["key"]] = row;
    return rows;
}

// A file of just under 1 MB (the default --max-file-size): 40,000 answers to problems the
// set does not have.
std::string megabyte_submission(const std::string& student) {
    std::string text = "student: " + student + "\nanswers:\n";
    for (int i = 0; text.size() < 1000000; ++i)
        text += "  unknown-" + std::to_string(i) + ": \"x + 1\"\n";
    return text;
}

} // namespace

TEST_CASE("hostile: a runaway answer gets the same verdict at -j1, -j2 and beside another "
          "student's 1 MB file: the checker's budget decides, not the machine (60 s, 2 GB)",
          "[hostile][grading]") {
    HostileClass cls;
    write(cls.submissions + "/mallory/submission.yaml",
          "student: mallory\nanswers:\n  polynomial-1: \"" + runaway_answer() +
              "\"\n  gradient-1: \"[" + runaway_answer(450) + ", " + runaway_answer(450) + ", " +
              runaway_answer(450) + "]\"\n");
    const std::string dir = cls.dir.string();
    auto one = grade_rows(cls, dir + "/j1", {"-j", "1"});
    auto two = grade_rows(cls, dir + "/j2", {"-j", "2"});
    write(cls.submissions + "/zoe/submission.yaml", megabyte_submission("zoe"));
    auto beside = grade_rows(cls, dir + "/beside", {"-j", "2"});
    const auto& mallory = one.at("mallory");
    CHECK(mallory["status"] == "graded");
    REQUIRE(mallory["problems"].size() == 2);
    for (const auto& problem : mallory["problems"])
        CHECK(problem["verdict"] == "incorrect");
    CHECK(contains(mallory["problems"][0]["message"], "differs at x = -1.75: expected "));
    CHECK(mallory["problems"][1]["message"] == "3 of 3 entries are wrong");
    // The search for the mistake in a product of 999 factors is past its budget: none named.
    CHECK(mallory["problems"][0]["diagnosis"].empty());
    // The same row, byte for byte, however it was graded.
    CHECK(two.at("mallory").dump() == mallory.dump());
    CHECK(beside.at("mallory").dump() == mallory.dump());
    CHECK(beside.at("zoe")["status"] == "graded");
    for (auto* rows : {&one, &two, &beside}) {
        CHECK(rows->at("alice")["score"] == 5.0);
        CHECK(rows->at("bob")["score"] == 5.0);
    }
}

TEST_CASE("hostile: twelve files of 1 MB of unknown problem ids are graded in 160 MB of "
          "address space, and change no one's verdict: the grader keeps what it grades, each "
          "worker starts small (60 s, 160 MB)",
          "[hostile][grading]") {
    HostileClass cls;
    write(cls.submissions + "/mallory/submission.yaml",
          "student: mallory\nanswers:\n  polynomial-1: \"" + runaway_answer() + "\"\n");
    const std::string dir = cls.dir.string();
    auto alone = grade_rows(cls, dir + "/alone", {"-j", "2"});
    for (int i = 0; i < 12; ++i) {
        std::string student = "zz" + std::to_string(i);
        write(cls.submissions + "/" + student + "/submission.yaml", megabyte_submission(student));
    }
    // Under the address-space limit the whole run (grader and workers) is held to: reading
    // these files once took the grader to 150 MB and more, and workers forked from it
    // inherited that.
    auto r = run_binary(
        {"grade", cls.spec, cls.submissions, "--out", dir + "/out", "-j", "2", "--quiet"},
        bounded(60, 160));
    INFO(r.err);
    REQUIRE(r.status == 0);
    std::map<std::string, nlohmann::json> rows;
    auto report = nlohmann::json::parse(slurp(dir + "/out/report.json"));
    for (const auto& row : report["students"])
        rows[row["key"]] = row;
    REQUIRE(rows.size() == 15);
    CHECK(rows.at("mallory").dump() == alone.at("mallory").dump());
    CHECK(rows.at("alice")["score"] == 5.0);
    const auto& notes = rows.at("zz0")["notes"];
    // The first 20 unknown ids named, the others counted.
    REQUIRE(notes.size() == 21);
    CHECK(notes[0] == "unknown problem id 'unknown-0' ignored");
    CHECK(contains(notes[20], "more unknown problem ids ignored"));
}

TEST_CASE("hostile: a worker whose spec is not the one the grader read (a template edited "
          "while grading) refuses to grade, saying why (10 s, 1 GB)",
          "[hostile][grading]") {
    HostileClass cls;
    // The hidden command grade starts its workers with: the spec, its hash, the limits.
    auto r = run_binary({"__grade-worker", cls.spec, "0123456789abcdef", "2", "512"},
                        bounded(10, 1024));
    CHECK(r.status == 0);
    CHECK(contains(r.out, "the spec " + cls.spec +
                              " or one of its templates changed while grading: grade again"));
    // One message, its type "refused": a 4-byte length, then 'x' and the reason.
    REQUIRE(r.out.size() > 5);
    CHECK(r.out[4] == 'x');
}

TEST_CASE("hostile: an answer stopped by the time limit (the safety net) is an error, not a "
          "verdict, and --resume --regrade-errors grades it again (60 s, 2 GB)",
          "[hostile][grading]") {
    HostileClass cls;
    write(cls.submissions + "/mallory/submission.yaml",
          "student: mallory\nanswers:\n  polynomial-1: \"" + runaway_answer() + "\"\n");
    const std::string dir = cls.dir.string();
    auto fresh = grade_rows(cls, dir + "/fresh", {"-j", "1"});
    // About 0.1 s of CPU against a limit of 0.01 s.
    std::string err;
    auto stopped = grade_rows(cls, dir + "/out", {"-j", "1", "--time-limit", "0.01"}, &err);
    const auto& problem = stopped.at("mallory")["problems"][0];
    CHECK(problem["verdict"] == "error");
    CHECK(problem["message"] == "time limit exceeded: more than 0.01 s of CPU time");
    CHECK(contains(err, "chainrule grade: 1 row has an answer whose check did not finish (a time "
                        "or memory limit of the machine, a crash): not a verdict. Grade them "
                        "again with --resume --regrade-errors"));
    // --resume alone keeps what the journal holds.
    auto kept = grade_rows(cls, dir + "/out", {"-j", "1", "--time-limit", "0.01", "--resume"});
    CHECK(kept.at("mallory")["problems"][0]["verdict"] == "error");
    // Graded again, with the default limit: the row a fresh run gives, and nothing else
    // graded again.
    std::string journal_before = slurp(dir + "/out/journal.jsonl");
    auto regraded =
        grade_rows(cls, dir + "/out", {"-j", "1", "--resume", "--regrade-errors"}, &err);
    CHECK(regraded.at("mallory").dump() == fresh.at("mallory").dump());
    CHECK(regraded.at("alice").dump() == fresh.at("alice").dump());
    CHECK_FALSE(contains(err, "did not finish"));
    std::string journal = slurp(dir + "/out/journal.jsonl");
    CHECK(journal.compare(0, journal_before.size(), journal_before) == 0);
    CHECK(std::count(journal.begin(), journal.end(), '\n') ==
          std::count(journal_before.begin(), journal_before.end(), '\n') + 1);
    // And the journal resumes to the regraded row.
    auto again = grade_rows(cls, dir + "/out", {"-j", "1", "--resume"});
    CHECK(again.at("mallory").dump() == fresh.at("mallory").dump());
    // --regrade-errors alone is refused: it reads the journal of a run to resume.
    auto alone = run_binary({"grade", cls.spec, cls.submissions, "--out", dir + "/other",
                             "--regrade-errors", "--quiet"},
                            bounded(60, 2048));
    CHECK(alone.status == 2);
    CHECK(contains(alone.err, "--regrade-errors goes with --resume"));
}

TEST_CASE("hostile: a worker stopped by a time limit hands on the submissions given to it "
          "ahead (60 s, 2 GB)",
          "[hostile][grading]") {
    HostileClass cls;
    // Enough students that one worker is given submissions ahead of the one it is on; aaron
    // comes first in key order, so alice and bob are waiting for his worker when it is stopped.
    Spec loaded = load_spec(cls.spec);
    std::vector<std::string> students;
    for (int i = 0; i < 24; ++i) {
        std::string student = "s" + std::to_string(10 + i);
        auto problems = generate_problem_set(loaded, student).problems;
        write(cls.submissions + "/" + student + ".yaml",
              "student: " + student + "\nanswers:\n  polynomial-1: \"" +
                  print(problems[0].expected) + "\"\n  gradient-1: \"" +
                  print(problems[1].expected) + "\"\n");
        students.push_back(student);
    }
    write(cls.submissions + "/aaron.yaml",
          "student: aaron\nanswers:\n  polynomial-1: \"" + runaway_answer() + "\"\n");
    std::string out = cls.dir.string() + "/out";
    auto r = run_binary({"grade", cls.spec, cls.submissions, "--out", out, "-j", "1",
                         "--time-limit", "0.02", "--quiet"},
                        bounded(60, 2048));
    INFO(r.err);
    REQUIRE(r.status == 0);
    std::map<std::string, nlohmann::json> rows;
    auto report = nlohmann::json::parse(slurp(out + "/report.json"));
    for (const auto& row : report["students"])
        rows[row["key"]] = row;
    REQUIRE(rows.size() == 27);
    CHECK(rows.at("aaron")["problems"][0]["verdict"] == "error");
    CHECK(contains(rows.at("aaron")["problems"][0]["message"], "time limit exceeded"));
    CHECK(rows.at("aaron")["problems"][1]["verdict"] == "missing");
    for (const char* student : {"alice", "bob"}) {
        INFO(student);
        CHECK(rows.at(student)["status"] == "graded");
        CHECK(rows.at(student)["score"] == 5.0);
    }
    for (const auto& student : students) {
        INFO(student);
        CHECK(rows.at(student)["score"] == 5.0);
    }
    // Each row once in the journal: none was lost or graded twice.
    std::string journal = slurp(out + "/journal.jsonl");
    CHECK(std::count(journal.begin(), journal.end(), '\n') == 28);
}

TEST_CASE("hostile: kill -9 of a worker (as the OOM killer does) marks the answer it was on as "
          "an error, nothing else, and --resume --regrade-errors grades it (60 s, 2 GB)",
          "[hostile][grading]") {
    HostileClass cls;
    Spec loaded = load_spec(cls.spec);
    auto problems = generate_problem_set(loaded, "zed").problems;
    write(cls.submissions + "/zed/submission.yaml",
          "student: zed\nanswers:\n  polynomial-1: \"" + print(problems[0].expected) + "\"\n");
    std::string out = cls.dir.string() + "/out";
    std::vector<std::string> args{
        test::binary_path(), "grade", cls.spec, cls.submissions, "--out", out, "-j", "1",
        "--time-limit",      "30",    "--quiet"};
    std::vector<char*> argv;
    for (auto& a : args)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    pid_t grader = fork();
    REQUIRE(grader >= 0);
    if (grader == 0) {
        int null = open("/dev/null", O_WRONLY);
        dup2(null, STDERR_FILENO);
        // The test hook: the worker stops (without using CPU time) before zed's first answer.
        setenv("CHAINRULE_TEST_STALL_STUDENT", "zed", 1);
        execv(argv[0], argv.data());
        _exit(127);
    }
    // alice and bob come first (rows are graded in key order); then the worker, stopped on
    // zed's answer, is the grader's only child: kill it.
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60 * slow);
    pid_t killed = -1;
    while (std::chrono::steady_clock::now() < deadline && killed < 0) {
        std::string journal = slurp(out + "/journal.jsonl");
        if (std::count(journal.begin(), journal.end(), '\n') >= 3) {
            std::string children = slurp("/proc/" + std::to_string(grader) + "/task/" +
                                         std::to_string(grader) + "/children");
            if (!children.empty()) {
                killed = static_cast<pid_t>(std::stol(children));
                std::this_thread::sleep_for(std::chrono::milliseconds(300));
                kill(killed, SIGKILL);
            }
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    int status = 0;
    waitpid(grader, &status, 0);
    REQUIRE(killed > 0);
    REQUIRE(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
    std::map<std::string, nlohmann::json> rows;
    auto report = nlohmann::json::parse(slurp(out + "/report.json"));
    for (const auto& row : report["students"])
        rows[row["key"]] = row;
    CHECK(rows.at("alice")["score"] == 5.0);
    CHECK(rows.at("bob")["score"] == 5.0);
    CHECK(rows.at("zed")["problems"][0]["verdict"] == "error");
    CHECK(contains(rows.at("zed")["problems"][0]["message"], "signal 9"));
    CHECK(rows.at("zed")["problems"][1]["verdict"] == "missing");
    CHECK(rows.at("zed")["score"] == 0.0);
    // Not for good: graded again, zed's right answer has its points.
    std::string err;
    auto regraded = grade_rows(
        cls, out, {"-j", "1", "--time-limit", "30", "--resume", "--regrade-errors"}, &err);
    CHECK(regraded.at("zed")["problems"][0]["verdict"] == "correct");
    CHECK(regraded.at("zed")["score"] == 2.0);
    CHECK(regraded.at("alice").dump() == rows.at("alice").dump());
    CHECK(regraded.size() == 3);
}

TEST_CASE("hostile: a full disk for --out gives a clear error and a journal of whole rows "
          "(60 s, 2 GB)",
          "[hostile][grading]") {
    if (geteuid() != 0) {
        chainrule::test::skip("not root: cannot mount a small tmpfs for the full disk");
        return;
    }
    HostileClass cls;
    // Enough students that the reports do not fit in 64 KB (but their journal rows start to).
    for (int i = 0; i < 40; ++i)
        write(cls.submissions + "/s" + std::to_string(i) + ".yaml",
              "student: s" + std::to_string(i) + "\nanswers: {polynomial-1: \"" +
                  std::string(2000, 'x') + "\"}\n");
    std::string out = cls.dir.string() + "/small";
    fs::create_directories(out);
    if (mount("tmpfs", out.c_str(), "tmpfs", 0, "size=64k") != 0) {
        chainrule::test::skip("cannot mount a tmpfs here (no CAP_SYS_ADMIN in this container?)");
        return;
    }
    auto r = run_binary({"grade", cls.spec, cls.submissions, "--out", out, "-j", "2", "--quiet"},
                        bounded(60, 2048));
    std::string journal = slurp(out + "/journal.jsonl");
    bool report_exists = fs::exists(out + "/report.json");
    std::vector<std::string> leftovers;
    for (const auto& entry : fs::directory_iterator(out))
        if (entry.path().extension() == ".tmp") leftovers.push_back(entry.path().string());
    umount(out.c_str());
    CHECK(r.status == 2);
    CHECK(contains(r.out + r.err, "No space left on device"));
    CHECK_FALSE(report_exists);
    CHECK(leftovers.empty());
    // The journal holds whole lines only: each parses, and --resume could go on from it.
    REQUIRE_FALSE(journal.empty());
    CHECK(journal.back() == '\n');
    std::istringstream lines(journal);
    std::string line;
    while (std::getline(lines, line))
        CHECK_NOTHROW(nlohmann::json::parse(line));
}
