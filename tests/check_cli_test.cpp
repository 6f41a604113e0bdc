// End-to-end tests of `chainrule check`, `--version` and `--help`: the built binary is run
// with the arguments a user types, and its exit status, standard output (text and JSON) and
// error messages are checked. Over 600 lines, one feature: the check command, as CLI11 keeps
// one test file per feature.
#include "run_binary.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

using chainrule::test::lines_of;
using chainrule::test::run_binary;
using chainrule::test::run_check;
using chainrule::test::RunOptions;
using chainrule::test::RunResult;
using nlohmann::json;

namespace {

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

json parse_json(const RunResult& r) {
    INFO("stdout: " << r.out << "\nstderr: " << r.err);
    json j;
    REQUIRE_NOTHROW(j = json::parse(r.out));
    return j;
}

const std::vector<std::string> softmax_lets = {
    "--let", "S1=exp(z1)/(exp(z1)+exp(z2)+exp(z3))",
    "--let", "S2=exp(z2)/(exp(z1)+exp(z2)+exp(z3))",
    "--let", "S3=exp(z3)/(exp(z1)+exp(z2)+exp(z3))",
};

std::vector<std::string> with(std::vector<std::string> args, const std::vector<std::string>& more) {
    args.insert(args.end(), more.begin(), more.end());
    return args;
}

} // namespace

TEST_CASE("cli: exit status 0 correct, 1 incorrect, 2 invalid input or usage", "[cli]") {
    struct Case {
        std::vector<std::string> args;
        int status;
    };
    const std::vector<Case> table = {
        {{"check", "--function", "3x^2 + 5x", "--wrt", "x", "--answer", "6x + 5"}, 0},
        {{"check", "-f", "3x^2 + 5x", "--wrt", "x", "-a", "5 + 6x"}, 0},
        {{"check", "--expected", "6x+5", "--answer", "5+6x"}, 0},
        {{"check", "-e", "6x+5", "-a", "5+6x"}, 0},
        {{"check", "--function", "3x^2 + 5x", "--wrt", "x", "--answer", "6x"}, 1},
        {{"check", "--expected", "6x+5", "--answer", "6x+4"}, 1},
        {{"check", "--function", "x^2 y", "--wrt", "x", "--answer", "2x z"}, 2},
        {{"check", "--function", "3x^2 + 5x", "--wrt", "x", "--answer", "6x + )"}, 2},
        {{"check", "--function", "3x^2 + 5x", "--wrt", "x", "--answer", ""}, 2},
        {{"check", "--function", "sine(x)", "--wrt", "x", "--answer", "1"}, 2},
        {{"check", "--function", "x^2", "--answer", "2x"}, 2},
        {{"check", "--function", "x^2", "--wrt", "x"}, 2},
        {{"check", "--function", "x^2", "--expected", "x", "--wrt", "x", "--answer", "1"}, 2},
        {{"check", "--bogus", "--expected", "x", "--answer", "x"}, 2},
        {{"check", "--expected", "x", "--answer", "x", "extra"}, 2},
        {{}, 2},
    };
    for (const auto& c : table) {
        std::string command;
        for (const auto& a : c.args)
            command += " '" + a + "'";
        INFO("chainrule" << command);
        RunResult r = run_binary(c.args);
        INFO("stdout: " << r.out << "\nstderr: " << r.err);
        CHECK(r.status == c.status);
        if (c.status == 2 && r.out.empty()) CHECK_FALSE(r.err.empty());
    }
}

