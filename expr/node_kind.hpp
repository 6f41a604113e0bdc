#pragma once
// The class of a GiNaC node, for code that walks expressions node by node (printers, the
// solution engine, the checker). GiNaC's is_a<> is a dynamic_cast, and its is_exactly_a<>
// (behind is_ex_the_function) compares type names with strcmp whenever the types differ:
// measured, the two were a third of the time of printing and of writing worked solutions.
// Comparing type_info addresses is exact for the classes GiNaC defines (their type_info lives
// once, in libginac); anything else falls back to GiNaC's own tests.
#include <ginac/ginac.h>

#include <typeinfo>

namespace chainrule {

/// The node classes that expression walkers tell apart.
enum class NodeKind : unsigned char {
    numeric,
    symbol, ///< symbol, realsymbol, possymbol
    constant,
    add,
    mul,
    power,
    function, ///< a function call (exp, sigmoid, max, ...)
    other,    ///< relational, matrix, list, ...
};

/// The class of e's top node.
inline NodeKind node_kind(const GiNaC::ex& e) noexcept {
    const GiNaC::basic& node = GiNaC::ex_to<GiNaC::basic>(e); // typeid of a call: clang warns
    const std::type_info* t = &typeid(node);
    if (t == &typeid(GiNaC::mul)) return NodeKind::mul;
    if (t == &typeid(GiNaC::add)) return NodeKind::add;
    if (t == &typeid(GiNaC::numeric)) return NodeKind::numeric;
    if (t == &typeid(GiNaC::power)) return NodeKind::power;
    if (t == &typeid(GiNaC::function)) return NodeKind::function;
    if (t == &typeid(GiNaC::realsymbol) || t == &typeid(GiNaC::symbol) ||
        t == &typeid(GiNaC::possymbol))
        return NodeKind::symbol;
    if (t == &typeid(GiNaC::constant)) return NodeKind::constant;
    // Not one of GiNaC's own type_info objects (or a subclass): ask the slow way.
    if (GiNaC::is_a<GiNaC::function>(e)) return NodeKind::function;
    if (GiNaC::is_a<GiNaC::symbol>(e)) return NodeKind::symbol;
    if (GiNaC::is_a<GiNaC::numeric>(e)) return NodeKind::numeric;
    if (GiNaC::is_a<GiNaC::add>(e)) return NodeKind::add;
    if (GiNaC::is_a<GiNaC::mul>(e)) return NodeKind::mul;
    if (GiNaC::is_a<GiNaC::power>(e)) return NodeKind::power;
    if (GiNaC::is_a<GiNaC::constant>(e)) return NodeKind::constant;
    return NodeKind::other;
}

/// Whether e's top node is of the given class.
inline bool is_kind(const GiNaC::ex& e, NodeKind kind) noexcept {
    return node_kind(e) == kind;
}

/// Whether e is a call of the function whose serial is given (exp_SERIAL::serial,
/// sigmoid_SERIAL::serial, ...): is_ex_the_function without its string comparisons.
inline bool is_call(const GiNaC::ex& e, unsigned serial) noexcept {
    return node_kind(e) == NodeKind::function &&
           GiNaC::ex_to<GiNaC::function>(e).get_serial() == serial;
}

} // namespace chainrule
