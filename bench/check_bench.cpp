// Checks per second over a corpus of realistic answers, and the same corpus decided by SymPy
// (simplify(a - b) == 0) in the same run, with the ratio of the medians.
//
//   build/bench/check_bench [--repeat N] [--no-sympy] [--each]
#include "bench/check_corpus.hpp"
#include "checker/question.hpp"
#include "expr/printer.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

using namespace chainrule;
using Clock = std::chrono::steady_clock;

namespace {

std::vector<std::string> split_lets(const std::string& text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start < text.size()) {
        auto end = text.find(';', start);
        out.push_back(text.substr(start, end == std::string::npos ? end : end - start));
        if (end == std::string::npos) break;
        start = end + 1;
    }
    return out;
}

double median(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    return values.empty() ? 0 : values[values.size() / 2];
}

bool has_non_smooth_text(const std::string& s) {
    for (const char* word : {">", "<", "max", "relu", "heaviside", "leaky", "S1", "S2"})
        if (s.find(word) != std::string::npos) return true;
    return false;
}

} // namespace

int main(int argc, char** argv) {
    int repeat = 200;
    bool sympy = true, each = false;
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--each")) each = true;
        if (!std::strcmp(argv[i], "--repeat") && i + 1 < argc) repeat = std::atoi(argv[++i]);
        if (!std::strcmp(argv[i], "--no-sympy")) sympy = false;
    }
    const auto& corpus = bench::check_corpus();
    std::vector<Expectation> expectations;
    for (const auto& item : corpus) {
        QuestionText question;
        question.function = item.function;
        question.wrt = split_names(item.wrt);
        question.lets = split_lets(item.lets);
        expectations.push_back(build_expectation(question));
    }
    // Warm-up: GiNaC's first calls allocate its tables.
    for (std::size_t i = 0; i < corpus.size(); ++i)
        check_text(expectations[i], corpus[i].answer);

    std::vector<double> per_check_us;
    std::vector<double> per_item_us(corpus.size());
    std::size_t correct = 0;
    auto start_all = Clock::now();
    for (std::size_t i = 0; i < corpus.size(); ++i) {
        std::vector<double> times;
        for (int r = 0; r < repeat; ++r) {
            auto t0 = Clock::now();
            Verdict verdict = check_text(expectations[i], corpus[i].answer);
            auto t1 = Clock::now();
            times.push_back(std::chrono::duration<double, std::micro>(t1 - t0).count());
            if (r == 0) correct += verdict.outcome == Outcome::correct;
        }
        per_item_us[i] = median(times);
        if (each)
            std::printf("%8.1f us  d/d%s %s: %s\n", per_item_us[i], corpus[i].wrt,
                        corpus[i].function, corpus[i].answer);
        per_check_us.insert(per_check_us.end(), times.begin(), times.end());
    }
    double total_s = std::chrono::duration<double>(Clock::now() - start_all).count();
    double med = median(per_item_us);
    std::printf("chainrule check: %zu answers x %d repeats, %zu correct and %zu not\n",
                corpus.size(), repeat, correct, corpus.size() - correct);
    std::printf("  median check (median over answers of each answer's median): %.1f us\n", med);
    std::printf("  slowest answer's median: %.1f us\n",
                *std::max_element(per_item_us.begin(), per_item_us.end()));
    std::printf("  throughput: %.0f checks/s\n",
                static_cast<double>(per_check_us.size()) / total_s);

    if (!sympy) return 0;
    // The smooth subset, as plain text SymPy can read.
    const char* path = "/tmp/chainrule_sympy_corpus.txt";
    std::ofstream out(path);
    std::vector<double> ours, decided;
    for (std::size_t i = 0; i < corpus.size(); ++i) {
        std::string expected = print(expectations[i].expected);
        std::string answer = corpus[i].answer;
        ParseOptions options;
        options.open = false;
        options.variables = expectations[i].variables;
        options.lets = expectations[i].lets;
        std::string answer_plain = print(parse_expression(answer, options).value);
        if (has_non_smooth_text(expected + answer_plain + corpus[i].lets) ||
            !expectations[i].expected.is_scalar())
            continue;
        out << expected << "\t" << answer_plain << "\n";
        ours.push_back(per_item_us[i]);
        // What SymPy's side does: decide, with the verdict's counterexample, no diagnosis.
        Expectation undiagnosed = expectations[i];
        undiagnosed.wrt.clear();
        std::vector<double> times;
        for (int r = 0; r < repeat; ++r) {
            auto t0 = Clock::now();
            check_text(undiagnosed, corpus[i].answer);
            times.push_back(std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
        }
        decided.push_back(median(times));
        if (each)
            std::printf("%8.1f us decided  d/d%s %s: %s\n", decided.back(), corpus[i].wrt,
                        corpus[i].function, corpus[i].answer);
    }
    out.close();
    std::string command =
        "/usr/bin/python3 " CHAINRULE_SOURCE_DIR "/bench/sympy_check.py " + std::string(path);
    FILE* pipe = popen(command.c_str(), "r");
    if (!pipe) {
        std::printf("SymPy comparison: could not run %s\n", command.c_str());
        return 0;
    }
    double sympy_median_us = 0, sympy_mean_us = 0;
    if (std::fscanf(pipe, "%lf %lf", &sympy_median_us, &sympy_mean_us) != 2) sympy_median_us = 0;
    pclose(pipe);
    if (sympy_median_us <= 0) {
        std::printf("SymPy comparison: not available (install python3-sympy)\n");
        return 0;
    }
    auto mean = [](const std::vector<double>& values) {
        double total = 0;
        for (double t : values)
            total += t;
        return total / static_cast<double>(values.size());
    };
    std::printf("SymPy (parse the answer, simplify(a - b) == 0) on the %zu smooth answers: "
                "median %.1f us, mean %.1f us\n",
                ours.size(), sympy_median_us, sympy_mean_us);
    std::printf("  chainrule deciding the same answers (parse, decide, counterexample; no "
                "diagnosis): median %.1f us, mean %.1f us\n",
                median(decided), mean(decided));
    std::printf("    ratio SymPy/chainrule: %.0fx by median, %.0fx by mean (whole corpus)\n",
                sympy_median_us / median(decided), sympy_mean_us / mean(decided));
    std::printf("  chainrule's whole check of them (wrong answers diagnosed, cached per question): "
                "median %.1f us, mean %.1f us\n",
                median(ours), mean(ours));
    std::printf("    ratio SymPy/chainrule: %.0fx by median, %.0fx by mean (whole corpus)\n",
                sympy_median_us / median(ours), sympy_mean_us / mean(ours));
    return 0;
}