TEST_CASE("cli: text output for a person", "[cli]") {
    RunResult right = run_check({"--function", "3x^2 + 5x", "--wrt", "x", "--answer", "6x + 5"});
    CHECK(right.status == 0);
    CHECK(right.out == "✓ correct (proved symbolically)\n"
                       "  expected:    6x + 5\n"
                       "  your answer: 6x + 5\n");

    RunResult wrong = run_check({"--function", "3x^2 + 5x", "--wrt", "x", "--answer", "6x"});
    CHECK(wrong.status == 1);
    // (Lines that explain the mistake may follow.)
    CHECK(wrong.out.rfind("✗ incorrect\n"
                          "  expected:    6x + 5\n"
                          "  your answer: 6x\n"
                          "  differs at x = -1.75: expected -5.5, the answer gives -10.5\n",
                          0) == 0);

    RunResult gradient = run_check({"--function", "3x^3z - y^2 + 5z + 2yz", "--wrt", "x,y,z",
                                    "--answer", "[9x^2 z, -2y + 2z, 3x^3 + 5]"});
    CHECK(gradient.status == 1);
    CHECK(gradient.out.rfind(
              "✗ incorrect\n"
              "  expected:    [9x²z, 2z − 2y, 3x³ + 2y + 5]\n"
              "  your answer: [9x²z, 2z − 2y, 3x³ + 5]\n"
              "  1 of 3 entries are wrong:\n"
              "    ✓ ∂/∂x: 9x²z\n"
              "    ✓ ∂/∂y: 2z − 2y\n"
              "    ✗ ∂/∂z: differs at x = -1.75, y = -0.25, z = 2.25: expected -11.5781, the "
              "answer gives -11.0781\n",
              0) == 0);

    RunResult kink = run_check({"--function", "max(x, 0)", "--wrt", "x", "--answer", "1(x >= 0)"});
    CHECK(kink.status == 0);
    // (The expected line shows the convention of max's derivative rule, (x ≥ 0) or (x > 0).)
    CHECK(kink.out.rfind("✓ correct (proved symbolically)\n  expected:    (x ", 0) == 0);
    CHECK(contains(kink.out, "\n  your answer: (x ≥ 0)\n"
                             "  note: equal almost everywhere: on the kinks and boundaries (x = 0) "
                             "any convention is accepted\n"));

    RunResult invalid = run_check({"--function", "3x^2 + 5x", "--wrt", "x", "--answer", "6x + )"});
    CHECK(invalid.status == 2);
    CHECK(invalid.out == "! invalid\nunexpected ')' at column 6\n  6x + )\n       ^\n");
}

TEST_CASE("cli: decimals given in the question are shown as given", "[cli]") {
    // 0.03 on the command line: the expected answer and the mistake say 0.03 and 3·0.03 =
    // 0.09, not 3/100 and 9/100.
    RunResult slope = run_check({"-f", "leaky_relu(3*z, 0.03)", "--wrt", "z", "-a", "3"});
    CHECK(slope.status == 1);
    CHECK(slope.out == "✗ incorrect\n"
                       "  expected:    0.09(3z ≤ 0) + 3(3z > 0)\n"
                       "  your answer: 3\n"
                       "  differs at z = -1.75: expected 0.09, the answer gives 3\n"
                       "  mistake: Leaky ReLU'(u) is 1 where u > 0 and 0.03 where u ≤ 0 (u = 3z), "
                       "but the answer has slope 1 on both sides\n");
    RunResult right = run_check(
        {"-f", "leaky_relu(3*z, 0.03)", "--wrt", "z", "-a", "3*(z > 0) + 9/100*(z <= 0)"});
    CHECK(right.status == 0);
    CHECK(contains(right.out, "\n  expected:    0.09(3z ≤ 0) + 3(3z > 0)\n"));
    RunResult json = run_check({"-f", "leaky_relu(3*z, 0.03)", "--wrt", "z", "-a", "3", "--json"});
    CHECK(contains(json.out, "\"expected\": \"0.09*(3*z <= 0) + 3*(3*z > 0)\","));
    // Written as a fraction, it stays a fraction.
    RunResult fraction = run_check({"-f", "leaky_relu(3*z, 3/100)", "--wrt", "z", "-a", "3"});
    CHECK(contains(fraction.out, "\n  expected:    3(3z > 0) + 9(3z ≤ 0)/100\n"));
    CHECK(contains(fraction.out, "and 3/100 where u ≤ 0"));
}

