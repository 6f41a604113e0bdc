#include "expr/work_budget.hpp"

#include "expr/node_kind.hpp"

#include <algorithm>

namespace chainrule {

namespace {

struct BudgetState {
    bool open = false;
    bool paused = false;
    std::uint64_t units = 0;
    std::uint64_t used = 0;
};

thread_local BudgetState state;

std::uint64_t add(std::uint64_t a, std::uint64_t b) {
    return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

std::uint64_t times(std::uint64_t a, std::uint64_t b) {
    return b != 0 && a > UINT64_MAX / b ? UINT64_MAX : a * b;
}

struct Sizes {
    std::uint64_t nodes = 1;      ///< of the expression
    std::uint64_t derivative = 1; ///< of its derivative (estimated)
    bool depends = false;         ///< whether it has x
};

// The derivative's size as GiNaC's rules build it: a sum's is the sum of its terms'; a
// product's has, for each factor with x, the other factors times that factor's derivative; a
// power's and a function's repeat their arguments beside the arguments' derivatives.
Sizes sizes_of(const GiNaC::ex& e, const GiNaC::symbol& x, std::uint64_t cap) {
    Sizes out;
    if (is_kind(e, NodeKind::symbol)) {
        out.depends = e.is_equal(x);
        return out;
    }
    const std::size_t n = e.nops();
    if (n == 0) return out;
    std::uint64_t children_derivatives = 0;
    std::uint64_t count = 0; // of the children with x
    for (std::size_t i = 0; i < n && out.nodes <= cap; ++i) {
        Sizes child = sizes_of(e.op(i), x, cap);
        out.nodes = add(out.nodes, child.nodes);
        if (child.depends) {
            out.depends = true;
            children_derivatives = add(children_derivatives, child.derivative);
            ++count;
        }
    }
    if (!out.depends) return out;
    if (is_kind(e, NodeKind::add))
        out.derivative = add(1, children_derivatives);
    else if (is_kind(e, NodeKind::mul))
        out.derivative = add(add(1, times(count, out.nodes)), children_derivatives);
    else // a power, a function: its arguments again (the outer derivative), times the inner
        out.derivative = add(add(2, times(2, out.nodes)), children_derivatives);
    out.derivative = std::min(out.derivative, add(cap, 1));
    return out;
}

} // namespace

void charge_work(std::uint64_t units) {
    if (!state.open || state.paused) return;
    state.used = add(state.used, units);
    if (state.used > state.units) throw WorkBudgetExhausted{state.units};
}

WorkBudget::WorkBudget(std::uint64_t units) {
    if (state.open) return;
    owner_ = true;
    state.open = true;
    state.paused = false;
    state.units = units;
    state.used = 0;
}

WorkBudget::~WorkBudget() {
    if (owner_) state = BudgetState{};
}

std::uint64_t WorkBudget::used() const {
    return state.used;
}

UnchargedWork::UnchargedWork() : was_paused_(state.paused) {
    state.paused = true;
}

UnchargedWork::~UnchargedWork() {
    state.paused = was_paused_;
}

std::uint64_t tree_nodes(const GiNaC::ex& e, std::uint64_t cap) {
    std::uint64_t nodes = 1;
    for (std::size_t i = 0; i < e.nops() && nodes <= cap; ++i)
        nodes = add(nodes, tree_nodes(e.op(i), cap - std::min(cap, nodes)));
    return nodes;
}

std::uint64_t derivative_nodes(const GiNaC::ex& e, const GiNaC::symbol& x, std::uint64_t cap) {
    return sizes_of(e, x, cap).derivative;
}

GiNaC::ex charged_diff(const GiNaC::ex& e, const GiNaC::symbol& x) {
    if (state.open && !state.paused) {
        // Only what is left of the budget needs counting: past it, the charge throws.
        const std::uint64_t left = state.units - std::min(state.units, state.used);
        const Sizes sizes = sizes_of(e, x, left);
        charge_work(add(sizes.nodes, sizes.derivative));
    }
    return e.diff(x);
}

} // namespace chainrule
