// The cost of feedback: for each wrong answer of the check corpus, a plain check (parse and
// decide, check_text without diagnosis; and the bare compare_expressions) against the full
// check with diagnosis (check_text), medians and ratios per answer.
//
// diagnose() keeps the wrong derivatives it builds for a question (checker/diagnosis.hpp), so
// there are two figures for the full check: cold, the first answer to a question (the cache
// emptied before every run), and warm, a later answer to the same question, which is what a
// grader pays for all but the first of a class's answers to one problem.
//
//   build/bench/diagnosis_bench [--repeat N] [--each] [--only TEXT]
//   (--each: a line per answer; --only: the functions that contain TEXT)
#include "bench/check_corpus.hpp"
#include "checker/diagnosis.hpp"
#include "checker/question.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

using namespace chainrule;
using Clock = std::chrono::steady_clock;

namespace {

double median(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    return values.empty() ? 0 : values[values.size() / 2];
}

template <typename F> double time_us(int repeat, F&& f) {
    std::vector<double> times;
    for (int r = 0; r < repeat; ++r) {
        auto t0 = Clock::now();
        f();
        times.push_back(std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
    }
    return median(times);
}

} // namespace

int main(int argc, char** argv) {
    int repeat = 50;
    bool each = false;
    const char* only = nullptr;
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--repeat") && i + 1 < argc) repeat = std::atoi(argv[++i]);
        if (!std::strcmp(argv[i], "--each")) each = true;
        if (!std::strcmp(argv[i], "--only") && i + 1 < argc) only = argv[++i];
    }
    std::vector<double> bare, plain, cold, warm, cold_ratio, warm_ratio;
    for (const auto& item : bench::check_corpus()) {
        QuestionText question;
        question.function = item.function;
        question.wrt = split_names(item.wrt);
        if (std::strlen(item.lets) > 0) continue;
        if (only && !std::strstr(item.function, only)) continue;
        Expectation expectation = build_expectation(question);
        if (!expectation.expected.is_scalar()) continue;
        Verdict verdict = check_text(expectation, item.answer);
        if (verdict.outcome != Outcome::incorrect || !verdict.answer) continue;
        GiNaC::ex answer = verdict.answer->scalar();
        Expectation undiagnosed = expectation;
        undiagnosed.wrt.clear(); // no derivative to diagnose against: a plain check
        bare.push_back(time_us(repeat, [&] {
            compare_expressions(expectation.expected.scalar(), answer, expectation.variables);
        }));
        double p = time_us(repeat, [&] { check_text(undiagnosed, item.answer); });
        double c = time_us(repeat, [&] {
            clear_diagnosis_cache();
            check_text(expectation, item.answer);
        });
        check_text(expectation, item.answer);
        double w = time_us(repeat, [&] { check_text(expectation, item.answer); });
        plain.push_back(p);
        cold.push_back(c);
        warm.push_back(w);
        if (each)
            std::printf("%8.1f us plain %8.1f us cold (%5.1fx) %8.1f us warm  d/d%s %s: %s\n", p, c,
                        c / p, w, item.wrt, item.function, item.answer);
        cold_ratio.push_back(c / p);
        warm_ratio.push_back(w / p);
    }
    std::printf("wrong answers: %zu (median over %d runs each, then over the answers)\n",
                plain.size(), repeat);
    std::printf("  bare equivalence check (compare_expressions): %.1f us\n", median(bare));
    std::printf("  plain check (parse + decide, no diagnosis):   %.1f us\n", median(plain));
    std::printf("  check with full diagnosis, cold (first answer to the question): %.1f us\n",
                median(cold));
    std::printf("  check with full diagnosis, warm (candidates cached):            %.1f us\n",
                median(warm));
    std::printf("  per answer, full / plain: cold median %.1fx (worst %.1fx), warm median %.1fx "
                "(worst %.1fx); target: within 10x\n",
                median(cold_ratio), *std::max_element(cold_ratio.begin(), cold_ratio.end()),
                median(warm_ratio), *std::max_element(warm_ratio.begin(), warm_ratio.end()));
    return 0;
}
