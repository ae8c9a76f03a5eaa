// SPDX-License-Identifier: GPL-2.0
/*
 * The freestanding support layer (rex/include/rex), compiled for the host in
 * its hosted test mode: REX_HOSTED_TEST turns a panic into a call of
 * rex::detail::trap_panic, defined here to report and abort, so that death
 * tests can check both that a contract violation stops the program and
 * what it says.
 */
#include <rex/algorithm.hpp>
#include <rex/array.hpp>
#include <rex/byte_order.hpp>
#include <rex/helpers.hpp>
#include <rex/kprobe.hpp>
#include <rex/map.hpp>
#include <rex/optional.hpp>
#include <rex/panic.hpp>
#include <rex/perf_event.hpp>
#include <rex/perf_event_array.hpp>
#include <rex/redirect_map.hpp>
#include <rex/result.hpp>
#include <rex/ring_buffer.hpp>
#include <rex/span.hpp>
#include <rex/spin_lock.hpp>
#include <rex/stack_trace.hpp>
#include <rex/string_view.hpp>
#include <rex/task.hpp>
#include <rex/tracepoint.hpp>
#include <rex/types.hpp>
#include <rex/xdp.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <map>
#include <new>
#include <string>
#include <type_traits>
#include <vector>

namespace rex::detail {

[[noreturn]] void trap_panic(const char *message, const char *file, u32 line)
{
	std::fprintf(stderr, "rex panic: %s at %s:%u\n", message, file, line);
	std::abort();
}

} // namespace rex::detail

/*
 * The Rex runtime, faked: each call is written to a journal the tests read
 * back, so that they can check which runtime functions the RAII types call,
 * in which order.
 */
namespace {

std::vector<std::string> journal;

/* What the fake runtime hands out. */
alignas(8) unsigned char ringbuf_memory[64];
bool ringbuf_full = false;
int fake_task_refs = 0;
int fake_task_object;

/* The fake helpers' state: a queue's contents, what the last call passed, what the next returns. */
std::deque<rex::u32> fake_queue;
long fake_push_ret = 0;
long fake_helper_ret = 0;
struct helper_call {
	const void *ctx = nullptr;
	const void *map = nullptr;
	rex::u64 flags = 0;
	std::vector<unsigned char> data;
} last_call;

/*
 * A fake kernel map for lookup, update and delete: what a map descriptor
 * is bound to.  As the kernel's: an array's keys are the u32 indexes below
 * max_entries, all present; a hash map holds up to max_entries keys.
 */
struct fake_map {
	bool array;
	rex::u32 key_size, value_size, max_entries;
	std::map<std::vector<unsigned char>, std::vector<unsigned char>> entries;
};

std::vector<unsigned char> bytes_of(const void *data, rex::usize size)
{
	const auto *bytes = static_cast<const unsigned char *>(data);
	return std::vector<unsigned char>(bytes, bytes + size);
}

/* What the fake bpf_redirect returns without flags (the kernel's XDP_REDIRECT by default). */
long fake_redirect_ret = XDP_REDIRECT;

/* How many frames the fake bpf_get_stack finds. */
rex::u32 fake_stack_depth = 0;

/* What the last trace helper call got; data_len only from bpf_trace_vprintk. */
struct trace_call {
	std::string format;
	rex::u32 format_size = 0;
	std::vector<rex::u64> args;
	rex::u32 data_len = 0;
} last_trace;

/* The end of the fake XDP frame: adjust_tail may grow the packet up to it. */
rex::u8 *fake_frame_end = nullptr;

void record_call(const void *ctx, const void *map, rex::u64 flags, const void *data = nullptr, rex::u64 size = 0)
{
	last_call.ctx = ctx;
	last_call.map = map;
	last_call.flags = flags;
	const auto *bytes = static_cast<const unsigned char *>(data);
	last_call.data.assign(bytes, bytes + size);
}

std::string address(const void *p)
{
	char text[32];
	std::snprintf(text, sizeof(text), "%p", p);
	return text;
}

} // namespace

extern "C" {

void rex_spin_lock(bpf_spin_lock *lock)
{
	journal.push_back("lock " + address(lock));
}

void rex_spin_unlock(bpf_spin_lock *lock)
{
	journal.push_back("unlock " + address(lock));
}

void *rex_ringbuf_reserve(void *, rex::u64 size, rex::u64 flags)
{
	journal.push_back("reserve " + std::to_string(size) + " " + std::to_string(flags));
	if (ringbuf_full)
		return nullptr;
	std::memset(ringbuf_memory, 0xa5, sizeof(ringbuf_memory)); /* stale bytes */
	return ringbuf_memory;
}

void rex_ringbuf_submit(void *sample, rex::u64 flags)
{
	journal.push_back(std::string("submit ") + (sample == ringbuf_memory ? "record" : "?") + " " +
			  std::to_string(flags));
}

void rex_ringbuf_discard(void *sample, rex::u64 flags)
{
	journal.push_back(std::string("discard ") + (sample == ringbuf_memory ? "record" : "?") + " " +
			  std::to_string(flags));
}

rex::detail::task_struct *rex_task_get_current(void)
{
	journal.push_back("get task");
	fake_task_refs++;
	return reinterpret_cast<rex::detail::task_struct *>(&fake_task_object);
}

void rex_task_put(rex::detail::task_struct *task)
{
	journal.push_back(task == reinterpret_cast<rex::detail::task_struct *>(&fake_task_object) ? "put task"
												   : "put ?");
	fake_task_refs--;
}

rex::u64 rex_task_pid_tgid(rex::detail::task_struct *)
{
	return (rex::u64{4321} << 32) | 1234;
}

/* Queue and stack maps: the fake keeps u32 values, first in first out. */
long bpf_map_push_elem(void *map, const void *value, rex::u64 flags)
{
	record_call(nullptr, map, flags, value, sizeof(rex::u32));
	journal.push_back("push " + std::to_string(flags));
	if (fake_push_ret)
		return fake_push_ret;
	rex::u32 v;
	std::memcpy(&v, value, sizeof(v));
	fake_queue.push_back(v);
	return 0;
}

long bpf_map_pop_elem(void *map, void *value)
{
	record_call(nullptr, map, 0);
	journal.push_back("pop");
	if (fake_queue.empty())
		return -ENOENT;
	std::memcpy(value, &fake_queue.front(), sizeof(rex::u32));
	fake_queue.pop_front();
	return 0;
}

long bpf_map_peek_elem(void *map, void *value)
{
	record_call(nullptr, map, 0);
	journal.push_back("peek");
	if (fake_queue.empty())
		return -ENOENT;
	std::memcpy(value, &fake_queue.front(), sizeof(rex::u32));
	return 0;
}

long bpf_perf_event_output(void *ctx, void *map, rex::u64 flags, const void *data, rex::u64 size)
{
	record_call(ctx, map, flags, data, size);
	journal.push_back("perf output " + std::to_string(size));
	return fake_helper_ret;
}

long bpf_get_stackid(void *ctx, void *map, rex::u64 flags)
{
	record_call(ctx, map, flags);
	journal.push_back("get stackid");
	return fake_helper_ret;
}

/*
 * bpf_get_stack: as the kernel's, writes up to fake_stack_depth frames
 * (0xf0 + their index) into buf, zeroes the rest and returns the bytes
 * written; on an error (fake_helper_ret < 0) zeroes buf and returns it.
 */
long bpf_get_stack(void *ctx, void *buf, rex::u32 size, rex::u64 flags)
{
	record_call(ctx, buf, flags);
	journal.push_back("get stack " + std::to_string(size));
	std::memset(buf, 0, size);
	if (fake_helper_ret < 0)
		return fake_helper_ret;
	rex::u32 frames = std::min<rex::u32>(fake_stack_depth, size / 8);
	for (rex::u32 i = 0; i < frames; i++) {
		rex::u64 frame = 0xf0 + i;
		std::memcpy(static_cast<char *>(buf) + 8 * i, &frame, sizeof(frame));
	}
	return 8 * frames;
}

/* The trace helpers record the format, its size and the argument values they got. */
long bpf_trace_printk(const char *fmt, rex::u32 fmt_size, rex::u64 arg1, rex::u64 arg2, rex::u64 arg3)
{
	journal.push_back("trace_printk");
	last_trace = {std::string(fmt, fmt_size), fmt_size, {arg1, arg2, arg3}, 0};
	return 7;
}

long bpf_trace_vprintk(const char *fmt, rex::u32 fmt_size, const void *data, rex::u32 data_len)
{
	journal.push_back("trace_vprintk");
	std::vector<rex::u64> args(data_len / 8);
	std::memcpy(args.data(), data, data_len);
	last_trace = {std::string(fmt, fmt_size), fmt_size, args, data_len};
	return 8;
}

/* XDP's bpf_redirect: XDP_ABORTED for any flags, as the kernel's, else fake_redirect_ret. */
long bpf_redirect(rex::u32 ifindex, rex::u64 flags)
{
	record_call(nullptr, nullptr, flags);
	journal.push_back("redirect " + std::to_string(ifindex));
	return flags ? XDP_ABORTED : fake_redirect_ret;
}

/*
 * bpf_redirect_map, as the kernel's __bpf_xdp_redirect_map(): XDP_ABORTED
 * for flags beyond the action bits, XDP_REDIRECT for a key below
 * fake_redirect_slots, else the action in the flags' low two bits.
 */
rex::u32 fake_redirect_slots = 0;
long bpf_redirect_map(void *map, rex::u64 key, rex::u64 flags)
{
	record_call(nullptr, map, flags);
	journal.push_back("redirect map " + std::to_string(key));
	if (flags & ~rex::u64{3})
		return XDP_ABORTED;
	return key < fake_redirect_slots ? XDP_REDIRECT : static_cast<long>(flags & 3);
}

/* XDP: moves data (head) or data_end (tail) within a fake frame, as the kernel would. */
long bpf_xdp_adjust_head(void *xdp, int delta)
{
	auto *buff = static_cast<rex::detail::xdp_buff_head *>(xdp);
	journal.push_back("adjust head " + std::to_string(delta));
	rex::u8 *data = buff->data + delta;
	if (data < buff->data_hard_start || data > buff->data_end - 14)
		return -EINVAL;
	buff->data = data;
	return 0;
}

long bpf_xdp_adjust_tail(void *xdp, int delta)
{
	auto *buff = static_cast<rex::detail::xdp_buff_head *>(xdp);
	journal.push_back("adjust tail " + std::to_string(delta));
	rex::u8 *data_end = buff->data_end + delta;
	if (data_end < buff->data + 14 || data_end > fake_frame_end)
		return -EINVAL;
	buff->data_end = data_end;
	return 0;
}

long bpf_override_return(void *regs, rex::u64 rc)
{
	record_call(regs, nullptr, rc);
	journal.push_back("override return");
	return 0;
}

void *bpf_map_lookup_elem(void *map, const void *key)
{
	auto *m = static_cast<fake_map *>(map);
	journal.push_back("lookup");
	auto entry = m->entries.find(bytes_of(key, m->key_size));
	return entry == m->entries.end() ? nullptr : entry->second.data();
}

long bpf_map_update_elem(void *map, const void *key, const void *value, rex::u64 flags)
{
	auto *m = static_cast<fake_map *>(map);
	record_call(nullptr, map, flags, value, m->value_size);
	journal.push_back("update " + std::to_string(flags));
	std::vector<unsigned char> k = bytes_of(key, m->key_size);
	bool present = m->entries.count(k);
	if (m->array) {
		rex::u32 index;
		std::memcpy(&index, key, sizeof(index));
		if (index >= m->max_entries)
			return -E2BIG;
		present = true;
	}
	if (flags == BPF_NOEXIST && present)
		return -EEXIST;
	if (flags == BPF_EXIST && !present)
		return -ENOENT;
	if (!present && m->entries.size() >= m->max_entries)
		return -E2BIG;
	m->entries[k] = bytes_of(value, m->value_size);
	return 0;
}

long bpf_map_delete_elem(void *map, const void *key)
{
	auto *m = static_cast<fake_map *>(map);
	journal.push_back("delete");
	if (m->array)
		return -EINVAL;
	return m->entries.erase(bytes_of(key, m->key_size)) ? 0 : -ENOENT;
}

/* Time, NUMA and random helpers: each says it was called and returns its own value. */
rex::u64 bpf_ktime_get_boot_ns(void)
{
	journal.push_back("ktime_get_boot_ns");
	return 0x100000001ull;
}

rex::u64 bpf_ktime_get_coarse_ns(void)
{
	journal.push_back("ktime_get_coarse_ns");
	return 0x200000002ull;
}

rex::u64 bpf_jiffies64(void)
{
	journal.push_back("jiffies64");
	return 0x300000003ull;
}

rex::u32 bpf_get_numa_node_id(void)
{
	journal.push_back("get_numa_node_id");
	return 3;
}

rex::u32 bpf_get_prandom_u32(void)
{
	journal.push_back("get_prandom_u32");
	return 0xc0ffee;
}

} // extern "C"

