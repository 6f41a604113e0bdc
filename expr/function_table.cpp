#include "expr/function_table.hpp"

#include "expr/edit_distance.hpp"
#include "expr/errors.hpp"
#include "expr/functions.hpp"

#include <algorithm>
#include <cctype>

namespace chainrule {

using GiNaC::ex;
using Args = std::vector<ex>;

namespace {

ex exact_decimal(const char* digits, int scale) {
    return GiNaC::numeric(digits) / GiNaC::numeric(10).power(scale);
}

// The activations are written out in the course's primitives, so that the checker proves and
// samples them and worked solutions differentiate them with the rules they already cite.
ex build_softplus(const Args& a) { return GiNaC::log(1 + GiNaC::exp(a[0])); }
ex build_swish(const Args& a) {
    ex beta = a.size() > 1 ? a[1] : ex(1);
    return a[0] * sigmoid(beta * a[0]);
}
ex build_elu(const Args& a) { return elu_in_indicators(a[0], a.size() > 1 ? a[1] : ex(1)); }
ex build_elu_as_written(const Args& a) { return elu(a[0], a.size() > 1 ? a[1] : ex(1)); }
// SELU's constants (Klambauer et al. 2017) as the exact decimals they are published as.
ex build_selu(const Args& a) {
    return exact_decimal("10507009873554804934193349852946", 31) *
           elu_in_indicators(a[0], exact_decimal("16732632423543772848170429916717", 31));
}
ex build_gelu_tanh(const Args& a) {
    const ex& u = a[0];
    ex c = GiNaC::sqrt(2 / ex(GiNaC::Pi));
    return u / 2 * (1 + GiNaC::tanh(c * (u + exact_decimal("44715", 6) * GiNaC::pow(u, 3))));
}
ex build_log_sigmoid(const Args& a) { return GiNaC::log(sigmoid(a[0])); }
ex build_softsign(const Args& a) { return a[0] / (1 + GiNaC::abs(a[0])); }
ex build_sign(const Args& a) { return ind_gt(a[0], 0) - ind_gt(0, a[0]); }

// The guards: 1/sin(0), tan(π/2) and log(0) are refused before GiNaC meets them.
std::string pole_where_zero(const ex& denominator) {
    return denominator.is_zero() ? " is undefined: a division by zero" : "";
}
std::string guard_log(const Args& a) {
    return a[0].is_zero() ? ": the logarithm of 0 is undefined" : "";
}
std::string guard_cos(const Args& a) {
    return pole_where_zero(GiNaC::cos(a[0]));
}
std::string guard_sin(const Args& a) {
    return pole_where_zero(GiNaC::sin(a[0]));
}
std::string guard_cosh(const Args& a) {
    return pole_where_zero(GiNaC::cosh(a[0]));
}
std::string guard_sinh(const Args& a) {
    return pole_where_zero(GiNaC::sinh(a[0]));
}
std::string guard_tanh(const Args& a) {
    return pole_where_zero(GiNaC::tanh(a[0]));
}

// cot(π/2) is 0: cos(u)/sin(u), not 1/tan(u), where tan has its pole.
ex build_cot(const Args& a) {
    return ex(GiNaC::cos(a[0])).is_zero() ? ex(0) : 1 / GiNaC::tan(a[0]);
}

// n-ary max and min: nests of the two-argument functions.
ex build_max(const Args& a) {
    ex result = a[0];
    for (std::size_t i = 1; i < a.size(); ++i)
        result = maximum(result, a[i]);
    return result;
}
ex build_min(const Args& a) {
    ex result = a[0];
    for (std::size_t i = 1; i < a.size(); ++i)
        result = minimum(result, a[i]);
    return result;
}

// value_k where condition_k holds and no earlier one does; the last value otherwise.
ExprValue build_piecewise(const std::vector<ExprValue>& args, const CallSite& site) {
    const std::string at = " at column " + std::to_string(site.column);
    if (args.size() < 2)
        site.fail("piecewise" + at +
                  " takes pairs of condition and value, then the value otherwise "
                  "(without it, undefined where no condition holds): piecewise(x > 0, x, 0)");
    ex result = 0;
    ex none_before = 1;
    for (std::size_t i = 0; i + 1 < args.size(); i += 2) {
        ex condition = site.scalar(args[i], "a condition of piecewise");
        ex value = site.scalar(args[i + 1], "a value of piecewise");
        result += value * condition * none_before;
        none_before *= (1 - condition);
    }
    if (args.size() % 2 == 1)
        return ExprValue(result + site.scalar(args.back(), "the value of piecewise") * none_before);
    // Without an otherwise value: undefined where no condition holds. none_before is 1 there
    // and 0 elsewhere, so 1/(1 − none_before²) is a pole there and 1 elsewhere; the square
    // keeps GiNaC from cancelling it against the value's own condition (with one pair,
    // 1 − none_before is that condition). The checker's domain rules then judge it: undefined
    // on a region is a difference, at isolated points (x = 0 in piecewise(x > 0, 1, x < 0, 0))
    // it is not.
    if (none_before.is_zero()) return ExprValue(result);
    ex defined = 1 - none_before * none_before;
    if (defined.is_zero())
        site.fail("piecewise" + at + " is undefined everywhere: none of its conditions holds");
    return ExprValue(result / defined);
}

// softmax(z1, z2, ...) or softmax([z1, z2, ...]): the vector of e^(zi)/Σ e^(zj).
ExprValue build_softmax(const std::vector<ExprValue>& args, const CallSite& site) {
    std::vector<ex> inputs;
    if (args.size() == 1 && args[0].shape == Shape::vector)
        inputs = args[0].entries;
    else
        for (const auto& arg : args)
            inputs.push_back(site.scalar(arg, "an argument of softmax"));
    if (inputs.size() < 2)
        site.fail("softmax at column " + std::to_string(site.column) +
                  " needs at least two inputs");
    ex total = 0;
    for (const auto& z : inputs)
        total += GiNaC::exp(z);
    std::vector<ex> outputs;
    for (const auto& z : inputs)
        outputs.push_back(GiNaC::exp(z) / total);
    return ExprValue::vector(std::move(outputs));
}

// diff(e, x): e's derivative in x, unevaluated (a step of a derivation), entry by entry.
ExprValue build_diff(const std::vector<ExprValue>& args, const CallSite& site) {
    const std::string at = " at column " + std::to_string(site.column);
    if (args.size() != 2)
        site.fail("function 'diff'" + at +
                  " takes two arguments: diff(expression, variable), not " +
                  std::to_string(args.size()));
    ex x = site.scalar(args[1], "'diff'");
    if (!GiNaC::is_a<GiNaC::symbol>(x))
        site.fail("the second argument of diff" + at + " must be a variable");
    ExprValue inner = args[0];
    for (auto& entry : inner.entries)
        entry = deriv(entry, x);
    return inner;
}

constexpr std::size_t many = 64;

std::vector<FunctionRow> make_table() {
    using R = FunctionRow;
    // clang-format off
    return {
        R{"exp", {}, 1, 1, "exp(u)", "e to the power u (also e^u)", "derivative of exp",
          [](const Args& a) -> ex { return GiNaC::exp(a[0]); }},
        R{"log", {"ln"}, 1, 1, "ln(u)", "natural logarithm (log is ln)", "derivative of ln",
          [](const Args& a) -> ex { return GiNaC::log(a[0]); }, guard_log},
        R{"sqrt", {}, 1, 1, "sqrt(u)", "square root (also √u)", "power rule",
          [](const Args& a) -> ex { return GiNaC::sqrt(a[0]); }},
        R{"abs", {}, 1, 1, "abs(u)", "absolute value (also |u|)", "derivative of abs",
          [](const Args& a) -> ex { return GiNaC::abs(a[0]); }},
        R{"sin", {}, 1, 1, "sin(u)", "sine", "derivative of sin",
          [](const Args& a) -> ex { return GiNaC::sin(a[0]); }},
        R{"cos", {}, 1, 1, "cos(u)", "cosine", "derivative of cos",
          [](const Args& a) -> ex { return GiNaC::cos(a[0]); }},
        R{"tan", {}, 1, 1, "tan(u)", "tangent", "derivative of tan",
          [](const Args& a) -> ex { return GiNaC::tan(a[0]); }, guard_cos},
        R{"sec", {}, 1, 1, "sec(u)", "1/cos(u)", "derivative of sec",
          [](const Args& a) -> ex { return 1 / GiNaC::cos(a[0]); }, guard_cos},
        R{"csc", {}, 1, 1, "csc(u)", "1/sin(u)", "derivative of csc",
          [](const Args& a) -> ex { return 1 / GiNaC::sin(a[0]); }, guard_sin},
        R{"cot", {}, 1, 1, "cot(u)", "cos(u)/sin(u)", "derivative of cot", build_cot, guard_sin},
        R{"sinh", {}, 1, 1, "sinh(u)", "hyperbolic sine", "derivative of sinh",
          [](const Args& a) -> ex { return GiNaC::sinh(a[0]); }},
        R{"cosh", {}, 1, 1, "cosh(u)", "hyperbolic cosine", "derivative of cosh",
          [](const Args& a) -> ex { return GiNaC::cosh(a[0]); }},
        R{"tanh", {"tansig"}, 1, 1, "tanh(u)", "hyperbolic tangent (tansig is tanh)",
          "derivative of tanh", [](const Args& a) -> ex { return GiNaC::tanh(a[0]); }},
        R{"sech", {}, 1, 1, "sech(u)", "1/cosh(u)", "derivative of sech",
          [](const Args& a) -> ex { return 1 / GiNaC::cosh(a[0]); }, guard_cosh},
        R{"csch", {}, 1, 1, "csch(u)", "1/sinh(u)", "derivative of csch",
          [](const Args& a) -> ex { return 1 / GiNaC::sinh(a[0]); }, guard_sinh},
        R{"coth", {}, 1, 1, "coth(u)", "1/tanh(u)", "derivative of coth",
          [](const Args& a) -> ex { return 1 / GiNaC::tanh(a[0]); }, guard_tanh},
        R{"asin", {"arcsin"}, 1, 1, "asin(u)", "inverse sine (also arcsin)", "derivative of asin",
          [](const Args& a) -> ex { return GiNaC::asin(a[0]); }},
        R{"acos", {"arccos"}, 1, 1, "acos(u)", "inverse cosine (also arccos)",
          "derivative of acos", [](const Args& a) -> ex { return GiNaC::acos(a[0]); }},
        R{"atan", {"arctan"}, 1, 1, "atan(u)", "inverse tangent (also arctan)",
          "derivative of atan", [](const Args& a) -> ex { return GiNaC::atan(a[0]); }},
        R{"sigmoid", {"logsig", "sigma", "σ"}, 1, 1, "sigmoid(u)",
          "logistic sigmoid 1/(1 + e^(−u)); also logsig, sigma, σ", "derivative of sigmoid",
          [](const Args& a) -> ex { return sigmoid(a[0]); }},
        R{"log_sigmoid", {"logsigmoid"}, 1, 1, "log_sigmoid(u)", "ln(σ(u))",
          "derivative of ln", build_log_sigmoid},
        R{"softplus", {}, 1, 1, "softplus(u)", "ln(1 + e^u)", "derivative of ln",
          build_softplus},
        R{"swish", {"silu"}, 1, 2, "swish(u, beta)", "u·σ(beta·u); beta is 1 when left out; "
          "also silu", "product rule", build_swish},
        R{"gelu_tanh", {}, 1, 1, "gelu_tanh(u)",
          "GELU, tanh approximation: u/2·(1 + tanh(√(2/π)(u + 0.044715u³)))", "product rule",
          build_gelu_tanh},
        R{"softsign", {}, 1, 1, "softsign(u)", "u/(1 + |u|)", "quotient rule", build_softsign},
        R{"relu", {"ReLU"}, 1, 1, "relu(u)", "max(u, 0)", "derivative of ReLU",
          [](const Args& a) -> ex { return relu(a[0]); }},
        R{"leaky_relu", {"leakyrelu", "lrelu"}, 2, 2, "leaky_relu(z, alpha)",
          "z for z > 0, alpha·z otherwise", "derivative of leaky ReLU",
          [](const Args& a) -> ex { return leaky_relu(a[0], a[1]); }},
        R{"elu", {}, 1, 2, "elu(u, alpha)", "u for u > 0, alpha·(e^u − 1) otherwise; alpha is 1 "
          "when left out", "derivative of ELU", build_elu, nullptr, nullptr, build_elu_as_written},
        R{"selu", {}, 1, 1, "selu(u)",
          "λ·elu(u, α) with λ = 1.0507009873554804934193349852946, "
          "α = 1.6732632423543772848170429916717", "derivative of a piecewise function",
          build_selu},
        R{"sign", {"sgn"}, 1, 1, "sign(u)", "−1, 0 or 1; also sgn (derivative 0 almost everywhere)",
          "derivative of a step", build_sign},
        R{"heaviside", {"step", "H"}, 1, 1, "heaviside(u)", "0 for u ≤ 0, 1 for u > 0; also "
          "step(u), H(u)", "derivative of a step",
          [](const Args& a) -> ex { return ind_gt(a[0], 0); }},
        R{"max", {}, 1, many, "max(a, b, ...)", "the largest argument", "derivative of max",
          build_max},
        R{"min", {}, 1, many, "min(a, b, ...)", "the smallest argument", "derivative of min",
          build_min},
        R{"piecewise", {}, 2, many, "piecewise(c1, v1, c2, v2, ..., otherwise)",
          "v1 where c1 holds, else v2 where c2 holds, ..., else the last value; "
          "without that otherwise value, undefined where no condition holds",
          "derivative of a piecewise function",
          nullptr, nullptr, build_piecewise},
        R{"softmax", {}, 1, many, "softmax(z1, z2, ...)", "the vector of e^(zi)/Σ e^(zj)",
          "quotient rule", nullptr, nullptr, build_softmax},
        R{"diff", {}, 2, 2, "diff(expression, variable)", "the derivative of the expression in the variable (also d/dx(...))",
          "inner derivative worked out", nullptr, nullptr, build_diff},
    };
    // clang-format on
}

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

} // namespace

void CallSite::fail(const std::string& message) const {
    throw ParseError(message, input, column);
}

ex CallSite::scalar(const ExprValue& value, const std::string& what) const {
    if (!value.is_scalar())
        fail(what + " at column " + std::to_string(column) + " needs a single expression, not " +
             describe_shape(value));
    return value.scalar();
}

const std::vector<FunctionRow>& function_table() {
    static const std::vector<FunctionRow> table = make_table();
    return table;
}

const FunctionRow* find_function(std::string_view name) {
    for (const auto& row : function_table()) {
        if (row.name == name) return &row;
        for (const auto& alias : row.aliases)
            if (alias == name) return &row;
    }
    return nullptr;
}

std::string suggest_function(std::string_view name) {
    if (name.size() < 3) return "";
    std::string key = lower(name);
    std::size_t limit = key.size() <= 4 ? 1 : 2;
    std::string best;
    std::size_t best_distance = limit + 1;
    auto consider = [&](std::string_view candidate) {
        if (candidate.size() < 2 || candidate == "σ") return;
        std::string lowered = lower(candidate);
        std::size_t distance = edit_distance(key, lowered);
        // A prefix of three letters or more names its function: `sig` is sigmoid, not sin.
        if (lowered.size() > key.size() && lowered.compare(0, key.size(), key) == 0)
            distance = 0;
        if (distance < best_distance) {
            best_distance = distance;
            best = std::string(candidate);
        }
    };
    for (const auto& row : function_table()) {
        consider(row.name);
        for (const auto& alias : row.aliases) consider(alias);
    }
    return best;
}

std::string function_list_text() {
    std::string out;
    for (const auto& row : function_table()) {
        out += "  - `" + std::string(row.usage) + "`: " + std::string(row.meaning);
        out += "\n";
    }
    return out;
}

} // namespace chainrule
