#include "expr/matrix_shape.hpp"

namespace chainrule {

namespace {

using Kind = MatrixNode::Kind;

class Inference {
  public:
    Inference(ShapeSolver& solver, const ShapeEnvironment& environment)
        : solver_(solver), environment_(environment) {}

    void operator()(MatrixNode& node) {
        for (auto& child : node.children)
            if (node.kind != Kind::call || !is_dimension_argument(node, child)) (*this)(child);
        switch (node.kind) {
        case Kind::number:
        case Kind::dimension: return make_scalar(node);
        case Kind::name: return name(node);
        case Kind::identity: {
            int d = solver_.fresh();
            return set(node, d, d);
        }
        case Kind::sum:
        case Kind::difference:
            return same_shape(node, node.kind == Kind::sum ? "add" : "subtract", "from");
        case Kind::hadamard:
        case Kind::hadamard_divide:
        case Kind::greater:
        case Kind::greater_equal:
            return same_shape(node,
                              node.kind == Kind::hadamard          ? "multiply entry by entry"
                              : node.kind == Kind::hadamard_divide ? "divide entry by entry"
                                                                   : "compare",
                              "and");
        case Kind::negation: return copy(node, node.children[0]);
        case Kind::product: return product(node);
        case Kind::divide: {
            const MatrixNode& divisor = node.children[1];
            if (!scalar_like(divisor))
                fail("cannot divide by " + operand(divisor) +
                         ": only a scalar or a 1×1 product divides (for entry by entry, ./)",
                     node);
            return copy_scaled(node, node.children[0], divisor);
        }
        case Kind::power: {
            const MatrixNode& base = node.children[0];
            if (!node.children[1].scalar)
                fail("the exponent " + operand(node.children[1]) + " is not a scalar", node);
            if (!scalar_like(base))
                fail(operand(base) + " ^ " + print_matrix(node.children[1]) +
                         ": a power of a matrix; write the product out, or use .^ for each "
                         "entry",
                     node);
            return copy(node, base);
        }
        case Kind::elementwise_power:
            if (!node.children[1].scalar)
                fail("the exponent " + operand(node.children[1]) + " is not a scalar", node);
            return copy(node, node.children[0]);
        case Kind::transpose: {
            const MatrixNode& inner = node.children[0];
            node.scalar = inner.scalar;
            node.rows = inner.cols;
            node.cols = inner.rows;
            return;
        }
        case Kind::call: return call(node);
        }
    }

  private:
    [[noreturn]] void fail(const std::string& message, const MatrixNode& node) const {
        throw ShapeError(message, node.column);
    }

    std::string operand(const MatrixNode& node) const {
        return print_matrix(node) + " (" + shape_text(node, solver_) + ")";
    }

    bool is_dimension_argument(const MatrixNode& call, const MatrixNode& child) const {
        return (call.text == "eye" || call.text == "ones" || call.text == "zeros") &&
               (child.kind == Kind::dimension || child.kind == Kind::number);
    }

    bool one_by_one(const MatrixNode& node) const {
        auto r = solver_.label(node.rows);
        auto c = solver_.label(node.cols);
        return r && c && *r == "1" && *c == "1";
    }
    bool scalar_like(const MatrixNode& node) const { return node.scalar || one_by_one(node); }

    void set(MatrixNode& node, int rows, int cols) {
        node.rows = rows;
        node.cols = cols;
        node.scalar = false;
    }
    void make_scalar(MatrixNode& node) {
        node.scalar = true;
        node.rows = node.cols = solver_.rigid("1");
    }
    void copy(MatrixNode& node, const MatrixNode& from) {
        node.rows = from.rows;
        node.cols = from.cols;
        node.scalar = from.scalar;
    }
    // A matrix scaled by a scalar or a 1×1 product: the matrix's shape; a 1×1 product by a
    // scalar stays 1×1 (not a scalar).
    void copy_scaled(MatrixNode& node, const MatrixNode& matrix, const MatrixNode& factor) {
        copy(node, matrix);
        node.scalar = matrix.scalar && factor.scalar;
    }

