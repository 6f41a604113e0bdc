#pragma once
// Internal to checker/ (docs/architecture.md): other layers do not include this header.
#include <ginac/ginac.h>

#include <optional>
#include <vector>

namespace chainrule {

/// An expression compiled to a flat list of long-double operations, to be evaluated at many
/// points without touching GiNaC. A non-finite result (undefined, or out of range) means the
/// caller should ask evaluate_precisely instead.
class CompiledExpression {
  public:
    /// Compiles e over the given variables (their order is the order of a point's values);
    /// nothing when e has a function or a symbol the compiler does not know.
    static std::optional<CompiledExpression> compile(const GiNaC::ex& e,
                                                     const std::vector<GiNaC::ex>& variables);

    /// The value at a point (one value per variable).
    long double evaluate(const std::vector<long double>& point) const;

    /// The value at a point and a bound on its rounding error (forward error analysis over
    /// the instructions: each operation's own rounding and what it does to its operands'
    /// errors; infinite where a comparison is too close to call). A difference between two
    /// expressions' values beyond their bounds is a real one, not rounding.
    long double evaluate(const std::vector<long double>& point, long double& error) const;

  private:
    enum class Op {
        constant,
        variable,
        add,
        mul,
        div,
        pow_int,
        pow_real,
        sqrt,
        exp,
        log,
        sin,
        cos,
        tan,
        sinh,
        cosh,
        tanh,
        asin,
        acos,
        atan,
        abs,
        sigmoid,
        relu,
        leaky,
        max,
        min,
        gt,
        ge,
    };
    struct Instruction {
        Op op;
        int a = -1;
        int b = -1;
        long double value = 0; ///< constant, or integer exponent for pow_int
    };
    int emit(Instruction instruction);
    int compile_node(const GiNaC::ex& e, const std::vector<GiNaC::ex>& variables, bool& ok);

    std::vector<Instruction> code_;
    mutable std::vector<long double> registers_;
    mutable std::vector<long double> errors_;
};

/// The value of e at a point, computed by GiNaC with `digits` significant digits and exponents
/// far beyond a double's: nothing where e is undefined over the reals (a pole, a log or root of
/// a negative, a non-real value), or where its value is out of even CLN's range (then
/// `out_of_range`, when given, is set: ln(x² + 1)^(20010^200) at x = 7/4 is a real number, too
/// large to compute).
std::optional<GiNaC::numeric> evaluate_precisely(const GiNaC::ex& e,
                                                 const std::vector<GiNaC::ex>& variables,
                                                 const std::vector<GiNaC::numeric>& point,
                                                 int digits = 30, bool* out_of_range = nullptr);

} // namespace chainrule
