// The practice session: the engine driven line by line (adaptation, every command, answers
// right, wrong and unreadable, derivations, answers typed as students type them), and the
// `practice` command driven through standard input as a script would.
#include "generator/spec.hpp"
#include "run_binary.hpp"
#include "temp_folder.hpp"
#include "tutor/practice_session.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <regex>

using namespace chainrule;
using chainrule::test::run_binary;

namespace {

namespace fs = std::filesystem;

// Three topics whose answers do not depend on the variant: x³ + c, σ(z) + c, ReLU(x) + c.
struct PracticeFixture {
    chainrule::test::TempFolder folder{"chainrule-practice"};
    std::string dir = folder.string();
    std::string spec;

    PracticeFixture() {
        fs::create_directory(dir + "/templates");
        auto write_template = [&](const std::string& id, const std::string& topic, int difficulty,
                                  const std::string& function, const std::string& variable) {
            std::ofstream(dir + "/templates/" + id + ".yaml")
                << "id: " << id << "\ntopic: " << topic << "\ntitle: " << topic
                << " plus a constant\ndifficulty: " << difficulty
                << "\nparameters:\n  c: {int: [1, 30]}\nfunction: \"" << function
                << " + {c}\"\nvariables: [" << variable << "]\nask: derivative\n";
        };
        write_template("powers", "Powers", 1, "x^3", "x");
        write_template("sigmoid-plain", "Sigmoid", 2, "sigmoid(z)", "z");
        write_template("relu-plain", "ReLU", 2, "relu(x)", "x");
        spec = dir + "/spec.yaml";
        std::ofstream(spec) << "title: Practice\nseed: 1\ntemplate_dir: templates\nproblems:\n"
                               "  - {template: powers}\n  - {template: sigmoid-plain}\n"
                               "  - {template: relu-plain}\n";
    }

