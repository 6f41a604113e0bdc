// A student's own push in GitHub Classroom: `check --set SET --submission FILE` writes the
// result that Classroom's autograding reporter reads (--classroom-result: base64 of the runner
// result JSON) and the feedback as Markdown for the job summary (--markdown). The result is
// read back here as the reporter reads it (base64, then JSON; the points are the sum of the
// tests' scores out of max_score) and compared with the row `--json` gives.
#include "expr/printer.hpp"
#include "generator/spec.hpp"
#include "grading/classroom.hpp"
#include "grading/homework.hpp"
#include "run_binary.hpp"
#include "temp_folder.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <fstream>
#include <stdexcept>

using namespace chainrule;
using chainrule::test::run_binary;
using chainrule::test::slurp;

namespace {

// base64 read back independently of the encoder under test (RFC 4648, padded).
std::string base64_decode(const std::string& text) {
    static const std::string alphabet =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    if (text.size() % 4 != 0) throw std::runtime_error("base64 length not a multiple of 4");
    std::string out;
    for (std::size_t i = 0; i < text.size(); i += 4) {
        unsigned v = 0;
        int padding = 0;
        for (std::size_t k = 0; k < 4; ++k) {
            char c = text[i + k];
            std::size_t at = alphabet.find(c);
            if (c == '=' && i + 4 == text.size() && k >= 2) {
                ++padding;
                at = 0;
            } else if (at == std::string::npos || padding > 0) {
                throw std::runtime_error("not base64");
            }
            v = v << 6 | static_cast<unsigned>(at);
        }
        out += static_cast<char>(v >> 16 & 255);
        if (padding < 2) out += static_cast<char>(v >> 8 & 255);
        if (padding < 1) out += static_cast<char>(v & 255);
    }
    return out;
}

struct ClassroomFixture {
    chainrule::test::TempFolder folder{"chainrule-classroom-check"};
    std::string dir = folder.string();
    std::string spec = dir + "/spec.yaml";
    std::string submission = dir + "/submission.yaml";

    ClassroomFixture() {
        std::ofstream(spec) << "title: Homework 1\nseed: 7\ntemplate_dir: " CHAINRULE_SOURCE_DIR
                               "/templates\nproblems:\n"
                               "  - {template: polynomial, points: 2}\n"
                               "  - {template: gradient, points: 3}\n"
                               "  - {template: chain-power, points: 2}\n"
                               "  - {template: max-zero, points: 1}\n";
    }

    ProblemSet sheet(const std::string& student) const {
        return generate_problem_set(load_spec(spec), student);
    }
};

// A YAML double-quoted scalar of plain answer text (no quotes or backslashes in it).
std::string quoted(const std::string& text) {
    REQUIRE(text.find_first_of("\"\\") == std::string::npos);
    return "\"" + text + "\"";
}

} // namespace

TEST_CASE("classroom: base64 as RFC 4648 writes it", "[classroom][unit]") {
    CHECK(base64_encode("") == "");
    CHECK(base64_encode("f") == "Zg==");
    CHECK(base64_encode("fo") == "Zm8=");
    CHECK(base64_encode("foo") == "Zm9v");
    CHECK(base64_encode("foob") == "Zm9vYg==");
    CHECK(base64_encode("fooba") == "Zm9vYmE=");
    CHECK(base64_encode("foobar") == "Zm9vYmFy");
    std::string bytes;
    for (int c = 0; c < 256; ++c)
        bytes += static_cast<char>(c);
    CHECK(base64_decode(base64_encode(bytes)) == bytes);
    CHECK(base64_encode("\xff\xfe\xfd")
              .find_first_not_of(
                  "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=") ==
          std::string::npos);
    CHECK(base64_encode("\xfb\xff") == "+/8=");
}

