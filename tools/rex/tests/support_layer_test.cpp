// SPDX-License-Identifier: GPL-2.0
/*
 * The freestanding support layer (rex/include/rex), compiled for the host in
 * its hosted test mode: REX_HOSTED_TEST turns a panic into a call of
 * rex::detail::trap_panic, defined here to report and abort, so that death
 * tests can check both that a contract violation stops the program and
 * what it says.
 */
#include <rex/array.hpp>
#include <rex/optional.hpp>
#include <rex/panic.hpp>
#include <rex/ring_buffer.hpp>
#include <rex/span.hpp>
#include <rex/spin_lock.hpp>
#include <rex/task.hpp>
#include <rex/types.hpp>

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
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

} // extern "C"

namespace {

using rex::u8;
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

struct locked_counter {
	rex::spin_lock lock;
	u32 count;
};

TEST(SpinLockGuard, LocksForItsScopeAndUnlocksInOrder)
{
	journal.clear();
	locked_counter value{};
	std::string lock = address(&value.lock);
	{
		rex::spin_lock_guard guard(value.lock);
		journal.push_back("inside");
		value.count++;
	}
	EXPECT_EQ(journal, (std::vector<std::string>{"lock " + lock, "inside", "unlock " + lock}));
	EXPECT_EQ(value.count, 1u);
}

/* A map value with a lock is plain data of the kernel's layout. */
static_assert(rex::is_plain_data<locked_counter>);
static_assert(sizeof(rex::spin_lock) == 4);
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

TEST(RingBuffer, MovedRecordIsDiscardedOnce)
{
	journal.clear();
	ringbuf_full = false;
	{
		auto record = events.reserve<sample>();
		auto moved = static_cast<rex::ringbuf_record<sample> &&>(record);
		EXPECT_FALSE(record);
		EXPECT_TRUE(moved);
	}
	EXPECT_EQ(journal, (std::vector<std::string>{"reserve 16 0", "discard record 0"}));
}

TEST(RingBufferDeathTest, UseAfterSubmitPanics)
{
	ringbuf_full = false;
	auto record = events.reserve<sample>();
	record.submit();
	EXPECT_DEATH(record.submit(), "rex panic: use of an empty rex::ringbuf_record .* at .*support_layer_test.cpp:");
	EXPECT_DEATH((void)record.value(), "use of an empty rex::ringbuf_record");
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
