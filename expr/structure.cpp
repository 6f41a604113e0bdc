#include "expr/structure.hpp"

#include "expr/node_kind.hpp"

namespace chainrule {

using GiNaC::ex;
using GiNaC::ex_to;
using GiNaC::numeric;

void collect_symbols(const ex& e, std::set<ex, GiNaC::ex_is_less>& out) {
    if (is_kind(e, NodeKind::symbol)) {
        out.insert(e);
        return;
    }
    for (std::size_t i = 0; i < e.nops(); ++i)
        collect_symbols(e.op(i), out);
}

void collect_symbols(const ex& e, std::set<std::string>& out) {
    if (is_kind(e, NodeKind::symbol)) {
        out.insert(ex_to<GiNaC::symbol>(e).get_name());
        return;
    }
    for (std::size_t i = 0; i < e.nops(); ++i)
        collect_symbols(e.op(i), out);
}

bool has_symbol(const ex& e) {
    if (is_kind(e, NodeKind::symbol)) return true;
    for (std::size_t i = 0; i < e.nops(); ++i)
        if (has_symbol(e.op(i))) return true;
    return false;
}

numeric coefficient_of(const ex& e) {
    if (is_kind(e, NodeKind::numeric)) return ex_to<numeric>(e);
    if (is_kind(e, NodeKind::mul) && e.nops() > 0) {
        const ex& last = e.op(e.nops() - 1);
        if (is_kind(last, NodeKind::numeric)) return ex_to<numeric>(last);
    }
    return 1;
}

std::size_t tree_size(const ex& e, std::size_t limit) {
    std::size_t size = 1;
    for (std::size_t i = 0; i < e.nops() && size <= limit; ++i)
        size += tree_size(e.op(i), limit - size);
    return size;
}

} // namespace chainrule
