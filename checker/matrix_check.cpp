// Over 600 lines, one job: the matrix question (MatrixExpectation: its parse, the key at the
// three sizes, the instances) and the check of an answer against it; the comparison, the
// mistakes and the report already have their own files (matrix_compare, matrix_mistakes,
// matrix_report).
#include "checker/matrix_check.hpp"

#include "checker/equivalence.hpp"
#include "checker/matrix_compare.hpp"
#include "checker/matrix_mistakes.hpp"
#include "expr/printer.hpp"
#include "expr/symbols.hpp"
#include "expr/utf8.hpp"
#include "expr/work_budget.hpp"

#include <algorithm>

namespace chainrule {

using GiNaC::ex;

struct MatrixInstanceCache {
    std::map<std::string, MatrixValue> full;    ///< declared names and lets worked out
    std::map<std::string, MatrixValue> display; ///< declared names, lets as their own symbols
    std::optional<MatrixValue> key;
    std::optional<MatrixValue> key_display;
    GiNaC::exmap let_values; ///< each let's own symbols → its entries worked out
    /// Each let's own symbols → its entries in terms of the earlier lets' symbols.
    GiNaC::exmap let_definitions;
};

namespace {

std::string trim(const std::string& text) {
    std::size_t from = text.find_first_not_of(" \t");
    if (from == std::string::npos) return "";
    std::size_t to = text.find_last_not_of(" \t");
    return text.substr(from, to - from + 1);
}

std::pair<std::string, std::string> split_assignment(const std::string& text, const char* option) {
    std::size_t equal = text.find('=');
    if (equal == std::string::npos)
        throw InputError(std::string(option) + " '" + printable(text) + "' must be NAME=VALUE");
    std::string name = trim(text.substr(0, equal));
    if (name.empty())
        throw InputError(std::string(option) + " '" + printable(text) + "' has no name");
    return {name, trim(text.substr(equal + 1))};
}

bool is_identifier(const std::string& name) {
    std::vector<char32_t> cps = decode_utf8(name);
    if (cps.empty()) return false;
    auto letter = [](char32_t c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= 0x391 && c <= 0x3C9);
    };
    if (!letter(cps[0]) || cps[0] == U'σ') return false;
    return std::all_of(cps.begin(), cps.end(), [&](char32_t c) {
        return (letter(c) && c != U'σ') || (c >= '0' && c <= '9') || c == '_';
    });
}

bool is_number_label(const std::string& text) {
    return !text.empty() && text.size() < 5 &&
           text.find_first_not_of("0123456789") == std::string::npos && text != "0" &&
           text[0] != '0';
}

// A ParseError in part of the question: "in --let z: ..." with the caret.
[[noreturn]] void question_error(const std::string& where, const std::exception& error) {
    if (auto parse = dynamic_cast<const ParseError*>(&error))
        throw InputError("in " + where + ": " + parse->with_caret());
    throw InputError("in " + where + ": " + error.what());
}

std::string shape_words(const NamedShape& shape) {
    return shape.scalar ? "1×1" : shape.rows + "×" + shape.cols;
}

} // namespace

MatrixConstraint parse_matrix_constraint(const std::string& word) {
    if (word == "onehot" || word == "one-hot") return MatrixConstraint::onehot;
    if (word == "probability") return MatrixConstraint::probability;
    if (word == "symmetric") return MatrixConstraint::symmetric;
    if (word == "positive") return MatrixConstraint::positive;
    throw InputError("--constraint takes onehot, probability, symmetric or positive, not '" +
                     printable(word) + "'");
}

MatrixExpectation::~MatrixExpectation() = default;
MatrixExpectation::MatrixExpectation(MatrixExpectation&&) noexcept = default;