    void name(MatrixNode& node) {
        if (auto it = environment_.declared.find(node.text); it != environment_.declared.end()) {
            const auto& dims = it->second;
            if (dims.empty()) return make_scalar(node);
            return set(node, solver_.rigid(dims[0]), solver_.rigid(dims.size() > 1 ? dims[1] : "1"));
        }
        if (auto it = environment_.lets.find(node.text); it != environment_.lets.end()) {
            if (it->second.scalar) return make_scalar(node);
            return set(node, solver_.rigid(it->second.rows), solver_.rigid(it->second.cols));
        }
        fail("'" + node.text + "' has no shape", node);
    }

    void same_shape(MatrixNode& node, const std::string& verb, const std::string& joiner) {
        const MatrixNode& a = node.children[0];
        const MatrixNode& b = node.children[1];
        if (a.scalar && b.scalar) return make_scalar(node);
        // A number added to a matrix goes to every entry (1 − σ(z)); a 1×1 product does not.
        if (a.scalar) return copy(node, b);
        if (b.scalar) return copy(node, a);
        if (solver_.find(a.rows) != solver_.find(b.rows) ||
            solver_.find(a.cols) != solver_.find(b.cols)) {
            ShapeSolver trial = solver_;
            if (!trial.unify(a.rows, b.rows) || !trial.unify(a.cols, b.cols)) {
                if (joiner == "from")
                    fail("cannot " + verb + " " + operand(b) + " " + joiner + " " + operand(a),
                         node);
                fail("cannot " + verb + " " + operand(a) + " " + joiner + " " + operand(b), node);
            }
            solver_ = trial;
        }
        set(node, a.rows, a.cols);
    }

    void product(MatrixNode& node) {
        const MatrixNode& a = node.children[0];
        const MatrixNode& b = node.children[1];
        if (scalar_like(a)) return copy_scaled(node, b, a);
        if (scalar_like(b)) return copy_scaled(node, a, b);
        if (!solver_.unify(a.cols, b.rows)) {
            std::string hint;
            if (solver_.find(a.rows) == solver_.find(b.rows) &&
                solver_.find(a.cols) == solver_.find(b.cols))
                hint = "; for the product of each entry, write ⊙ (or .*)";
            fail("cannot multiply " + operand(a) + " by " + operand(b) + ": " +
                     print_matrix(a) + " has " + dimension(a.cols) + " columns but " +
                     print_matrix(b) + " has " + dimension(b.rows) + " rows" + hint,
                 node);
        }
        set(node, a.rows, b.cols);
    }

    std::string dimension(int term) const { return solver_.label(term).value_or("?"); }

    int dimension_argument(const MatrixNode& node, const MatrixNode& arg) {
        if (arg.kind == Kind::dimension) return solver_.rigid(arg.text);
        if (arg.kind == Kind::number && arg.number.is_pos_integer())
            return solver_.rigid(std::to_string(arg.number.to_long()));
        fail(node.text + "(...) takes a dimension (a name of the question or a positive "
                         "whole number), not " +
                 print_matrix(arg),
             node);
    }

    void arity(const MatrixNode& node, std::size_t low, std::size_t high) const {
        if (node.children.size() < low || node.children.size() > high)
            fail(node.text + "(...) at column " + std::to_string(node.column) + " takes " +
                     (low == high ? std::to_string(low) : std::to_string(low) + " or " +
                                                              std::to_string(high)) +
                     (high == 1 ? " argument" : " arguments"),
                 node);
    }

    bool column_vector(const MatrixNode& node) const {
        auto c = solver_.label(node.cols);
        return !node.scalar && c && *c == "1";
    }

