#include "checker/numeric_eval.hpp"

#include "expr/functions.hpp"
#include "expr/node_kind.hpp"
#include "expr/work_budget.hpp"

#include <cln/float.h>

#include <cmath>

namespace chainrule {

using GiNaC::ex;
using GiNaC::ex_to;
using GiNaC::is_a;
using GiNaC::numeric;

int CompiledExpression::emit(Instruction instruction) {
    charge_work(1); // a node compiled
    code_.push_back(instruction);
    return static_cast<int>(code_.size()) - 1;
}

int CompiledExpression::compile_node(const ex& e, const std::vector<GiNaC::ex>& variables,
                                     bool& ok) {
    if (!ok) return -1;
    if (is_kind(e, NodeKind::numeric)) {
        const numeric& n = ex_to<numeric>(e);
        if (!n.is_real()) {
            ok = false;
            return -1;
        }
        return emit({Op::constant, -1, -1, static_cast<long double>(n.to_double())});
    }
    if (is_kind(e, NodeKind::symbol)) {
        for (std::size_t i = 0; i < variables.size(); ++i)
            if (e.is_equal(variables[i])) return emit({Op::variable, static_cast<int>(i), -1, 0});
        ok = false;
        return -1;
    }
    if (is_kind(e, NodeKind::constant)) {
        return emit({Op::constant, -1, -1,
                     static_cast<long double>(ex_to<numeric>(e.evalf()).to_double())});
    }
    if (is_kind(e, NodeKind::add) || is_kind(e, NodeKind::mul)) {
        Op op = is_kind(e, NodeKind::add) ? Op::add : Op::mul;
        int acc = compile_node(e.op(0), variables, ok);
        for (std::size_t i = 1; i < e.nops() && ok; ++i)
            acc = emit({op, acc, compile_node(e.op(i), variables, ok), 0});
        return acc;
    }
    if (is_kind(e, NodeKind::power)) {
        const ex& exponent = e.op(1);
        int base = compile_node(e.op(0), variables, ok);
        if (is_kind(exponent, NodeKind::numeric) && ex_to<numeric>(exponent).is_integer())
            return emit({Op::pow_int, base, -1,
                         static_cast<long double>(ex_to<numeric>(exponent).to_double())});
        if (exponent.is_equal(numeric(1, 2))) return emit({Op::sqrt, base, -1, 0});
        return emit({Op::pow_real, base, compile_node(exponent, variables, ok), 0});
    }
    if (!is_kind(e, NodeKind::function)) {
        ok = false;
        return -1;
    }
    struct Unary {
        unsigned serial;
        Op op;
    };
    static const Unary unary[] = {
        {GiNaC::exp_SERIAL::serial, Op::exp},   {GiNaC::log_SERIAL::serial, Op::log},
        {GiNaC::sin_SERIAL::serial, Op::sin},   {GiNaC::cos_SERIAL::serial, Op::cos},
        {GiNaC::tan_SERIAL::serial, Op::tan},   {GiNaC::sinh_SERIAL::serial, Op::sinh},
        {GiNaC::cosh_SERIAL::serial, Op::cosh}, {GiNaC::tanh_SERIAL::serial, Op::tanh},
        {GiNaC::asin_SERIAL::serial, Op::asin}, {GiNaC::acos_SERIAL::serial, Op::acos},
        {GiNaC::atan_SERIAL::serial, Op::atan}, {GiNaC::abs_SERIAL::serial, Op::abs},
        {sigmoid_SERIAL::serial, Op::sigmoid},  {relu_SERIAL::serial, Op::relu},
    };
    static const Unary binary[] = {
        {leaky_relu_SERIAL::serial, Op::leaky}, {maximum_SERIAL::serial, Op::max},
        {minimum_SERIAL::serial, Op::min},      {ind_gt_SERIAL::serial, Op::gt},
        {ind_ge_SERIAL::serial, Op::ge},
    };
    unsigned serial = ex_to<GiNaC::function>(e).get_serial();
    for (const auto& entry : unary)
        if (entry.serial == serial && e.nops() == 1)
            return emit({entry.op, compile_node(e.op(0), variables, ok), -1, 0});
    for (const auto& entry : binary)
        if (entry.serial == serial && e.nops() == 2) {
            int a = compile_node(e.op(0), variables, ok);
            int b = compile_node(e.op(1), variables, ok);
            return emit({entry.op, a, b, 0});
        }
    ok = false;
    return -1;
}

std::optional<CompiledExpression>
CompiledExpression::compile(const ex& e, const std::vector<GiNaC::ex>& variables) {
    CompiledExpression compiled;
    bool ok = true;
    compiled.compile_node(e, variables, ok);
    if (!ok || compiled.code_.empty()) return std::nullopt;
    compiled.registers_.resize(compiled.code_.size());
    return compiled;
}

long double CompiledExpression::evaluate(const std::vector<long double>& point) const {
    charge_work(code_.size());
    long double* r = registers_.data();
    for (std::size_t i = 0; i < code_.size(); ++i) {
        const Instruction& in = code_[i];
        // A variable's `a` is its index in `point`, not a register (found by fuzz_check).
        long double a = in.a >= 0 && in.op != Op::variable ? r[in.a] : 0;
        long double b = in.b >= 0 ? r[in.b] : 0;
        long double v = 0;
        switch (in.op) {
        case Op::constant:
            v = in.value;
            break;
        case Op::variable:
            v = point[static_cast<std::size_t>(in.a)];
            break;
        case Op::add:
            v = a + b;
            break;
        case Op::mul:
            v = a * b;
            break;
        case Op::div:
            v = a / b;
            break;
        case Op::pow_int:
            v = std::pow(a, in.value);
            break;
        case Op::pow_real:
            v = a < 0 ? NAN : std::pow(a, b);
            break;
        case Op::sqrt:
            v = a < 0 ? NAN : std::sqrt(a);
            break;
        case Op::exp:
            v = std::exp(a);
            break;
        case Op::log:
            v = a <= 0 ? NAN : std::log(a);
            break;
        case Op::sin:
            v = std::sin(a);
            break;
        case Op::cos:
            v = std::cos(a);
            break;
        case Op::tan:
            v = std::tan(a);
            break;
        case Op::sinh:
            v = std::sinh(a);
            break;
        case Op::cosh:
            v = std::cosh(a);
            break;
        case Op::tanh:
            v = std::tanh(a);
            break;
        case Op::asin:
            v = std::asin(a);
            break;
        case Op::acos:
            v = std::acos(a);
            break;
        case Op::atan:
            v = std::atan(a);
            break;
        case Op::abs:
            v = std::fabs(a);
            break;
        case Op::sigmoid:
            v = a >= 0 ? 1 / (1 + std::exp(-a)) : std::exp(a) / (1 + std::exp(a));
            break;
        case Op::relu:
            v = a > 0 ? a : 0;
            break;
        case Op::leaky:
            v = a > 0 ? a : b * a;
            break;
        case Op::max:
            v = a >= b ? a : b;
            break;
        case Op::min:
            v = a <= b ? a : b;
            break;
        case Op::gt:
            v = a > b ? 1 : 0;
            break;
        case Op::ge:
            v = a >= b ? 1 : 0;
            break;
        }
        r[i] = v;
    }
    return r[code_.size() - 1];
}

long double CompiledExpression::evaluate(const std::vector<long double>& point,
                                         long double& error) const {
    const long double value = evaluate(point);
    charge_work(code_.size()); // the pass over the errors
    // Rounding of one long-double operation, with room for libm's few ulps; and of a constant
    // (a double).
    constexpr long double unit = 1e-18L, constant_unit = 2.3e-16L;
    const long double* r = registers_.data();
    errors_.resize(code_.size());
    long double* e = errors_.data();
    for (std::size_t i = 0; i < code_.size(); ++i) {
        const Instruction& in = code_[i];
        const bool uses_a = in.a >= 0 && in.op != Op::variable;
        const long double a = uses_a ? r[in.a] : 0, ea = uses_a ? e[in.a] : 0;
        const long double b = in.b >= 0 ? r[in.b] : 0, eb = in.b >= 0 ? e[in.b] : 0;
        const long double v = r[i];
        long double err = 0;
        switch (in.op) {
        case Op::constant:
            err = std::fabs(v) * constant_unit;
            break;
        case Op::variable:
            break;
        case Op::add:
            err = ea + eb;
            break;
        case Op::mul:
            err = std::fabs(a) * eb + std::fabs(b) * ea + ea * eb;
            break;
        case Op::div:
            err = std::fabs(b) > eb ? (ea + std::fabs(v) * eb) / (std::fabs(b) - eb) : INFINITY;
            break;
        case Op::pow_int:
            err = std::fabs(a) > ea
                      ? std::fabs(v) * std::fabs(in.value) * ea / (std::fabs(a) - ea)
                      : (in.value > 0 && ea < 1 ? std::fabs(in.value) * ea : INFINITY);
            break;
        case Op::pow_real:
            err = a > ea
                      ? std::fabs(v) * (std::fabs(b) * ea / (a - ea) + std::fabs(std::log(a)) * eb)
                      : INFINITY;
            break;
        case Op::sqrt:
            err = a > ea ? ea / (std::sqrt(a - ea) + std::sqrt(a)) : std::sqrt(ea);
            break;
        case Op::exp:
            err = std::fabs(v) * std::expm1(ea);
            break;
        case Op::log:
            err = a > ea ? -std::log1p(-ea / a) : INFINITY;
            break;
        case Op::sin:
        case Op::cos:
        case Op::tanh:
        case Op::atan:
        case Op::sigmoid:
        case Op::abs:
        case Op::relu:
            err = ea;
            break;
        case Op::tan:
            err = ea < 0.1L ? 2 * ea * (1 + v * v) : INFINITY;
            break;
        case Op::sinh:
        case Op::cosh:
            err = std::cosh(std::fabs(a) + ea) * ea;
            break;
        case Op::asin:
        case Op::acos: {
            const long double reach = std::fabs(a) + ea;
            err = reach < 1 ? ea / std::sqrt(1 - reach * reach) : INFINITY;
            break;
        }
        case Op::leaky:
            err = ea * std::max(1.0L, std::fabs(b)) + std::fabs(a) * eb;
            break;
        case Op::max:
        case Op::min:
            err = std::max(ea, eb);
            break;
        case Op::gt:
        case Op::ge:
            err = std::fabs(a - b) > ea + eb ? 0 : INFINITY; // a step too close to call
            break;
        }
        e[i] = std::isnan(err) ? INFINITY : err + std::fabs(v) * unit;
    }
    error = e[code_.size() - 1];
    return value;
}

namespace {

bool is_piecewise_function(const ex& e) {
    return is_call(e, relu_SERIAL::serial) || is_call(e, leaky_relu_SERIAL::serial) ||
           is_call(e, maximum_SERIAL::serial) || is_call(e, minimum_SERIAL::serial) ||
           is_call(e, ind_gt_SERIAL::serial) || is_call(e, ind_ge_SERIAL::serial) ||
           is_call(e, GiNaC::abs_SERIAL::serial);
}

// A value too large or too small for CLN's floats.
struct OutOfRange {};

// Evaluation over the reals with CLN floats: every intermediate value must be a real number,
// so sqrt(x − 3)·sqrt(x − 5) is undefined for x < 3 even though the product of the two
// imaginary roots would be real.
class PreciseEvaluator {
  public:
    PreciseEvaluator(const std::vector<ex>& variables, const std::vector<numeric>& point)
        : variables_(variables), point_(point) {}