MatrixExpectation::MatrixExpectation(const MatrixQuestionText& question) {
    if (question.shapes.empty()) throw InputError("a matrix question needs --shape NAME=DIMS");
    for (const auto& text : question.shapes) {
        auto [name, dims_text] = split_assignment(text, "--shape");
        if (!is_identifier(name) || name == "I" || name == "T")
            throw InputError(
                "--shape '" + printable(text) + "': '" + printable(name) +
                "' cannot be a name (a letter, then letters, digits or _; not I or T)");
        if (environment_.declared.count(name))
            throw InputError("--shape: '" + printable(name) + "' is declared twice");
        std::vector<std::string> dims;
        std::string rest = dims_text;
        if (!rest.empty() && rest.front() == '[' && rest.back() == ']')
            rest = rest.substr(1, rest.size() - 2);
        std::size_t from = 0;
        while (!trim(rest).empty() && from <= rest.size()) {
            std::size_t comma = rest.find(',', from);
            std::string dim = trim(
                rest.substr(from, comma == std::string::npos ? std::string::npos : comma - from));
            if (!is_number_label(dim) && !is_identifier(dim))
                throw InputError("--shape '" + printable(text) + "': '" + printable(dim) +
                                 "' is not a dimension (a name such as n, or a positive whole "
                                 "number)");
            dims.push_back(dim);
            if (comma == std::string::npos) break;
            from = comma + 1;
        }
        if (dims.size() > 2)
            throw InputError("--shape '" + printable(text) +
                             "': at most two dimensions (rows, columns)");
        for (const auto& d : dims)
            if (!is_number_label(d) &&
                std::find(dimensions_.begin(), dimensions_.end(), d) == dimensions_.end())
                dimensions_.push_back(d);
        declared_.emplace_back(name, dims);
        environment_.declared[name] = dims;
        names_.matrices.insert(name);
    }
    for (const auto& d : dimensions_) {
        if (environment_.declared.count(d))
            throw InputError("'" + printable(d) + "' is both a dimension and a declared name");
        names_.dimensions.insert(d);
    }
    for (const auto& text : question.constraints) {
        auto [name, word] = split_assignment(text, "--constraint");
        auto it = environment_.declared.find(name);
        if (it == environment_.declared.end())
            throw InputError("--constraint '" + printable(text) + "': '" + printable(name) +
                             "' is not declared with --shape");
        MatrixConstraint c = parse_matrix_constraint(word);
        const auto& dims = it->second;
        if ((c == MatrixConstraint::onehot || c == MatrixConstraint::probability) &&
            dims.size() != 1)
            throw InputError("--constraint '" + printable(text) + "': " + word +
                             " is for a vector (one dimension)");
        if (c == MatrixConstraint::symmetric && (dims.size() != 2 || dims[0] != dims[1]))
            throw InputError("--constraint '" + printable(text) +
                             "': symmetric is for a square matrix (NAME=n,n)");
        constraints_[name] = c;
    }
    for (const auto& text : question.lets) {
        auto [name, value] = split_assignment(text, "--let");
        if (!is_identifier(name) || names_.matrices.count(name) || names_.lets.count(name) ||
            names_.dimensions.count(name))
            throw InputError("--let '" + printable(text) + "': '" + printable(name) +
                             "' is not a new name");
        Let let{name, {}};
        try {
            let.typed.node = parse_matrix_expression(value, names_);
            infer_shapes(let.typed.node, let.typed.solver, environment_);
            let.typed.shape = resolved_shape(let.typed.node, let.typed.solver);
        } catch (const std::exception& e) {
            question_error("--let " + name, e);
        }
        environment_.lets[name] = let.typed.shape;
        names_.lets.insert(name);
        lets_.push_back(std::move(let));
    }
    auto read_part = [&](const std::string& text, const std::string& where) {
        TypedMatrix typed;
        try {
            typed.node = parse_matrix_expression(text, names_);
            infer_shapes(typed.node, typed.solver, environment_);
            typed.shape = resolved_shape(typed.node, typed.solver);
        } catch (const std::exception& e) {
            question_error(where, e);
        }
        return typed;
    };
    if (question.function.empty() && question.expected.empty())
        throw InputError("give --function (with --wrt) or --expected");
    if (!question.function.empty()) {
        function_ = read_part(question.function, "--function");
        wrt_ = trim(question.wrt);
        if (wrt_.empty()) throw InputError("--function needs --wrt NAME");
        NamedShape variable;
        if (auto it = environment_.declared.find(wrt_); it != environment_.declared.end()) {
            variable.rows = it->second.empty() ? "1" : it->second[0];
            variable.cols = it->second.size() > 1 ? it->second[1] : "1";
            variable.scalar = it->second.empty();
        } else if (auto let = environment_.lets.find(wrt_); let != environment_.lets.end()) {
            variable = let->second;
        } else {
            throw InputError("--wrt '" + printable(wrt_) + "' is not a declared name or a let");
        }
        const NamedShape& f = function_->shape;
        std::string f_name = print_matrix(function_->node);
        if (f.scalar || (f.rows == "1" && f.cols == "1")) {
            expected_shape_ = variable; // the gradient has the shape of the variable
            title_ = "∂" +
                     (question.name.empty() ? std::string("L")
                                            : print_name(question.name, Notation::unicode)) +
                     "/∂" + print_name(wrt_, Notation::unicode);
        } else if (f.cols == "1" && variable.cols == "1" && !variable.scalar) {
            expected_shape_ = {f.rows, variable.rows, false}; // the Jacobian, numerator layout
            jacobian_ = true;
            title_ = "∂" +
                     (question.name.empty() ? std::string("f")
                                            : print_name(question.name, Notation::unicode)) +
                     "/∂" + print_name(wrt_, Notation::unicode);
        } else {
            throw InputError("--function is " + shape_words(f) +
                             ": differentiate a scalar (any --wrt) or a column vector (a vector "
                             "--wrt, giving the Jacobian)");
        }
    }
    if (!question.expected.empty()) {
        expected_ = read_part(question.expected, "--expected");
        if (function_) {
            const NamedShape& e = expected_->shape;
            bool fits = e.scalar ? (expected_shape_.scalar ||
                                    (expected_shape_.rows == "1" && expected_shape_.cols == "1"))
                                 : e.rows == expected_shape_.rows && e.cols == expected_shape_.cols;
            if (!fits)
                throw InputError("--expected is " + shape_words(e) + " but " + title_ + " is " +
                                 shape_words(expected_shape_));
        } else {
            expected_shape_ = expected_->shape;
            title_ = "the expected value";
        }
    }
    // Sizes: all 2 (the smallest, where feedback is shown), then all different in the
    // declared order and in the reverse order, so that a transposed or swapped factor meets a
    // size where it cannot hide.
    std::size_t k = dimensions_.size();
    DimensionSizes smallest, ascending, descending;
    for (std::size_t i = 0; i < k; ++i) {
        smallest[dimensions_[i]] = 2;
        ascending[dimensions_[i]] = 2 + i + (k == 1 ? 1 : 0);
        descending[dimensions_[i]] = 2 + (k - 1 - i) + (k == 1 ? 2 : 0);
    }
    sizes_ = {smallest, ascending, descending};
    caches_.resize(sizes_.size());
    if (function_ && expected_) {
        // A key given beside its function must be the function's derivative.
        MatrixValue derivative = derivative_key(0, nullptr);
        const MatrixValue& given = key(0);
        for (std::size_t i = 0; i < given.entries.size(); ++i) {
            PartVerdict v = compare_matrix_entry(derivative.entries[i], given.entries[i]);
            if (v.outcome != Outcome::correct)
                throw InputError("--expected is not " + title_ + " of --function: at " +
                                 size_text(0) + ", entry " +
                                 entry_label(given, expected_shape_.cols == "1", i) + " is " +
                                 print(given.entries[i], Notation::unicode) + " but should be " +
                                 print(derivative.entries[i], Notation::unicode));
        }
    }
}

