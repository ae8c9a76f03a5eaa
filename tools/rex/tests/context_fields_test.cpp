// SPDX-License-Identifier: GPL-2.0
/*
 * The context accessors that read kernel structures through the kernel's
 * layout table (rex/kernel_layout.hpp), in the hosted test mode: a fake
 * rex_kernel_layout describes fake kernel objects whose fields lie at
 * offsets no real kernel uses, so an accessor that read the wrong field,
 * with the wrong width or byte order, or without the table, fails here.
 */
#include <rex/context.hpp>
#include <rex/perf_event.hpp>
#include <rex/task.hpp>
#include <rex/tc.hpp>
#include <rex/xdp.hpp>

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace {

/* Fake kernel objects: byte arrays with the fields where the table says. */
struct fake_object {
	alignas(8) unsigned char bytes[256];

	fake_object() { std::memset(bytes, 0xee, sizeof(bytes)); }
	template <typename T>
	void put(rex::u32 offset, T value)
	{
		std::memcpy(bytes + offset, &value, sizeof(value));
	}
	template <typename T>
	T get(rex::u32 offset) const
	{
		T value;
		std::memcpy(&value, bytes + offset, sizeof(value));
		return value;
	}
};

/* Odd offsets (unaligned), each field apart from the others. */
constexpr rex_kernel_layout fake_layout = {
	.size = sizeof(rex_kernel_layout),
	.skb_len = 101,
	.skb_protocol = 107,
	.skb_mark = 111,
	.skb_priority = 117,
	.skb_hash = 123,
	.skb_queue_mapping = 129,
	.skb_iif = 133,
	.skb_dev = 139,
	.netdev_ifindex = 57,
	.xdp_rxq = 35, /* after the four pointers xdp_ctx reads directly */
	.rxq_dev = 13,
	.rxq_queue_index = 29,
	.perf_data = 45,
	.sample_period = 61,
	.sample_addr = 77,
	.task_comm = 171,
	.skb_tstamp = 143,
	.skb_vlan_proto = 153,
	.skb_vlan_tci = 157,
	.skb_tc_index = 161,
	.skb_cb_data = 201,
	.perf_regs = 3,
};

struct store_call {
	rex::u32 offset = 0, len = 0;
	rex::u64 flags = 0;
	unsigned char first = 0;
} last_store;
long store_ret = 0;
rex::u32 redirect_ifindex = 0;
rex::u64 redirect_flags = 0;

} // namespace

/* What the kernel exports; declared by rex/kernel_layout.hpp. */
namespace rex::detail {
extern "C" const ::rex_kernel_layout rex_kernel_layout = fake_layout;
} // namespace rex::detail

extern "C" {

long bpf_skb_store_bytes(void *, rex::u32 offset, const void *from, rex::u32 len, rex::u64 flags)
{
	last_store = {offset, len, flags, *static_cast<const unsigned char *>(from)};
	return store_ret;
}

long bpf_redirect(rex::u32 ifindex, rex::u64 flags)
{
	redirect_ifindex = ifindex;
	redirect_flags = flags;
	return flags & ~static_cast<rex::u64>(BPF_F_INGRESS) ? TC_ACT_SHOT : TC_ACT_REDIRECT;
}

long bpf_clone_redirect(void *, rex::u32 ifindex, rex::u64 flags)
{
	redirect_ifindex = ifindex;
	redirect_flags = flags;
	return ifindex == 0 ? -EINVAL : 0;
}

/* The packet bpf_skb_load_bytes copies from, as the kernel's does. */
rex::u8 fake_packet[64];
int load_calls;

long bpf_skb_load_bytes(const void *, rex::u32 offset, void *to, rex::u32 len)
{
	load_calls++;
	if (offset > sizeof(fake_packet) || len > sizeof(fake_packet) - offset) {
		memset(to, 0, len);
		return -EFAULT;
	}
	memcpy(to, fake_packet + offset, len);
	return 0;
}

long bpf_perf_prog_read_value(void *, void *, rex::u32)
{
	return -EINVAL;
}

long bpf_xdp_adjust_head(void *, int)
{
	return -EINVAL;
}

long bpf_xdp_adjust_tail(void *, int)
{
	return -EINVAL;
}

rex::detail::task_struct *rex_task_get_current(void);
void rex_task_put(rex::detail::task_struct *) {}
rex::u64 rex_task_pid_tgid(rex::detail::task_struct *)
{
	return 0;
}
}

namespace rex::detail {

[[noreturn]] void trap_panic(const char *message, const char *file, u32 line)
{
	std::fprintf(stderr, "rex panic: %s at %s:%u\n", message, file, line);
	std::abort();
}

} // namespace rex::detail

namespace {

fake_object *current_task_object;

} // namespace

extern "C" rex::detail::task_struct *rex_task_get_current(void)
{
	return reinterpret_cast<rex::detail::task_struct *>(current_task_object);
}