TEST_CASE("cli: --json has the documented schema", "[cli]") {
    RunResult r = run_check({"--function", "3x^2 + 5x", "--wrt", "x", "--answer", "6x", "--json"});
    CHECK(r.status == 1);
    json j = parse_json(r);
    for (const char* key : {"verdict", "method", "message", "expected", "expected_unicode",
                            "answer", "counterexample", "samples", "notes", "parts"})
        CHECK(j.contains(key));
    CHECK(j["verdict"] == "incorrect");
    CHECK(j["method"] == "symbolic");
    CHECK(j["expected"] == "6*x + 5");
    CHECK(j["expected_unicode"] == "6x + 5");
    CHECK(j["answer"] == "6*x");
    CHECK(j["message"] == "differs at x = -1.75: expected -5.5, the answer gives -10.5");
    REQUIRE(j["counterexample"].is_object());
    CHECK(j["counterexample"]["point"] == json{{"x", "-1.75"}});
    CHECK(j["counterexample"]["expected"] == "-5.5");
    CHECK(j["counterexample"]["answer"] == "-10.5");
    CHECK(j["counterexample"]["domain"] == false);
    CHECK(j["notes"] == json::array());
    REQUIRE(j["parts"].size() == 1);
    for (const char* key :
         {"label", "verdict", "method", "expected", "answer", "counterexample", "message"})
        CHECK(j["parts"][0].contains(key));
    CHECK(j["parts"][0]["label"] == "");
    CHECK_FALSE(j.contains("error_column"));
    // The documented keys in the documented order (others may come in between).
    std::vector<std::size_t> at;
    for (const char* key :
         {"\"verdict\"", "\"method\"", "\"message\"", "\"expected\"", "\"expected_unicode\"",
          "\"answer\"", "\"counterexample\"", "\"samples\"", "\"notes\"", "\"parts\""})
        at.push_back(r.out.find(key));
    CHECK(std::is_sorted(at.begin(), at.end()));
    CHECK(at.back() != std::string::npos);

    RunResult right = run_check({"--expected", "6x+5", "--answer", "5+6x", "--json"});
    CHECK(right.status == 0);
    json k = parse_json(right);
    CHECK(k["verdict"] == "correct");
    CHECK(k["method"] == "symbolic");
    CHECK(k["counterexample"].is_null());
    CHECK(k["message"] == "correct");

    RunResult kink =
        run_check({"--function", "relu(z)", "--wrt", "z", "--answer", "(z >= 0)", "--json"});
    json n = parse_json(kink);
    CHECK(n["verdict"] == "correct");
    CHECK(n["notes"] == json{"equal almost everywhere: on the kinks and boundaries (z = 0) any "
                             "convention is accepted"});

    RunResult sampled = run_check({"--expected", "abs(x)", "--answer", "x", "--json"});
    json s = parse_json(sampled);
    CHECK(s["method"] == "sampling");
    CHECK(s["samples"].get<int>() >= 1);

    RunResult domain =
        run_check({"--expected", "sqrt((x-3)(x-5))", "--answer", "sqrt(x-3)*sqrt(x-5)", "--json"});
    CHECK(domain.status == 1);
    json d = parse_json(domain);
    CHECK(d["counterexample"]["domain"] == true);
    CHECK(d["counterexample"]["answer"] == "undefined");
    CHECK(d["counterexample"]["expected"] == "5.66238");

    RunResult invalid = run_check({"--expected", "x", "--answer", "sine(x)", "--json"});
    CHECK(invalid.status == 2);
    json i = parse_json(invalid);
    CHECK(i["verdict"] == "invalid");
    CHECK(i["method"] == "none");
    CHECK(i["answer"].is_null());
    CHECK(i["error_column"] == 1);
    CHECK(i["message"] == "unknown function 'sine' at column 1: did you mean sin?\n  sine(x)\n  ^");
}