    PracticeSession session(std::uint64_t seed = 5, const std::string& topic = "") const {
        PracticeOptions options;
        options.seed = seed;
        return PracticeSession(practice_topics(load_spec(spec), topic), options);
    }
};

bool has(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// The topic of the problem shown in a piece of output ("Problem 3 · Sigmoid · ...").
std::string shown_topic(const std::string& text) {
    std::smatch m;
    static const std::regex problem("Problem [0-9]+ · ([^·]+) · ");
    if (!std::regex_search(text, m, problem)) return "";
    return m[1];
}

// What follows "Let f(x) = " in the last problem shown: the variant.
std::string shown_function(const std::string& text) {
    std::size_t at = text.rfind("Let f(");
    return at == std::string::npos ? "" : text.substr(at, text.find('\n', at) - at);
}

} // namespace

TEST_CASE("practice topics: course order, filters and their errors", "[practice]") {
    Spec course = load_spec(CHAINRULE_SOURCE_DIR "/problem_sets/course.yaml");
    auto all = practice_topics(course);
    std::vector<std::string> slugs;
    for (const auto& t : all)
        slugs.push_back(t.slug);
    CHECK(slugs == std::vector<std::string>{"derivatives", "partial-derivatives", "gradient",
                                            "chain-rule", "activation-function-derivatives",
                                            "neurons-and-losses", "networks"});
    for (const auto& t : all)
        for (std::size_t i = 1; i < t.templates.size(); ++i)
            CHECK(t.templates[i - 1]->difficulty <= t.templates[i]->difficulty);
    CHECK(topic_slug("The Chain Rule") == "chain-rule");
    CHECK(practice_topics(course, "The chain rule").front().slug == "chain-rule");
    CHECK(practice_topics(course, "chain").front().slug == "chain-rule");
    auto one = practice_topics(course, "softmax-entry");
    REQUIRE(one.size() == 1);
    REQUIRE(one.front().templates.size() == 1);
    CHECK(one.front().templates.front()->id == "softmax-entry");
    CHECK_THROWS_WITH(practice_topics(course, "derivatives-of-cats"),
                      Catch::Contains("the topics are derivatives, partial-derivatives"));
    CHECK(practice_topics(course, "derivatives").front().name == "Derivatives");
    CHECK_THROWS_WITH(practice_topics(course, "ive"), Catch::Contains("could be any of"));
    for (const auto& t : practice_topics(course, "", 3))
        for (const auto& tp : t.templates)
            CHECK(tp->difficulty == 3);
    CHECK_THROWS_WITH(practice_topics(course, "gradient", 1),
                      Catch::Contains("no problems of difficulty 1"));
}

TEST_CASE("practice: two right in a row master a topic, a wrong one comes back", "[practice]") {
    PracticeFixture f;
    PracticeSession s = f.session();
    std::string out = s.start();
    CHECK(has(out, "chainrule practice · seed 5 · 3 topics: powers, sigmoid, relu\n"));
    CHECK(shown_topic(out) == "Powers");
    CHECK(s.prompt() == "> ");

    out = s.handle_line("3x²"); // Unicode superscript, implicit multiplication
    CHECK(has(out, "✓ correct  (1 / 1)"));
    CHECK(shown_topic(out) == "Powers");
    out = s.handle_line("3·x^2");
    CHECK(has(out, "Topic mastered: Powers (two right in a row). Next: Sigmoid."));
    CHECK(shown_topic(out) == "Sigmoid");

    // Wrong: the verdict, the counterexample, the named mistake; the problem stays.
    out = s.handle_line("σ(z)");
    CHECK(has(out, "✗ incorrect  (0 / 1)"));
    CHECK(has(out, "differs at z = "));
    CHECK(has(out, "mistake: "));
    CHECK(has(out, "Try again, or type hint, solution or skip."));
    CHECK(shown_topic(out).empty());
    std::string missed = shown_function(s.handle_line("help") + "Let f(z)"); // no new problem
    (void)missed;

    // Right after a wrong try: it counts, but the topic comes back after one other problem,
    // with other numbers.
    out = s.handle_line("σ(z)(1 − σ(z))");
    CHECK(has(out, "✓ correct"));
    CHECK(shown_topic(out) == "ReLU");
    out = s.handle_line("1(x > 0)");
    CHECK(has(out, "✓ correct"));
    CHECK(shown_topic(out) == "Sigmoid");

    out = s.handle_line("score");
    CHECK(out == "Score: 4 problems done · 3 right at the first try · 1 right after a hint or a "
                 "wrong try · 0 solution shown · 0 skipped\nTopics mastered: 1 of 3\n");
    out = s.handle_line("topics");
    CHECK(has(out, "  ✓ powers   Powers (1 template)\n"));
    CHECK(has(out, "  → sigmoid  Sigmoid (1 template)\n"));
    CHECK(has(out, "    relu     ReLU (1 template) · 1 right in a row\n"));
}

TEST_CASE("practice: every command", "[practice]") {
    PracticeFixture f;
    PracticeSession s = f.session(11, "sigmoid");
    std::string first = s.start();
    std::string variant = shown_function(first);

    CHECK(has(s.handle_line("help"), "  steps     type a derivation"));
    CHECK(has(s.handle_line("HELP"), "  quit      the score, and stop"));
    std::string hint = s.handle_line("hint");
    CHECK(hint.rfind("hint: next: ", 0) == 0);
    std::string hint2 = s.handle_line("hint");
    CHECK(hint2.rfind("hint: ", 0) == 0);
    CHECK(hint2 != hint);
    for (int i = 0; i < 10; ++i)
        hint2 = s.handle_line("hint");
    CHECK(hint2 == "hint: no more hints: type solution to see the worked solution\n");

    // Right after hints: counted apart from a first-try answer.
    CHECK(has(s.handle_line("σ(z)(1 − σ(z))"), "✓ correct"));
    CHECK(has(s.handle_line("score"), "0 right at the first try · 1 right after a hint"));

    // Unreadable: an error with a caret, nothing counted, the problem stays.
    std::string bad = s.handle_line("σ(z)(1 − ");
    CHECK(bad.rfind("! invalid", 0) == 0);
    CHECK(has(bad, "^"));
    CHECK(has(bad, "Nothing was counted"));
    // A name the question does not have: invalid with the reading, not a wrong try.
    std::string foreign = s.handle_line("σ(Z)(1 − σ(Z))");
    CHECK(foreign.rfind("! invalid", 0) == 0);
    CHECK(has(foreign, "'Z' at column 3 is not a name of this question: did you mean "
                       "σ(z)(1 − σ(Z))? (names are case-sensitive)"));
    CHECK(has(foreign, "Nothing was counted"));

    std::string solution = s.handle_line("solution");
    CHECK(solution.rfind("Answer: ", 0) == 0);
    CHECK(has(solution, "Worked solution:\n"));
    CHECK(has(solution, "This one comes back soon with other numbers."));
    CHECK(has(solution, "Problem 3 · Sigmoid"));

    std::string skipped = s.handle_line("skip");
    CHECK(skipped.rfind("Skipped.\n", 0) == 0);
    CHECK(has(skipped, "Problem 4 · Sigmoid"));

    // A derivation: `steps`, a line per step, an empty line to end.
    CHECK(has(s.handle_line("steps"), "an empty line ends it"));
    CHECK(s.prompt() == "step 1> ");
    CHECK(s.handle_line("d/dz(σ(z) + 3) = d/dz(σ(z))").empty());
    CHECK(s.prompt() == "step 3> ");
    CHECK(s.handle_line("σ(z)²").empty());
    std::string derivation = s.handle_line("");
    CHECK(s.prompt() == "> ");
    // Any constant has the derivative 0: step 1 is right whatever this variant's is.
    CHECK(has(derivation, "✓ 1. d/dz(σ(z) + 3)"));
    CHECK(has(derivation, "✗ 3. σ(z)²"));
    CHECK(has(derivation, "step 3 is the first wrong step"));

    CHECK(has(s.handle_line("steps"), "one step per line"));
    CHECK(s.handle_line("").rfind("No steps given.", 0) == 0);

    // Control characters are never echoed raw.
    std::string hostile = s.handle_line("\x1b[31mx\x07");
    CHECK_FALSE(has(hostile, "\x1b"));
    CHECK_FALSE(has(hostile, "\x07"));

    CHECK(has(s.handle_line("σ(z)(1 - σ(z))"), "✓ correct"));
    std::string bye = s.handle_line("quit");
    CHECK(has(bye, "Score: 4 problems done"));
    CHECK(has(bye, "Bye.\n"));
    CHECK(s.finished());
    CHECK(s.handle_line("3x").empty());
}

TEST_CASE("practice: a derivation typed right, and the end of input", "[practice]") {
    PracticeFixture f;
    PracticeSession s = f.session(2, "powers");
    std::string first = s.start();
    std::string function = shown_function(first); // "Let f(x) = x³ + c. Find ..."
    std::string c = function.substr(function.find("+ ") + 2);
    c = c.substr(0, c.find('.'));
    s.handle_line("steps");
    s.handle_line("d/dx(x^3 + " + c + ")");
    s.handle_line("d/dx(x^3) + d/dx(" + c + ")");
    s.handle_line("3x^2");
    std::string out = s.handle_line("");
    CHECK(has(out, "✓ 1. d/dx(x^3 + " + c + ")"));
    CHECK(has(out, "✓ 3. 3x^2"));
    CHECK(has(out, "✓ correct"));
    // A derivation left open at the end of input is checked, then the score.
    s.handle_line("steps");
    s.handle_line("3x^2");
    std::string end = s.end();
    CHECK(has(end, "✓ correct"));
    CHECK(has(end, "Topics mastered: 1 of 1"));
    CHECK(s.finished());
}

TEST_CASE("practice: a new round when every topic is mastered, the same seed, the same bytes",
          "[practice]") {
    PracticeFixture f;
    auto script = [&](std::uint64_t seed) {
        PracticeSession s = f.session(seed);
        std::string out = s.start();
        for (const char* line : {"3x^2", "3x^2", "σ(z)(1-σ(z))", "sigmoid(z)*(1-sigmoid(z))",
                                 "1(x>0)", "heaviside(x)", "3x²"})
            out += s.handle_line(line);
        return out + s.end();
    };
    std::string out = script(9);
    CHECK(has(out, "Topic mastered: ReLU (two right in a row).\n"));
    CHECK(has(out, "Every topic mastered. Round 2: the topics again, with their next problems."));
    CHECK(has(out, "Topics mastered: 3 of 3 (round 2)"));
    CHECK(script(9) == out);
    CHECK(script(10) != out);
}

TEST_CASE("practice command: a scripted session through standard input", "[practice][e2e]") {
    PracticeFixture f;
    std::string script = "help\ntopics\nhint\n6x +\n2\n3x²\nscore\nsolution\nskip\nsteps\n"
                         "d/dz(σ(z))\nσ(z)(1 − σ(z))\n\nσ(z)(1 − σ(z))\n1(x>0)\nquit\n";
    auto run = run_binary({"practice", "--set", f.spec, "--seed", "4"}, {script, {}, false});
    CHECK(run.status == 0);
    CHECK(run.err.empty());
    const std::string& out = run.out;
    CHECK(out.rfind("chainrule practice · seed 4 · 3 topics: powers, sigmoid, relu\n", 0) == 0);
    // Every line read is echoed after the prompt, control characters made visible.
    for (const char* echo :
         {"> help\n", "> topics\n", "> hint\n", "> 6x +\n", "> 2\n", "> 3x²\n", "> score\n",
          "> solution\n", "> skip\n", "> steps\n", "step 1> d/dz(σ(z))\n",
          "step 2> σ(z)(1 − σ(z))\n", "step 3> \n", "> 1(x>0)\n", "> quit\n"})
        CHECK(has(out, echo));
    CHECK(has(out, "hint: next: "));
    CHECK(has(out, "! invalid"));
    CHECK(has(out, "✗ incorrect"));
    CHECK(has(out, "✓ correct"));
    CHECK(has(out, "Worked solution:"));
    CHECK(has(out, "Skipped."));
    CHECK(has(out, "✓ 1. d/dz(σ(z))"));
    CHECK(has(out, "Bye.\n"));
    CHECK_FALSE(has(out, "\033[")); // no colour in the line protocol

    // The same script and seed give the same bytes, even with standard output on a terminal.
    auto again = run_binary({"practice", "--set", f.spec, "--seed", "4"}, {script, {}, true});
    std::string normalised = again.out;
    for (std::size_t at; (at = normalised.find("\r\n")) != std::string::npos;)
        normalised.replace(at, 2, "\n");
    CHECK(normalised == out);

    // The end of input ends the session with the score.
    auto eof = run_binary({"practice", "--set", f.spec, "--seed", "4"}, {"3x^2\n", {}, false});
    CHECK(eof.status == 0);
    CHECK(has(eof.out, "Score: 1 problem done · 1 right at the first try"));
    auto hostile = run_binary({"practice", "--set", f.spec, "--seed", "4"},
                              {"\x1b]0;title\x07\nquit\n", {}, false});
    CHECK_FALSE(has(hostile.out, "\x1b"));
    CHECK(has(hostile.out, "> <U+001B>"));
}

TEST_CASE("practice command: options and the course", "[practice][e2e]") {
    auto course = run_binary({"practice", "--seed", "1", "--topic", "chain-rule"},
                             {"solution\nquit\n", {}, false});
    CHECK(course.status == 0);
    CHECK(has(course.out, "1 topic: chain-rule"));
    CHECK(has(course.out, "Problem 1 · The Chain Rule"));
    auto unknown = run_binary({"practice", "--topic", "cats"}, {"quit\n", {}, false});
    CHECK(unknown.status == 2);
    CHECK(has(unknown.err, "no topic 'cats'"));
    CHECK(run_binary({"practice", "--difficulty", "7"}, {"quit\n", {}, false}).status == 2);
    CHECK(run_binary({"practice", "--seed", "-1"}, {"quit\n", {}, false}).status == 2);
    // Without --seed, the seed is shown so that the session can be had again.
    auto fresh = run_binary({"practice", "--topic", "derivatives"}, {"quit\n", {}, false});
    std::smatch m;
    REQUIRE(std::regex_search(fresh.out, m, std::regex("seed ([0-9]+)")));
    auto replay = run_binary({"practice", "--topic", "derivatives", "--seed", m[1].str()},
                             {"quit\n", {}, false});
    CHECK(replay.out == fresh.out);
}