TEST(TcCtx, FieldsAreReadWhereTheLayoutSays)
{
	fake_object skb, dev;
	skb.put<rex::u32>(fake_layout.skb_len, 1514);
	skb.put<rex::u16>(fake_layout.skb_protocol, 0x0008); /* htons(0x0800) */
	skb.put<rex::u32>(fake_layout.skb_mark, 0x1234);
	skb.put<rex::u32>(fake_layout.skb_priority, 6);
	skb.put<rex::u32>(fake_layout.skb_hash, 0xcafef00d);
	skb.put<rex::u16>(fake_layout.skb_queue_mapping, 3);
	skb.put<rex::u32>(fake_layout.skb_iif, 42);
	skb.put<const void *>(fake_layout.skb_dev, &dev);
	dev.put<rex::u32>(fake_layout.netdev_ifindex, 7);

	auto ctx = rex::detail::context_access::make<rex::tc_ctx>(&skb);
	EXPECT_EQ(ctx.len(), 1514u);
	EXPECT_EQ(ctx.protocol(), 0x0800) << "skb->protocol is big-endian; protocol() is host order";
	EXPECT_EQ(ctx.mark(), 0x1234u);
	EXPECT_EQ(ctx.priority(), 6u);
	EXPECT_EQ(ctx.hash(), 0xcafef00du);
	EXPECT_EQ(ctx.queue_mapping(), 3);
	EXPECT_EQ(ctx.ingress_ifindex(), 42u);
	EXPECT_EQ(ctx.ifindex(), 7u) << "through skb->dev";
}

TEST(TcCtx, TimestampVlanTcIndexAndControlBlock)
{
	fake_object skb;
	skb.put<rex::u64>(fake_layout.skb_tstamp, 1700000000123456789);
	skb.put<rex::u16>(fake_layout.skb_vlan_proto, 0x0081); /* htons(0x8100) */
	skb.put<rex::u16>(fake_layout.skb_vlan_tci, 0);
	skb.put<rex::u16>(fake_layout.skb_tc_index, 9);
	skb.put<rex::u32>(fake_layout.skb_cb_data + 8, 0xdead);

	auto ctx = rex::detail::context_access::make<rex::tc_ctx>(&skb);
	EXPECT_EQ(ctx.tstamp(), 1700000000123456789u);
	EXPECT_EQ(ctx.vlan_proto(), 0x8100);
	EXPECT_EQ(ctx.vlan_tci(), 0);
	EXPECT_TRUE(ctx.vlan_present()) << "a tag with TCI 0 is still a tag";
	EXPECT_EQ(ctx.tc_index(), 9);
	EXPECT_EQ(ctx.cb<2>(), 0xdeadu);
	ctx.set_cb<4>(0x01020304);
	EXPECT_EQ(skb.get<rex::u32>(fake_layout.skb_cb_data + 16), 0x01020304u);

	skb.put<rex::u16>(fake_layout.skb_vlan_proto, 0);
	EXPECT_FALSE(ctx.vlan_present());
}

TEST(TcCtx, SettersWriteOnlyTheirField)
{
	fake_object skb, before;
	auto ctx = rex::detail::context_access::make<rex::tc_ctx>(&skb);
	ctx.set_mark(0xa5a5a5a5);
	ctx.set_priority(0x01020304);
	EXPECT_EQ(skb.get<rex::u32>(fake_layout.skb_mark), 0xa5a5a5a5u);
	EXPECT_EQ(skb.get<rex::u32>(fake_layout.skb_priority), 0x01020304u);
	for (rex::u32 i = 0; i < sizeof(skb.bytes); i++)
		if ((i < fake_layout.skb_mark || i >= fake_layout.skb_mark + 4) &&
		    (i < fake_layout.skb_priority || i >= fake_layout.skb_priority + 4))
			ASSERT_EQ(skb.bytes[i], before.bytes[i]) << "byte " << i;
}

TEST(TcCtx, StoreRedirectAndCloneCallTheHelpers)
{
	fake_object skb;
	auto ctx = rex::detail::context_access::make<rex::tc_ctx>(&skb);

	store_ret = 0;
	EXPECT_TRUE(ctx.store<rex::u16>(12, 0x0608));
	EXPECT_EQ(last_store.offset, 12u);
	EXPECT_EQ(last_store.len, 2u);
	EXPECT_EQ(last_store.first, 0x08);
	store_ret = -EFAULT;
	rex::result<void> stored = ctx.store<rex::u8>(4000, 1);
	store_ret = 0;
	ASSERT_FALSE(stored);
	EXPECT_EQ(stored.error(), rex::error::fault);

	EXPECT_EQ(ctx.redirect(5), rex::tc_action::redirect);
	EXPECT_EQ(redirect_ifindex, 5u);
	EXPECT_EQ(redirect_flags, 0u) << "egress by default";
	EXPECT_EQ(ctx.redirect(6, rex::redirect_to::ingress), rex::tc_action::redirect);
	EXPECT_EQ(redirect_flags, static_cast<rex::u64>(BPF_F_INGRESS));

	EXPECT_TRUE(ctx.clone_redirect(9));
	EXPECT_EQ(redirect_ifindex, 9u);
	rex::result<void> cloned = ctx.clone_redirect(0);
	ASSERT_FALSE(cloned);
	EXPECT_EQ(cloned.error(), rex::error::invalid);
}

