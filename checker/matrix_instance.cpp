#include "checker/matrix_instance.hpp"

#include "expr/functions.hpp"
#include "expr/symbols.hpp"

namespace chainrule {

using GiNaC::ex;

namespace {

using Kind = MatrixNode::Kind;

std::string subscript(std::size_t n) {
    static const char* const digits[] = {"₀", "₁", "₂", "₃", "₄", "₅", "₆", "₇", "₈", "₉"};
    std::string text = std::to_string(n);
    std::string out;
    for (char c : text) out += digits[c - '0'];
    return out;
}

MatrixValue filled(std::size_t rows, std::size_t cols, const ex& value) {
    MatrixValue out;
    out.rows = rows;
    out.cols = cols;
    out.entries.assign(rows * cols, value);
    return out;
}

MatrixValue scalar_value(const ex& value) {
    MatrixValue out = filled(1, 1, value);
    out.scalar = true;
    return out;
}

ex apply_function(const std::string& f, const ex& u) {
    if (f == "exp") return GiNaC::exp(u);
    if (f == "log") return GiNaC::log(u);
    if (f == "sqrt") return GiNaC::sqrt(u);
    if (f == "abs") return GiNaC::abs(u);
    if (f == "tanh") return GiNaC::tanh(u);
    if (f == "tanh_prime") return 1 - GiNaC::pow(GiNaC::tanh(u), 2);
    if (f == "sigmoid") return sigmoid(u);
    if (f == "sigmoid_prime") return sigmoid(u) * (1 - sigmoid(u));
    if (f == "relu") return relu(u);
    if (f == "relu_prime" || f == "heaviside") return ind_gt(u, 0);
    throw InputError("function '" + f + "' cannot be applied entry by entry");
}

class Instantiator {
  public:
    Instantiator(const ShapeSolver& solver, const DimensionSizes& sizes,
                 const std::map<std::string, MatrixValue>& values, FrozenFunction* frozen)
        : solver_(solver), sizes_(sizes), values_(values), frozen_(frozen) {}

    MatrixValue operator()(const MatrixNode& node) {
        switch (node.kind) {
        case Kind::number: return scalar_value(node.number);
        case Kind::dimension: return scalar_value(GiNaC::numeric(static_cast<long>(
            dimension_size(node.text, sizes_))));
        case Kind::name: {
            auto it = values_.find(node.text);
            if (it == values_.end()) throw InputError("'" + node.text + "' has no value");
            return it->second;
        }
        case Kind::identity: {
            std::size_t n = size_of(node.rows);
            MatrixValue out = filled(n, n, 0);
            for (std::size_t i = 0; i < n; ++i) out.at(i, i) = 1;
            return out;
        }
        case Kind::sum:
        case Kind::difference: {
            MatrixValue a = (*this)(node.children[0]);
            MatrixValue b = (*this)(node.children[1]);
            int sign = node.kind == Kind::sum ? 1 : -1;
            return entrywise(a, b, [sign](const ex& x, const ex& y) { return x + sign * y; });
        }
        case Kind::negation: {
            MatrixValue a = (*this)(node.children[0]);
            for (auto& e : a.entries) e = -e;
            return a;
        }
        case Kind::hadamard:
            return entrywise((*this)(node.children[0]), (*this)(node.children[1]),
                             [](const ex& x, const ex& y) { return x * y; });
        case Kind::hadamard_divide:
            return entrywise((*this)(node.children[0]), (*this)(node.children[1]),
                             [](const ex& x, const ex& y) { return x / y; });
        case Kind::greater:
            return entrywise((*this)(node.children[0]), (*this)(node.children[1]),
                             [](const ex& x, const ex& y) { return ind_gt(x, y); });
        case Kind::greater_equal:
            return entrywise((*this)(node.children[0]), (*this)(node.children[1]),
                             [](const ex& x, const ex& y) { return ind_ge(x, y); });
        case Kind::elementwise_power: {
            MatrixValue a = (*this)(node.children[0]);
            ex k = (*this)(node.children[1]).entries.front();
            for (auto& e : a.entries) e = GiNaC::pow(e, k);
            return a;
        }
        case Kind::power: {
            MatrixValue a = (*this)(node.children[0]);
            ex k = (*this)(node.children[1]).entries.front();
            a.entries.front() = GiNaC::pow(a.entries.front(), k);
            return a;
        }
        case Kind::divide: {
            MatrixValue a = (*this)(node.children[0]);
            MatrixValue b = (*this)(node.children[1]);
            for (auto& e : a.entries) e = e / b.entries.front();
            a.scalar = a.scalar && b.scalar;
            return a;
        }
        case Kind::transpose: return transposed((*this)(node.children[0]));
        case Kind::product: return product((*this)(node.children[0]), (*this)(node.children[1]));
        case Kind::call: return call(node);
        }
        return scalar_value(0);
    }