std::string MatrixExpectation::size_text(std::size_t index) const {
    std::string out;
    for (const auto& d : dimensions_)
        out += (out.empty() ? "" : ", ") + print_name(d, Notation::unicode) + " = " +
               std::to_string(sizes_[index].at(d));
    return out.empty() ? "the declared sizes" : out;
}

std::map<std::string, MatrixValue>
MatrixExpectation::declared_values(std::size_t index, const std::string& probability) const {
    const DimensionSizes& sizes = sizes_[index];
    std::map<std::string, MatrixValue> values;
    for (const auto& [name, dims] : declared_) {
        std::size_t rows = dims.empty() ? 1 : dimension_size(dims[0], sizes);
        std::size_t cols = dims.size() > 1 ? dimension_size(dims[1], sizes) : 1;
        bool vector = dims.size() == 1;
        MatrixValue value;
        if (dims.empty()) {
            value.entries = {variable(name)};
            value.scalar = true;
        } else {
            value = symbol_matrix(name, rows, cols, vector);
        }
        auto c = constraints_.count(name) ? constraints_.at(name) : MatrixConstraint::none;
        if (name == probability) c = MatrixConstraint::probability;
        switch (c) {
        case MatrixConstraint::onehot: // a different hot entry at each size
            for (std::size_t i = 0; i < rows; ++i)
                value.entries[i] = i == index % rows ? 1 : 0;
            break;
        case MatrixConstraint::probability: { // the last entry makes the sum 1
            ex rest = 1;
            for (std::size_t i = 0; i + 1 < rows; ++i)
                rest -= value.entries[i];
            value.entries[rows - 1] = rest;
            break;
        }
        case MatrixConstraint::symmetric:
            for (std::size_t i = 0; i < rows; ++i)
                for (std::size_t j = 0; j < i; ++j)
                    value.at(i, j) = value.at(j, i);
            break;
        case MatrixConstraint::positive: // every positive number is a square
            for (auto& e : value.entries)
                e = GiNaC::pow(e, 2);
            break;
        case MatrixConstraint::none:
            break;
        }
        values[name] = value;
    }
    return values;
}