    void call(MatrixNode& node) {
        const std::string& f = node.text;
        if (is_elementwise_function(f)) {
            arity(node, 1, 1);
            return copy(node, node.children[0]);
        }
        if (f == "softmax") {
            arity(node, 1, 1);
            if (!column_vector(node.children[0]))
                fail("softmax takes a column vector, not " + operand(node.children[0]), node);
            return copy(node, node.children[0]);
        }
        if (f == "eye") {
            arity(node, 1, 1);
            int d = dimension_argument(node, node.children[0]);
            return set(node, d, d);
        }
        if (f == "ones" || f == "zeros") {
            arity(node, 1, 2);
            int r = dimension_argument(node, node.children[0]);
            int c = node.children.size() > 1 ? dimension_argument(node, node.children[1])
                                             : solver_.rigid("1");
            return set(node, r, c);
        }
        if (f == "diag") {
            arity(node, 1, 1);
            const MatrixNode& v = node.children[0];
            if (column_vector(v)) return set(node, v.rows, v.rows);
            auto r = solver_.label(v.rows);
            if (!v.scalar && r && *r == "1") return set(node, v.cols, v.cols);
            fail("diag takes a vector, not " + operand(v), node);
        }
        if (f == "sum" || f == "norm2") {
            arity(node, 1, 1);
            return make_scalar(node);
        }
        if (f == "trace") {
            arity(node, 1, 1);
            const MatrixNode& a = node.children[0];
            if (!a.scalar && !solver_.unify(a.rows, a.cols))
                fail("trace takes a square matrix, not " + operand(a), node);
            return make_scalar(node);
        }
        if (f == "outer" || f == "dot") {
            arity(node, 2, 2);
            const MatrixNode& u = node.children[0];
            const MatrixNode& v = node.children[1];
            for (const MatrixNode* w : {&u, &v})
                if (!column_vector(*w))
                    fail(f + " takes two column vectors, not " + operand(*w), node);
            if (f == "outer") return set(node, u.rows, v.rows);
            if (!solver_.unify(u.rows, v.rows))
                fail("dot takes two vectors of one length, not " + operand(u) + " and " +
                         operand(v),
                     node);
            return make_scalar(node);
        }
        fail("function '" + f + "' is not in the matrix language", node);
    }

    ShapeSolver& solver_;
    const ShapeEnvironment& environment_;
};

} // namespace

int ShapeSolver::rigid(const std::string& label) {
    if (auto it = rigid_.find(label); it != rigid_.end()) return it->second;
    int term = fresh();
    labels_[term] = label;
    rigid_[label] = term;
    return term;
}

int ShapeSolver::fresh() {
    parent_.push_back(static_cast<int>(parent_.size()));
    labels_.emplace_back();
    return parent_.back();
}

int ShapeSolver::find(int term) const {
    while (parent_[term] != term) term = parent_[term];
    return term;
}

bool ShapeSolver::unify(int a, int b) {
    a = find(a);
    b = find(b);
    if (a == b) return true;
    if (labels_[a] && labels_[b]) return false;
    if (labels_[a]) std::swap(a, b); // the rigid term stays the representative
    parent_[a] = b;
    return true;
}

std::optional<std::string> ShapeSolver::label(int term) const { return labels_[find(term)]; }

std::string ShapeSolver::describe(int rows, int cols) const {
    return label(rows).value_or("?") + "×" + label(cols).value_or("?");
}

void infer_shapes(MatrixNode& node, ShapeSolver& solver, const ShapeEnvironment& environment) {
    Inference(solver, environment)(node);
}

NamedShape resolved_shape(const MatrixNode& node, const ShapeSolver& solver) {
    NamedShape shape;
    shape.scalar = node.scalar;
    if (node.scalar) return shape;
    auto r = solver.label(node.rows);
    auto c = solver.label(node.cols);
    if (!r || !c)
        throw ShapeError("the size of " + print_matrix(node) +
                             " cannot be told: I needs something to take its size from (or "
                             "write eye(n))",
                         node.column);
    shape.rows = *r;
    shape.cols = *c;
    return shape;
}

std::string shape_text(const MatrixNode& node, const ShapeSolver& solver) {
    return solver.describe(node.rows, node.cols);
}

} // namespace chainrule
