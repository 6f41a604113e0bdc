// The floor of bench/startup: a program that links GiNaC (as chainrule does) and builds and
// prints one expression. What loading GiNaC, CLN and the C++ runtime costs by itself.
#include <ginac/ginac.h>

#include <iostream>

int main() {
    GiNaC::symbol x("x");
    GiNaC::ex e = 3 * GiNaC::pow(x, 2) + 5 * x;
    std::cout << e.diff(x) << "\n";
    return 0;
}