    std::optional<numeric> value(const ex& e) {
        // A node at GiNaC::Digits digits: about a unit for each 15 digits (a long double's).
        charge_work(1 + static_cast<std::uint64_t>(GiNaC::Digits) / 15);
        if (is_kind(e, NodeKind::numeric)) {
            const numeric& n = ex_to<numeric>(e);
            if (!n.is_real()) return std::nullopt;
            return real(n.evalf());
        }
        if (is_kind(e, NodeKind::symbol)) {
            for (std::size_t i = 0; i < variables_.size(); ++i)
                if (e.is_equal(variables_[i])) return real(point_[i].evalf());
            return std::nullopt;
        }
        if (is_kind(e, NodeKind::constant)) return real(e.evalf());
        if (is_kind(e, NodeKind::add) || is_kind(e, NodeKind::mul)) {
            bool sum = is_kind(e, NodeKind::add);
            numeric acc = sum ? 0 : 1;
            for (std::size_t i = 0; i < e.nops(); ++i) {
                auto v = value(e.op(i));
                if (!v) return std::nullopt;
                acc = sum ? acc + *v : acc * *v;
            }
            return acc;
        }
        if (is_kind(e, NodeKind::power)) {
            auto base = value(e.op(0));
            if (!base) return std::nullopt;
            const ex& exponent = e.op(1);
            if (is_kind(exponent, NodeKind::numeric) && ex_to<numeric>(exponent).is_integer()) {
                const numeric& n = ex_to<numeric>(exponent);
                if (base->is_zero() && n.is_negative()) return std::nullopt;
                if (abs(n) > huge_exponent) return huge_power(*base, n);
                return real(GiNaC::pow(*base, n));
            }
            auto power = value(exponent);
            if (!power || base->is_negative() || (base->is_zero() && !power->is_positive()))
                return std::nullopt;
            // A float exponent such as 10^(10^13): CLN's power would turn it into an integer
            // of that many bits (found by fuzz_check on z^(d^(s^56))).
            if (abs(*power) > huge_exponent)
                return base->is_zero() ? std::optional<numeric>(0) : huge_power(*base, *power);
            return real(GiNaC::pow(*base, *power));
        }
        if (is_kind(e, NodeKind::function)) {
            std::vector<ex> args;
            for (std::size_t i = 0; i < e.nops(); ++i) {
                auto v = value(e.op(i));
                if (!v) return std::nullopt;
                args.push_back(*v);
            }
            if (is_call(e, GiNaC::log_SERIAL::serial) && !ex_to<numeric>(args[0]).is_positive())
                return std::nullopt;
            // exp, sigmoid, sin, ... of an argument beyond 10^15 (σ((x+1)^(10^9)) at x = 1/4):
            // out of any meaningful range, and CLN would work for seconds on it. Piecewise
            // functions only compare their arguments and stay cheap.
            if (!is_piecewise_function(e))
                for (const ex& a : args)
                    if (abs(ex_to<numeric>(a)) > numeric(1000000000000000L)) return std::nullopt;
            if ((is_call(e, GiNaC::asin_SERIAL::serial) ||
                 is_call(e, GiNaC::acos_SERIAL::serial)) &&
                abs(ex_to<numeric>(args[0])) > 1)
                return std::nullopt;
            ex call = ex_to<GiNaC::function>(e).thiscontainer(args);
            return real(call.evalf());
        }
        return std::nullopt;
    }