  private:
    std::size_t size_of(int term) const {
        auto label = solver_.label(term);
        if (!label) throw InputError("a dimension of I cannot be told");
        return dimension_size(*label, sizes_);
    }

    template <typename F> static MatrixValue entrywise(const MatrixValue& a, const MatrixValue& b, F f) {
        if (a.scalar && !b.scalar) {
            MatrixValue out = b;
            for (auto& e : out.entries) e = f(a.entries.front(), e);
            return out;
        }
        if (b.scalar && !a.scalar) {
            MatrixValue out = a;
            for (auto& e : out.entries) e = f(e, b.entries.front());
            return out;
        }
        MatrixValue out = a;
        for (std::size_t i = 0; i < out.entries.size(); ++i) out.entries[i] = f(a.entries[i], b.entries[i]);
        return out;
    }

    static bool one_by_one(const MatrixValue& v) { return v.scalar || (v.rows == 1 && v.cols == 1); }

    static MatrixValue product(const MatrixValue& a, const MatrixValue& b) {
        if (one_by_one(a) && !(one_by_one(b) && !a.scalar && b.scalar)) {
            MatrixValue out = b;
            for (auto& e : out.entries) e = a.entries.front() * e;
            out.scalar = a.scalar && b.scalar;
            return out;
        }
        if (one_by_one(b)) {
            MatrixValue out = a;
            for (auto& e : out.entries) e = e * b.entries.front();
            out.scalar = a.scalar && b.scalar;
            return out;
        }
        MatrixValue out = filled(a.rows, b.cols, 0);
        GiNaC::exvector terms;
        for (std::size_t i = 0; i < a.rows; ++i)
            for (std::size_t j = 0; j < b.cols; ++j) {
                terms.clear();
                for (std::size_t k = 0; k < a.cols; ++k) {
                    const ex& x = a.at(i, k);
                    const ex& y = b.at(k, j);
                    if (x.is_zero() || y.is_zero()) continue;
                    terms.push_back(x * y);
                }
                out.at(i, j) = terms.empty() ? ex(0) : GiNaC::ex(GiNaC::add(terms));
            }
        return out;
    }

