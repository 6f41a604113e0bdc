#pragma once
// Realistic answers to the course's questions: right ones in the forms students write, and
// typical wrong ones. Shared by the check benchmark and its SymPy comparison.
#include <string>
#include <vector>

namespace chainrule::bench {

struct CorpusItem {
    const char* function;
    const char* wrt;
    const char* answer;
    const char* lets = "";
};

inline const std::vector<CorpusItem>& check_corpus() {
    static const std::vector<CorpusItem> items = {
        {"1", "x", "0"},
        {"x", "x", "1"},
        {"3x^2", "x", "6x"},
        {"3x^2", "x", "3*2x"},
        {"3x^2", "x", "6x^2"},
        {"3x^2 + 5x", "x", "6x + 5"},
        {"3x^2 + 5x", "x", "5 + 6x"},
        {"3x^2 + 5x", "x", "3*2x^1 + 5*1"},
        {"3x^2 + 5x", "x", "6x"},
        {"5x^5 + 4x^3 - 5", "x", "25x^4 + 12x^2"},
        {"5x^5 + 4x^3 - 5", "x", "25x⁴ + 12x²"},
        {"5x^5 + 4x^3 - 5", "x", "25x^4 + 12x^2 - 5"},
        {"5x^5 + 4x^3 - 5", "x", "5x^4 + 3x^2"},
        {"x + y", "x", "1"},
        {"2x + 3y^2", "y", "6y"},
        {"2x + 3y^2", "y", "3y"},
        {"3x^3 - y^2 + 5x + 2", "x", "9x^2 + 5"},
        {"3x^3 - y^2 + 5x + 2", "y", "-2y"},
        {"3x^3 - y^2 + 5x + 2", "y", "2y"},
        {"x*y", "x", "y"},
        {"x*y", "y", "x"},
        {"3x^3z - y^2 + 5z + 2y z", "x", "9x^2 z"},
        {"3x^3z - y^2 + 5z + 2y z", "y", "-2y + 2z"},
        {"3x^3z - y^2 + 5z + 2y z", "z", "3x^3 + 5 + 2y"},
        {"3x^3z - y^2 + 5z + 2y z", "z", "3x^3 + 5"},
        {"3x^3z - y^2 + 5z + 2y z", "x,y,z", "[9x^2 z, 2z - 2y, 3x^3 + 2y + 5]"},
        {"3x^3z - y^2 + 5z + 2y z", "x,y,z", "[9x^2 z, -2y, 3x^3 + 2y + 5]"},
        {"(3x^2 + 1)^5", "x", "30x(3x^2+1)^4"},
        {"(3x^2 + 1)^5", "x", "5(3x^2+1)^4"},
        {"(2x + 1)^3", "x", "6(2x+1)^2"},
        {"(2x + 1)^3", "x", "24x^2 + 24x + 6"},
        {"x^2 (x + 1)", "x", "3x^2 + 2x"},
        {"x^2 (x + 1)", "x", "2x"},
        {"z", "z", "1"},
        {"max(x, 0)", "x", "(x > 0)"},
        {"max(x, 0)", "x", "1(x > 0)"},
        {"max(x, 0)", "x", "(x < 0)"},
        {"max(x, y)", "x", "(x >= y)"},
        {"relu(z)", "z", "heaviside(z)"},
        {"leaky_relu(z, 0.05)", "z", "(z > 0) + 0.05(z <= 0)"},
        {"1/(1 + exp(-z))", "z", "exp(-z)/(1 + exp(-z))^2"},
        {"sigmoid(z)", "z", "sigmoid(z)(1 - sigmoid(z))"},
        {"sigmoid(z)", "z", "σ(z)(1 + σ(z))"},
        {"tanh(z)", "z", "1 - tanh(z)^2"},
        {"tanh(z)", "z", "1 - tanh(z)"},
        {"sigmoid(w x + b)", "w", "x sigmoid(w x + b)(1 - sigmoid(w x + b))"},
        {"exp(z1)/(exp(z1) + exp(z2) + exp(z3))", "z1", "S1(1 - S1)",
         "S1=exp(z1)/(exp(z1)+exp(z2)+exp(z3))"},
        {"exp(z1)/(exp(z1) + exp(z2) + exp(z3))", "z2", "-S1 S2",
         "S1=exp(z1)/(exp(z1)+exp(z2)+exp(z3));S2=exp(z2)/(exp(z1)+exp(z2)+exp(z3))"},
        {"(w x + b - t)^2", "w", "2x(w x + b - t)"},
        {"(w x + b - t)^2", "w", "2(w x + b - t)"},
    };
    return items;
}

} // namespace chainrule::bench
