/* SPDX-License-Identifier: GPL-2.0 */
#pragma once

/*
 * The Rex C++ support layer: everything a program may use.
 *
 *	#include <rex/rex.hpp>
 *
 * See Documentation/rex/ for the programming guide; each header says what it
 * offers.
 */

#include <rex/algorithm.hpp>
#include <rex/array.hpp>
#include <rex/atomic.hpp>
#include <rex/byte_order.hpp>
#include <rex/helpers.hpp>
#include <rex/kprobe.hpp>
#include <rex/map.hpp>
#include <rex/optional.hpp>
#include <rex/panic.hpp>
#include <rex/perf_event.hpp>
#include <rex/perf_event_array.hpp>
#include <rex/program.hpp>
#include <rex/redirect_map.hpp>
#include <rex/result.hpp>
#include <rex/ring_buffer.hpp>
#include <rex/runtime.hpp>
#include <rex/span.hpp>
#include <rex/spin_lock.hpp>
#include <rex/stack_trace.hpp>
#include <rex/string_view.hpp>
#include <rex/task.hpp>
#include <rex/tc.hpp>
#include <rex/tracepoint.hpp>
#include <rex/types.hpp>
#include <rex/xdp.hpp>