namespace {

using rex::u8;
using rex::u16;
using rex::u32;

struct header {
	u8 kind;
	u8 flags;
	rex::u16 length;
};

TEST(Span, IndexesInsideBounds)
{
	u32 values[] = {10, 20, 30};
	rex::span<u32> s(values);
	EXPECT_EQ(s.size(), 3u);
	EXPECT_EQ(s[0], 10u);
	EXPECT_EQ(s[2], 30u);
	s[1] = 21;
	EXPECT_EQ(values[1], 21u);
}

TEST(SpanDeathTest, IndexPastTheEndPanicsWithTheCallersLine)
{
	u32 values[] = {10, 20, 30};
	rex::span<u32> s(values);
	/* The line is the caller's (this file), not span.hpp's. */
	EXPECT_DEATH((void)s[3], "rex panic: rex::span index out of bounds at .*support_layer_test.cpp:");
	EXPECT_DEATH((void)s[static_cast<rex::usize>(-1)], "index out of bounds");
}

TEST(SpanDeathTest, NegativeIntIndexPanics)
{
	u32 values[] = {1, 2};
	rex::span<u32> s(values);
	int i = -1;
	EXPECT_DEATH((void)s[i], "index out of bounds");
}

TEST(Span, GetReturnsNothingOutOfBounds)
{
	u32 values[] = {1, 2};
	rex::span<u32> s(values);
	ASSERT_TRUE(s.get(1));
	EXPECT_EQ(*s.get(1), 2u);
	EXPECT_FALSE(s.get(2));
	EXPECT_FALSE(s.get(static_cast<rex::usize>(-1)));
}

TEST(Span, SubspanStaysInside)
{
	u8 bytes[] = {0, 1, 2, 3, 4, 5};
	rex::span<u8> s(bytes);
	rex::span<u8> middle = s.subspan(2, 3);
	EXPECT_EQ(middle.size(), 3u);
	EXPECT_EQ(middle[0], 2);
	EXPECT_EQ(s.subspan(6).size(), 0u);
	EXPECT_EQ(s.first(2)[1], 1);
	EXPECT_EQ(s.last(2)[0], 4);

	EXPECT_TRUE(s.try_subspan(0, 6));
	EXPECT_FALSE(s.try_subspan(1, 6));
	/* offset + count wraps around: must still be refused. */
	EXPECT_FALSE(s.try_subspan(2, static_cast<rex::usize>(-1)));
	EXPECT_FALSE(s.try_subspan(7, 0));
}

TEST(SpanDeathTest, SubspanBeyondTheEndPanics)
{
	u8 bytes[] = {0, 1, 2, 3};
	rex::span<u8> s(bytes);
	EXPECT_DEATH((void)s.subspan(3, 2), "subspan beyond the end");
	EXPECT_DEATH((void)s.subspan(1, static_cast<rex::usize>(-1)), "subspan beyond the end");
	EXPECT_DEATH((void)s.subspan(5), "subspan beyond the end");
	EXPECT_DEATH((void)s.last(5), "last beyond the end");
}

TEST(Span, RangeForVisitsEveryElement)
{
	u32 values[] = {1, 2, 3, 4};
	u32 sum = 0;
	for (u32 v : rex::span<const u32>(values))
		sum += v;
	EXPECT_EQ(sum, 10u);
}

TEST(Span, ReadAsCopiesPlainDataThatFits)
{
	u8 bytes[] = {0xaa, 7, 1, 0x34, 0x12};
	rex::span<const u8> s(bytes);
	rex::optional<header> h = rex::read_as<header>(s, 1);
	ASSERT_TRUE(h);
	EXPECT_EQ(h->kind, 7);
	EXPECT_EQ(h->flags, 1);
	EXPECT_EQ(h->length, 0x1234); /* little-endian, unaligned */
	EXPECT_FALSE(rex::read_as<header>(s, 2));
	EXPECT_FALSE(rex::read_as<header>(s, static_cast<rex::usize>(-1)));
}

TEST(Optional, EmptyByDefault)
{
	rex::optional<u32> empty;
	EXPECT_FALSE(empty.has_value());
	EXPECT_FALSE(empty);
	EXPECT_EQ(empty.value_or(5), 5u);
	rex::optional<u32> none = rex::nullopt;
	EXPECT_FALSE(none);
}

TEST(Optional, HoldsAValue)
{
	rex::optional<u32> seven = 7u;
	ASSERT_TRUE(seven);
	EXPECT_EQ(*seven, 7u);
	EXPECT_EQ(seven.value(), 7u);
	EXPECT_EQ(seven.value_or(5), 7u);
	*seven = 8;
	EXPECT_EQ(seven.value(), 8u);
	seven.reset();
	EXPECT_FALSE(seven);
}

TEST(OptionalDeathTest, ValueOfEmptyPanicsWithTheCallersLine)
{
	rex::optional<u32> empty;
	EXPECT_DEATH((void)empty.value(), "rex panic: value of an empty rex::optional at .*support_layer_test.cpp:");
	rex::optional<u32 &> no_ref;
	EXPECT_DEATH((void)no_ref.value(), "value of an empty rex::optional");
}

TEST(Optional, ReferenceWritesThrough)
{
	u32 counter = 1;
	rex::optional<u32 &> ref = counter;
	ASSERT_TRUE(ref);
	*ref += 1;
	EXPECT_EQ(counter, 2u);
	EXPECT_EQ(&ref.value(), &counter);
}

TEST(Optional, ReferenceAssignmentRebinds)
{
	u32 a = 1, b = 2;
	rex::optional<u32 &> ref = a;
	ref = rex::optional<u32 &>(b);
	*ref = 20;
	EXPECT_EQ(a, 1u) << "assigning an optional<T&> does not write through";
	EXPECT_EQ(b, 20u);
	EXPECT_EQ(ref.value_or(a), 20u);
	ref.reset();
	EXPECT_EQ(ref.value_or(a), 1u);
}

TEST(Optional, ReferenceConvertsToConst)
{
	u32 a = 3;
	rex::optional<u32 &> ref = a;
	rex::optional<const u32 &> cref = ref;
	ASSERT_TRUE(cref);
	EXPECT_EQ(*cref, 3u);
	rex::optional<const u32 &> empty = rex::optional<u32 &>();
	EXPECT_FALSE(empty);
}

TEST(Array, IndexesAndViews)
{
	rex::array<u8, 4> a = {1, 2, 3, 4};
	EXPECT_EQ(a.size(), 4u);
	a[3] = 40;
	EXPECT_EQ(a.as_span()[3], 40);
	EXPECT_EQ(a.as_span().size(), 4u);
}

TEST(ArrayDeathTest, IndexPastTheEndPanics)
{
	rex::array<u8, 4> a = {};
	EXPECT_DEATH((void)a[4], "rex::array index out of bounds at .*support_layer_test.cpp:");
}

TEST(PanicDeathTest, CarriesMessageAndCallersFileAndLine)
{
	/* The line of the call: the argument default is taken where rex::panic is called. */
	rex::source_location here = rex::source_location::current();
	EXPECT_DEATH(rex::panic("test panic", here),
		     "rex panic: test panic at .*support_layer_test.cpp:" + std::to_string(here.line));
	EXPECT_DEATH(rex::panic("another message"), "rex panic: another message at .*support_layer_test.cpp:[0-9]+");
}

/*
 * What holds an address is not plain data, so no program makes one out of
 * bytes (a packet, a map value, __builtin_bit_cast): the support layer's
 * views and contexts, anything that contains one, and closures (their
 * captures may be references).  They are still copied in registers.
 */
struct holds_a_span {
	rex::u32 len;
	rex::span<u8> bytes;
};
static_assert(!rex::is_plain_data<rex::span<u8>> && !rex::is_plain_data<rex::span<const u8>> &&
	      !rex::is_plain_data<rex::string_view> && !rex::is_plain_data<rex::optional<u32 &>> &&
	      !rex::is_plain_data<rex::source_location>);
static_assert(!rex::is_plain_data<rex::xdp_ctx> && !rex::is_plain_data<rex::kprobe_ctx> &&
	      !rex::is_plain_data<rex::perf_event_ctx> && !rex::is_plain_data<rex::tracepoint_ctx<rex::u64>>);
static_assert(!rex::is_plain_data<holds_a_span> && !rex::is_plain_data<rex::span<u8>[2]> &&
	      !rex::is_plain_data<rex::optional<rex::span<u8>>> && !rex::is_plain_data<rex::array<rex::span<u8>, 2>>);
static_assert(!__is_trivially_copyable(rex::span<u8>) && !__is_trivially_copyable(holds_a_span));
static_assert(__is_trivially_constructible(rex::span<u8>, const rex::span<u8> &) &&
	      __is_trivially_destructible(rex::span<u8>));
static_assert(rex::is_plain_data<u32[4]> && rex::is_plain_data<header> && rex::is_plain_data<rex::array<u8, 4>>);

TEST(PlainData, ClosuresAreNotPlainData)
{
	rex::u64 x = 0;
	auto by_reference = [&x](rex::u64 v) { x = v; };
	auto by_value = [x](rex::u64 v) { return x + v; };
	static_assert(!rex::is_plain_data<decltype(by_reference)> && !rex::is_plain_data<decltype(by_value)>);
	by_reference(by_value(2));
	EXPECT_EQ(x, 2u);
}

/* Optionals and results of views are still assigned as a whole. */
TEST(PlainData, OptionalsAndResultsOfViewsAssign)
{
	u8 a[2] = {1, 2}, b[3] = {3, 4, 5};
	rex::optional<rex::span<u8>> o = rex::span<u8>(a);
	rex::optional<rex::span<u8>> other = rex::span<u8>(b);
	o = other;
	ASSERT_TRUE(o);
	EXPECT_EQ(o->size(), 3u);
	EXPECT_EQ((*o)[0], 3);
	o = rex::optional<rex::span<u8>>();
	EXPECT_FALSE(o);

	rex::result<rex::span<u8>> r = rex::span<u8>(a);
	r = rex::result<rex::span<u8>>(rex::span<u8>(b));
	ASSERT_TRUE(r);
	EXPECT_EQ(r.value().size(), 3u);
	r = rex::result<rex::span<u8>>(rex::error::invalid);
	EXPECT_FALSE(r);
}

/* Map memory for one locked value: no program creates one (the kernel does). */
struct locked_storage {
	alignas(rex::locked<u32>) unsigned char bytes[sizeof(rex::locked<u32>)] = {};
	rex::locked<u32> &value() { return *std::launder(reinterpret_cast<rex::locked<u32> *>(bytes)); }
};

TEST(SpinLockGuard, LocksForItsScopeAndUnlocksInOrder)
{
	journal.clear();
	locked_storage storage;
	rex::locked<u32> &value = storage.value();
	std::string lock = address(&value.lock);
	{
		rex::spin_lock_guard guard(value.lock);
		journal.push_back("inside");
		value.data++;
	}
	EXPECT_EQ(journal, (std::vector<std::string>{"lock " + lock, "inside", "unlock " + lock}));
	EXPECT_EQ(value.data, 1u);
}

/* A locked value has the kernel's layout: the lock word, then the data. */
static_assert(sizeof(rex::spin_lock) == 4 && sizeof(rex::locked<u32>) == 8 &&
	      __builtin_offsetof(rex::locked<u32>, data) == 4 && sizeof(rex::locked<rex::u64>) == 16);
/*
 * No program creates, copies or assigns a lock or a locked value, so none
 * can write a lock word (user space cannot either: rex load describes the
 * lock with BTF); and a locked value is not plain data, so it goes into no
 * other kind of map, ring buffer or packet.
 */
static_assert(!__is_constructible(rex::spin_lock) && !__is_constructible(rex::locked<u32>));
static_assert(!__is_constructible(rex::locked<u32>, const rex::locked<u32> &) &&
	      !__is_constructible(rex::locked<u32>, rex::locked<u32> &&));
static_assert(!__is_assignable(rex::locked<u32> &, const rex::locked<u32> &) &&
	      !__is_assignable(rex::spin_lock &, const rex::spin_lock &));
static_assert(!rex::is_plain_data<rex::spin_lock> && !rex::is_plain_data<rex::locked<u32>>);
static_assert(!rex::detail::is_map_data<rex::locked<u32>>);
static_assert(!__is_constructible(rex::spin_lock_guard, const rex::spin_lock_guard &));
static_assert(!__is_constructible(rex::spin_lock_guard, rex::spin_lock_guard &&));

struct sample {
	u32 pid;
	u32 flags;
	rex::u64 time;
};

/* A ring buffer as REX_MAP defines it, outside the map section (there is no kernel to bind it). */
constinit rex::ring_buffer<4096> events{"events"};

TEST(RingBuffer, IsARingbufMapDescriptor)
{
	static_assert(sizeof(events) == sizeof(rex_map_desc));
	rex_map_desc desc;
	std::memcpy(&desc, &events, sizeof(desc));
	EXPECT_STREQ(desc.name, "events");
	EXPECT_EQ(desc.map_type, static_cast<u32>(BPF_MAP_TYPE_RINGBUF));
	EXPECT_EQ(desc.key_size, 0u);
	EXPECT_EQ(desc.value_size, 0u);
	EXPECT_EQ(desc.max_entries, 4096u);
}

TEST(RingBuffer, SubmittedRecordIsZeroedAndNotDiscarded)
{
	journal.clear();
	ringbuf_full = false;
	{
		auto record = events.reserve<sample>();
		ASSERT_TRUE(record);
		EXPECT_EQ(record->pid, 0u) << "no stale bytes reach user space";
		EXPECT_EQ(record->time, 0u);
		record->pid = 7;
		record.submit();
		EXPECT_FALSE(record) << "a submitted record is gone";
	}
	EXPECT_EQ(journal, (std::vector<std::string>{"reserve 16 0", "submit record 0"}));
	sample sent;
	std::memcpy(&sent, ringbuf_memory, sizeof(sent));
	EXPECT_EQ(sent.pid, 7u);
}

TEST(RingBuffer, RecordNeitherSubmittedNorDiscardedIsDiscardedAtScopeEnd)
{
	journal.clear();
	ringbuf_full = false;
	{
		auto record = events.reserve<sample>();
		ASSERT_TRUE(record);
		record->pid = 1;
		journal.push_back("end of scope");
	}
	EXPECT_EQ(journal, (std::vector<std::string>{"reserve 16 0", "end of scope", "discard record 0"}));
}

TEST(RingBuffer, ExplicitDiscardHappensOnce)
{
	journal.clear();
	ringbuf_full = false;
	{
		auto record = events.reserve<sample>();
		record.discard();
	}
	EXPECT_EQ(journal, (std::vector<std::string>{"reserve 16 0", "discard record 0"}));
}

TEST(RingBuffer, FullBufferGivesAnEmptyRecord)
{
	journal.clear();
	ringbuf_full = true;
	{
		auto record = events.reserve<sample>();
		EXPECT_FALSE(record);
	}
	ringbuf_full = false;
	EXPECT_EQ(journal, (std::vector<std::string>{"reserve 16 0"})) << "nothing to discard";
}

/* A record lives exactly as long as its variable: no reference into it outlives it. */
static_assert(!std::is_move_constructible_v<rex::ringbuf_record<sample>>);
static_assert(!std::is_copy_constructible_v<rex::ringbuf_record<sample>>);
static_assert(!std::is_move_assignable_v<rex::ringbuf_record<sample>>);

TEST(RingBuffer, SubmitTakesEffectAtScopeEnd)
{
	journal.clear();
	ringbuf_full = false;
	{
		auto record = events.reserve<sample>();
		ASSERT_TRUE(record);
		sample &kept = *record;
		record.submit();
		EXPECT_FALSE(record) << "a submitted record is gone for the program";
		journal.push_back("after submit");
		kept.pid = 9; /* still the program's memory: the kernel has not got it yet */
	}
	EXPECT_EQ(journal,
		  (std::vector<std::string>{"reserve 16 0", "after submit", "submit record 0"}));
	sample sent;
	std::memcpy(&sent, ringbuf_memory, sizeof(sent));
	EXPECT_EQ(sent.pid, 9u) << "user space reads what the record held at the end of its scope";
}

TEST(RingBuffer, DiscardTakesEffectAtScopeEnd)
{
	journal.clear();
	ringbuf_full = false;
	{
		auto record = events.reserve<sample>();
		ASSERT_TRUE(record);
		record.discard();
		EXPECT_FALSE(record);
		journal.push_back("after discard");
	}
	EXPECT_EQ(journal,
		  (std::vector<std::string>{"reserve 16 0", "after discard", "discard record 0"}));
}

TEST(RingBufferDeathTest, UseAfterSubmitPanics)
{
	ringbuf_full = false;
	auto record = events.reserve<sample>();
	record.submit();
	EXPECT_DEATH(record.submit(), "rex panic: use of an empty rex::ringbuf_record .* at .*support_layer_test.cpp:");
	EXPECT_DEATH(record.discard(), "use of an empty rex::ringbuf_record");
	EXPECT_DEATH((void)record.value(), "use of an empty rex::ringbuf_record");
}

TEST(RingBufferDeathTest, UseAfterDiscardPanics)
{
	ringbuf_full = false;
	auto record = events.reserve<sample>();
	record.discard();
	EXPECT_DEATH(record.submit(), "use of an empty rex::ringbuf_record");
	EXPECT_DEATH(record->pid = 1, "use of an empty rex::ringbuf_record");
}

TEST(Task, CurrentTaskIsPutAtScopeEnd)
{
	journal.clear();
	{
		auto task = rex::current_task();
		ASSERT_TRUE(task);
		EXPECT_EQ(task.pid(), 1234u);
		EXPECT_EQ(task.tgid(), 4321u);
		EXPECT_EQ(fake_task_refs, 1);
	}
	EXPECT_EQ(fake_task_refs, 0);
	EXPECT_EQ(journal, (std::vector<std::string>{"get task", "put task"}));
}

TEST(Task, MovedHandleIsPutOnce)
{
	journal.clear();
	{
		auto task = rex::current_task();
		rex::task moved = static_cast<rex::task &&>(task);
		EXPECT_FALSE(task);
		EXPECT_TRUE(moved);
	}
	EXPECT_EQ(fake_task_refs, 0);
	EXPECT_EQ(journal, (std::vector<std::string>{"get task", "put task"}));
}

static_assert(!__is_constructible(rex::task, const rex::task &));
static_assert(__is_constructible(rex::task, rex::task &&));

/*
 * result<T, E> and REX_TRY.
 */

constexpr rex::result<u32> half(u32 n)
{
	if (n % 2)
		return rex::error::invalid;
	return n / 2;
}

int quarter_calls = 0;

rex::result<u32> quarter(u32 n)
{
	u32 h = REX_TRY(half(n));
	quarter_calls++; /* not reached when half fails */
	return REX_TRY(half(h));
}

rex::result<void> check_even(u32 n)
{
	REX_TRY(half(n));
	return {};
}

rex::result<u32> sum_of_halves(u32 a, u32 b)
{
	REX_TRY(check_even(a));
	REX_TRY(check_even(b));
	return a / 2 + b / 2;
}

TEST(Result, HoldsAValue)
{
	rex::result<u32> r = 7u;
	ASSERT_TRUE(r);
	EXPECT_TRUE(r.has_value());
	EXPECT_EQ(*r, 7u);
	EXPECT_EQ(r.value(), 7u);
	EXPECT_EQ(r.value_or(1), 7u);
	*r = 8;
	EXPECT_EQ(r.value(), 8u);
}

TEST(Result, HoldsAnError)
{
	rex::result<u32> r = rex::error::no_entry;
	EXPECT_FALSE(r);
	EXPECT_FALSE(r.has_value());
	EXPECT_EQ(r.error(), rex::error::no_entry);
	EXPECT_EQ(static_cast<int>(r.error()), ENOENT);
	EXPECT_EQ(r.value_or(5), 5u);
}

TEST(Result, OwnErrorTypesAndFailForAmbiguousOnes)
{
	enum class parse_error { too_short };
	rex::result<header, parse_error> parsed = parse_error::too_short;
	EXPECT_EQ(parsed.error(), parse_error::too_short);
	/* Value and error of the same type: fail() says which. */
	rex::result<long, long> both = rex::fail(-1L);
	EXPECT_FALSE(both);
	EXPECT_EQ(both.error(), -1);
	rex::result<long, long> value = 3L;
	EXPECT_EQ(*value, 3);
}

TEST(Result, MemberAccessThroughArrow)
{
	rex::result<header> r = header{1, 2, 3};
	EXPECT_EQ(r->flags, 2);
	r->length = 9;
	EXPECT_EQ(r.value().length, 9);
}

TEST(ResultDeathTest, ValueOfAnErrorPanicsWithTheCallersLine)
{
	rex::result<u32> r = rex::error::invalid;
	EXPECT_DEATH((void)r.value(), "rex panic: value of a rex::result that holds an error at .*support_layer_test.cpp:");
	EXPECT_DEATH((void)*r, "value of a rex::result that holds an error");
	rex::result<void> failed = rex::error::busy;
	EXPECT_DEATH(failed.value(), "value of a rex::result that holds an error at .*support_layer_test.cpp:");
}

TEST(ResultDeathTest, ErrorOfAValuePanicsWithTheCallersLine)
{
	rex::result<u32> r = 1u;
	EXPECT_DEATH((void)r.error(), "rex panic: error of a rex::result that holds a value at .*support_layer_test.cpp:");
	rex::result<void> ok;
	EXPECT_DEATH((void)ok.error(), "error of a rex::result that holds a value");
}

TEST(Result, VoidIsASuccessUnlessGivenAnError)
{
	rex::result<void> ok;
	EXPECT_TRUE(ok);
	ok.value(); /* does not panic */
	rex::result<void> failed = rex::error::too_big;
	EXPECT_FALSE(failed);
	EXPECT_EQ(failed.error(), rex::error::too_big);
}

TEST(Result, TryPassesTheValueOn)
{
	quarter_calls = 0;
	rex::result<u32> r = quarter(12);
	ASSERT_TRUE(r);
	EXPECT_EQ(*r, 3u);
	EXPECT_EQ(quarter_calls, 1);
}

TEST(Result, TryReturnsTheErrorAtOnce)
{
	quarter_calls = 0;
	rex::result<u32> r = quarter(7);
	ASSERT_FALSE(r);
	EXPECT_EQ(r.error(), rex::error::invalid);
	EXPECT_EQ(quarter_calls, 0) << "the rest of the function did not run";
	/* The error of the second REX_TRY, after the first passed. */
	EXPECT_EQ(quarter(6).error(), rex::error::invalid);
	EXPECT_EQ(quarter_calls, 1);
}

TEST(Result, TryOnVoidResults)
{
	EXPECT_EQ(sum_of_halves(4, 6).value_or(0), 5u);
	EXPECT_EQ(sum_of_halves(4, 5).error(), rex::error::invalid);
	EXPECT_FALSE(check_even(3));
}

TEST(Result, FromAHelpersErrnoReturn)
{
	EXPECT_TRUE(rex::detail::errno_status(0));
	EXPECT_EQ(rex::detail::errno_status(-ENOENT).error(), rex::error::no_entry);
	EXPECT_EQ(rex::detail::errno_value<u32>(42).value(), 42u);
	EXPECT_EQ(rex::detail::errno_value<u32>(-EEXIST).error(), rex::error::exists);
	/* An errno without a name in rex::error still comes through. */
	EXPECT_EQ(static_cast<int>(rex::detail::errno_status(-EXDEV).error()), EXDEV);
}

/*
 * Results are usable in constant expressions, REX_TRY on its success path
 * (clang cannot evaluate a return out of a statement expression).
 */
constexpr rex::result<u32> constant_quarter(u32 n)
{
	u32 h = REX_TRY(half(n));
	return REX_TRY(half(h));
}
static_assert(constant_quarter(8).value() == 2);
static_assert(rex::result<u32>(rex::error::busy).value_or(4) == 4);
static_assert(!__is_constructible(rex::result<u32>, rex::optional<u32>));

/*
 * string_view.
 */

static_assert(rex::string_view("bash").size() == 4);
static_assert(rex::string_view("").empty());
static_assert(rex::string_view("bash")[1] == 'a');
static_assert(rex::string_view("bash") == "bash");
static_assert(!(rex::string_view("bash") == "bas"));
static_assert(rex::string_view("bash").starts_with("ba") && !rex::string_view("bash").starts_with("bashful"));
static_assert(rex::string_view("bash").ends_with("sh") && !rex::string_view("sh").ends_with("bash"));
static_assert(rex::string_view("kworker/0:1").substr(0, 7) == "kworker");
static_assert(rex::string_view("kworker/0:1").substr(8) == "0:1");
static_assert(rex::string_view("kworker").substr(7).empty());
static_assert(rex::string_view("kworker").substr(2, 100) == "orker");
static_assert(rex::string_view("a/b").find('/').value() == 1 && !rex::string_view("ab").find('/'));

TEST(StringView, ACharacterArrayEndsAtItsFirstNul)
{
	rex::task_comm comm = {'s', 's', 'h', 'd'};
	rex::string_view name(comm);
	EXPECT_EQ(name.size(), 4u);
	EXPECT_TRUE(name == "sshd");
	char full[3] = {'a', 'b', 'c'}; /* no NUL: the whole array */
	EXPECT_EQ(rex::string_view(full).size(), 3u);
	const char with_nul[] = {'a', '\0', 'b'};
	EXPECT_EQ(rex::string_view(rex::span<const char>(with_nul)).size(), 3u) << "a span keeps its NULs";
}

TEST(StringView, RangeForVisitsEachCharacter)
{
	std::string seen;
	for (char c : rex::string_view("abc"))
		seen += c;
	EXPECT_EQ(seen, "abc");
}

TEST(StringViewDeathTest, IndexAndSubstrOutOfBoundsPanicWithTheCallersLine)
{
	rex::string_view name("sshd");
	EXPECT_DEATH((void)name[4], "rex panic: rex::string_view index out of bounds at .*support_layer_test.cpp:");
	EXPECT_DEATH((void)name.substr(5), "rex panic: rex::string_view::substr beyond the end at .*support_layer_test.cpp:");
	EXPECT_EQ(name.substr(4).size(), 0u);
}

/*
 * Algorithms.
 */

static_assert(rex::min(3, 4) == 3 && rex::max(3, 4) == 4);
static_assert(rex::clamp(9, 0, 5) == 5 && rex::clamp(-1, 0, 5) == 0 && rex::clamp(3, 0, 5) == 3);

constexpr bool constant_copy()
{
	rex::array<u8, 4> from = {1, 2, 3, 4};
	rex::array<u8, 6> to = {};
	rex::usize n = rex::copy(from, to);
	rex::fill(to.as_span().subspan(4), u8{9});
	return n == 4 && to[3] == 4 && to[5] == 9 && rex::find(to, u8{9}).value() == 4 && rex::count(to, u8{9}) == 2;
}
static_assert(constant_copy());

TEST(Algorithm, FillCopyFindCountEqual)
{
	u32 values[5] = {};
	rex::fill(values, 7u);
	EXPECT_EQ(rex::count(values, 7u), 5u);

	rex::array<u32, 3> small = {1, 2, 3};
	EXPECT_EQ(rex::copy(small, rex::span<u32>(values).subspan(1)), 3u);
	EXPECT_EQ(values[0], 7u);
	EXPECT_EQ(values[1], 1u);
	EXPECT_EQ(values[3], 3u);
	EXPECT_EQ(values[4], 7u);

	EXPECT_EQ(rex::find(values, 3u).value(), 3u);
	EXPECT_FALSE(rex::find(values, 4u));
	EXPECT_TRUE(rex::equal(rex::span<u32>(values).subspan(1, 3), small));
	EXPECT_FALSE(rex::equal(values, small)) << "different sizes";
}

TEST(Algorithm, CopyBetweenOverlappingRanges)
{
	u8 bytes[6] = {1, 2, 3, 4, 5, 6};
	rex::span<u8> all(bytes);
	rex::copy(all.first(4), all.subspan(2));
	EXPECT_EQ(std::vector<u8>(bytes, bytes + 6), (std::vector<u8>{1, 2, 1, 2, 3, 4}));
}

TEST(AlgorithmDeathTest, ContractViolationsPanicWithTheCallersLine)
{
	rex::array<u8, 4> from = {};
	rex::array<u8, 3> to = {};
	EXPECT_DEATH(rex::copy(from, to), "rex panic: rex::copy into a range that is too short at .*support_layer_test.cpp:");
	EXPECT_DEATH((void)rex::clamp(1, 5, 0), "rex panic: rex::clamp with lo > hi at .*support_layer_test.cpp:");
}

/*
 * The new map kinds.  A map object is its rex_map_desc: check, at compile
 * time, the fields the kernel checks when it creates each kind.
 */

constexpr rex_map_desc desc_of(const auto &map)
{
	return __builtin_bit_cast(rex_map_desc, map);
}

constexpr rex_map_desc queue_desc = desc_of(rex::queue_map<header, 32>("q"));
static_assert(queue_desc.map_type == BPF_MAP_TYPE_QUEUE && queue_desc.key_size == 0 &&
	      queue_desc.value_size == sizeof(header) && queue_desc.max_entries == 32 && queue_desc.map_flags == 0);

constexpr rex_map_desc stack_desc = desc_of(rex::stack_map<rex::u64, 8>("s"));
static_assert(stack_desc.map_type == BPF_MAP_TYPE_STACK && stack_desc.key_size == 0 && stack_desc.value_size == 8 &&
	      stack_desc.max_entries == 8 && stack_desc.map_flags == 0);

constexpr rex_map_desc perf_desc = desc_of(rex::perf_event_array<64>("p"));
static_assert(perf_desc.map_type == BPF_MAP_TYPE_PERF_EVENT_ARRAY && perf_desc.key_size == 4 &&
	      perf_desc.value_size == 4 && perf_desc.max_entries == 64 && perf_desc.map_flags == 0);

constexpr rex_map_desc trace_desc = desc_of(rex::stack_trace_map<127, 1024>("t"));
static_assert(trace_desc.map_type == BPF_MAP_TYPE_STACK_TRACE && trace_desc.key_size == 4 &&
	      trace_desc.value_size == 8 * 127 && trace_desc.max_entries == 1024 && trace_desc.map_flags == 0);

static_assert(desc_of(rex::stack_trace_map<1, 1>("t")).value_size == 8);
static_assert(queue_desc.kptr == 0 && queue_desc.value_offset == 0, "the kernel fills in kptr and value_offset");
static_assert(sizeof(rex::queue_map<u32, 1>) == sizeof(rex_map_desc) &&
	      sizeof(rex::stack_trace_map<8, 8>) == sizeof(rex_map_desc) &&
	      sizeof(rex::perf_event_array<1>) == sizeof(rex_map_desc));

/* As REX_MAP defines them, outside the map section. */
constinit rex::queue_map<u32, 4> pending{"pending"};
constinit rex::stack_map<u32, 4> undo{"undo"};
constinit rex::perf_event_array<8> perf_events{"perf_events"};
constinit rex::stack_trace_map<16, 64> stacks{"stacks"};

/* What the kernel does at load: store the map's address in kptr. */
template <typename Map>
const void *bind(Map &map, rex::u64 address)
{
	std::memcpy(reinterpret_cast<char *>(&map) + offsetof(rex_map_desc, kptr), &address, sizeof(address));
	return reinterpret_cast<const void *>(address);
}

/*
 * Array maps are looked up without a kernel call: element i is at kptr +
 * value_offset + i * round_up(sizeof(V), 8), which the kernel fills in at
 * load.  The fake "struct bpf_array" is a 40-byte header then the elements.
 */
struct twelve_bytes {
	rex::u32 a, b, c;
};
constinit rex::array_map<twelve_bytes, 3> triples{"triples"};

struct fake_bpf_array {
	alignas(8) unsigned char header[40];
	unsigned char elements[3 * 16];
};

TEST(ArrayMap, LookupComputesTheElementAddressWithoutACall)
{
	static fake_bpf_array kernel_array;
	const rex::u32 offset = offsetof(fake_bpf_array, elements);
	bind(triples, reinterpret_cast<rex::u64>(&kernel_array));
	std::memcpy(reinterpret_cast<char *>(&triples) + offsetof(rex_map_desc, value_offset), &offset, sizeof(offset));
	journal.clear();

	for (rex::u32 i = 0; i < 3; i++) {
		auto value = triples.lookup(i);
		ASSERT_TRUE(value) << "index " << i;
		EXPECT_EQ(static_cast<void *>(&*value), static_cast<void *>(&kernel_array.elements[16 * i]))
			<< "12-byte values are 16 bytes apart, as the kernel's array map places them";
	}
	triples.lookup(2)->c = 7;
	rex::u32 stored;
	std::memcpy(&stored, &kernel_array.elements[2 * 16 + 8], sizeof(stored));
	EXPECT_EQ(stored, 7u) << "the reference is the kernel's element, not a copy";
	EXPECT_FALSE(triples.lookup(3)) << "index N is out of range";
	EXPECT_FALSE(triples.lookup(0xffffffffu));
	EXPECT_TRUE(journal.empty()) << "no runtime function is called";
}

TEST(QueueMap, PushPopPeekCallTheHelpersWithTheBoundMap)
{
	const void *map = bind(pending, 0x1000);
	journal.clear();
	fake_queue.clear();
	fake_push_ret = 0;

	EXPECT_TRUE(pending.push(5));
	EXPECT_EQ(last_call.map, map);
	EXPECT_EQ(last_call.flags, 0u) << "fail_if_full by default";
	EXPECT_TRUE(pending.push(6, rex::push_mode::overwrite_oldest));
	EXPECT_EQ(last_call.flags, static_cast<rex::u64>(BPF_EXIST));

	EXPECT_EQ(pending.peek().value_or(0), 5u);
	EXPECT_EQ(pending.pop().value_or(0), 5u);
	EXPECT_EQ(pending.pop().value_or(0), 6u);
	EXPECT_FALSE(pending.pop()) << "empty";
	EXPECT_FALSE(pending.peek());
	EXPECT_EQ(journal, (std::vector<std::string>{"push 0", "push 2", "peek", "pop", "pop", "pop", "peek"}));
}

TEST(QueueMap, FullQueueIsAnError)
{
	bind(undo, 0x2000);
	fake_push_ret = -E2BIG;
	rex::result<void> pushed = undo.push(1);
	fake_push_ret = 0;
	ASSERT_FALSE(pushed);
	EXPECT_EQ(pushed.error(), rex::error::too_big);
	EXPECT_EQ(last_call.map, reinterpret_cast<const void *>(0x2000));
}

int fake_kernel_ctx;

TEST(PerfEventArray, OutputSendsTheValueToThisCpusBuffer)
{
	const void *map = bind(perf_events, 0x3000);
	auto ctx = rex::detail::context_access::make<rex::perf_event_ctx>(&fake_kernel_ctx);
	fake_helper_ret = 0;
	header h{1, 2, 0x0304};
	EXPECT_TRUE(perf_events.output(ctx, h));
	EXPECT_EQ(last_call.ctx, &fake_kernel_ctx) << "the kernel's context object, not the wrapper";
	EXPECT_EQ(last_call.map, map);
	EXPECT_EQ(last_call.flags, static_cast<rex::u64>(BPF_F_CURRENT_CPU));
	EXPECT_EQ(last_call.data, (std::vector<unsigned char>{1, 2, 4, 3}));

	fake_helper_ret = -ENOENT;
	rex::result<void> sent = perf_events.output(ctx, u32{7});
	fake_helper_ret = 0;
	EXPECT_EQ(sent.error(), rex::error::no_entry) << "no perf event open on this CPU";
	EXPECT_EQ(last_call.data.size(), 4u);
}

TEST(StackTraceMap, GetStackidPassesFlagsAndSkip)
{
	const void *map = bind(stacks, 0x4000);
	auto ctx = rex::detail::context_access::make<rex::kprobe_ctx>(&fake_kernel_ctx);
	fake_helper_ret = 17;
	EXPECT_EQ(stacks.get_stackid(ctx).value(), 17u);
	EXPECT_EQ(last_call.ctx, &fake_kernel_ctx);
	EXPECT_EQ(last_call.map, map);
	EXPECT_EQ(last_call.flags, 0u);

	(void)stacks.get_stackid(ctx, rex::stack_flags::user | rex::stack_flags::reuse_id, 3);
	EXPECT_EQ(last_call.flags, static_cast<rex::u64>(BPF_F_USER_STACK | BPF_F_REUSE_STACKID | 3));

	fake_helper_ret = -EEXIST;
	EXPECT_EQ(stacks.get_stackid(ctx).error(), rex::error::exists);
	fake_helper_ret = 0;

	auto tp = rex::detail::context_access::make<rex::tracepoint_ctx<>>(&fake_kernel_ctx);
	(void)stacks.get_stackid(tp, rex::stack_flags::fast_compare);
	EXPECT_EQ(last_call.ctx, &fake_kernel_ctx);
	EXPECT_EQ(last_call.flags, static_cast<rex::u64>(BPF_F_FAST_STACK_CMP));
}

/*
 * get_stack: the frames land in the caller's span, the count is in frames
 * (the helper returns bytes), and errors are results.
 */

TEST(GetStack, CopiesTheFramesAndReturnsTheirCount)
{
	auto ctx = rex::detail::context_access::make<rex::kprobe_ctx>(&fake_kernel_ctx);
	rex::array<rex::u64, 8> frames;
	rex::fill(frames.as_span(), rex::u64{0xaaaa});
	fake_helper_ret = 0;
	fake_stack_depth = 3;
	journal.clear();

	rex::result<rex::usize> n = rex::get_stack(ctx, frames.as_span());
	ASSERT_TRUE(n);
	EXPECT_EQ(*n, 3u) << "frames, not the helper's 24 bytes";
	EXPECT_EQ(frames[0], 0xf0u);
	EXPECT_EQ(frames[2], 0xf2u);
	EXPECT_EQ(frames[3], 0u) << "the rest is zeroed";
	EXPECT_EQ(last_call.ctx, &fake_kernel_ctx) << "the kernel's context object, not the wrapper";
	EXPECT_EQ(last_call.map, frames.begin()) << "the caller's buffer";
	EXPECT_EQ(last_call.flags, 0u) << "the kernel stack, nothing skipped";
	EXPECT_EQ(journal, (std::vector<std::string>{"get stack 64"})) << "the whole span, in bytes";

	fake_stack_depth = 20;
	EXPECT_EQ(rex::get_stack(ctx, frames.as_span()).value(), 8u) << "cut off at the span's end";
	EXPECT_EQ(rex::get_stack(ctx, frames.as_span().first(2)).value(), 2u);
	EXPECT_EQ(journal.back(), "get stack 16");
	EXPECT_EQ(frames[2], 0xf2u) << "nothing written past the span";
	fake_stack_depth = 0;
}

TEST(GetStack, PassesTheStackKindAndSkip)
{
	rex::array<rex::u64, 4> frames{};
	fake_helper_ret = 0;
	auto tp = rex::detail::context_access::make<rex::tracepoint_ctx<>>(&fake_kernel_ctx);
	(void)rex::get_stack(tp, frames.as_span(), rex::stack_kind::user, 2);
	EXPECT_EQ(last_call.ctx, &fake_kernel_ctx);
	EXPECT_EQ(last_call.flags, static_cast<rex::u64>(BPF_F_USER_STACK | 2));

	auto perf = rex::detail::context_access::make<rex::perf_event_ctx>(&fake_kernel_ctx);
	(void)rex::get_stack(perf, frames.as_span(), rex::stack_kind::kernel, 255);
	EXPECT_EQ(last_call.flags, 255u) << "skip fills BPF_F_SKIP_FIELD_MASK";
}

TEST(GetStack, ErrorsAreResults)
{
	auto ctx = rex::detail::context_access::make<rex::kprobe_ctx>(&fake_kernel_ctx);
	rex::array<rex::u64, 4> frames{};
	fake_stack_depth = 4;
	fake_helper_ret = -EFAULT;
	rex::result<rex::usize> n = rex::get_stack(ctx, frames.as_span());
	ASSERT_FALSE(n);
	EXPECT_EQ(n.error(), rex::error::fault) << "the stack could not be walked";
	EXPECT_EQ(frames[0], 0u);
	fake_helper_ret = -EINVAL;
	EXPECT_EQ(rex::get_stack(ctx, frames.as_span()).error(), rex::error::invalid);
	fake_helper_ret = 0;
	fake_stack_depth = 0;
	EXPECT_EQ(rex::get_stack(ctx, frames.as_span()).value(), 0u) << "an empty stack is no error";
}

/*
 * XDP: adjust_head/adjust_tail hand back the new packet, and packet()
 * reads the bounds again on each call.
 */

struct fake_xdp_frame {
	alignas(8) u8 memory[256] = {};
	rex::detail::xdp_buff_head buff{};

