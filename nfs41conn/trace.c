// SPDX-License-Identifier: GPL-2.0
/*
 * The trace events of nfs41conn (trace.h) are defined here.
 */

#define CREATE_TRACE_POINTS
#include "trace.h"
