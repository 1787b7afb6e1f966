// SPDX-License-Identifier: GPL-2.0
/*
 * <kunit/visibility.h>: symbols exported to KUnit suites only (v6.2, and
 * 6.1 stable kernels that took it).
 */
#include <kunit/visibility.h>

#if !defined(VISIBLE_IF_KUNIT) || !defined(EXPORT_SYMBOL_IF_KUNIT)
#error "no KUnit visibility"
#endif