TEST_CASE("cli: a leading minus, quotes, spaces and Unicode in answers", "[cli]") {
    struct Case {
        std::vector<std::string> args;
        int status;
    };
    const std::vector<Case> table = {
        {{"--function", "3x^3 - y^2 + 5x + 2", "--wrt", "y", "--answer", "-2y"}, 0},
        {{"--function", "3x^3 - y^2 + 5x + 2", "--wrt", "y", "-a", "-2y"}, 0},
        {{"--function", "3x^3 - y^2 + 5x + 2", "--wrt", "y", "--answer=-2y"}, 0},
        {{"--function", "3x^3 - y^2 + 5x + 2", "--wrt", "y", "--answer", "−2y"}, 0},
        {{"--function", "-y^2", "--wrt", "y", "--answer", "-2 y"}, 0},
        {{"-f", "-y^2", "--wrt", "y", "-a", "-2y"}, 0},
        {{"--expected", "-x", "--answer", "-x"}, 0},
        {{"--function", "5x^5 + 4x^3 - 5", "--wrt", "x", "--answer", "25x⁴ + 12x²"}, 0},
        {{"--function", "sigmoid(z)", "--wrt", "z", "--answer", "σ(z)(1 − σ(z))"}, 0},
        {{"--function", "x y", "--wrt", "x", "--answer", "\"y\""}, 2},
        {{"--function", "3x^3 - y^2 + 5x + 2", "--wrt", "y", "--answer", "-2y + 1"}, 1},
    };
    for (const auto& c : table) {
        std::string command;
        for (const auto& a : c.args)
            command += " '" + a + "'";
        INFO("chainrule check" << command);
        RunResult r = run_check(c.args);
        INFO("stdout: " << r.out << "\nstderr: " << r.err);
        CHECK(r.status == c.status);
    }
}

TEST_CASE("cli: --answer - reads the answer from standard input", "[cli]") {
    RunOptions input;
    input.input = "2x\n";
    RunResult r = run_check({"--function", "x^2", "--wrt", "x", "--answer", "-"}, input);
    CHECK(r.status == 0);

    RunOptions multiline;
    multiline.input = "[2x y,\n x^2]\n";
    RunResult m = run_check({"--function", "x^2 y", "--wrt", "x,y", "--answer", "-"}, multiline);
    CHECK(m.status == 0);

    RunOptions wrong;
    wrong.input = "-2y + 2";
    RunResult w = run_check({"--function", "-y^2", "--wrt", "y", "--answer", "-", "--json"}, wrong);
    CHECK(w.status == 1);
    CHECK(parse_json(w)["answer"] == "2 - 2*y");

    RunOptions nothing;
    RunResult e = run_check({"--function", "x^2", "--wrt", "x", "--answer", "-"}, nothing);
    CHECK(e.status == 2);
    CHECK(contains(e.out, "empty answer"));

    RunOptions huge;
    huge.input = std::string(2 << 20, 'x');
    RunResult h = run_check({"--function", "x^2", "--wrt", "x", "--answer", "-"}, huge);
    CHECK(h.status == 2);
    CHECK(contains(h.err, "standard input is too long"));
}

TEST_CASE("cli: --let names values the answer may use", "[cli]") {
    RunResult s = run_check(with({"--function", "exp(z1)/(exp(z1)+exp(z2)+exp(z3))", "--wrt", "z1",
                                  "--answer", "S1(1 - S1)"},
                                 softmax_lets));
    CHECK(s.status == 0);
    RunResult wrong = run_check(with(
        {"--function", "exp(z1)/(exp(z1)+exp(z2)+exp(z3))", "--wrt", "z2", "--answer", "S1 S2"},
        softmax_lets));
    CHECK(wrong.status == 1);
    RunResult f = run_check({"--function", "sigmoid(z)", "--wrt", "z", "--let", "f=sigmoid(z)",
                             "--answer", "f(z)(1 − f(z))"});
    CHECK(f.status == 0);
    // A named value may use the ones before it.
    RunResult chained = run_check({"--function", "sigmoid(w x + b)", "--wrt", "w", "--let",
                                   "u=w x + b", "--let", "s=sigmoid(u)", "--answer", "x s(1 - s)"});
    CHECK(chained.status == 0);
    // The text output shows the answer as typed when the named values would hide it.
    CHECK(contains(s.out, "your answer: S1(1 - S1)"));

    RunResult bad = run_check({"--function", "x^2", "--wrt", "x", "--let", "S1", "--answer", "1"});
    CHECK(bad.status == 2);
    CHECK(bad.err == "chainrule: error: in --let: expected NAME=EXPRESSION, got 'S1'\n");
    RunResult bad_expr = run_check({"--expected", "x", "--let", "S1=(", "--answer", "1"});
    CHECK(bad_expr.status == 2);
    CHECK(bad_expr.err == "chainrule: error: in --let S1: unexpected end of input at column 2: an "
                          "expression is missing\n  (\n   ^\n");
}

