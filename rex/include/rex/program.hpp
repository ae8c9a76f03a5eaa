/* SPDX-License-Identifier: GPL-2.0 */
#pragma once

/*
 * Declaring a program: one line names it, its function, and optionally its
 * attach target and the value it returns if it panics.
 *
 *	rex::xdp_action count(rex::xdp_ctx &ctx) { ... }
 *	REX_PROGRAM(xdp_count, count);
 *
 *	u32 on_getppid(rex::kprobe_ctx &ctx) { ... }
 *	REX_PROGRAM(getppid_count, on_getppid, .target = "__x64_sys_getppid");
 *
 *	REX_PROGRAM(firewall, filter, .default_ret = rex::xdp_action::drop);
 *
 * The program type comes from the function's context parameter
 * (rex::xdp_ctx -> BPF_PROG_TYPE_XDP, ...).  The options after the function
 * are designated initializers of rex::program_options, in its order.
 *
 * REX_PROGRAM emits the program's struct rex_prog_desc into section
 * .rex.progs and its entry point, extern "C" __rex_entry_<name>(void *ctx),
 * which the kernel calls with its context object.  Including this header
 * also emits the image's one struct rex_meta (section .rex.meta), which
 * `rex build` fills in.
 */

#include <rex/context.hpp>
#include <rex/types.hpp>

#include <linux/rex.h>

namespace rex {

namespace detail {

/* A program's return value given in its declaration: an integer or an enum. */
struct return_value {
	s64 value = 0;
	bool set = false;

	constexpr return_value() = default;

	template <typename T>
		requires is_integer_like<T>
	constexpr return_value(T v) : value(static_cast<s64>(to_u64(v))), set(true)
	{
	}
};

} // namespace detail

/* The optional parts of REX_PROGRAM, in the order they must be given. */
struct program_options {
	/* kprobe: the function symbol; tracepoint: "category/event". */
	const char *target = "";
	/* Returned by the hook if the program panics (else 0). */
	detail::return_value default_ret{};
	/* Keep running the program after a panic instead of disabling it. */
	bool keep_running = false;
};

namespace detail {

/* What REX_PROGRAM needs to know about the program's function. */
template <typename F>
struct program_function {
	static constexpr bool valid = false;
};

template <typename R, typename C>
struct program_function<R (*)(C &)> {
	static constexpr bool valid = true;
	using context = typename remove_cv<C>::type;
	using result = R;
};

template <typename R, typename C>
struct program_function<R (*)(C &) noexcept> : program_function<R (*)(C &)> {};

template <auto Function>
consteval bool check_program_function()
{
	using traits = program_function<decltype(Function)>;
	static_assert(traits::valid,
		      "REX_PROGRAM(name, function, ...): function must take one program context by "
		      "reference (rex::xdp_ctx &, rex::tc_ctx &, rex::kprobe_ctx &, "
		      "rex::tracepoint_ctx<Record> &, rex::perf_event_ctx &)");
	if constexpr (traits::valid) {
		static_assert(program_context<typename traits::context>,
			      "REX_PROGRAM(name, function, ...): the function's parameter is not a program "
			      "context (rex::xdp_ctx, rex::tc_ctx, rex::kprobe_ctx, rex::tracepoint_ctx<Record>, "
			      "rex::perf_event_ctx)");
		static_assert(is_integer_like<typename traits::result>,
			      "REX_PROGRAM(name, function, ...): the function must return an integer or an "
			      "action enum (rex::xdp_action, rex::tc_action)");
	}
	return true; /* the assertions above have said what is wrong */
}

/* Does Function fit REX_PROGRAM?  (check_program_function says why not.) */
template <auto Function>
consteval bool is_program_function()
{
	using traits = program_function<decltype(Function)>;
	if constexpr (traits::valid)
		return program_context<typename traits::context> && is_integer_like<typename traits::result>;
	else
		return false;
}

/* Reaching one of these in a constant expression is the compile error. */
void program_name_is_longer_than_15_characters();
void attach_target_is_longer_than_63_characters();

template <usize N>
consteval void copy_string(char (&to)[N], const char *from, void (*too_long)())
{
	usize i = 0;
	for (; from[i] != '\0'; i++) {
		if (i + 1 >= N)
			too_long();
		to[i] = from[i];
	}
}

template <auto Function>
consteval rex_prog_desc make_prog_desc(const char *name, const char *entry, program_options options)
{
	rex_prog_desc desc{};
	if constexpr (is_program_function<Function>()) {
		using context = typename program_function<decltype(Function)>::context;
		copy_string(desc.name, name, program_name_is_longer_than_15_characters);
		/* the entry symbol is "__rex_entry_" and the name: it fits when the name does */
		copy_string(desc.entry, entry, program_name_is_longer_than_15_characters);
		copy_string(desc.attach_target, options.target, attach_target_is_longer_than_63_characters);
		desc.prog_type = context::bpf_prog_type;
		desc.expected_attach_type = context::bpf_attach_type;
		desc.default_ret = options.default_ret.value;
		desc.flags = (options.default_ret.set ? REX_PROG_F_DEFAULT_RET : 0) |
			     (options.keep_running ? REX_PROG_F_KEEP_RUNNING : 0);
	}
	return desc; /* else check_program_function has said what is wrong */
}

/* The body of a program's entry point: make the context, call, convert. */
template <auto Function>
[[gnu::always_inline]] inline unsigned long run_program(void *raw)
{
	if constexpr (is_program_function<Function>()) {
		using context = typename program_function<decltype(Function)>::context;
		context ctx = context_access::make<context>(raw);
		return static_cast<unsigned long>(to_u64(Function(ctx)));
	} else {
		return 0; /* check_program_function has said what is wrong */
	}
}

/*
 * The image's metadata, once per image (an image is one translation unit).
 * rex build checks magic and version, then fills in stack_bound, toolchain
 * and source_digest.  8-byte aligned, as the kernel wants descriptor sections.
 */
[[gnu::section(REX_SEC_META), gnu::used, gnu::aligned(8)]] static constexpr rex_meta image_meta = {
	.magic = REX_META_MAGIC,
	.version = REX_IMAGE_VERSION,
	.stack_bound = REX_STACK_DYNAMIC,
	.flags = 0,
	.toolchain = {},
	.source_digest = {},
};

} // namespace detail

} // namespace rex

#define REX_PROGRAM(name, function, ...)                                                          \
	static_assert(sizeof(#name) <= REX_NAME_LEN,                                                \
		      "REX_PROGRAM(" #name ", ...): a program name has at most 15 characters");    \
	static_assert(::rex::detail::check_program_function<function>());                          \
	extern "C" unsigned long __rex_entry_##name(void *ctx)                                     \
	{                                                                                            \
		return ::rex::detail::run_program<function>(ctx);                                    \
	}                                                                                            \
	[[gnu::section(REX_SEC_PROGS), gnu::used]] static constexpr ::rex_prog_desc __rex_prog_##name = \
		::rex::detail::make_prog_desc<function>(#name, "__rex_entry_" #name,               \
							::rex::program_options{__VA_ARGS__})