	fake_xdp_frame()
	{
		buff.data_hard_start = memory;
		buff.data = memory + 64; /* 64 bytes of headroom */
		buff.data_end = memory + 64 + 100;
		buff.data_meta = buff.data;
		fake_frame_end = memory + sizeof(memory);
	}
};

TEST(Xdp, AdjustHeadReturnsTheNewPacket)
{
	fake_xdp_frame frame;
	auto ctx = rex::detail::context_access::make<rex::xdp_ctx>(&frame.buff);
	rex::span<u8> before = ctx.packet();
	EXPECT_EQ(before.size(), 100u);

	journal.clear();
	auto grown = ctx.adjust_head(-8);
	ASSERT_TRUE(grown);
	EXPECT_EQ(grown->size(), 108u);
	EXPECT_EQ(grown->begin(), frame.memory + 56);
	EXPECT_EQ(ctx.packet().size(), 108u) << "packet() reads the new bounds";
	EXPECT_EQ(ctx.size(), 108u);

	auto stripped = ctx.adjust_head(20);
	ASSERT_TRUE(stripped);
	EXPECT_EQ(stripped->size(), 88u);
	EXPECT_EQ(journal, (std::vector<std::string>{"adjust head -8", "adjust head 20"}));
}

TEST(Xdp, AdjustFailureLeavesThePacketAlone)
{
	fake_xdp_frame frame;
	auto ctx = rex::detail::context_access::make<rex::xdp_ctx>(&frame.buff);
	auto r = ctx.adjust_head(-65); /* more than the headroom */
	ASSERT_FALSE(r);
	EXPECT_EQ(r.error(), rex::error::invalid);
	EXPECT_EQ(ctx.size(), 100u);
	EXPECT_FALSE(ctx.adjust_tail(-90)) << "shorter than an Ethernet header";
	EXPECT_EQ(ctx.size(), 100u);
}

TEST(Xdp, AdjustTailReturnsTheNewPacket)
{
	fake_xdp_frame frame;
	auto ctx = rex::detail::context_access::make<rex::xdp_ctx>(&frame.buff);
	auto trimmed = ctx.adjust_tail(-40);
	ASSERT_TRUE(trimmed);
	EXPECT_EQ(trimmed->size(), 60u);
	EXPECT_EQ(trimmed->begin(), frame.memory + 64);
	auto grown = ctx.adjust_tail(50);
	ASSERT_TRUE(grown);
	EXPECT_EQ(ctx.packet().size(), 110u);
}

TEST(Xdp, RedirectPassesTheIfindexAndReturnsTheAction)
{
	fake_xdp_frame frame;
	auto ctx = rex::detail::context_access::make<rex::xdp_ctx>(&frame.buff);
	journal.clear();
	EXPECT_EQ(ctx.redirect(7), rex::xdp_action::redirect);
	EXPECT_EQ(last_call.flags, 0u) << "XDP's bpf_redirect takes no flags";
	EXPECT_EQ(journal, (std::vector<std::string>{"redirect 7"}));

	fake_redirect_ret = XDP_ABORTED;
	EXPECT_EQ(ctx.redirect(8), rex::xdp_action::aborted) << "what the helper returns is the action";
	fake_redirect_ret = XDP_REDIRECT;
	EXPECT_EQ(journal.back(), "redirect 8");
	EXPECT_EQ(ctx.size(), 100u) << "the packet is left alone";
}

constexpr rex_map_desc dev_desc = desc_of(rex::dev_map<16>("d"));
static_assert(dev_desc.map_type == BPF_MAP_TYPE_DEVMAP && dev_desc.key_size == 4 && dev_desc.value_size == 4 &&
	      dev_desc.max_entries == 16 && dev_desc.map_flags == BPF_F_RDONLY_PROG);
constexpr rex_map_desc cpu_desc = desc_of(rex::cpu_map<2>("c"));
static_assert(cpu_desc.map_type == BPF_MAP_TYPE_CPUMAP && cpu_desc.key_size == 4 && cpu_desc.value_size == 4 &&
	      cpu_desc.max_entries == 2 && cpu_desc.map_flags == 0);
static_assert(sizeof(rex::dev_map<1>) == sizeof(rex_map_desc) && sizeof(rex::cpu_map<1>) == sizeof(rex_map_desc));

constinit rex::dev_map<4> ports{"ports"};
constinit rex::cpu_map<2> cpus{"cpus"};

TEST(RedirectMap, PassesTheMapSlotAndFallbackAndReturnsTheAction)
{
	fake_xdp_frame frame;
	auto ctx = rex::detail::context_access::make<rex::xdp_ctx>(&frame.buff);
	const void *dev = bind(ports, 0x5000);
	fake_redirect_slots = 2;
	journal.clear();
	EXPECT_EQ(ports.redirect(ctx, 1, rex::redirect_fallback::pass), rex::xdp_action::redirect);
	EXPECT_EQ(last_call.map, dev) << "the kernel's map, bound to the descriptor";
	EXPECT_EQ(last_call.flags, static_cast<rex::u64>(XDP_PASS)) << "the fallback, and no other flag";
	EXPECT_EQ(journal, (std::vector<std::string>{"redirect map 1"}));

	EXPECT_EQ(ports.redirect(ctx, 3, rex::redirect_fallback::pass), rex::xdp_action::pass) << "an empty slot";
	EXPECT_EQ(ports.redirect(ctx, 3, rex::redirect_fallback::drop), rex::xdp_action::drop);
	EXPECT_EQ(ports.redirect(ctx, 3, rex::redirect_fallback::tx), rex::xdp_action::tx);
	EXPECT_EQ(ports.redirect(ctx, 3), rex::xdp_action::aborted) << "the default fallback";
	EXPECT_EQ(last_call.flags, 0u);

	const void *cpu = bind(cpus, 0x6000);
	EXPECT_EQ(cpus.redirect(ctx, 0, rex::redirect_fallback::drop), rex::xdp_action::redirect);
	EXPECT_EQ(last_call.map, cpu);
	EXPECT_EQ(journal.back(), "redirect map 0");
	fake_redirect_slots = 0;
	EXPECT_EQ(ctx.size(), 100u) << "the packet is left alone";
}

TEST(Kprobe, OverrideReturnPassesTheRegsAndTheValue)
{
	rex::detail::pt_regs regs{};
	auto ctx = rex::detail::context_access::make<rex::kprobe_ctx>(&regs);
	ctx.override_return(rex::error::no_memory);
	EXPECT_EQ(last_call.ctx, &regs);
	EXPECT_EQ(last_call.flags, static_cast<rex::u64>(-ENOMEM)) << "an error is returned negated";
	ctx.override_return(-1);
	EXPECT_EQ(last_call.flags, static_cast<rex::u64>(-1)) << "sign-extended";
	ctx.override_return(rex::u32{5});
	EXPECT_EQ(last_call.flags, 5u);
}

/*
 * Byte order: beN holds its value big-endian, as on the wire.
 */

static_assert(rex::be16(0x0800).host() == 0x0800 && rex::be32(0x0a000001).host() == 0x0a000001 &&
	      rex::be64(0x0102030405060708).host() == 0x0102030405060708);
static_assert(__builtin_bit_cast(u16, rex::be16(0x1234)) == 0x3412, "the first byte is the most significant");
static_assert(__builtin_bit_cast(rex::u32, rex::be32(0x01020304)) == 0x04030201);
static_assert(__builtin_bit_cast(rex::u64, rex::be64(0x0102030405060708)) == 0x0807060504030201);
static_assert(rex::be16(0x0800) == rex::be16(0x0800) && !(rex::be16(0x0800) == rex::be16(0x0008)));
static_assert(rex::be32().host() == 0, "zero by default");
static_assert(!__is_convertible(u16, rex::be16) && !__is_convertible(rex::be16, u16),
	      "no silent conversion between host and network order");

TEST(ByteOrder, ReadsNetworkOrderFromPacketBytes)
{
	u8 frame[20] = {};
	frame[12] = 0x08;
	frame[14] = 0x45;
	frame[16] = 0x01;
	frame[17] = 0x02;
	frame[18] = 0x03;
	frame[19] = 0x04;
	rex::span<const u8> packet(frame);
	EXPECT_EQ(rex::read_as<rex::be16>(packet, 12)->host(), 0x0800);
	EXPECT_EQ(rex::read_as<rex::be32>(packet, 12)->host(), 0x08004500u);
	EXPECT_EQ(rex::read_as<rex::be32>(packet, 16)->host(), 0x01020304u);
	EXPECT_EQ(rex::read_as<rex::be64>(packet, 12)->host(), 0x0800450001020304ull);
	EXPECT_TRUE(*rex::read_as<rex::be16>(packet, 12) == rex::be16(0x0800));
}

TEST(ByteOrder, StoresTheMostSignificantByteFirst)
{
	u8 bytes[8] = {};
	rex::be64 value(0x1122334455667788);
	std::memcpy(bytes, &value, sizeof(value));
	EXPECT_EQ(std::vector<u8>(bytes, bytes + 8), (std::vector<u8>{0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88}));
	rex::be16 port(443);
	std::memcpy(bytes, &port, sizeof(port));
	EXPECT_EQ(bytes[0], 0x01);
	EXPECT_EQ(bytes[1], 0xbb);
}

/*
 * search, for_each, iota, string_view::find(string_view).
 */

constexpr u8 haystack[] = {1, 2, 1, 2, 3, 4};
constexpr u8 pattern_123[] = {1, 2, 3};
constexpr u8 pattern_34[] = {3, 4};
constexpr u8 pattern_25[] = {2, 5};
constexpr u8 pattern_1[] = {1};
static_assert(rex::search(haystack, pattern_123).value() == 2, "after a partial match at 0");
static_assert(rex::search(haystack, pattern_34).value() == 4, "at the very end");
static_assert(rex::search(haystack, pattern_1).value() == 0);
static_assert(!rex::search(haystack, pattern_25));
static_assert(rex::search(haystack, haystack).value() == 0, "the whole range");

TEST(Algorithm, SearchFindsTheFirstOccurrence)
{
	u8 packet[64] = {};
	packet[12] = 0x08;
	packet[14] = 0x45;
	rex::span<u8> s(packet);
	const u8 ipv4[] = {0x08, 0x00, 0x45};
	EXPECT_EQ(rex::search(s, ipv4).value_or(99), 12u);
	rex::array<u8, 2> twice = {0x00, 0x00};
	EXPECT_EQ(rex::search(s, twice).value_or(99), 0u);
	EXPECT_EQ(rex::search(s.subspan(13), twice).value_or(99), 2u) << "bytes 15 and 16";
	const u8 absent[] = {0x45, 0x01};
	EXPECT_FALSE(rex::search(s, absent));
}

TEST(Algorithm, SearchEdgeCases)
{
	u8 three[3] = {7, 8, 9};
	rex::span<u8> s(three);
	EXPECT_EQ(rex::search(s, rex::span<u8>()).value_or(99), 0u) << "an empty needle occurs at 0";
	EXPECT_EQ(rex::search(rex::span<u8>(), rex::span<u8>()).value_or(99), 0u);
	u8 four[4] = {7, 8, 9, 10};
	EXPECT_FALSE(rex::search(s, four)) << "a needle longer than the haystack";
	EXPECT_FALSE(rex::search(rex::span<u8>(), three)) << "an empty haystack";
	EXPECT_EQ(rex::search(s, three).value_or(99), 0u);
	u8 tail[2] = {9, 10};
	EXPECT_FALSE(rex::search(s, tail)) << "a match must not run past the end";
}

TEST(Algorithm, ForEachVisitsEveryElementInOrder)
{
	u32 values[4] = {3, 1, 4, 1};
	std::vector<u32> seen;
	rex::for_each(values, [&](u32 v) { seen.push_back(v); });
	EXPECT_EQ(seen, (std::vector<u32>{3, 1, 4, 1}));

	rex::for_each(rex::span<u32>(values).subspan(1, 2), [](u32 &v) { v *= 10; });
	EXPECT_EQ(std::vector<u32>(values, values + 4), (std::vector<u32>{3, 10, 40, 1})) << "changed in place";

	int calls = 0;
	rex::for_each(rex::span<u32>(), [&](u32) { calls++; });
	EXPECT_EQ(calls, 0);

	const rex::array<u8, 3> constant = {1, 2, 3};
	u32 sum = 0;
	rex::for_each(constant, [&](const u8 &b) { sum += b; });
	EXPECT_EQ(sum, 6u);
}

constexpr u32 sum_of_iota(u32 first, u32 last)
{
	u32 sum = 0;
	for (u32 i : rex::iota(first, last))
		sum += i;
	return sum;
}
static_assert(sum_of_iota(0, 5) == 10 && sum_of_iota(3, 3) == 0 && sum_of_iota(5, 2) == 0);
static_assert(rex::iota(2u, 7u).size() == 5 && rex::iota(7u, 2u).empty() && rex::iota(4u).size() == 4);

TEST(Algorithm, IotaCountsFromFirstUpToLast)
{
	std::vector<u32> seen;
	for (u32 i : rex::iota(2u, 6u))
		seen.push_back(i);
	EXPECT_EQ(seen, (std::vector<u32>{2, 3, 4, 5}));

	seen.clear();
	for (u32 i : rex::iota(3u))
		seen.push_back(i);
	EXPECT_EQ(seen, (std::vector<u32>{0, 1, 2}));

	std::vector<int> negative;
	for (int i : rex::iota(-2, 2))
		negative.push_back(i);
	EXPECT_EQ(negative, (std::vector<int>{-2, -1, 0, 1}));
}

TEST(Algorithm, IotaIsEmptyWhenLastIsNotAboveFirst)
{
	int runs = 0;
	for (u32 i : rex::iota(5u, 2u))
		runs += static_cast<int>(i) + 1;
	for (u32 i : rex::iota(4u, 4u))
		runs += static_cast<int>(i) + 1;
	for (u32 i : rex::iota(0u))
		runs += static_cast<int>(i) + 1;
	EXPECT_EQ(runs, 0);
}

TEST(Algorithm, IotaUpToTheLargestValueDoesNotWrap)
{
	std::vector<int> seen;
	for (u8 b : rex::iota(u8{252}, u8{255}))
		seen.push_back(b);
	EXPECT_EQ(seen, (std::vector<int>{252, 253, 254}));
}

static_assert(rex::string_view("kworker/0:1").find("/0").value() == 7);
static_assert(rex::string_view("abab").find("ab").value() == 0 && rex::string_view("aab").find("ab").value() == 1);
static_assert(rex::string_view("ssh").find("").value() == 0, "an empty text occurs at 0");
static_assert(!rex::string_view("sh").find("ssh") && !rex::string_view("bash").find("zsh"));
static_assert(rex::string_view("bash").find("sh").value() == 2, "at the very end");
static_assert(rex::string_view("ba").find('a').value() == 1, "find(char) still chosen for a char");

TEST(StringView, FindTextInATaskName)
{
	rex::task_comm comm = {'k', 'w', 'o', 'r', 'k', 'e', 'r', '/', '1'};
	rex::string_view name(comm);
	EXPECT_EQ(name.find("er/").value_or(99), 5u);
	EXPECT_FALSE(name.find("worker/12")) << "longer than what is left";
	rex::task_comm padded = {'s', 'h', '\0', 'x'};
	EXPECT_FALSE(rex::string_view(padded).find("x")) << "the view ends at the NUL";
}

/*
 * view_as: a plain-data T in place, bounds- and alignment-checked.
 */

struct packed_header {
	u8 version_ihl;
	u8 tos;
	rex::be16 total_length;
	rex::be32 address;
};
static_assert(alignof(packed_header) == 1 && sizeof(packed_header) == 8);

TEST(Span, ViewAsEditsTheBytesInPlace)
{
	alignas(8) u8 bytes[16] = {};
	rex::span<u8> s(bytes);
	auto h = rex::view_as<packed_header>(s, 3);
	ASSERT_TRUE(h) << "alignment 1: any offset";
	EXPECT_EQ(static_cast<void *>(&*h), static_cast<void *>(&bytes[3]));
	h->tos = 0x2e;
	h->total_length = rex::be16(0x0102);
	h->address = rex::be32(0x0a000001);
	EXPECT_EQ(bytes[4], 0x2e);
	EXPECT_EQ(std::vector<u8>(bytes + 5, bytes + 11), (std::vector<u8>{0x01, 0x02, 0x0a, 0x00, 0x00, 0x01}));

	auto word = rex::view_as<rex::u32>(s, 8);
	ASSERT_TRUE(word);
	*word = 0xaabbccdd;
	EXPECT_EQ(bytes[8], 0xdd);
	EXPECT_EQ(bytes[11], 0xaa);
}

TEST(Span, ViewAsOfConstBytesIsConst)
{
	alignas(8) const u8 bytes[8] = {1, 0, 0, 0, 2, 0, 0, 0};
	rex::span<const u8> s(bytes);
	auto second = rex::view_as<rex::u32>(s, 4);
	static_assert(__is_same(decltype(second), rex::optional<const rex::u32 &>));
	ASSERT_TRUE(second);
	EXPECT_EQ(*second, 2u);
}

TEST(Span, ViewAsGivesNothingOutOfBounds)
{
	alignas(8) u8 bytes[16] = {};
	rex::span<u8> s(bytes);
	EXPECT_TRUE(rex::view_as<rex::u64>(s, 8)) << "the last 8 bytes";
	EXPECT_FALSE(rex::view_as<rex::u64>(s, 16)) << "aligned but past the end";
	EXPECT_FALSE(rex::view_as<packed_header>(s, 9)) << "one byte short";
	EXPECT_FALSE(rex::view_as<packed_header>(s, static_cast<rex::usize>(-1))) << "offset + size wraps";
	EXPECT_FALSE(rex::view_as<u8>(rex::span<u8>(), 0));
}

TEST(Span, ViewAsGivesNothingAtAMisalignedAddress)
{
	alignas(8) u8 bytes[16] = {};
	rex::span<u8> s(bytes);
	EXPECT_FALSE(rex::view_as<rex::u32>(s, 1));
	EXPECT_FALSE(rex::view_as<rex::u32>(s, 2));
	EXPECT_TRUE(rex::view_as<rex::u32>(s, 4));
	EXPECT_FALSE(rex::view_as<rex::u64>(s, 4));
	EXPECT_TRUE(rex::view_as<rex::u16>(s, 6));
	/* The address counts, not the offset: offset 3 of a span starting at byte 1. */
	EXPECT_TRUE(rex::view_as<rex::u32>(s.subspan(1), 3));
	EXPECT_FALSE(rex::view_as<rex::u32>(s.subspan(1), 4));
}

/* Maps of locked values say so in their descriptor (REX_MAP_F_SPIN_LOCK); others do not. */
constexpr rex_map_desc locked_array_desc = desc_of(rex::array_map<rex::locked<u32>, 4>("la"));
constexpr rex_map_desc locked_hash_desc = desc_of(rex::hash_map<u32, rex::locked<rex::u64>, 8>("lh"));
constexpr rex_map_desc plain_array_desc = desc_of(rex::array_map<rex::u64, 4>("pa"));
static_assert(locked_array_desc.flags == REX_MAP_F_SPIN_LOCK && locked_array_desc.value_size == 8 &&
	      locked_array_desc.map_type == BPF_MAP_TYPE_ARRAY && locked_array_desc.reserved == 0);
static_assert(locked_hash_desc.flags == REX_MAP_F_SPIN_LOCK && locked_hash_desc.value_size == 16 &&
	      locked_hash_desc.map_type == BPF_MAP_TYPE_HASH);
static_assert(plain_array_desc.flags == 0 && desc_of(rex::hash_map<u32, u32, 1>("ph")).flags == 0);

constinit rex::array_map<rex::locked<u32>, 2> locked_counts{"locked_counts"};
constinit rex::hash_map<u32, rex::locked<rex::u64>, 2> locked_totals{"locked_totals"};

/* The bytes of a locked value's update: all zero (lock word, padding) but for the data, whatever was there before. */
TEST(LockedMap, UpdateBytesZeroTheLockWordAndThePadding)
{
	alignas(rex::detail::locked_bytes<rex::u64>) unsigned char memory[sizeof(rex::detail::locked_bytes<rex::u64>)];
	std::memset(memory, 0xaa, sizeof(memory));
	auto *bytes = new (memory) rex::detail::locked_bytes<rex::u64>(0x0102030405060708u);
	ASSERT_EQ(sizeof(memory), 16u);
	EXPECT_EQ(std::vector<unsigned char>(bytes->bytes, bytes->bytes + 16),
		  (std::vector<unsigned char>{0, 0, 0, 0, 0, 0, 0, 0, 8, 7, 6, 5, 4, 3, 2, 1}));
}

/* update() of a locked value takes the data and hands the kernel a zero lock word before it. */
TEST(LockedMap, UpdateTakesTheDataAndPassesTheKernelsLayout)
{
	fake_map array{true, 4, 8, 2, {}};
	bind(locked_counts, reinterpret_cast<rex::u64>(&array));
	EXPECT_TRUE(locked_counts.update(1, 7u));
	u32 index = 1;
	std::vector<unsigned char> stored = array.entries.at(bytes_of(&index, sizeof(index)));
	ASSERT_EQ(stored.size(), 8u);
	EXPECT_EQ(stored, (std::vector<unsigned char>{0, 0, 0, 0, 7, 0, 0, 0}));

	fake_map hash{false, 4, 16, 2, {}};
	bind(locked_totals, reinterpret_cast<rex::u64>(&hash));
	EXPECT_TRUE(locked_totals.update(3, 0x0102030405060708u, rex::update_mode::create_only));
	EXPECT_EQ(last_call.flags, static_cast<rex::u64>(BPF_NOEXIST));
	u32 key = 3;
	stored = hash.entries.at(bytes_of(&key, sizeof(key)));
	EXPECT_EQ(stored, (std::vector<unsigned char>{0, 0, 0, 0, 0, 0, 0, 0, 8, 7, 6, 5, 4, 3, 2, 1}));
	ASSERT_TRUE(locked_totals.lookup(3));
	EXPECT_EQ(locked_totals.lookup(3)->data, 0x0102030405060708u);
}

/*
 * Map updates and removals are results; percpu_hash.
 */

constinit rex::array_map<rex::u64, 3> totals{"totals"};
constinit rex::percpu_array<rex::u64, 2> per_cpu_totals{"per_cpu_totals"};
constinit rex::hash_map<u32, rex::u64, 2> by_pid{"by_pid"};
constinit rex::percpu_hash<u32, rex::u64, 2> per_cpu_by_pid{"per_cpu_by_pid"};

constexpr rex_map_desc percpu_hash_desc = desc_of(rex::percpu_hash<header, rex::u64, 64>("h"));
static_assert(percpu_hash_desc.map_type == BPF_MAP_TYPE_PERCPU_HASH && percpu_hash_desc.key_size == sizeof(header) &&
	      percpu_hash_desc.value_size == 8 && percpu_hash_desc.max_entries == 64 && percpu_hash_desc.map_flags == 0);
static_assert(sizeof(rex::percpu_hash<u32, u32, 1>) == sizeof(rex_map_desc));
static_assert(__is_same(decltype(by_pid.update(1, 1)), rex::result<void>) &&
	      __is_same(decltype(by_pid.remove(1)), rex::result<void>) &&
	      __is_same(decltype(totals.update(1, 1)), rex::result<void>) &&
	      __is_same(decltype(per_cpu_totals.update(1, 1)), rex::result<void>));

rex::u64 stored_u64(const fake_map &m, u32 key)
{
	std::vector<unsigned char> k = bytes_of(&key, sizeof(key));
	rex::u64 v = 0;
	std::memcpy(&v, m.entries.at(k).data(), sizeof(v));
	return v;
}

TEST(ArrayMap, UpdateOutOfRangeIsTooBig)
{
	fake_map kernel{true, 4, 8, 3, {}};
	bind(totals, reinterpret_cast<rex::u64>(&kernel));
	EXPECT_TRUE(totals.update(2, 42));
	EXPECT_EQ(stored_u64(kernel, 2), 42u);
	EXPECT_EQ(last_call.map, &kernel);
	rex::result<void> r = totals.update(3, 1);
	ASSERT_FALSE(r);
	EXPECT_EQ(r.error(), rex::error::too_big);
	EXPECT_EQ(totals.update(0, 1, rex::update_mode::create_only).error(), rex::error::exists);
}

/* A mode beyond the three (BPF_F_LOCK, say) never reaches the kernel. */
TEST(MapUpdate, ModesOtherThanTheThreeAreInvalid)
{
	fake_map kernel{true, 4, 8, 3, {}};
	bind(totals, reinterpret_cast<rex::u64>(&kernel));
	journal.clear();
	for (rex::u64 mode : {rex::u64{BPF_F_LOCK}, rex::u64{BPF_F_LOCK | BPF_EXIST}, rex::u64{3}}) {
		rex::result<void> r = totals.update(0, 1, static_cast<rex::update_mode>(mode));
		ASSERT_FALSE(r) << mode;
		EXPECT_EQ(r.error(), rex::error::invalid) << mode;
	}
	EXPECT_TRUE(journal.empty());
	EXPECT_TRUE(kernel.entries.empty());

	fake_map locked_kernel{true, 4, 8, 2, {}};
	bind(locked_counts, reinterpret_cast<rex::u64>(&locked_kernel));
	EXPECT_EQ(locked_counts.update(0, 1u, static_cast<rex::update_mode>(BPF_F_LOCK)).error(), rex::error::invalid);
	EXPECT_TRUE(locked_kernel.entries.empty());
}

TEST(PercpuArray, UpdateResults)
{
	fake_map kernel{true, 4, 8, 2, {}};
	bind(per_cpu_totals, reinterpret_cast<rex::u64>(&kernel));
	EXPECT_TRUE(per_cpu_totals.update(1, 7, rex::update_mode::replace_only));
	EXPECT_EQ(last_call.flags, static_cast<rex::u64>(BPF_EXIST));
	EXPECT_EQ(per_cpu_totals.update(2, 7).error(), rex::error::too_big);
}

TEST(HashMap, UpdateAndRemoveResults)
{
	fake_map kernel{false, 4, 8, 2, {}};
	bind(by_pid, reinterpret_cast<rex::u64>(&kernel));
	journal.clear();
	EXPECT_TRUE(by_pid.update(10, 1));
	EXPECT_EQ(last_call.flags, static_cast<rex::u64>(BPF_ANY));
	EXPECT_EQ(by_pid.update(10, 2, rex::update_mode::create_only).error(), rex::error::exists);
	EXPECT_EQ(by_pid.update(11, 2, rex::update_mode::replace_only).error(), rex::error::no_entry);
	EXPECT_TRUE(by_pid.update(11, 3));
	EXPECT_EQ(by_pid.update(12, 4).error(), rex::error::too_big) << "full";
	EXPECT_EQ(by_pid.lookup(11).value_or(0), 3u);

	EXPECT_TRUE(by_pid.remove(11));
	rex::result<void> again = by_pid.remove(11);
	ASSERT_FALSE(again);
	EXPECT_EQ(again.error(), rex::error::no_entry);
	EXPECT_FALSE(by_pid.lookup(11));
	EXPECT_EQ(journal, (std::vector<std::string>{"update 0", "update 1", "update 2", "update 0", "update 0", "lookup",
						     "delete", "delete", "lookup"}));
}

TEST(PercpuHash, LookupUpdateRemoveCallTheHelpersWithTheBoundMap)
{
	fake_map kernel{false, 4, 8, 2, {}};
	bind(per_cpu_by_pid, reinterpret_cast<rex::u64>(&kernel));
	journal.clear();
	EXPECT_FALSE(per_cpu_by_pid.lookup(5));
	EXPECT_TRUE(per_cpu_by_pid.update(5, 100, rex::update_mode::create_only));
	EXPECT_EQ(last_call.map, &kernel);
	EXPECT_EQ(last_call.flags, static_cast<rex::u64>(BPF_NOEXIST));
	EXPECT_EQ(per_cpu_by_pid.update(5, 1, rex::update_mode::create_only).error(), rex::error::exists);

	auto value = per_cpu_by_pid.lookup(5);
	ASSERT_TRUE(value);
	*value += 1;
	EXPECT_EQ(stored_u64(kernel, 5), 101u) << "the reference is the kernel's value, not a copy";

	EXPECT_TRUE(per_cpu_by_pid.update(6, 1));
	EXPECT_EQ(per_cpu_by_pid.update(7, 1).error(), rex::error::too_big);
	EXPECT_TRUE(per_cpu_by_pid.remove(5));
	EXPECT_EQ(per_cpu_by_pid.remove(5).error(), rex::error::no_entry);
	EXPECT_EQ(journal, (std::vector<std::string>{"lookup", "update 1", "update 1", "lookup", "update 0", "update 0",
						     "delete", "delete"}));
}

/*
 * kprobe arguments and return values as their C types.
 */

enum class open_mode : rex::u16 { read = 1, write = 2 };

TEST(Kprobe, TypedArgumentsTruncateTheRegisterToTheirType)
{
	rex::detail::pt_regs regs{};
	regs.di = 0xdeadbeefffffff9cul; /* int -100 in edi, garbage above */
	regs.si = 0xffffffff00000005ul;
	regs.dx = 0x0000000700010002ul;
	regs.cx = 0x80;
	regs.r8 = 0x1234;
	regs.r9 = ~0ul;
	auto ctx = rex::detail::context_access::make<rex::kprobe_ctx>(&regs);

	EXPECT_EQ((ctx.arg<0, int>()), -100);
	EXPECT_EQ((ctx.arg<0, rex::s64>()), static_cast<rex::s64>(0xdeadbeefffffff9cul));
	EXPECT_EQ(ctx.arg<0>(), 0xdeadbeefffffff9cul) << "the whole register by default";
	EXPECT_EQ((ctx.arg<1, u32>()), 5u);
	EXPECT_EQ((ctx.arg<2, open_mode>()), open_mode::write);
	EXPECT_EQ((ctx.arg<3, rex::s8>()), -128);
	EXPECT_EQ((ctx.arg<3, u8>()), 0x80);
	EXPECT_EQ((ctx.arg<4, rex::u16>()), 0x1234);
	EXPECT_EQ((ctx.arg<5, long>()), -1);
	static_assert(__is_same(decltype(ctx.arg<2, open_mode>()), open_mode));
}

TEST(Kprobe, TypedReturnValue)
{
	rex::detail::pt_regs regs{};
	regs.ax = static_cast<unsigned long>(-ENOENT);
	auto ctx = rex::detail::context_access::make<rex::kprobe_ctx>(&regs);
	EXPECT_EQ(ctx.return_value<long>(), -ENOENT);
	EXPECT_EQ(ctx.return_value<int>(), -ENOENT);
	EXPECT_EQ(ctx.return_value(), static_cast<rex::u64>(-ENOENT)) << "the whole register by default";
	regs.ax = 0xffffffff00000000ul | 3;
	EXPECT_EQ(ctx.return_value<u32>(), 3u);
}

/*
 * The time, NUMA and random helpers call their own BPF helper.
 */

TEST(Helpers, TimeNumaAndRandomCallTheirHelpers)
{
	journal.clear();
	EXPECT_EQ(rex::ktime_get_boot_ns(), 0x100000001ull);
	EXPECT_EQ(rex::ktime_get_coarse_ns(), 0x200000002ull);
	EXPECT_EQ(rex::jiffies64(), 0x300000003ull);
	EXPECT_EQ(rex::get_numa_node_id(), 3u);
	EXPECT_EQ(rex::get_prandom_u32(), 0xc0ffeeu);
	EXPECT_EQ(journal, (std::vector<std::string>{"ktime_get_boot_ns", "ktime_get_coarse_ns", "jiffies64",
						     "get_numa_node_id", "get_prandom_u32"}));
}

/*
 * trace: up to 3 arguments go to bpf_trace_printk in registers, 4 to 12
 * to bpf_trace_vprintk as an array of u64s; both get the format with its
 * NUL.
 */

enum class verdict : rex::u8 { keep = 1, drop = 2 };

template <rex::usize N>
std::string with_nul(const char (&text)[N])
{
	return std::string(text, N);
}

TEST(Trace, UpToThreeArgumentsGoToTracePrintk)
{
	journal.clear();
	EXPECT_EQ(rex::trace("no arguments\n"), 7) << "the helper's return";
	EXPECT_EQ(last_trace.format, with_nul("no arguments\n"));
	EXPECT_EQ(last_trace.format_size, 14u) << "with the NUL";
	EXPECT_EQ(last_trace.args, (std::vector<rex::u64>{0, 0, 0}));

	(void)rex::trace("%d %u %llx\n", -5, u32{7}, rex::u64{0x123456789});
	EXPECT_EQ(last_trace.format, with_nul("%d %u %llx\n"));
	EXPECT_EQ(last_trace.args, (std::vector<rex::u64>{static_cast<rex::u64>(-5), 7, 0x123456789}))
		<< "sign-extended";
	EXPECT_EQ(journal, (std::vector<std::string>{"trace_printk", "trace_printk"}));
}

TEST(Trace, FourToTwelveArgumentsGoToTraceVprintkAsAnArray)
{
	journal.clear();
	EXPECT_EQ(rex::trace("%d %u %x %c\n", -1, u32{2}, u8{0xff}, 'a'), 8) << "the helper's return";
	EXPECT_EQ(last_trace.format, with_nul("%d %u %x %c\n"));
	EXPECT_EQ(last_trace.format_size, sizeof("%d %u %x %c\n"));
	EXPECT_EQ(last_trace.data_len, 4u * 8) << "8 bytes an argument";
	EXPECT_EQ(last_trace.args, (std::vector<rex::u64>{~rex::u64{0}, 2, 0xff, 'a'}));

	(void)rex::trace("%u %lld %lu %u %d %5x\n", verdict::drop, rex::s64{-2}, rex::usize{3}, rex::u16{4}, 5, 6u);
	EXPECT_EQ(last_trace.data_len, 6u * 8);
	EXPECT_EQ(last_trace.args, (std::vector<rex::u64>{2, static_cast<rex::u64>(-2), 3, 4, 5, 6}));

	(void)rex::trace("%u %u %u %u %u %u %u %u %u %u %u %llu\n", 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11,
			 rex::u64{1} << 40);
	EXPECT_EQ(last_trace.data_len, 12u * 8) << "the kernel's limit";
	EXPECT_EQ(last_trace.args, (std::vector<rex::u64>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, rex::u64{1} << 40}));
	EXPECT_EQ(journal, (std::vector<std::string>{"trace_vprintk", "trace_vprintk", "trace_vprintk"}));
}