TEST_CASE("cli: --wrt x,y,z asks for the gradient, softmax for the Jacobian", "[cli]") {
    RunResult g = run_check({"--function", "3x^3z - y^2 + 5z + 2yz", "--wrt", "x,y,z", "--answer",
                             "[9x^2 z, -2y + 2z, 3x^3 + 5 + 2y]", "--json"});
    CHECK(g.status == 0);
    json gj = parse_json(g);
    REQUIRE(gj["parts"].size() == 3);
    CHECK(gj["parts"][0]["label"] == "∂/∂x");
    CHECK(gj["parts"][1]["label"] == "∂/∂y");
    CHECK(gj["parts"][2]["label"] == "∂/∂z");
    CHECK(gj["expected_unicode"] == "[9x²z, 2z − 2y, 3x³ + 2y + 5]");

    RunResult spaced = run_check({"--function", "3x^3z - y^2 + 5z + 2yz", "--wrt", "x, y, z",
                                  "--answer", "[9x^2 z, 2z - 2y, 3x^3 + 2y + 5]"});
    CHECK(spaced.status == 0);

    RunResult j =
        run_check(with({"--function", "softmax(z1,z2,z3)", "--wrt", "z1,z2,z3", "--answer",
                        "[[S1(1 - S1), -S1 S2, -S1 S3], [-S1 S2, S2(1 - S2), -S2 S3], "
                        "[-S1 S3, -S2 S3, S3(1 - S3)]]",
                        "--json"},
                       softmax_lets));
    CHECK(j.status == 0);
    json jj = parse_json(j);
    REQUIRE(jj["parts"].size() == 9);
    CHECK(jj["parts"][1]["label"] == "∂f1/∂z2");
    CHECK(jj["parts"][8]["label"] == "∂f3/∂z3");

    RunResult one_wrong =
        run_check(with({"--function", "softmax(z1,z2,z3)", "--wrt", "z1,z2,z3", "--answer",
                        "[[S1(1 - S1), -S1 S2, -S1 S3], [-S1 S2, S2(1 - S2), -S2 S3], "
                        "[-S1 S3, -S2 S3, S3(1 - S2)]]",
                        "--json"},
                       softmax_lets));
    CHECK(one_wrong.status == 1);
    json ow = parse_json(one_wrong);
    CHECK(ow["message"] == "1 of 9 entries are wrong");
    CHECK(ow["parts"][8]["verdict"] == "incorrect");
    CHECK(ow["parts"][0]["verdict"] == "correct");

    RunResult shape = run_check(
        {"--function", "softmax(z1,z2,z3)", "--wrt", "z1,z2,z3", "--answer", "[1, 2, 3]"});
    CHECK(shape.status == 1);
    CHECK(contains(shape.out, "expected a 3x3 matrix, but the answer is a vector of 3 entries"));
}

TEST_CASE("cli: error messages name the option and never leak internals", "[cli]") {
    struct Case {
        std::vector<std::string> args;
        std::string err;
    };
    const std::vector<Case> table = {
        {{"--function", "sine(x)", "--wrt", "x", "--answer", "1"},
         "chainrule: error: in --function: unknown function 'sine' at column 1: did you mean "
         "sin?\n  sine(x)\n  ^\n"},
        {{"--expected", "(x+1))", "--answer", "1"},
         "chainrule: error: in --expected: unexpected ')' at column 6\n  (x+1))\n       ^\n"},
        {{"--function", "x^2", "--answer", "2x"},
         "chainrule: error: --function needs --wrt: the variable(s) to differentiate against\n"},
        {{"--function", "x^2", "--expected", "x", "--wrt", "x", "--answer", "1"},
         "chainrule: error: give exactly one of --function (with --wrt) or --expected\n"},
        {{"--function", "x^2 y", "--wrt", "x,y", "--vars", "x", "--answer", "1"},
         "chainrule: error: in --function: 'y' is not one of the variables given with --vars\n"},
        {{"--function", "x^2", "--wrt", "x y", "--answer", "1"},
         "chainrule: error: in --wrt: 'x y' is not a variable name\n"},
        {{"--expected", "x", "--vars", "x,1y", "--answer", "1"},
         "chainrule: error: in --vars: '1y' is not a variable name\n"},
        {{"--function", "[[x,y],[1,2]]", "--wrt", "x", "--answer", "1"},
         "chainrule: error: cannot differentiate a 2x2 matrix: give a scalar or a vector "
         "function\n"},
        {{"--expected", "x", "--wrt", "y", "--answer", "x"},
         "chainrule: error: --wrt goes with --function: --expected is compared as it is (name "
         "its variables with --vars)\n"},
        {{"--bogus", "--expected", "x", "--answer", "x"},
         "chainrule: error: The following argument was not expected: --bogus\nRun 'chainrule "
         "--help' for usage.\n"},
    };
    for (const auto& c : table) {
        std::string command;
        for (const auto& a : c.args)
            command += " '" + a + "'";
        INFO("chainrule check" << command);
        RunResult r = run_check(c.args);
        CHECK(r.status == 2);
        CHECK(r.err == c.err);
        CHECK_FALSE(contains(r.err, "GiNaC"));
        CHECK_FALSE(contains(r.err, ".cpp"));
    }
}