    MatrixValue call(const MatrixNode& node) {
        const std::string& f = node.text;
        if (is_elementwise_function(f)) {
            MatrixValue a = (*this)(node.children[0]);
            for (auto& e : a.entries) e = apply(f, e);
            return a;
        }
        if (f == "eye" || f == "ones" || f == "zeros") {
            std::size_t r = dimension_argument(node.children[0]);
            std::size_t c = node.children.size() > 1 ? dimension_argument(node.children[1]) : 1;
            if (f == "ones") return filled(r, c, 1);
            MatrixValue out = filled(r, c, 0);
            if (f == "eye")
                for (std::size_t i = 0; i < r; ++i) out.at(i, i) = 1;
            return out;
        }
        MatrixValue a = (*this)(node.children[0]);
        if (f == "softmax") {
            GiNaC::exvector exps;
            for (const auto& e : a.entries) exps.push_back(GiNaC::exp(e));
            ex total = GiNaC::add(exps);
            for (std::size_t i = 0; i < a.entries.size(); ++i) a.entries[i] = exps[i] / total;
            return a;
        }
        if (f == "diag") {
            std::size_t n = a.entries.size();
            MatrixValue out = filled(n, n, 0);
            for (std::size_t i = 0; i < n; ++i) out.at(i, i) = a.entries[i];
            return out;
        }
        if (f == "sum") return scalar_value(GiNaC::add(a.entries));
        if (f == "norm2") {
            GiNaC::exvector squares;
            for (const auto& e : a.entries) squares.push_back(GiNaC::pow(e, 2));
            return scalar_value(GiNaC::add(squares));
        }
        if (f == "trace") {
            GiNaC::exvector diagonal;
            for (std::size_t i = 0; i < a.rows; ++i) diagonal.push_back(a.at(i, i));
            return scalar_value(GiNaC::add(diagonal));
        }
        MatrixValue b = (*this)(node.children[1]);
        if (f == "outer") return product(a, transposed(b));
        if (f == "dot") {
            GiNaC::exvector terms;
            for (std::size_t i = 0; i < a.entries.size(); ++i)
                terms.push_back(a.entries[i] * b.entries[i]);
            return scalar_value(GiNaC::add(terms));
        }
        throw InputError("function '" + f + "' is not in the matrix language");
    }

    ex apply(const std::string& f, const ex& u) {
        if (!frozen_ || frozen_->function != f) return apply_function(f, u);
        GiNaC::symbol value_symbol, argument_symbol;
        frozen_->restore[value_symbol] = apply_function(f, u);
        frozen_->restore[argument_symbol] = u;
        return value_symbol + u - argument_symbol;
    }

    std::size_t dimension_argument(const MatrixNode& arg) const {
        if (arg.kind == Kind::number) return arg.number.to_long();
        return dimension_size(arg.text, sizes_);
    }

    const ShapeSolver& solver_;
    const DimensionSizes& sizes_;
    const std::map<std::string, MatrixValue>& values_;
    FrozenFunction* frozen_;
};

} // namespace

std::size_t dimension_size(const std::string& label, const DimensionSizes& sizes) {
    if (auto it = sizes.find(label); it != sizes.end()) return it->second;
    if (!label.empty() && label.find_first_not_of("0123456789") == std::string::npos &&
        label.size() < 7)
        return std::stoul(label);
    throw InputError("the dimension '" + label + "' has no size");
}

std::string entry_symbol_name(const std::string& name, std::size_t row, std::size_t col,
                              bool vector) {
    if (vector) return name + subscript(row + 1);
    std::string separator = row + 1 > 9 || col + 1 > 9 ? "," : "";
    return name + subscript(row + 1) + separator + subscript(col + 1);
}

MatrixValue symbol_matrix(const std::string& name, std::size_t rows, std::size_t cols,
                          bool vector) {
    MatrixValue out = filled(rows, cols, 0);
    for (std::size_t i = 0; i < rows; ++i)
        for (std::size_t j = 0; j < cols; ++j)
            out.at(i, j) = variable(entry_symbol_name(name, vector ? i + j : i, j, vector));
    return out;
}

MatrixValue instantiate(const MatrixNode& node, const ShapeSolver& solver,
                        const DimensionSizes& sizes,
                        const std::map<std::string, MatrixValue>& values, FrozenFunction* frozen) {
    return Instantiator(solver, sizes, values, frozen)(node);
}

MatrixValue transposed(const MatrixValue& value) {
    MatrixValue out = value;
    out.rows = value.cols;
    out.cols = value.rows;
    for (std::size_t i = 0; i < value.rows; ++i)
        for (std::size_t j = 0; j < value.cols; ++j) out.at(j, i) = value.at(i, j);
    return out;
}

MatrixValue substituted(const MatrixValue& value, const GiNaC::exmap& substitutions,
                        std::size_t depth) {
    MatrixValue out = value;
    if (substitutions.empty()) return out;
    for (auto& e : out.entries)
        for (std::size_t pass = 0; pass < depth; ++pass) {
            ex next = e.subs(substitutions, GiNaC::subs_options::no_pattern);
            if (next.is_equal(e)) break;
            e = next;
        }
    return out;
}

} // namespace chainrule
