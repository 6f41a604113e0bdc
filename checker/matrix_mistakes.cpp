#include "checker/matrix_mistakes.hpp"

#include "checker/matrix_compare.hpp"
#include "expr/printer.hpp"

#include <functional>

namespace chainrule {

namespace {

using Kind = MatrixNode::Kind;
using Path = std::vector<std::size_t>;

void collect_paths(const MatrixNode& node, Path& path,
                   const std::function<bool(const MatrixNode&)>& wanted, std::vector<Path>& out) {
    if (wanted(node)) out.push_back(path);
    for (std::size_t i = 0; i < node.children.size(); ++i) {
        path.push_back(i);
        collect_paths(node.children[i], path, wanted, out);
        path.pop_back();
    }
}

MatrixNode& at_path(MatrixNode& root, const Path& path) {
    MatrixNode* node = &root;
    for (std::size_t i : path)
        node = &node->children[i];
    return *node;
}

// The answer's tree with one node changed, shape-checked again; nothing when the change does
// not give the shape asked.
std::optional<TypedMatrix> variant(const MatrixExpectation& expectation, const TypedMatrix& answer,
                                   const Path& path,
                                   const std::function<void(MatrixNode&)>& change) {
    TypedMatrix changed;
    changed.node = answer.node;
    change(at_path(changed.node, path));
    try {
        changed = expectation.retype(std::move(changed.node));
    } catch (const std::exception&) {
        return std::nullopt;
    }
    const NamedShape& want = expectation.expected_shape();
    if (changed.shape.scalar != want.scalar ||
        (!want.scalar && (changed.shape.rows != want.rows || changed.shape.cols != want.cols)))
        return std::nullopt;
    return changed;
}

bool right_at_every_size(const MatrixExpectation& expectation, const TypedMatrix& candidate) {
    return equal_at_every_size(
        expectation,
        [&](std::size_t k) -> std::optional<MatrixValue> {
            return expectation.at_size(candidate, k, false);
        },
        [&](std::size_t k) -> std::optional<MatrixValue> { return expectation.key(k); });
}

std::string quoted(const MatrixNode& node) {
    return "«" + print_matrix(node) + "»";
}

bool has_dimension(const MatrixNode& node, const std::string& name) {
    if (node.kind == Kind::dimension && node.text == name) return true;
    for (const auto& child : node.children)
        if (has_dimension(child, name)) return true;
    return false;
}

std::string derivative_name(const std::string& function) {
    if (function == "sigmoid") return "σ'(z) = σ(z) ⊙ (1 − σ(z))";
    if (function == "tanh") return "tanh'(z) = 1 − tanh(z)²";
    if (function == "relu") return "ReLU'(z) = (z > 0)";
    return function + "'";
}

std::string function_symbol(const std::string& function) {
    if (function == "sigmoid") return "σ";
    if (function == "relu") return "ReLU";
    return function;
}

} // namespace

const std::vector<std::string>& matrix_mistake_ids() {
    static const std::vector<std::string> ids = {"transposed_answer",
                                                 "transposed_matrix",
                                                 "hadamard_for_product",
                                                 "product_for_hadamard",
                                                 "activation_derivative_missing",
                                                 "mean_factor_dropped",
                                                 "softmax_diag_dropped",
                                                 "target_not_onehot",
                                                 "transposed_layout",
                                                 "batch_sum_missing"};
    return ids;
}

std::string hidden_matrix_mistake_message(const Diagnosis& diagnosis) {
    const std::string& m = diagnosis.message;
    if (diagnosis.id == "transposed_answer") {
        std::size_t example = m.find(" (x δᵀ");
        if (example != std::string::npos) return m.substr(0, example) + " ((A B)ᵀ = Bᵀ Aᵀ)";
    }
    if (diagnosis.id == "softmax_diag_dropped")
        return "the diagonal term of the softmax Jacobian is missing: its entries with i = j have "
               "a "
               "term of their own";
    return m;
}

std::vector<Diagnosis> transposed_layout_mistake(const MatrixExpectation& expectation,
                                                 const TypedMatrix& answer) {
    bool right = equal_at_every_size(
        expectation,
        [&](std::size_t k) -> std::optional<MatrixValue> {
            return transposed(expectation.at_size(answer, k, false));
        },
        [&](std::size_t k) -> std::optional<MatrixValue> { return expectation.key(k); });
    if (!right) return {};
    return {{"transposed_layout", "your answer is the transpose of " + expectation.title() +
                                      ": right in the other layout convention, but " +
                                      expectation.title() + " is " +
                                      expectation.expected_shape().rows + "×" +
                                      expectation.expected_shape().cols + " here"}};
}

std::vector<Diagnosis> batch_sum_mistake(const MatrixExpectation& expectation,
                                         const TypedMatrix& answer) {
    const NamedShape& want = expectation.expected_shape();
    const NamedShape& got = answer.shape;
    if (got.scalar) return {};
    bool want_one = want.scalar || (want.rows == "1" && want.cols == "1");
    auto node = [](Kind kind, std::string text, std::vector<MatrixNode> children) {
        MatrixNode n;
        n.kind = kind;
        n.text = std::move(text);
        n.children = std::move(children);
        return n;
    };
    for (const auto& d : expectation.dimensions()) {
        MatrixNode ones = node(Kind::call, "ones", {node(Kind::dimension, d, {})});
        // The answer summed over d, the way its shape allows.
        std::optional<MatrixNode> summed;
        if (want_one && ((got.rows == d && got.cols == "1") || (got.rows == "1" && got.cols == d)))
            summed = node(Kind::call, "sum", {answer.node});
        else if (!want.scalar && want.cols == "1" && got.rows == want.rows && got.cols == d)
            summed = node(Kind::product, "", {answer.node, ones});
        else if (!want.scalar && want.cols == "1" && got.rows == d && got.cols == want.rows)
            summed = node(Kind::product, "", {node(Kind::transpose, "", {answer.node}), ones});
        else if (!want.scalar && want.rows == "1" && got.rows == d && got.cols == want.cols)
            summed = node(Kind::product, "", {node(Kind::transpose, "", {ones}), answer.node});
        if (!summed) continue;
        std::string n = print_name(d, Notation::unicode);
        std::string first =
            "your answer has one " + std::string(got.rows == d ? "row" : "column") +
            " per example of the batch (" + n + " of them): " + expectation.title() +
            " sums them over the batch (Σ over the " + n + " examples, a product with 1_" + n + ")";
        for (bool mean : {false, true}) {
            MatrixNode candidate =
                mean ? node(Kind::divide, "", {*summed, node(Kind::dimension, d, {})}) : *summed;
            std::optional<TypedMatrix> typed;
            try {
                typed = expectation.retype(std::move(candidate));
            } catch (const std::exception&) {
                continue;
            }
            if (typed->shape.scalar != want.scalar && !want_one) continue;
            if (right_at_every_size(expectation, *typed))
                return {{"batch_sum_missing",
                         first + (mean ? ", then divides by " + n + " (the mean)" : "")}};
        }
    }
    return {};
}

std::vector<Diagnosis> matrix_mistakes(const MatrixExpectation& expectation,
                                       const TypedMatrix& answer) {
    std::vector<Diagnosis> found;
    const std::string& title = expectation.title();
    auto answer_at = [&](std::size_t k) -> std::optional<MatrixValue> {
        return expectation.at_size(answer, k, false);
    };
    auto key_at = [&](std::size_t k) -> std::optional<MatrixValue> { return expectation.key(k); };

    // The whole answer transposed: δ xᵀ against x δᵀ, for a square shape.
    if (equal_at_every_size(
            expectation,
            [&](std::size_t k) -> std::optional<MatrixValue> {
                return transposed(expectation.at_size(answer, k, false));
            },
            key_at))
        found.push_back({"transposed_answer",
                         "your answer is the transpose of " + title +
                             ": a factor is transposed (x δᵀ is the transpose of δ xᵀ; (A B)ᵀ = "
                             "Bᵀ Aᵀ)"});

    // One matrix transposed, or its transpose undone: W for Wᵀ.
    std::vector<Path> paths;
    Path path;
    const auto& declared = expectation.declared();
    collect_paths(
        answer.node, path,
        [&](const MatrixNode& node) {
            if (node.kind != Kind::name) return false;
            for (const auto& [name, dims] : declared)
                if (name == node.text) return dims.size() == 2;
            return false;
        },
        paths);
    for (const auto& p : paths) {
        // Undo a transpose written on it, or add one.
        Path parent = p;
        bool already = false;
        if (!parent.empty()) {
            parent.pop_back();
            already = at_path(const_cast<MatrixNode&>(answer.node), parent).kind == Kind::transpose;
        }
        const MatrixNode& name = at_path(const_cast<MatrixNode&>(answer.node), p);
        auto changed = already ? variant(expectation, answer, parent,
                                         [](MatrixNode& n) {
                                             MatrixNode inner = n.children[0];
                                             n = inner;
                                         })
                               : variant(expectation, answer, p, [](MatrixNode& n) {
                                     MatrixNode inner = n;
                                     n = MatrixNode{};
                                     n.kind = Kind::transpose;
                                     n.children = {inner};
                                 });
        if (changed && right_at_every_size(expectation, *changed)) {
            std::string plain = print_matrix(name);
            found.push_back(
                {"transposed_matrix", already ? "«" + plain + "ᵀ» where «" + plain + "» belongs"
                                              : "«" + plain + "» where «" + plain + "ᵀ» belongs"});
            break;
        }
    }

    // ⊙ where a matrix product belongs, and the reverse.
    paths.clear();
    collect_paths(
        answer.node, path,
        [](const MatrixNode& node) {
            return node.kind == Kind::hadamard || node.kind == Kind::product;
        },
        paths);
    for (const auto& p : paths) {
        const MatrixNode& node = at_path(const_cast<MatrixNode&>(answer.node), p);
        if (node.kind == Kind::product && (node.children[0].scalar || node.children[1].scalar))
            continue;
        bool was_hadamard = node.kind == Kind::hadamard;
        auto changed = variant(expectation, answer, p, [&](MatrixNode& n) {
            n.kind = was_hadamard ? Kind::product : Kind::hadamard;
        });
        if (changed && right_at_every_size(expectation, *changed)) {
            found.push_back(
                {was_hadamard ? "hadamard_for_product" : "product_for_hadamard",
                 was_hadamard ? quoted(node) +
                                    " multiplies entry by entry (⊙) where a matrix product belongs"
                              : quoted(node) +
                                    " is a matrix product where the entrywise product ⊙ belongs"});
            break;
        }
    }

    // A missing σ'(z): the derivative as if the activation's derivative were 1.
    for (const auto& f : expectation.activations()) {
        if (f != "sigmoid" && f != "tanh" && f != "relu") continue;
        if (equal_at_every_size(expectation, answer_at,
                                [&](std::size_t k) { return expectation.key_with_frozen(k, f); })) {
            found.push_back({"activation_derivative_missing",
                             "the factor " + function_symbol(f) +
                                 "'(z) is missing: the chain rule through " + function_symbol(f) +
                                 " multiplies entry by entry (⊙) by " + derivative_name(f)});
            break;
        }
    }

    // A dropped 1/N of a mean over a batch.
    for (const auto& d : expectation.dimensions()) {
        // Named only where the question takes a mean (or scales) by that dimension.
        bool in_question =
            (expectation.expected() && has_dimension(expectation.expected()->node, d)) ||
            (expectation.function() && has_dimension(expectation.function()->node, d));
        if (!in_question) continue;
        if (equal_at_every_size(
                expectation,
                [&](std::size_t k) -> std::optional<MatrixValue> {
                    MatrixValue a = expectation.at_size(answer, k, false);
                    long n = static_cast<long>(expectation.sizes()[k].at(d));
                    for (auto& e : a.entries)
                        e = e / n;
                    return a;
                },
                key_at)) {
            found.push_back({"mean_factor_dropped",
                             "your answer is " + print_name(d, Notation::unicode) + " times " +
                                 title + ": the 1/" + print_name(d, Notation::unicode) +
                                 " of the mean over the batch is dropped"});
            break;
        }
    }

    // The softmax Jacobian without its diag(s).
    for (std::size_t which = 0; which < expectation.softmax_outputs(0).size(); ++which) {
        if (equal_at_every_size(
                expectation,
                [&](std::size_t k) -> std::optional<MatrixValue> {
                    MatrixValue a = expectation.at_size(answer, k, false);
                    MatrixValue s = expectation.softmax_outputs(k)[which];
                    if (a.rows != s.entries.size() || a.cols != a.rows) return std::nullopt;
                    for (std::size_t i = 0; i < a.rows; ++i)
                        a.at(i, i) += s.entries[i];
                    return a;
                },
                key_at)) {
            found.push_back({"softmax_diag_dropped",
                             "the diag(s) term of the softmax Jacobian is missing: ∂sᵢ/∂zⱼ = "
                             "sᵢ(δᵢⱼ − sⱼ), so the Jacobian is diag(s) − s sᵀ"});
            break;
        }
    }

    // s − y where y is not one-hot: right only if y summed to 1.
    for (const auto& y : expectation.unconstrained_vectors()) {
        std::vector<std::optional<std::pair<MatrixValue, MatrixValue>>> cached(
            expectation.sizes().size());
        auto pair_at = [&](std::size_t k) {
            if (!cached[k]) cached[k] = expectation.with_probability(answer, k, y);
            return cached[k];
        };
        if (equal_at_every_size(
                expectation,
                [&](std::size_t k) -> std::optional<MatrixValue> {
                    auto p = pair_at(k);
                    if (!p) return std::nullopt;
                    return p->second;
                },
                [&](std::size_t k) -> std::optional<MatrixValue> {
                    auto p = pair_at(k);
                    if (!p) return std::nullopt;
                    return p->first;
                })) {
            std::string name = print_name(y, Notation::unicode);
            found.push_back({"target_not_onehot",
                             "your answer holds only when the entries of " + name + " sum to 1 (" +
                                 name +
                                 " one-hot or a probability vector), which this question does "
                                 "not say: with sum(" +
                                 name + ") ≠ 1 the gradient keeps it"});
            break;
        }
    }
    return found;
}

} // namespace chainrule