MatrixInstanceCache& MatrixExpectation::cache(std::size_t index) const {
    if (caches_[index]) return *caches_[index];
    // The question's work, cached: not charged to the answer that first needs it
    // (expr/work_budget.hpp), or a budget would depend on what was checked before.
    UnchargedWork problem_work;
    auto c = std::make_unique<MatrixInstanceCache>();
    c->full = declared_values(index);
    c->display = c->full;
    for (const auto& let : lets_) {
        MatrixValue defined =
            instantiate(let.typed.node, let.typed.solver, sizes_[index], c->display);
        MatrixValue value = instantiate(let.typed.node, let.typed.solver, sizes_[index], c->full);
        c->full[let.name] = value;
        if (let.typed.shape.scalar) {
            c->display[let.name] = value;
            c->display[let.name].entries = {variable(let.name)};
        } else {
            c->display[let.name] = symbol_matrix(let.name, value.rows, value.cols, value.cols == 1);
        }
        const MatrixValue& own = c->display[let.name];
        for (std::size_t i = 0; i < own.entries.size(); ++i) {
            c->let_values[own.entries[i]] = value.entries[i];
            c->let_definitions[own.entries[i]] = defined.entries[i];
        }
    }
    caches_[index] = std::move(c);
    return *caches_[index];
}

MatrixValue MatrixExpectation::derivative_key(std::size_t index, FrozenFunction* frozen,
                                              const std::string& probability) const {
    const DimensionSizes& sizes = sizes_[index];
    std::map<std::string, MatrixValue> values = declared_values(index, probability);
    MatrixValue variable_entries;
    for (const auto& let : lets_) {
        MatrixValue value = instantiate(let.typed.node, let.typed.solver, sizes, values, frozen);
        if (let.name == wrt_) {
            variable_entries =
                let.typed.shape.scalar
                    ? MatrixValue{1, 1, true, {variable(let.name)}}
                    : symbol_matrix(let.name, value.rows, value.cols, value.cols == 1);
            values[let.name] = variable_entries;
        } else {
            values[let.name] = value;
        }
    }
    if (variable_entries.entries.empty()) variable_entries = values.at(wrt_);
    MatrixValue f = instantiate(function_->node, function_->solver, sizes, values, frozen);
    MatrixValue out;
    bool jacobian = !(f.entries.size() == 1);
    out.rows = jacobian ? f.entries.size() : variable_entries.rows;
    out.cols = jacobian ? variable_entries.entries.size() : variable_entries.cols;
    out.scalar = !jacobian && variable_entries.scalar;
    for (std::size_t i = 0; i < (jacobian ? f.entries.size() : 1); ++i)
        for (const auto& w : variable_entries.entries) {
            if (!GiNaC::is_a<GiNaC::symbol>(w)) {
                out.entries.push_back(0); // a constrained entry (one-hot): not a variable
                continue;
            }
            out.entries.push_back(f.entries[i].diff(GiNaC::ex_to<GiNaC::symbol>(w)));
        }
    if (frozen) out = substituted(out, frozen->restore, 16);
    auto let =
        std::find_if(lets_.begin(), lets_.end(), [&](const Let& l) { return l.name == wrt_; });
    if (let != lets_.end()) {
        // Back from the let's own symbols to what it stands for.
        GiNaC::exmap back;
        MatrixValue worked = probability.empty()
                                 ? cache(index).full.at(wrt_)
                                 : instantiate(let->typed.node, let->typed.solver, sizes,
                                               declared_values(index, probability));
        for (std::size_t i = 0; i < variable_entries.entries.size(); ++i)
            back[variable_entries.entries[i]] = worked.entries[i];
        out = substituted(out, back, 1);
    }
    return out;
}