TEST(TcCtx, LoadAndLoadBytesCopyFromThePacket)
{
	fake_object skb;
	auto ctx = rex::detail::context_access::make<rex::tc_ctx>(&skb);
	for (rex::usize i = 0; i < sizeof(fake_packet); i++)
		fake_packet[i] = static_cast<rex::u8>(3 * i + 1);

	EXPECT_EQ(ctx.load<rex::u8>(63).value_or(0), fake_packet[63]);
	EXPECT_FALSE(ctx.load<rex::u16>(63)) << "one byte past the end";

	rex::u8 out[16];
	memset(out, 0xee, sizeof(out));
	rex::span<rex::u8> to(out);
	ASSERT_TRUE(ctx.load_bytes(10, to));
	for (rex::usize i = 0; i < sizeof(out); i++)
		ASSERT_EQ(out[i], fake_packet[10 + i]) << "byte " << i;

	ASSERT_TRUE(ctx.load_bytes(60, to.first(4))) << "the last four bytes";
	EXPECT_EQ(out[3], fake_packet[63]);
	EXPECT_EQ(out[4], fake_packet[14]) << "nothing written past the span";

	rex::result<void> short_packet = ctx.load_bytes(50, to);
	ASSERT_FALSE(short_packet);
	EXPECT_EQ(short_packet.error(), rex::error::fault);
	for (rex::usize i = 0; i < sizeof(out); i++)
		ASSERT_EQ(out[i], 0) << "byte " << i << ": zeroed, as the helper does";

	int calls = load_calls;
	rex::result<void> empty = ctx.load_bytes(0, to.first(0));
	ASSERT_FALSE(empty);
	EXPECT_EQ(empty.error(), rex::error::invalid);
	EXPECT_EQ(load_calls, calls) << "an empty span makes no kernel call";
}

TEST(XdpCtx, IfindexAndQueueComeFromTheReceiveQueue)
{
	fake_object frame, rxq, dev;
	frame.put<const void *>(fake_layout.xdp_rxq, &rxq);
	rxq.put<const void *>(fake_layout.rxq_dev, &dev);
	rxq.put<rex::u32>(fake_layout.rxq_queue_index, 11);
	dev.put<rex::u32>(fake_layout.netdev_ifindex, 4);

	auto ctx = rex::detail::context_access::make<rex::xdp_ctx>(&frame);
	EXPECT_EQ(ctx.ifindex(), 4u);
	EXPECT_EQ(ctx.rx_queue_index(), 11u);
}

TEST(PerfEventCtx, SamplePeriodAndAddressComeFromTheSampleData)
{
	fake_object kern, data;
	kern.put<const void *>(fake_layout.perf_data, &data);
	data.put<rex::u64>(fake_layout.sample_period, 1000000);
	data.put<rex::u64>(fake_layout.sample_addr, 0xffff888012345678);

	auto ctx = rex::detail::context_access::make<rex::perf_event_ctx>(&kern);
	EXPECT_EQ(ctx.sample_period(), 1000000u);
	EXPECT_EQ(ctx.addr(), 0xffff888012345678u);
}

TEST(PerfEventCtx, RegistersComeFromTheSample)
{
	fake_object kern;
	rex::detail::pt_regs regs{};
	regs.ip = 0x401000;
	regs.sp = 0x7ffc0000;
	regs.cs = 0x33; /* user code segment: CPL 3 */
	kern.put<const void *>(fake_layout.perf_regs, &regs);

	auto ctx = rex::detail::context_access::make<rex::perf_event_ctx>(&kern);
	EXPECT_EQ(ctx.ip(), 0x401000u);
	EXPECT_EQ(ctx.sp(), 0x7ffc0000u);
	EXPECT_TRUE(ctx.in_user_mode());
	regs.cs = 0x10; /* __KERNEL_CS */
	EXPECT_FALSE(ctx.in_user_mode());
}

TEST(Task, CommIsCopiedAndTerminated)
{
	fake_object task;
	std::memcpy(task.bytes + fake_layout.task_comm, "sixteen-bytes-xy", 16); /* no NUL */
	current_task_object = &task;
	{
		rex::task t = rex::current_task();
		ASSERT_TRUE(t);
		rex::task_comm name = t.comm();
		EXPECT_EQ(std::memcmp(&name.elements[0], "sixteen-bytes-x", 15), 0);
		EXPECT_EQ(name.elements[15], 0) << "always NUL-terminated";
	}
	current_task_object = nullptr;
}

TEST(TaskDeathTest, CommOfAnEmptyHandlePanics)
{
	current_task_object = nullptr;
	EXPECT_DEATH(
		{
			rex::task t = rex::current_task();
			(void)t.comm();
		},
		"rex panic: use of an empty rex::task at .*context_fields_test.cpp:");
}
