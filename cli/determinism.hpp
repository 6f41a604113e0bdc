#pragma once
// Internal to cli/ (docs/architecture.md), as is all of cli/.

namespace chainrule {

/// GiNaC orders the terms of sums and products by hash values that mix in addresses of its
/// type information, so under address-space layout randomisation the order (and any text
/// that follows it) can change from one run to the next. For byte-identical output, the
/// program runs itself again, once, with randomisation turned off for itself and its
/// children. Does nothing when that is already so, when CHAINRULE_REEXEC is set (to 0 to
/// turn this off), or when the system does not allow it.
void run_without_address_randomisation();

} // namespace chainrule
