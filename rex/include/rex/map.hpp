/* SPDX-License-Identifier: GPL-2.0 */
#pragma once

/*
 * BPF maps, declared in the program and shared with user space:
 *
 *	REX_MAP(counters, rex::array_map<rex::u64, 2>);
 *	REX_MAP(calls, rex::hash_map<rex::u32, rex::u64, 1024>);
 *	REX_MAP(pending, rex::queue_map<rex::u32, 256>);
 *
 *	if (auto packets = counters.lookup(0))
 *		*packets += 1;
 *	if (!calls.update(pid, 1))
 *		...                                   // full: the result says why
 *
 * A map object is its struct rex_map_desc: REX_MAP places it in section
 * .rex.maps, user space creates a map from each descriptor (in order), and
 * the kernel stores the bound struct bpf_map * in kptr at load, then makes
 * the section read-only.  lookup() returns a reference into the map's value,
 * valid until the program returns.
 *
 * Other map kinds have headers of their own: ring_buffer.hpp,
 * perf_event_array.hpp, stack_trace.hpp.
 */

#include <rex/helpers.hpp>
#include <rex/optional.hpp>
#include <rex/result.hpp>
#include <rex/spin_lock.hpp>
#include <rex/types.hpp>

#include <linux/bpf.h>
#include <linux/rex.h>

static_assert(sizeof(rex_map_desc) == 56 && __builtin_offsetof(rex_map_desc, kptr) == 40 &&
		      __builtin_offsetof(rex_map_desc, value_offset) == 36 &&
		      __builtin_offsetof(rex_map_desc, flags) == 48,
	      "struct rex_map_desc changed: update rex/map.hpp");

namespace rex {

/* How update() treats an existing entry. */
enum class update_mode : u64 {
	any = BPF_ANY,           /* create or replace */
	create_only = BPF_NOEXIST, /* fail with -EEXIST if present */
	replace_only = BPF_EXIST,  /* fail with -ENOENT if absent */
};

/* How push() treats a full queue_map or stack_map. */
enum class push_mode : u64 {
	fail_if_full = 0,          /* fail with error::too_big */
	overwrite_oldest = BPF_EXIST, /* drop the oldest element to make room */
};

namespace detail {

template <typename T>
inline constexpr bool is_map_data = is_plain_data<T> && sizeof(T) > 0;

/* What an array_map or hash_map holds: plain data, or a locked<T>. */
template <typename V>
inline constexpr bool is_lockable_map_value = is_map_data<V> || is_locked_value<V>;

/* REX_MAP_F_SPIN_LOCK for a map of locked<T>. */
template <typename V>
inline constexpr u32 value_flags = is_locked_value<V> ? REX_MAP_F_SPIN_LOCK : 0;

/* The argument of update(): the value itself, or for a locked<T>, a T. */
template <typename V>
struct update_type {
	using type = V;
};
template <typename T>
struct update_type<locked<T>> {
	using type = T;
};
template <typename V>
using update_arg = typename update_type<V>::type;

/*
 * The descriptor every map is; derived maps add no data members.  Not
 * assignable (the kernel seals the descriptors read-only at load), which
 * also keeps maps from passing for plain data: a map made out of packet
 * or map bytes would carry a forged kernel pointer.
 */
class map_base {
public:
	map_base &operator=(const map_base &) = delete;

protected:
	template <usize L>
	constexpr map_base(const char (&name)[L], u32 type, u32 key_size, u32 value_size, u32 max_entries,
			   u32 flags, u32 rex_flags = 0)
		: desc_{}
	{
		static_assert(L <= REX_NAME_LEN, "a map name has at most 15 characters (BPF_OBJ_NAME_LEN)");
		for (usize i = 0; i < L; i++)
			desc_.name[i] = name[i];
		desc_.map_type = type;
		desc_.key_size = key_size;
		desc_.value_size = value_size;
		desc_.max_entries = max_entries;
		desc_.map_flags = flags;
		desc_.flags = rex_flags;
	}

	/*
	 * The map the kernel bound at load.  An atomic load, so that the
	 * compiler, which sees kptr start as 0 and never written, cannot fold
	 * it to a constant.
	 */
	void *kernel_map() const
	{
		return reinterpret_cast<void *>(__atomic_load_n(&desc_.kptr, __ATOMIC_RELAXED));
	}

