#include "expr/matrix_syntax.hpp"

#include <algorithm>

namespace chainrule {

namespace {

using Kind = MatrixNode::Kind;

int precedence(const MatrixNode& node) {
    switch (node.kind) {
    case Kind::greater:
    case Kind::greater_equal: return 0;
    case Kind::sum:
    case Kind::difference: return 1;
    case Kind::product:
    case Kind::hadamard:
    case Kind::hadamard_divide:
    case Kind::divide: return 2;
    case Kind::negation: return 3;
    case Kind::power:
    case Kind::elementwise_power:
    case Kind::transpose: return 4;
    case Kind::number:
        return node.number.is_negative() || !node.number.is_integer() ? 2 : 5;
    default: return 5;
    }
}

std::string superscript(const std::string& digits) {
    static const char* const table[] = {"⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"};
    std::string out;
    for (char c : digits) {
        if (c < '0' || c > '9') return "";
        out += table[c - '0'];
    }
    return out;
}

std::string name_text(const std::string& name, Notation notation) {
    std::string shown = print_name(name, notation);
    if (notation != Notation::latex) return shown;
    return shown.front() == '\\' ? "\\boldsymbol{" + shown + "}" : "\\mathbf{" + shown + "}";
}

std::string function_text(const std::string& name, Notation notation) {
    if (notation == Notation::plain) return name;
    if (name == "sigmoid") return notation == Notation::latex ? "\\sigma" : "σ";
    if (name == "sigmoid_prime") return notation == Notation::latex ? "\\sigma'" : "σ'";
    if (name == "tanh_prime") return notation == Notation::latex ? "\\tanh'" : "tanh'";
    if (name == "relu_prime") return notation == Notation::latex ? "\\mathrm{ReLU}'" : "ReLU'";
    if (notation == Notation::latex) {
        if (name == "exp" || name == "log" || name == "tanh" || name == "sin" || name == "cos")
            return "\\" + name;
        if (name == "relu") return "\\mathrm{ReLU}";
        return "\\operatorname{" + name + "}";
    }
    if (name == "relu") return "ReLU";
    return name;
}

class MatrixPrinter {
  public:
    explicit MatrixPrinter(Notation notation) : notation_(notation) {}

    std::string operator()(const MatrixNode& node) const {
        switch (node.kind) {
        case Kind::number: return print(GiNaC::ex(node.number), notation_);
        case Kind::name: return name_text(node.text, notation_);
        case Kind::dimension: return print_name(node.text, notation_);
        case Kind::identity: return notation_ == Notation::latex ? "\\mathbf{I}" : "I";
        case Kind::sum: return binary(node, " + ", 1, 2);
        case Kind::difference:
            return binary(node, notation_ == Notation::unicode ? " − " : " - ", 1, 2);
        case Kind::negation:
            return (notation_ == Notation::unicode ? "−" : "-") + wrap(node.children[0], 3);
        case Kind::product: {
            std::string separator = notation_ == Notation::latex ? " " : " ";
            // A number first reads as a coefficient: 2x, not 2 x.
            if (node.children[0].kind == Kind::number && precedence(node.children[0]) == 5 &&
                node.children[1].kind != Kind::number)
                separator = notation_ == Notation::latex ? " " : "";
            return wrap(node.children[0], 2) + separator + wrap(node.children[1], 3);
        }
        case Kind::hadamard:
            return binary(node,
                          notation_ == Notation::plain     ? " .* "
                          : notation_ == Notation::latex ? " \\odot "
                                                         : " ⊙ ",
                          2, 3);
        case Kind::hadamard_divide:
            return binary(node,
                          notation_ == Notation::plain     ? " ./ "
                          : notation_ == Notation::latex ? " \\oslash "
                                                         : " ⊘ ",
                          2, 3);
        case Kind::divide:
            if (notation_ == Notation::latex)
                return "\\frac{" + (*this)(node.children[0]) + "}{" + (*this)(node.children[1]) +
                       "}";
            return binary(node, "/", 2, 3);
        case Kind::power:
        case Kind::elementwise_power: {
            std::string base = wrap(node.children[0], 5);
            const MatrixNode& exponent = node.children[1];
            std::string dot = node.kind == Kind::elementwise_power ? "." : "";
            if (notation_ == Notation::latex)
                return base + (dot.empty() ? "" : "^{\\circ") + "^{" + (*this)(exponent) + "}" +
                       (dot.empty() ? "" : "}");
            if (notation_ == Notation::unicode && dot.empty() && exponent.kind == Kind::number &&
                exponent.number.is_pos_integer()) {
                std::string s = superscript(std::to_string(exponent.number.to_long()));
                if (!s.empty()) return base + s;
            }
            return base + dot + "^" + wrap(exponent, 5);
        }
        case Kind::transpose:
            return wrap(node.children[0], 5) + (notation_ == Notation::plain     ? "^T"
                                                : notation_ == Notation::latex ? "^\\top"
                                                                               : "ᵀ");
        case Kind::greater:
        case Kind::greater_equal: {
            const char* op = node.kind == Kind::greater ? " > "
                             : notation_ == Notation::plain ? " >= "
                             : notation_ == Notation::latex ? " \\geq "
                                                            : " ≥ ";
            return "(" + (*this)(node.children[0]) + op + (*this)(node.children[1]) + ")";
        }
        case Kind::call: return call(node);
        }
        return "";
    }

  private:
    std::string call(const MatrixNode& node) const {
        if (node.text == "norm2") {
            std::string inner = (*this)(node.children[0]);
            if (notation_ == Notation::plain) return "norm2(" + inner + ")";
            if (notation_ == Notation::latex) return "\\lVert " + inner + " \\rVert^{2}";
            return "‖" + inner + "‖²";
        }
        std::string out = function_text(node.text, notation_) +
                          (notation_ == Notation::latex ? "\\left(" : "(");
        for (std::size_t i = 0; i < node.children.size(); ++i)
            out += (i ? ", " : "") + (*this)(node.children[i]);
        return out + (notation_ == Notation::latex ? "\\right)" : ")");
    }

    std::string binary(const MatrixNode& node, const std::string& op, int left,
                       int right) const {
        return wrap(node.children[0], left) + op + wrap(node.children[1], right);
    }

    std::string wrap(const MatrixNode& node, int needed) const {
        std::string text = (*this)(node);
        if (precedence(node) >= needed) return text;
        return notation_ == Notation::latex ? "\\left(" + text + "\\right)" : "(" + text + ")";
    }

    Notation notation_;
};

} // namespace

std::string print_matrix(const MatrixNode& node, Notation notation) {
    return MatrixPrinter(notation)(node);
}

const std::vector<std::string>& matrix_function_names() {
    static const std::vector<std::string> names = {
        "abs",   "diag",   "dot",     "exp",     "eye",           "heaviside", "log",
        "norm2", "ones",   "outer",   "relu",    "relu_prime",    "sigmoid",   "sigmoid_prime",
        "softmax", "sqrt", "sum",     "tanh",    "tanh_prime",    "trace",     "zeros"};
    return names;
}

bool is_elementwise_function(const std::string& name) {
    static const std::vector<std::string> names = {
        "abs",  "exp",        "heaviside",     "log",  "relu",
        "relu_prime", "sigmoid", "sigmoid_prime", "sqrt", "tanh", "tanh_prime"};
    return std::find(names.begin(), names.end(), name) != names.end();
}

} // namespace chainrule