TEST_CASE("cli: an unknown command is named, with the commands and a suggestion", "[cli]") {
    RunResult r = run_binary({"chek", "--expected", "x", "--answer", "x"});
    CHECK(r.status == 2);
    CHECK(r.err.rfind("chainrule: error: unknown command 'chek': did you mean check?\nThe "
                      "commands are: check generate validate grade merge",
                      0) == 0);
    r = run_binary({"zzzzzz"});
    CHECK(r.status == 2);
    CHECK(r.err.rfind("chainrule: error: unknown command 'zzzzzz'\nThe commands are:", 0) == 0);
}

TEST_CASE("cli: answers with each kind of error", "[cli]") {
    struct Case {
        std::string answer;
        std::string message;
    };
    const std::vector<Case> table = {
        {"6x + )", "unexpected ')' at column 6"},
        {"sine(x)", "unknown function 'sine' at column 1: did you mean sin?"},
        {"2х", "'х' (U+0445) at column 2 is not the Latin letter 'x' it looks like: type 'x'"},
        {"x+\xff", "invalid UTF-8 byte 0xFF at column 3"},
        {"x+\x01", "invisible or control character U+0001 at column 3"},
        {"   ", "the answer is only white space"},
        {std::string(10001, 'x'), "input too long: 10001 bytes (the limit is 10000)"},
        {std::string(201, '(') + "x" + std::string(201, ')'),
         "nesting too deep at column 201 (the limit is 200 levels)"},
        {std::string(101, '9'), "number too long at column 1: 101 digits (the limit is 100)"},
        {"10^10^10^10", "number too large at column 6: the power has about 10000000000 digits"},
    };
    for (const auto& c : table) {
        INFO("answer: " << c.message);
        RunResult r =
            run_check({"--function", "x^2", "--wrt", "x", "--answer", c.answer, "--json"});
        CHECK(r.status == 2);
        json j = parse_json(r);
        CHECK(j["verdict"] == "invalid");
        std::string message = j["message"];
        CHECK(message.substr(0, message.find('\n')) == c.message);
        // The raw control character or invalid byte is never echoed.
        CHECK_FALSE(contains(r.out, "\x01"));
        CHECK_FALSE(contains(r.out, "\xff"));
    }
    RunResult text = run_check({"--function", "x^2", "--wrt", "x", "--answer", "x+\x01"});
    CHECK(text.out ==
          "! invalid\ninvisible or control character U+0001 at column 3\n  x+?\n    ^\n");
}

TEST_CASE("cli: an empty --answer is an invalid answer, not a usage error", "[cli]") {
    RunResult r = run_check({"--function", "x^2", "--wrt", "x", "--answer", "", "--json"});
    CHECK(r.status == 2);
    INFO("stderr: " << r.err);
    json j = parse_json(r);
    CHECK(j["verdict"] == "invalid");
    CHECK(j["message"] == "empty answer\n  \n  ^");
}