	/*
	 * Element index of an array map, computed as the verifier's inlined
	 * lookup does, with no call: the kernel stored where element 0 is
	 * (value_offset from kptr) at load, and elements are value_size
	 * rounded up to 8 bytes apart (include/uapi/linux/rex.h).
	 *
	 * Past the bounds check, the index is masked as the kernel's
	 * array_index_nospec() masks one (cmp; sbb: all ones if index < N,
	 * else 0), so that a mispredicted check cannot read out of bounds
	 * under speculation (Spectre v1), as the verifier's lookup does for
	 * maps of unprivileged users.
	 */
	template <typename V, u32 N>
	optional<V &> array_elem(u32 index) const
	{
		constexpr u64 stride = (sizeof(V) + 7) / 8 * 8;

		if (index >= N)
			return nullopt;
		u64 mask;
		asm("cmp %2, %1\n\tsbb %0, %0" : "=r"(mask) : "r"(u64(index)), "re"(u64(N)) : "cc");
		u64 first = __atomic_load_n(&desc_.kptr, __ATOMIC_RELAXED) +
			    __atomic_load_n(&desc_.value_offset, __ATOMIC_RELAXED);
		u64 element = first + (index & mask) * stride;
		/* a kernel address: the caller's test of the optional folds away */
		__builtin_assume(element != 0);
		return *reinterpret_cast<V *>(element);
	}

	template <typename V, typename K>
	optional<V &> lookup_elem(const K &key) const
	{
		void *value = kernel_call<bpf_map_lookup_elem>(kernel_map(), &key);
		if (!value)
			return nullopt;
		return *static_cast<V *>(value);
	}

	template <typename K, typename V>
	result<void> update_elem(const K &key, const V &value, update_mode mode) const
	{
		/*
		 * Only the three modes: a cast that adds BPF_F_LOCK would have
		 * the kernel take the value's lock, outside the program's one
		 * lock slot, and spin on it if the program holds it already.
		 */
		if (static_cast<u64>(mode) > BPF_EXIST)
			return error::invalid;
		return errno_status(
			kernel_call<bpf_map_update_elem>(kernel_map(), &key, &value, static_cast<u64>(mode)));
	}

	template <typename K>
	result<void> delete_elem(const K &key) const
	{
		return errno_status(kernel_call<bpf_map_delete_elem>(kernel_map(), &key));
	}

	template <typename V>
	result<void> push_elem(const V &value, push_mode mode) const
	{
		return errno_status(kernel_call<bpf_map_push_elem>(kernel_map(), &value, static_cast<u64>(mode)));
	}

	/* Pops (or peeks at) the next element: nothing when the map is empty. */
	template <typename V, auto Helper>
	optional<V> take_elem() const
	{
		V value;
		if (kernel_call<Helper>(kernel_map(), static_cast<void *>(&value)) != 0)
			return nullopt;
		return value;
	}

private:
	rex_map_desc desc_;
};

} // namespace detail

/* N values of V indexed 0..N-1, all present and zeroed at creation. */
template <typename V, u32 N>
class array_map : detail::map_base {
	static_assert(detail::is_lockable_map_value<V>,
		      "rex::array_map<V, N>: V must be plain data (trivially copyable, standard layout, "
		      "no pointers or references) or a rex::locked<T>: the kernel stores map values as bytes "
		      "and user space reads them");
	static_assert(N > 0, "rex::array_map<V, N>: N must be at least 1");
	static_assert(alignof(V) <= 8,
		      "rex::array_map<V, N>: V may be aligned to at most 8 bytes: the kernel places array "
		      "elements 8 bytes apart");

public:
	template <usize L>
	constexpr explicit array_map(const char (&name)[L])
		: map_base(name, BPF_MAP_TYPE_ARRAY, sizeof(u32), sizeof(V), N, 0, detail::value_flags<V>)
	{
	}

	/*
	 * The value at index, or nothing if index >= N.  No kernel call: the
	 * address is computed in place, as eBPF's verifier inlines the lookup.
	 */
	optional<V &> lookup(u32 index) const { return array_elem<V, N>(index); }
	/*
	 * Copies value into the element: error::too_big if index >= N,
	 * error::exists for update_mode::create_only (array elements always
	 * exist).  For a locked<T>, value is a T and the lock is left alone.
	 */
	result<void> update(u32 index, const detail::update_arg<V> &value, update_mode mode = update_mode::any) const
	{
		if constexpr (detail::is_locked_value<V>) {
			detail::locked_bytes<detail::update_arg<V>> bytes(value);
			return update_elem(index, bytes, mode);
		} else {
			return update_elem(index, value, mode);
		}
	}
};

/* As array_map, with one value per CPU; lookup() gives this CPU's. */
template <typename V, u32 N>
class percpu_array : detail::map_base {
	static_assert(!detail::is_locked_value<V>,
		      "rex::percpu_array<V, N>: a rex::locked value goes only in an array_map or a hash_map "
		      "(BPF allows spin locks in no per-CPU map)");
	static_assert(detail::is_map_data<V>,
		      "rex::percpu_array<V, N>: V must be plain data (trivially copyable, standard layout, "
		      "no pointers or references): the kernel stores map values as bytes and user space reads them");
	static_assert(N > 0, "rex::percpu_array<V, N>: N must be at least 1");

public:
	template <usize L>
	constexpr explicit percpu_array(const char (&name)[L])
		: map_base(name, BPF_MAP_TYPE_PERCPU_ARRAY, sizeof(u32), sizeof(V), N, 0)
	{
	}