MatrixValue MatrixExpectation::backpropagated_key(std::size_t index) const {
    MatrixInstanceCache& c = cache(index);
    const DimensionSizes& sizes = sizes_[index];
    const MatrixValue& variable_entries = c.display.at(wrt_);
    MatrixValue f = instantiate(function_->node, function_->solver, sizes, c.display);
    // The lets after the variable (those before it, or a let that is the variable, are
    // constants or leaves here), each entry's symbol and value in terms of symbols.
    struct Entry {
        ex symbol;
        ex value;
    };
    std::vector<Entry> entries;
    bool after = environment_.declared.count(wrt_) > 0;
    for (const auto& let : lets_) {
        if (let.name == wrt_) {
            after = true;
            continue;
        }
        if (!after) continue;
        MatrixValue value = instantiate(let.typed.node, let.typed.solver, sizes, c.display);
        const MatrixValue& own = c.display.at(let.name);
        for (std::size_t i = 0; i < own.entries.size(); ++i)
            entries.push_back({own.entries[i], value.entries[i]});
    }
    auto is_symbol = [](const ex& e) { return GiNaC::is_a<GiNaC::symbol>(e); };
    MatrixValue out;
    bool jacobian = f.entries.size() != 1;
    out.rows = jacobian ? f.entries.size() : variable_entries.rows;
    out.cols = jacobian ? variable_entries.entries.size() : variable_entries.cols;
    out.scalar = !jacobian && variable_entries.scalar;
    for (const ex& g : f.entries) {
        // Reverse accumulation: each let entry's adjoint pushed to what its value uses.
        std::map<ex, ex, GiNaC::ex_is_less> pushed;
        for (auto it = entries.rbegin(); it != entries.rend(); ++it) {
            const GiNaC::symbol& s = GiNaC::ex_to<GiNaC::symbol>(it->symbol);
            ex adjoint = g.diff(s);
            if (auto p = pushed.find(it->symbol); p != pushed.end()) adjoint += p->second;
            if (adjoint.is_zero()) continue;
            for (const auto& earlier : entries)
                if (it->value.has(earlier.symbol))
                    pushed[earlier.symbol] +=
                        adjoint * it->value.diff(GiNaC::ex_to<GiNaC::symbol>(earlier.symbol));
            for (const ex& w : variable_entries.entries)
                if (is_symbol(w) && it->value.has(w))
                    pushed[w] += adjoint * it->value.diff(GiNaC::ex_to<GiNaC::symbol>(w));
        }
        for (const ex& w : variable_entries.entries) {
            if (!is_symbol(w)) {
                out.entries.push_back(0); // a constrained entry (one-hot): not a variable
                continue;
            }
            ex d = g.diff(GiNaC::ex_to<GiNaC::symbol>(w));
            if (auto p = pushed.find(w); p != pushed.end()) d += p->second;
            out.entries.push_back(d);
        }
    }
    return out;
}

const MatrixValue& MatrixExpectation::key_display(std::size_t index) const {
    MatrixInstanceCache& c = cache(index);
    if (!c.key_display)
        c.key_display =
            expected_ ? instantiate(expected_->node, expected_->solver, sizes_[index], c.display)
                      : backpropagated_key(index);
    return *c.key_display;
}

const MatrixValue& MatrixExpectation::key(std::size_t index) const {
    MatrixInstanceCache& c = cache(index);
    if (!c.key) c.key = substituted(key_display(index), c.let_values, 1);
    return *c.key;
}