TEST_CASE("cli: huge powers are answered, not expanded", "[cli]") {
    CHECK(
        run_check({"--function", "(x+1)^(10^9)", "--wrt", "x", "--answer", "10^9 (x+1)^(10^9 - 1)"})
            .status == 0);
    CHECK(run_check({"--function", "(x+1)^(10^9)", "--wrt", "x", "--answer", "10^9 (x+1)^(10^9)"})
              .status == 1);
    CHECK(run_check({"--function", "(x-a)^6000", "--wrt", "x", "--answer", "6000(x-a)^5999"})
              .status == 0);
    CHECK(run_check({"--function", "(x-a)^6000", "--wrt", "x", "--answer", "6000(x-a)^5998"})
              .status == 1);
}

TEST_CASE("cli: the same check prints the same bytes in every run", "[cli]") {
    // Each run is a new process with a new address-space layout: nothing may depend on it.
    const std::vector<std::vector<std::string>> table = {
        {"--function", "3x^3z - y^2 + 5z + 2yz", "--wrt", "x,y,z", "--answer",
         "[9x^2 z, -2y + 2z, 3x^3 + 5]", "--json"},
        {"--function", "max(x, y)", "--wrt", "x", "--answer", "(x > y)", "--json"},
        {"--expected", "max(x, y, z)", "--answer", "max(max(x, y), z)", "--json"},
        {"--expected", "relu(x - 10) + relu(y + 3)", "--answer", "relu(y + 3)", "--json"},
        {"--function", "sigmoid(w x + b)", "--wrt", "w,b", "--answer", "[s(1 - s), x s(1 - s)]",
         "--let", "s=sigmoid(w x + b)", "--json"},
    };
    for (const auto& args : table) {
        INFO(args[1] << " / " << args[args.size() - 2]);
        RunResult first = run_check(args);
        for (int run = 0; run < 5; ++run) {
            RunResult again = run_check(args);
            CHECK(again.status == first.status);
            CHECK(again.out == first.out);
        }
    }
    RunResult gradient = run_check(table[0]);
    CHECK(gradient.status == 1);
    CHECK(parse_json(gradient)["counterexample"]["point"] ==
          json{{"x", "-1.75"}, {"y", "-0.25"}, {"z", "2.25"}});
    CHECK(parse_json(run_check(table[1]))["notes"] ==
          json{"equal almost everywhere: on the kinks and boundaries (x = y) any convention is "
               "accepted"});
}

TEST_CASE("cli: colour only on a terminal without NO_COLOR", "[cli]") {
    const std::vector<std::string> args = {"--function", "3x^2", "--wrt", "x", "--answer", "6"};
    RunResult piped = run_check(args);
    CHECK(piped.status == 1);
    CHECK_FALSE(contains(piped.out, "\033"));

    RunOptions terminal;
    terminal.terminal = true;
    RunResult tty = run_check(args, terminal);
    CHECK(tty.status == 1);
    CHECK(contains(tty.out, "\033["));
    CHECK(contains(tty.out, "incorrect"));

    RunOptions no_colour;
    no_colour.terminal = true;
    no_colour.env = {"NO_COLOR=1"};
    RunResult plain = run_check(args, no_colour);
    CHECK(plain.status == 1);
    CHECK(contains(plain.out, "incorrect"));
    CHECK_FALSE(contains(plain.out, "\033"));

    RunOptions piped_no_colour;
    piped_no_colour.env = {"NO_COLOR=1"};
    RunResult both = run_check(args, piped_no_colour);
    CHECK(both.out == piped.out);

    // Errors to standard error have no escapes either.
    RunResult error = run_check({"--function", "sine(x)", "--wrt", "x", "--answer", "1"}, terminal);
    CHECK_FALSE(contains(error.err, "\033"));
}

namespace {

// What a terminal shows: the output without its colour codes, and without the carriage
// returns the pseudo-terminal puts before each line feed.
std::string as_shown(const std::string& out) {
    std::string shown;
    for (std::size_t i = 0; i < out.size(); ++i) {
        if (out[i] == '\r') continue;
        if (out[i] == '\033' && i + 1 < out.size() && out[i + 1] == '[') {
            i += 2;
            while (i < out.size() && !(out[i] >= 0x40 && out[i] <= 0x7E))
                ++i;
            continue;
        }
        shown += out[i];
    }
    return shown;
}

// The columns of a line: its code points.
std::size_t columns(const std::string& line) {
    return static_cast<std::size_t>(std::count_if(line.begin(), line.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    }));
}