TEST_CASE("classroom: a student's push gives the points the reporter reads", "[classroom][e2e]") {
    ClassroomFixture f;
    ProblemSet set = f.sheet("ana");
    const Problem& polynomial = find_problem(set, "polynomial-1");
    const Problem& gradient = find_problem(set, "gradient-1");
    REQUIRE(gradient.expected.entries.size() == 3);
    // Right; two entries of three right (2 of the 3 points); blank; wrong.
    std::ofstream(f.submission) << "student: ana\nanswers:\n  polynomial-1: "
                                << quoted(print(polynomial.expected)) << "\n  gradient-1: "
                                << quoted("[" + print(gradient.expected.entries[0]) + ", " +
                                          print(gradient.expected.entries[1]) + ", " +
                                          print(gradient.expected.entries[2]) + " + 1]")
                                << "\n  chain-power-1:\n  max-zero-1: \"x^2\"\n";
    std::string result_file = f.dir + "/result.txt";
    auto run = run_binary({"check", "--set", f.spec, "--submission", f.submission, "--student",
                           "ana", "--classroom-result", result_file, "--markdown"});
    INFO(run.err);
    CHECK(run.status == 1);
    CHECK(run.err.empty());

    // What the reporter does: base64 to JSON.
    std::string encoded = slurp(result_file);
    REQUIRE(!encoded.empty());
    REQUIRE(encoded.back() == '\n');
    encoded.pop_back();
    CHECK(encoded.find_first_of("\n\r ") == std::string::npos);
    std::string decoded = base64_decode(encoded);
    auto result = nlohmann::ordered_json::parse(decoded);
    CHECK(decoded == classroom_result_json(set, check_submission_file(ProblemSource::load(f.spec),
                                                                      f.submission, "ana")));
    std::vector<std::string> keys;
    for (const auto& [key, value] : result.items())
        keys.push_back(key);
    CHECK(keys == std::vector<std::string>{"version", "status", "max_score", "tests"});
    CHECK(result["version"] == 1);
    CHECK(result["status"] == "fail");
    CHECK(result["max_score"] == 8.0);
    REQUIRE(result["tests"].size() == 4);
    const auto& tests = result["tests"];
    CHECK(tests[0]["name"] == "1. polynomial-1: " + polynomial.title);
    CHECK(tests[1]["name"] == "2. gradient-1: " + gradient.title);
    CHECK(tests[0]["status"] == "pass");
    CHECK(tests[1]["status"] == "fail");
    CHECK(tests[2]["status"] == "fail");
    CHECK(tests[3]["status"] == "fail");
    CHECK(tests[0]["score"] == 2.0);
    CHECK(tests[1]["score"] == 2.0);
    CHECK(tests[1]["max_score"] == 3.0);
    CHECK(tests[2]["score"] == 0.0);
    CHECK(tests[3]["score"] == 0.0);
    for (const auto& test : tests) {
        CHECK(test["line_no"] == 0); // the reporter prints " - line N" unless it is 0
        CHECK(test["filename"] == f.submission);
        CHECK(test["test_code"] == "");
    }
    CHECK(tests[2]["message"].get<std::string>().rfind("no answer", 0) == 0);
    CHECK(tests[1]["message"].get<std::string>().find("\nscore: 2 / 3\n") != std::string::npos);

    // The points Classroom records: the reporter adds up the tests' scores, out of max_score;
    // they are the row's score, as `grade` gives it.
    double points = 0;
    for (const auto& test : tests)
        points += test["score"].get<double>();
    auto json = run_binary({"check", "--set", f.spec, "--submission", f.submission, "--json"});
    auto row = nlohmann::ordered_json::parse(json.out);
    CHECK(points == 4.0);
    CHECK(row["score"] == points);
    CHECK(row["max_score"] == result["max_score"]);

    // The job summary: the total, a table line per problem, the whole feedback as `check`
    // prints it.
    auto text = run_binary({"check", "--set", f.spec, "--submission", f.submission});
    CHECK(run.out.rfind("### chainrule: 4 / 8 (50.0%)\n\nana · Homework 1: 1 of 4 problems right "
                        "and in the form asked.\n\n| | problem | points | feedback |\n"
                        "|---|---|---:|---|\n| ✓ | 1. polynomial-1: " +
                            polynomial.title + " | 2 / 2 | correct |\n| ✗ | 2. gradient-1: ",
                        0) == 0);
    CHECK(run.out.find("\n| ✗ | 3. chain-power-1: " + find_problem(set, "chain-power-1").title +
                       " | 0 / 2 | no answer to this problem |\n") != std::string::npos);
    const std::string details = "\n<details><summary>The feedback on every problem</summary>\n\n"
                                "```text\n" +
                                text.out + "```\n\n</details>\n";
    REQUIRE(run.out.size() > details.size());
    CHECK(run.out.substr(run.out.size() - details.size()) == details);
}