bool MatrixExpectation::proved_through_lets(const MatrixValue& answer_display, std::size_t index,
                                            std::size_t entry) const {
    const ex& key = key_display(index).entries[entry];
    ex answer = answer_display.entries[entry];
    // Lets the answer uses and the key does not (δ1 where the key has z1 and z2) are
    // written out, one level at a time, until both speak of the same symbols.
    const GiNaC::exmap& definitions = cache(index).let_definitions;
    for (std::size_t pass = 0; pass < lets_.size(); ++pass) {
        GiNaC::exmap open;
        for (const auto& [symbol, value] : definitions)
            if (answer.has(symbol) && !key.has(symbol)) open[symbol] = value;
        if (open.empty()) break;
        answer = answer.subs(open, GiNaC::subs_options::no_pattern);
    }
    ex difference = key - answer;
    if (difference.is_zero()) return true;
    try {
        return difference.expand().is_zero();
    } catch (const std::exception&) {
        return false;
    }
}

std::optional<MatrixValue> MatrixExpectation::key_with_frozen(std::size_t index,
                                                              const std::string& function) const {
    if (!function_) return std::nullopt;
    FrozenFunction frozen{function, {}};
    return derivative_key(index, &frozen);
}

namespace {
void collect_calls(const MatrixNode& node, std::vector<std::string>& names,
                   std::vector<const MatrixNode*>* softmaxes) {
    if (node.kind == MatrixNode::Kind::call) {
        if (is_elementwise_function(node.text) &&
            std::find(names.begin(), names.end(), node.text) == names.end())
            names.push_back(node.text);
        if (softmaxes && node.text == "softmax") softmaxes->push_back(&node);
    }
    for (const auto& child : node.children)
        collect_calls(child, names, softmaxes);
}
} // namespace

std::vector<std::string> MatrixExpectation::activations() const {
    std::vector<std::string> names;
    if (!function_) return names;
    collect_calls(function_->node, names, nullptr);
    for (const auto& let : lets_)
        collect_calls(let.typed.node, names, nullptr);
    return names;
}

std::vector<MatrixValue> MatrixExpectation::softmax_outputs(std::size_t index) const {
    std::vector<MatrixValue> out;
    std::vector<std::string> ignored;
    auto add = [&](const TypedMatrix& typed) {
        std::vector<const MatrixNode*> calls;
        collect_calls(typed.node, ignored, &calls);
        for (const MatrixNode* call : calls)
            out.push_back(instantiate(*call, typed.solver, sizes_[index], cache(index).full));
    };
    if (function_) add(*function_);
    if (expected_) add(*expected_);
    for (const auto& let : lets_)
        add(let.typed);
    return out;
}

std::vector<std::string> MatrixExpectation::unconstrained_vectors() const {
    std::vector<std::string> out;
    for (const auto& [name, dims] : declared_)
        if (dims.size() == 1 && !constraints_.count(name) && name != wrt_) out.push_back(name);
    return out;
}

std::optional<std::pair<MatrixValue, MatrixValue>>
MatrixExpectation::with_probability(const TypedMatrix& answer, std::size_t index,
                                    const std::string& name) const {
    if (!function_) return std::nullopt;
    MatrixValue key = derivative_key(index, nullptr, name);
    std::map<std::string, MatrixValue> values = declared_values(index, name);
    for (const auto& let : lets_)
        values[let.name] = instantiate(let.typed.node, let.typed.solver, sizes_[index], values);
    MatrixValue given = instantiate(answer.node, answer.solver, sizes_[index], values);
    return std::make_pair(key, given);
}

TypedMatrix MatrixExpectation::read(std::string_view text) const {
    return retype(parse_matrix_expression(text, names_));
}

TypedMatrix MatrixExpectation::retype(MatrixNode node) const {
    TypedMatrix typed;
    typed.node = std::move(node);
    infer_shapes(typed.node, typed.solver, environment_);
    // I alone, or I + ...: it takes its size from the shape asked.
    if (!typed.node.scalar) {
        if (!typed.solver.label(typed.node.rows) && !expected_shape_.scalar)
            typed.solver.unify(typed.node.rows, typed.solver.rigid(expected_shape_.rows));
        if (!typed.solver.label(typed.node.cols) && !expected_shape_.scalar)
            typed.solver.unify(typed.node.cols, typed.solver.rigid(expected_shape_.cols));
    }
    typed.shape = resolved_shape(typed.node, typed.solver);
    return typed;
}

MatrixValue MatrixExpectation::at_size(const TypedMatrix& typed, std::size_t index,
                                       bool display) const {
    MatrixInstanceCache& c = cache(index);
    return instantiate(typed.node, typed.solver, sizes_[index], display ? c.display : c.full);
}