std::vector<std::string> words_of(const std::string& text) {
    std::istringstream in(text);
    std::vector<std::string> words;
    for (std::string word; in >> word;)
        words.push_back(word);
    return words;
}

} // namespace

TEST_CASE("cli: check's feedback wraps at the terminal's width, never cutting a word", "[cli]") {
    // A wrong answer whose diagnosis is a long line; a derivation and a gradient too.
    const std::vector<std::vector<std::string>> table = {
        {"--function", "3x^3z - y^2 + 5z + 2y z", "--wrt", "z", "--answer", "3x^3 + 5"},
        {"--function", "3x^3z - y^2 + 5z + 2yz", "--wrt", "x,y,z", "--answer",
         "[9x^2 z, -2y + 2z, 3x^3 + 5 + 2y + 2z]"},
        {"--function", "relu(2x - 1)", "--wrt", "x", "--answer", "(2x - 1 > 0)", "--hint"},
    };
    for (const auto& args : table) {
        INFO(args[1] << " / " << args[5]);
        // In a pipe: no wrapping, whatever $COLUMNS says (scripts and files get whole lines).
        RunOptions piped_narrow;
        piped_narrow.env = {"COLUMNS=60"};
        RunResult piped = run_check(with(args, {"--no-plot-terminal"}), piped_narrow);
        CHECK(piped.status == 1);
        CHECK(piped.out == run_check(with(args, {"--no-plot-terminal"})).out);
        std::size_t longest = 0;
        for (const auto& line : lines_of(piped.out))
            longest = std::max(longest, columns(line));
        CHECK(longest > 60); // else this case would show nothing

        for (std::size_t width : {60, 120}) {
            for (bool colour : {true, false}) {
                INFO("COLUMNS=" << width << (colour ? "" : " NO_COLOR=1"));
                RunOptions terminal;
                terminal.terminal = true;
                terminal.env = {"COLUMNS=" + std::to_string(width)};
                if (!colour) terminal.env.push_back("NO_COLOR=1");
                RunResult shown = run_check(with(args, {"--no-plot-terminal"}), terminal);
                CHECK(shown.status == 1);
                CHECK(contains(shown.out, "\033") == colour);
                const std::string text = as_shown(shown.out);
                INFO(text);
                for (const auto& line : lines_of(text))
                    CHECK(columns(line) <= width);
                // The same words in the same order: none cut, none lost.
                CHECK(words_of(text) == words_of(piped.out));
                // With the plot under it, every line still fits.
                RunResult plotted = run_check(args, terminal);
                for (const auto& line : lines_of(as_shown(plotted.out)))
                    CHECK(columns(line) <= width);
            }
        }
    }
}

TEST_CASE("cli: --version, --help and check --help", "[cli]") {
    RunResult version = run_binary({"--version"});
    CHECK(version.status == 0);
    CHECK(version.out.rfind("chainrule ", 0) == 0);
    CHECK(version.out.find_first_of("0123456789") == 10);
    CHECK(version.out.back() == '\n');

    RunResult help = run_binary({"--help"});
    CHECK(help.status == 0);
    CHECK(contains(help.out, "Usage: chainrule"));
    CHECK(contains(help.out, "check"));
    CHECK(contains(help.out, "--version"));

    RunResult check_help = run_binary({"check", "--help"});
    CHECK(check_help.status == 0);
    for (const char* option :
         {"--function", "--wrt", "--expected", "--vars", "--let", "--answer", "--json", "--form",
          "--time-limit", "--memory-limit", "--set", "--plot",
          "Exit status: 0 correct, 1 incorrect (or right but not in the --form asked), 2 invalid "
          "input or usage, 3 a limit exceeded or an internal error."})
        CHECK(contains(check_help.out, option));

    RunResult nothing = run_binary({});
    CHECK(nothing.status == 2);
    CHECK(contains(nothing.err, "Run 'chainrule --help' for usage."));
}