/* The format checks hold for every argument, as many as there are (compile errors: build_test.cpp). */
template <typename... Args>
using trace_format = rex::detail::trace_format<Args...>;
static_assert(trace_format<int, int, int, int, int, int, int, int, int, int, int, long>(
		      "%d%d%d%d%d%d%d%d%d%d%d%ld")
		      .size == 26);
static_assert(trace_format<u8, char, rex::s64, verdict>("%%%02x %c %+lli %-3u%%").size == 23);

/* What the support layer calls plain data: what may go into a map or be read from bytes. */
static_assert(rex::is_plain_data<u32>);
static_assert(rex::is_plain_data<header>);
static_assert(rex::is_plain_data<rex::array<u8, 16>>);
static_assert(!rex::is_plain_data<u32 *>);
static_assert(!rex::is_plain_data<u32 &>);
struct not_trivial {
	not_trivial(const not_trivial &);
};
static_assert(!rex::is_plain_data<not_trivial>);

/* Spans and optionals are usable in constant expressions. */
constexpr u32 constant_values[] = {4, 5, 6};
static_assert(rex::span<const u32>(constant_values).subspan(1, 2)[1] == 6);
static_assert(!rex::span<const u32>(constant_values).get(3).has_value());
static_assert(rex::optional<u32>(3).value_or(1) == 3);

} // namespace