	optional<V &> lookup(u32 index) const { return lookup_elem<V>(index); }
	/* Sets this CPU's value; error::too_big if index >= N. */
	result<void> update(u32 index, const V &value, update_mode mode = update_mode::any) const
	{
		return update_elem(index, value, mode);
	}
};

/*
 * The interface hash_map and percpu_hash share (BPF_MAP_TYPE_HASH and
 * BPF_MAP_TYPE_PERCPU_HASH); declare maps with those two names.
 */
template <typename K, typename V, u32 N, u32 MapType>
class keyed_map : detail::map_base {
	static_assert(MapType == BPF_MAP_TYPE_HASH || MapType == BPF_MAP_TYPE_PERCPU_HASH,
		      "rex::keyed_map: declare a rex::hash_map or a rex::percpu_hash");
	/* Here, not in the two names: a keyed_map declared directly is held to them too. */
	static_assert(detail::is_map_data<K>,
		      "rex::hash_map<K, V, N>, rex::percpu_hash<K, V, N>: K must be plain data (trivially "
		      "copyable, standard layout, no pointers or references): the kernel hashes and compares "
		      "keys as bytes");
	static_assert(MapType != BPF_MAP_TYPE_HASH || detail::is_lockable_map_value<V>,
		      "rex::hash_map<K, V, N>: V must be plain data (trivially copyable, standard layout, "
		      "no pointers or references) or a rex::locked<T>: the kernel stores map values as bytes "
		      "and user space reads them");
	static_assert(MapType != BPF_MAP_TYPE_PERCPU_HASH || !detail::is_locked_value<V>,
		      "rex::percpu_hash<K, V, N>: a rex::locked value goes only in an array_map or a hash_map "
		      "(BPF allows spin locks in no per-CPU map)");
	static_assert(MapType != BPF_MAP_TYPE_PERCPU_HASH || detail::is_map_data<V>,
		      "rex::percpu_hash<K, V, N>: V must be plain data (trivially copyable, standard layout, "
		      "no pointers or references): the kernel stores map values as bytes and user space reads them");
	static_assert(N > 0, "rex::hash_map<K, V, N>, rex::percpu_hash<K, V, N>: N must be at least 1");

public:
	template <usize L>
	constexpr explicit keyed_map(const char (&name)[L])
		: map_base(name, MapType, sizeof(K), sizeof(V), N, 0, detail::value_flags<V>)
	{
	}