  private:
    // Beyond about 2^63 CLN's integer powers of floats wrap their exponent around and come out
    // as garbage (1.4^(20010^200) gives 1.0): such powers go by way of logarithms.
    static inline const numeric huge_exponent = numeric(1000000000000L);

    static std::optional<numeric> huge_power(const numeric& base, const numeric& n) {
        if (abs(base) == 1) return base.is_negative() && n.is_odd() ? numeric(-1) : numeric(1);
        const numeric magnitude = ex_to<numeric>(n * GiNaC::log(abs(base)));
        // e^(10^15) has about 4·10^14 digits in its exponent, well inside CLN's range.
        if (abs(magnitude) > numeric(1000000000000000L)) throw OutOfRange{};
        numeric value = GiNaC::exp(magnitude);
        return base.is_negative() && n.is_odd() ? -value : value;
    }

    static std::optional<numeric> real(const ex& e) {
        if (!is_kind(e, NodeKind::numeric)) return std::nullopt;
        const numeric& n = ex_to<numeric>(e);
        if (!n.is_real()) return std::nullopt;
        return n;
    }

    const std::vector<ex>& variables_;
    const std::vector<numeric>& point_;
};

// GiNaC's working precision is a global: set for one evaluation, restored after.
class DigitsScope {
  public:
    explicit DigitsScope(int digits) : saved_(GiNaC::Digits) { GiNaC::Digits = digits; }
    ~DigitsScope() { GiNaC::Digits = saved_; }
    DigitsScope(const DigitsScope&) = delete;
    DigitsScope& operator=(const DigitsScope&) = delete;

  private:
    long saved_;
};

} // namespace

std::optional<numeric> evaluate_precisely(const ex& e, const std::vector<ex>& variables,
                                          const std::vector<numeric>& point, int digits,
                                          bool* out_of_range) {
    DigitsScope scope(digits);
    if (out_of_range) *out_of_range = false;
    try {
        return PreciseEvaluator(variables, point).value(e);
    } catch (const OutOfRange&) {
        if (out_of_range) *out_of_range = true;
        return std::nullopt;
    } catch (const cln::floating_point_overflow_exception&) {
        if (out_of_range) *out_of_range = true;
        return std::nullopt;
    } catch (const cln::floating_point_underflow_exception&) {
        if (out_of_range) *out_of_range = true;
        return std::nullopt;
    } catch (const std::exception&) {
        return std::nullopt; // a pole, a division by zero, an overflow of CLN's range
    }
}

} // namespace chainrule