TEST_CASE("classroom: every answer right passes, and usage errors", "[classroom][e2e]") {
    ClassroomFixture f;
    ProblemSet set = f.sheet("ben");
    std::ofstream out(f.submission);
    out << "student: ben\nanswers:\n";
    for (const auto& p : set.problems)
        out << "  " << p.id << ": " << quoted(print(p.expected)) << "\n";
    out.close();
    std::string result_file = f.dir + "/result.txt";
    auto run = run_binary({"check", "--set", f.spec, "--submission", f.submission,
                           "--classroom-result", result_file});
    CHECK(run.status == 0);
    CHECK(run.out.find("total: 8 / 8\n") != std::string::npos);
    std::string encoded = slurp(result_file);
    REQUIRE(!encoded.empty());
    encoded.pop_back();
    auto result = nlohmann::ordered_json::parse(base64_decode(encoded));
    CHECK(result["status"] == "pass");
    for (const auto& test : result["tests"])
        CHECK(test["status"] == "pass");

    // The submission must be the student's the repository names.
    auto other = run_binary({"check", "--set", f.spec, "--submission", f.submission, "--student",
                             "ana", "--classroom-result", f.dir + "/other.txt"});
    CHECK(other.status == 2);
    CHECK(other.err == "chainrule: error: the submission " + f.submission +
                           " is for the student 'ben', not 'ana'\n");
    CHECK_FALSE(std::filesystem::exists(f.dir + "/other.txt"));

    auto both = run_binary(
        {"check", "--set", f.spec, "--submission", f.submission, "--json", "--markdown"});
    CHECK(both.status == 2);
    CHECK(both.err == "chainrule: error: --json and --markdown are two formats: give one\n");
    auto one_problem = run_binary({"check", "--set", f.spec, "--student", "ben", "--problem",
                                   "polynomial-1", "--answer", "1", "--markdown"});
    CHECK(one_problem.status == 2);
    CHECK(one_problem.err ==
          "chainrule: error: --classroom-result and --markdown go with --submission\n");
    auto no_set = run_binary(
        {"check", "-f", "x^2", "--wrt", "x", "-a", "2x", "--classroom-result", result_file});
    CHECK(no_set.status == 2);
    CHECK(no_set.err == "chainrule: error: --classroom-result and --markdown go with --set "
                        "SPEC.yaml --submission FILE\n");
    // An answer holding a fence of backticks cannot close the summary's code block early.
    std::ofstream(f.submission) << "student: ben\nanswers:\n  polynomial-1: \"a | ```b```\"\n";
    auto fenced =
        run_binary({"check", "--set", f.spec, "--submission", f.submission, "--markdown"});
    CHECK(fenced.status == 1);
    CHECK(fenced.out.find("\n| ✗ | 1. polynomial-1: ") != std::string::npos);
    CHECK(fenced.out.find("\n````text\nStudent: ben · Homework 1\n") != std::string::npos);
    const std::string end = "\ntotal: 0 / 8\n````\n\n</details>\n";
    REQUIRE(fenced.out.size() > end.size());
    CHECK(fenced.out.substr(fenced.out.size() - end.size()) == end);
    CHECK(fenced.out.find("\n```\n") == std::string::npos);

    auto unwritable = run_binary({"check", "--set", f.spec, "--submission", f.submission,
                                  "--classroom-result", f.dir + "/missing/result.txt"});
    CHECK(unwritable.status == 2);
    CHECK(unwritable.err.find("cannot write " + f.dir + "/missing/result.txt") !=
          std::string::npos);
}