namespace {

MatrixVerdict checked_matrix_text(const MatrixExpectation& expectation, std::string_view answer) {
    MatrixVerdict out;
    Verdict& verdict = out.verdict;
    verdict.answer_text = printable(std::string(answer));
    out.expected_shape = shape_words(expectation.expected_shape());
    out.size = expectation.size_text(0);
    out.title = expectation.title();
    if (expectation.expected()) out.expected_unicode = print_matrix(expectation.expected()->node);
    TypedMatrix typed;
    try {
        typed = expectation.read(answer);
    } catch (const UnknownMatrixName& e) {
        verdict.outcome = Outcome::incorrect;
        verdict.message = e.message();
        return out;
    } catch (const ParseError& e) {
        verdict.outcome = Outcome::invalid;
        verdict.message = e.with_caret();
        verdict.error_column = e.column();
        return out;
    } catch (const ShapeError& e) {
        verdict.outcome = Outcome::incorrect;
        verdict.message = std::string("shape error: ") + e.what();
        return out;
    }
    out.answer_unicode = print_matrix(typed.node);
    out.answer_shape = shape_words(typed.shape);
    const NamedShape& want = expectation.expected_shape();
    bool fits = typed.shape.scalar || want.scalar
                    ? shape_words(typed.shape) == shape_words(want)
                    : typed.shape.rows == want.rows && typed.shape.cols == want.cols;
    if (!fits) {
        verdict.outcome = Outcome::incorrect;
        verdict.message = "your answer is " + out.answer_shape + " but " + expectation.title() +
                          " is " + out.expected_shape;
        if (!typed.shape.scalar && typed.shape.rows == want.cols && typed.shape.cols == want.rows) {
            verdict.notes.push_back(
                "layout: your answer has the transposed shape; here " + expectation.title() +
                " has " +
                (expectation.function() && !expectation.jacobian()
                     ? "the shape of the variable (the gradient of a scalar)"
                     : "one row per component and one column per variable (numerator layout)"));
            out.diagnosis = transposed_layout_mistake(expectation, typed);
        }
        if (out.diagnosis.empty()) {
            try {
                out.diagnosis = within_budget(
                    diagnosis_work_budget, [&] { return batch_sum_mistake(expectation, typed); },
                    [](std::uint64_t) { return std::vector<Diagnosis>{}; });
            } catch (const std::exception&) {
                out.diagnosis.clear(); // no claim when a candidate cannot be worked out
            }
        }
        return out;
    }
    verdict.answer = ExprValue(0);
    try {
        // The checker's budget of work, as for any comparison (equivalence.hpp): past it, the
        // answer is too costly to check, the same on every machine.
        std::uint64_t spent = within_budget(
            comparison_work_budget,
            [&] {
                compare_matrix_answer(expectation, typed, out);
                return std::uint64_t(0);
            },
            [](std::uint64_t units) { return units; });
        if (spent > 0) {
            verdict.parts.clear();
            verdict.outcome = Outcome::invalid;
            verdict.method = Method::none;
            verdict.message = too_costly_message(spent);
            out.hidden_message.clear();
            return out;
        }
    } catch (const InputError&) {
        throw; // the question's own fault
    } catch (const std::exception& e) {
        // GiNaC refused to work an entry out: a division by zero, log(0).
        verdict.parts.clear();
        verdict.outcome = Outcome::incorrect;
        verdict.method = Method::none;
        verdict.message = "your answer cannot be worked out at " + out.size + ": " + e.what();
        out.hidden_message.clear();
        return out;
    }
    if (verdict.outcome == Outcome::incorrect) {
        try {
            out.diagnosis = within_budget(
                diagnosis_work_budget, [&] { return matrix_mistakes(expectation, typed); },
                [](std::uint64_t) { return std::vector<Diagnosis>{}; });
        } catch (const std::exception&) {
            out.diagnosis.clear(); // no claim when a candidate cannot be worked out
        }
    }
    return out;
}

} // namespace

MatrixVerdict check_matrix_text(const MatrixExpectation& expectation, std::string_view answer) {
    MatrixVerdict out = checked_matrix_text(expectation, answer);
    // Messages other than the comparison's name no value of the key.
    if (out.hidden_message.empty()) out.hidden_message = out.verdict.message;
    return out;
}

} // namespace chainrule
