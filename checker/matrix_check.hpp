#pragma once
// Matrix calculus with symbolic shapes: a question declares names with shapes (W: [m, n]),
// the answer is a matrix expression, its shape is checked symbolically, and it is compared
// with the key entry by entry at several sizes.
#include "checker/matrix_instance.hpp"
#include "checker/verdict.hpp"
#include "expr/matrix_parser.hpp"

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace chainrule {

/// What a declared name is known to satisfy.
enum class MatrixConstraint { none, onehot, probability, symmetric, positive };

/// A matrix question as text, the way the command line gives it.
struct MatrixQuestionText {
    std::vector<std::string> shapes;      ///< "W=m,n", "x=n" (a column vector), "c=" (scalar)
    std::vector<std::string> constraints; ///< "y=onehot", "A=symmetric", ...
    std::vector<std::string> lets;        ///< "z=W x + b", in order
    std::string function;                 ///< a scalar (or vector) L to differentiate ...
    std::string wrt;                      ///< ... with respect to this name
    std::string expected;                 ///< or the key itself (also checked against L)
    /// The function's name in titles (∂L/∂W, ∂s/∂z); "" for L (a scalar) or f (a vector).
    std::string name;
};

/// A parsed matrix expression with its inferred shapes.
struct TypedMatrix {
    MatrixNode node;
    ShapeSolver solver;
    NamedShape shape;
};

/// One size at which the key and answers are compared, and what is worked out there once.
struct MatrixInstanceCache;

/// A matrix question, parsed and shape-checked, with the key worked out per size on demand.
class MatrixExpectation {
  public:
    /// Parses a question; throws InputError naming the option at fault ("in --let z: ...").
    explicit MatrixExpectation(const MatrixQuestionText& question);
    ~MatrixExpectation();
    MatrixExpectation(MatrixExpectation&&) noexcept;

    /// The names answers may use.
    const MatrixNames& names() const { return names_; }
    /// The shape a right answer has.
    const NamedShape& expected_shape() const { return expected_shape_; }
    /// "∂L/∂W", or "the expected value".
    const std::string& title() const { return title_; }
    /// Whether the key is the Jacobian of a vector function (else a gradient or an expression).
    bool jacobian() const { return jacobian_; }
    /// The key as an expression when the question gave one (--expected).
    const std::optional<TypedMatrix>& expected() const { return expected_; }
    /// The sizes compared at, smallest first: each maps every dimension name to a number.
    const std::vector<DimensionSizes>& sizes() const { return sizes_; }
    /// "m = 2, n = 3".
    std::string size_text(std::size_t index) const;

    /// Parses an answer with the question's names and infers its shape (throws ParseError,
    /// UnknownMatrixName, ShapeError).
    TypedMatrix read(std::string_view text) const;
    /// A tree (an answer changed by the mistake finder) with its shapes inferred again.
    TypedMatrix retype(MatrixNode node) const;
    /// The function differentiated, when the question has one.
    const std::optional<TypedMatrix>& function() const { return function_; }
    /// An expression at size `index`: with each let's entries (`display`: kept as its own
    /// symbols δ₁, δ₂ for showing; else worked out).
    MatrixValue at_size(const TypedMatrix& typed, std::size_t index, bool display) const;
    /// The key at size `index` (cached).
    const MatrixValue& key(std::size_t index) const;
    /// The key at size `index` in terms of the lets' own symbols (δ₁, a₂): an expression key
    /// instantiated so, or the function's derivative taken by the chain rule through the lets
    /// (backpropagation over their entries). Cached.
    const MatrixValue& key_display(std::size_t index) const;
    /// Whether entry `entry` of an answer (at size `index`, lets as their own symbols) equals
    /// the key's with the lets' symbols taken as independent variables: then it equals it
    /// whatever they stand for, a proof that needs no substitution.
    bool proved_through_lets(const MatrixValue& answer_display, std::size_t index,
                             std::size_t entry) const;
    /// The derivative of the function at size `index` with one elementwise function's
    /// derivative taken as 1 (for the missing-σ' mistake); nothing without a function.
    std::optional<MatrixValue> key_with_frozen(std::size_t index,
                                               const std::string& function) const;
    /// The canonical names of the elementwise functions the function applies.
    std::vector<std::string> activations() const;
    /// The vectors passed to softmax in the function or key, at size `index`, worked out.
    std::vector<MatrixValue> softmax_outputs(std::size_t index) const;
    /// Declared vectors without a constraint (candidates for "y is not one-hot").
    std::vector<std::string> unconstrained_vectors() const;
    /// The key at size `index` with `name` taken as a probability vector (entries summing to
    /// 1), and the answer likewise: for the s − y mistake.
    std::optional<std::pair<MatrixValue, MatrixValue>>
    with_probability(const TypedMatrix& answer, std::size_t index, const std::string& name) const;
    /// The declared shapes, in order.
    const std::vector<std::pair<std::string, std::vector<std::string>>>& declared() const {
        return declared_;
    }
    /// The dimension names, in order of first declaration.
    const std::vector<std::string>& dimensions() const { return dimensions_; }

  private:
    struct Let {
        std::string name;
        TypedMatrix typed;
    };
    std::map<std::string, MatrixValue> declared_values(std::size_t index,
                                                       const std::string& probability = "") const;
    MatrixValue backpropagated_key(std::size_t index) const;
    MatrixValue derivative_key(std::size_t index, FrozenFunction* frozen,
                               const std::string& probability = "") const;
    MatrixInstanceCache& cache(std::size_t index) const;

    std::vector<std::pair<std::string, std::vector<std::string>>> declared_;
    std::map<std::string, MatrixConstraint> constraints_;
    std::vector<std::string> dimensions_;
    ShapeEnvironment environment_;
    MatrixNames names_;
    std::vector<Let> lets_;
    std::optional<TypedMatrix> function_;
    std::string wrt_;
    std::optional<TypedMatrix> expected_;
    NamedShape expected_shape_;
    std::string title_;
    bool jacobian_ = false;
    std::vector<DimensionSizes> sizes_;
    mutable std::vector<std::unique_ptr<MatrixInstanceCache>> caches_;
};

/// The verdict on a matrix answer: the common verdict (parts: the entries at the smallest
/// size) and the shapes.
struct MatrixVerdict {
    Verdict verdict;
    std::string answer_shape;     ///< "m×n", or "" when the answer has none
    std::string expected_shape;   ///< "m×n"
    std::string answer_unicode;   ///< the answer as read, Unicode ("" when unreadable)
    std::string expected_unicode; ///< the key as an expression ("" when it comes from a function)
    std::string expected_entries; ///< the key's entries at the smallest size ("" if not compared)
    std::string title;            ///< "∂L/∂W"
    std::string size;             ///< the smallest size compared at: "m = 2, n = 2"
    /// The message without any value of the key or of an entry of it, for the hidden-answer
    /// modes (check --set, practice, grade): which entries are wrong, never what they should be.
    std::string hidden_message;
    /// The named mistakes of matrix calculus that explain a wrong answer (each one checked:
    /// the answer with the mistake undone is right at every size).
    std::vector<Diagnosis> diagnosis;
};

/// Checks an answer's text. Unreadable text is invalid (with the column); a shape that does
/// not fit, or a name the question does not have, is incorrect with a message naming it.
MatrixVerdict check_matrix_text(const MatrixExpectation& expectation, std::string_view answer);

/// "onehot" → MatrixConstraint::onehot; throws InputError for other words.
MatrixConstraint parse_matrix_constraint(const std::string& word);

} // namespace chainrule
