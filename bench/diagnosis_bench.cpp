// The cost of feedback: for each wrong answer of the check corpus, a plain equivalence check
// (compare_expressions) against the full check with diagnosis (check_text), medians and ratio.
//
//   build/bench/diagnosis_bench [--repeat N]
#include "bench/check_corpus.hpp"
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
    for (int i = 1; i < argc; ++i)
        if (!std::strcmp(argv[i], "--repeat") && i + 1 < argc) repeat = std::atoi(argv[++i]);
    std::vector<double> plain, full;
    for (const auto& item : bench::check_corpus()) {
        QuestionText question;
        question.function = item.function;
        question.wrt = split_names(item.wrt);
        if (std::strlen(item.lets) > 0) continue;
        Expectation expectation = build_expectation(question);
        if (!expectation.expected.is_scalar()) continue;
        Verdict verdict = check_text(expectation, item.answer);
        if (verdict.outcome != Outcome::incorrect || !verdict.answer) continue;
        GiNaC::ex answer = verdict.answer->scalar();
        plain.push_back(time_us(repeat, [&] {
            compare_expressions(expectation.expected.scalar(), answer, expectation.variables);
        }));
        full.push_back(time_us(repeat, [&] { check_text(expectation, item.answer); }));
    }
    double p = median(plain), f = median(full);
    std::printf("wrong answers: %zu\n", plain.size());
    std::printf("  plain equivalence check: median %.1f us\n", p);
    std::printf("  check with full diagnosis: median %.1f us\n", f);
    std::printf("  ratio: %.1fx (target: within 10x)\n", f / p);
    return 0;
}
