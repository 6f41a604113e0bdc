#include "generator/tolerance.hpp"

#include "generator/parameter.hpp"

#include <cmath>
#include <cstdio>

namespace chainrule {

namespace {

std::optional<long double> real_value(const GiNaC::ex& e) {
    try {
        GiNaC::ex v = GiNaC::evalf(e);
        if (!GiNaC::is_a<GiNaC::numeric>(v)) return std::nullopt;
        const auto& n = GiNaC::ex_to<GiNaC::numeric>(v);
        if (!n.is_real()) return std::nullopt;
        long double d = n.to_double();
        if (!std::isfinite(d)) return std::nullopt;
        return d;
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

// The greatest n (up to 15) such that the answer is within half a unit of the n-th
// significant figure of the value.
int agreeing_figures(long double value, long double answer) {
    long double error = std::fabs(answer - value);
    if (value == 0) return error == 0 ? 15 : 0;
    int exponent = static_cast<int>(std::floor(std::log10(std::fabs(value))));
    int n = 0;
    while (n < 15 && error <= 0.5L * std::pow(10.0L, exponent - n) * (1 + 1e-12L))
        ++n;
    return n;
}

std::string figures(int n) {
    return std::to_string(n) + " significant figure" + (n == 1 ? "" : "s");
}

} // namespace

std::string Tolerance::describe() const {
    switch (kind) {
    case Kind::significant:
        return figures(amount.to_int());
    case Kind::relative:
        return "a relative error of at most " + exact_number_text(amount);
    case Kind::absolute:
        return "an error of at most " + exact_number_text(amount);
    }
    return "";
}

std::string Tolerance::text() const {
    switch (kind) {
    case Kind::significant:
        return "significant " + exact_number_text(amount);
    case Kind::relative:
        return "relative " + exact_number_text(amount);
    case Kind::absolute:
        return "absolute " + exact_number_text(amount);
    }
    return "";
}

std::optional<Tolerance> Tolerance::parse(const std::string& text) {
    std::size_t space = text.find(' ');
    if (space == std::string::npos) return std::nullopt;
    std::string kind = text.substr(0, space);
    auto amount = parse_number(text.substr(space + 1));
    if (!amount || !amount->is_positive()) return std::nullopt;
    Tolerance t;
    t.amount = *amount;
    if (kind == "significant" && amount->is_integer() && *amount <= 15)
        t.kind = Kind::significant;
    else if (kind == "relative" && *amount < 1)
        t.kind = Kind::relative;
    else if (kind == "absolute")
        t.kind = Kind::absolute;
    else
        return std::nullopt;
    return t;
}

std::string decimal_text(const GiNaC::ex& value, int digits) {
    auto v = real_value(value);
    if (!v) return "?";
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.*Lg", digits, *v);
    return buffer;
}

NumberJudgement judge_number(const GiNaC::ex& expected, const GiNaC::ex& answer,
                             const Tolerance& tolerance) {
    NumberJudgement out;
    auto value = real_value(expected);
    auto given = real_value(answer);
    if (!given) {
        out.message = "the answer is not a real number";
        return out;
    }
    if (!value) {
        out.message = "the value asked for cannot be worked out";
        return out;
    }
    long double error = std::fabs(*given - *value);
    long double amount = tolerance.amount.to_double();
    switch (tolerance.kind) {
    case Tolerance::Kind::significant:
        out.within = agreeing_figures(*value, *given) >= tolerance.amount.to_int();
        break;
    case Tolerance::Kind::relative:
        out.within = *value == 0 ? error == 0 : error <= amount * std::fabs(*value) * (1 + 1e-12L);
        break;
    case Tolerance::Kind::absolute:
        out.within = error <= amount * (1 + 1e-12L);
        break;
    }
    int agree = agreeing_figures(*value, *given);
    if (out.within) {
        out.message = error == 0 ? "exactly the value, " + decimal_text(expected, 10)
                                 : "within " + tolerance.describe() + " of the value " +
                                       decimal_text(expected, 10) + " (off by " +
                                       decimal_text(GiNaC::numeric(double(error)), 2) + ")";
        return out;
    }
    // How close, without giving the value away.
    std::string closeness = agree == 0 ? "the answer does not agree with the value to even one "
                                         "significant figure"
                                       : "the answer agrees with the value to " + figures(agree);
    out.message = closeness + "; the question asks for " + tolerance.describe();
    return out;
}

} // namespace chainrule
