#include "expr/value.hpp"

namespace chainrule {

ExprValue ExprValue::vector(std::vector<GiNaC::ex> items) {
    ExprValue value;
    value.shape = Shape::vector;
    value.rows = items.size();
    value.cols = 1;
    value.entries = std::move(items);
    return value;
}

ExprValue ExprValue::matrix(std::size_t rows, std::size_t cols, std::vector<GiNaC::ex> items) {
    ExprValue value;
    value.shape = Shape::matrix;
    value.rows = rows;
    value.cols = cols;
    value.entries = std::move(items);
    return value;
}

std::string describe_shape(const ExprValue& value) {
    switch (value.shape) {
    case Shape::scalar:
        return "a single expression";
    case Shape::vector:
        return "a vector of " + std::to_string(value.rows) +
               (value.rows == 1 ? " entry" : " entries");
    case Shape::matrix:
        return "a " + std::to_string(value.rows) + "x" + std::to_string(value.cols) + " matrix";
    }
    return "a value";
}

std::string entry_label(const ExprValue& value, std::size_t index) {
    switch (value.shape) {
    case Shape::scalar:
        return "";
    case Shape::vector:
        return "[" + std::to_string(index + 1) + "]";
    case Shape::matrix:
        return "[" + std::to_string(index / value.cols + 1) + "," +
               std::to_string(index % value.cols + 1) + "]";
    }
    return "";
}

} // namespace chainrule