	/* The value for key (this CPU's, for percpu_hash), or nothing if key is absent. */
	optional<V &> lookup(const K &key) const { return lookup_elem<V>(key); }
	/*
	 * error::too_big when full; error::exists or error::no_entry by mode.
	 * For a locked<T>, value is a T and the kernel leaves the lock word
	 * as it is (as for eBPF, a reused preallocated entry keeps the word
	 * its last holder left).
	 */
	result<void> update(const K &key, const detail::update_arg<V> &value, update_mode mode = update_mode::any) const
	{
		if constexpr (detail::is_locked_value<V>) {
			detail::locked_bytes<detail::update_arg<V>> bytes(value);
			return update_elem(key, bytes, mode);
		} else {
			return update_elem(key, value, mode);
		}
	}
	/* error::no_entry if key is absent. */
	result<void> remove(const K &key) const { return delete_elem(key); }
};

/* Up to N entries from K to V. */
template <typename K, typename V, u32 N>
class hash_map : public keyed_map<K, V, N, BPF_MAP_TYPE_HASH> {
public:
	using keyed_map<K, V, N, BPF_MAP_TYPE_HASH>::keyed_map;
};

/*
 * As hash_map, with one value per CPU for each key
 * (BPF_MAP_TYPE_PERCPU_HASH): counters that CPUs update without atomics.
 * lookup() gives this CPU's value; update() sets this CPU's value (a new
 * key starts at zero on the other CPUs); remove() removes the key on all
 * CPUs.  User space reads one value per possible CPU.
 *
 *	REX_MAP(bytes, rex::percpu_hash<rex::u32, rex::u64, 1024>);
 *
 *	if (auto n = bytes.lookup(ifindex))
 *		*n += ctx.size();                      // no other CPU writes it
 *	else
 *		(void)bytes.update(ifindex, ctx.size(), rex::update_mode::create_only);
 */
template <typename K, typename V, u32 N>
class percpu_hash : public keyed_map<K, V, N, BPF_MAP_TYPE_PERCPU_HASH> {
public:
	using keyed_map<K, V, N, BPF_MAP_TYPE_PERCPU_HASH>::keyed_map;
};

/*
 * Up to N values of V, first in first out (BPF_MAP_TYPE_QUEUE):
 *
 *	REX_MAP(pending, rex::queue_map<rex::u32, 256>);
 *
 *	if (!pending.push(rex::current_pid()))
 *		...                                   // full
 *	if (auto pid = pending.pop())
 *		rex::trace("oldest %u\n", *pid);
 *
 * User space pops with `rex map pop` or BPF_MAP_LOOKUP_AND_DELETE_ELEM.
 */
template <typename V, u32 N>
class queue_map : detail::map_base {
	static_assert(detail::is_map_data<V>,
		      "rex::queue_map<V, N>: V must be plain data (trivially copyable, standard layout, "
		      "no pointers or references): the kernel stores map values as bytes and user space reads them");
	static_assert(N > 0, "rex::queue_map<V, N>: N must be at least 1");

public:
	template <usize L>
	constexpr explicit queue_map(const char (&name)[L])
		: map_base(name, BPF_MAP_TYPE_QUEUE, 0, sizeof(V), N, 0)
	{
	}

	/* Adds value at the back; error::too_big when full (unless overwriting). */
	result<void> push(const V &value, push_mode mode = push_mode::fail_if_full) const
	{
		return push_elem(value, mode);
	}
	/* Removes and returns the front value, or nothing when empty. */
	optional<V> pop() const { return take_elem<V, detail::bpf_map_pop_elem>(); }
	/* The front value, left in place, or nothing when empty. */
	optional<V> peek() const { return take_elem<V, detail::bpf_map_peek_elem>(); }
};

/*
 * Up to N values of V, last in first out (BPF_MAP_TYPE_STACK); as
 * queue_map, but pop() and peek() see the value pushed last.  (For call
 * stacks of the kernel, see stack_trace_map.)
 */
template <typename V, u32 N>
class stack_map : detail::map_base {
	static_assert(detail::is_map_data<V>,
		      "rex::stack_map<V, N>: V must be plain data (trivially copyable, standard layout, "
		      "no pointers or references): the kernel stores map values as bytes and user space reads them");
	static_assert(N > 0, "rex::stack_map<V, N>: N must be at least 1");

public:
	template <usize L>
	constexpr explicit stack_map(const char (&name)[L])
		: map_base(name, BPF_MAP_TYPE_STACK, 0, sizeof(V), N, 0)
	{
	}

	/* Adds value on top; error::too_big when full (unless overwriting). */
	result<void> push(const V &value, push_mode mode = push_mode::fail_if_full) const
	{
		return push_elem(value, mode);
	}
	/* Removes and returns the top value, or nothing when empty. */
	optional<V> pop() const { return take_elem<V, detail::bpf_map_pop_elem>(); }
	/* The top value, left in place, or nothing when empty. */
	optional<V> peek() const { return take_elem<V, detail::bpf_map_peek_elem>(); }
};

} // namespace rex

/*
 * REX_MAP(name, type): defines the map `name` of `type` (array_map,
 * hash_map, percpu_hash, queue_map, ring_buffer, ...) in the image's map section.  The type comes last because
 * its template arguments contain commas.
 */
#define REX_MAP(name, ...)                                                                   \
	static_assert(sizeof(#name) <= REX_NAME_LEN,                                          \
		      "REX_MAP(" #name ", ...): a map name has at most 15 characters");      \
	static_assert(sizeof(__VA_ARGS__) == sizeof(rex_map_desc),                           \
		      "REX_MAP(" #name ", ...): the type must be a rex map type (rex/map.hpp)"); \
	[[gnu::section(REX_SEC_MAPS), gnu::used, gnu::aligned(8)]] constinit __VA_ARGS__ name{#name}
