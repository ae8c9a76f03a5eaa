// SPDX-License-Identifier: GPL-2.0
/*
 * Reading ring buffers and perf rings (events.h) out of memory laid out as
 * the kernel lays it out; the booted kernel's side is
 * tools/testing/rex/scenarios/cli/run-events.sh.
 */
#include <librex/events.h>

#include <gtest/gtest.h>

#include <linux/bpf.h>
#include <linux/perf_event.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

namespace rex::events {
namespace {

/* A ring's data area, 8-byte aligned as the kernel's pages are. */
class Ring {
public:
	explicit Ring(std::size_t size) : words_(size / 8) {}

	std::span<const std::uint8_t> bytes() const
	{
		return {reinterpret_cast<const std::uint8_t *>(words_.data()), words_.size() * 8};
	}
	/* Writes bytes at pos, wrapping at the end. */
	void put(std::uint64_t pos, const void *src, std::size_t n)
	{
		auto *ring = reinterpret_cast<std::uint8_t *>(words_.data());
		std::size_t size = words_.size() * 8;
		for (std::size_t i = 0; i < n; i++)
			ring[(pos + i) % size] = static_cast<const std::uint8_t *>(src)[i];
	}
	/* A ring-buffer record: header (length with flags, page offset 0), then the data. */
	void ringbuf_record(std::uint64_t pos, std::uint32_t flags, const std::string &data)
	{
		std::uint32_t header[2] = {static_cast<std::uint32_t>(data.size()) | flags, 0};
		put(pos, header, sizeof(header));
		put(pos + 8, data.data(), data.size());
	}
	/* A perf record of type with body after its header. */
	void perf_record(std::uint64_t pos, std::uint32_t type, const std::vector<std::uint8_t> &body)
	{
		perf_event_header header = {type, 0, static_cast<std::uint16_t>(sizeof(header) + body.size())};
		put(pos, &header, sizeof(header));
		put(pos + sizeof(header), body.data(), body.size());
	}

private:
	std::vector<std::uint64_t> words_;
};

std::string text(std::span<const std::uint8_t> bytes)
{
	return std::string(reinterpret_cast<const char *>(bytes.data()), bytes.size());
}

TEST(Ringbuf, HandsOnCommittedRecordsSkipsDiscardedAndStopsAtBusy)
{
	Ring ring(64);
	ring.ringbuf_record(0, 0, "hello");                         /* 8 + 5 -> 16 */
	ring.ringbuf_record(16, BPF_RINGBUF_DISCARD_BIT, "xyz");    /* 16 */
	ring.ringbuf_record(32, 0, "12345678");                     /* 16 */
	ring.ringbuf_record(48, BPF_RINGBUF_BUSY_BIT, "later");     /* still reserved */
	std::vector<std::string> seen;
	Result<RingbufWalk> walk =
		walk_ringbuf(ring.bytes(), 0, 64, [&](std::span<const std::uint8_t> r) { seen.push_back(text(r)); });
	ASSERT_TRUE(walk) << walk.error().message();
	EXPECT_EQ(seen, (std::vector<std::string>{"hello", "12345678"}));
	EXPECT_EQ(walk.value().records, 2u);
	EXPECT_EQ(walk.value().discarded, 1u);
	EXPECT_TRUE(walk.value().stopped_at_busy);
	EXPECT_EQ(walk.value().consumer, 48u) << "the busy record is read next time";
}

TEST(Ringbuf, ReadsUpToTheProducerPositionOnly)
{
	Ring ring(64);
	ring.ringbuf_record(0, 0, "one");
	ring.ringbuf_record(16, 0, "two");
	std::vector<std::string> seen;
	Result<RingbufWalk> walk =
		walk_ringbuf(ring.bytes(), 0, 16, [&](std::span<const std::uint8_t> r) { seen.push_back(text(r)); });
	ASSERT_TRUE(walk);
	EXPECT_EQ(seen, std::vector<std::string>{"one"});
	EXPECT_EQ(walk.value().consumer, 16u);
	EXPECT_FALSE(walk.value().stopped_at_busy);

	Result<RingbufWalk> none = walk_ringbuf(ring.bytes(), 32, 32, [&](std::span<const std::uint8_t>) {
		ADD_FAILURE() << "nothing between equal positions";
	});
	ASSERT_TRUE(none);
	EXPECT_EQ(none.value().consumer, 32u);
}

TEST(Ringbuf, RecordWrappingPastTheEndIsWhole)
{
	/* Positions grow without bound; the data is at position % size. */
	Ring ring(32);
	ring.ringbuf_record(32 * 5 + 24, 0, "abcdefghijkl"); /* data at 32..43: wraps to 0..11 */
	std::vector<std::string> seen;
	Result<RingbufWalk> walk = walk_ringbuf(ring.bytes(), 32 * 5 + 24, 32 * 5 + 48,
						[&](std::span<const std::uint8_t> r) { seen.push_back(text(r)); });
	ASSERT_TRUE(walk) << walk.error().message();
	EXPECT_EQ(seen, std::vector<std::string>{"abcdefghijkl"});
	EXPECT_EQ(walk.value().consumer, 32u * 5 + 48);
}

TEST(Ringbuf, LengthPastTheProducerIsRefused)
{
	Ring ring(64);
	ring.ringbuf_record(0, 0, std::string(20, 'x')); /* needs 32 bytes */
	Result<RingbufWalk> walk = walk_ringbuf(ring.bytes(), 0, 16, [](std::span<const std::uint8_t>) {});
	ASSERT_FALSE(walk);
	EXPECT_EQ(walk.error().code(), EBADMSG);
	EXPECT_NE(walk.error().message().find("runs past the producer position"), std::string::npos)
		<< walk.error().message();

	Result<RingbufWalk> cut = walk_ringbuf(ring.bytes(), 0, 4, [](std::span<const std::uint8_t>) {});
	ASSERT_FALSE(cut);
	EXPECT_EQ(cut.error().code(), EBADMSG);
}

TEST(Ringbuf, DataAreaMustBeAPowerOfTwo)
{
	std::vector<std::uint64_t> words(6);
	std::span<const std::uint8_t> bytes(reinterpret_cast<const std::uint8_t *>(words.data()), 48);
	Result<RingbufWalk> walk = walk_ringbuf(bytes, 0, 16, [](std::span<const std::uint8_t>) {});
	ASSERT_FALSE(walk);
	EXPECT_EQ(walk.error().code(), EINVAL);
}

std::vector<std::uint8_t> raw_body(const std::vector<std::uint8_t> &data)
{
	std::uint32_t size = static_cast<std::uint32_t>(data.size());
	std::vector<std::uint8_t> body(sizeof(size));
	std::memcpy(body.data(), &size, sizeof(size));
	body.insert(body.end(), data.begin(), data.end());
	return body;
}

std::vector<std::uint8_t> lost_body(std::uint64_t id, std::uint64_t lost)
{
	std::vector<std::uint8_t> body(16);
	std::memcpy(body.data(), &id, 8);
	std::memcpy(body.data() + 8, &lost, 8);
	return body;
}

TEST(PerfRing, WalksSamplesAndLostRecordsToTheHead)
{
	Ring ring(128);
	ring.perf_record(0, PERF_RECORD_SAMPLE, raw_body({1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})); /* 24 */
	ring.perf_record(24, PERF_RECORD_LOST, lost_body(99, 7));                                  /* 24 */
	std::vector<std::pair<std::uint32_t, std::vector<std::uint8_t>>> seen;
	Result<std::uint64_t> tail =
		walk_perf_ring(ring.bytes(), 0, 48, [&](std::uint32_t type, std::span<const std::uint8_t> body) {
			seen.emplace_back(type, std::vector<std::uint8_t>(body.begin(), body.end()));
		});
	ASSERT_TRUE(tail) << tail.error().message();
	EXPECT_EQ(tail.value(), 48u);
	ASSERT_EQ(seen.size(), 2u);
	EXPECT_EQ(seen[0].first, static_cast<std::uint32_t>(PERF_RECORD_SAMPLE));
	auto raw = raw_sample(seen[0].second);
	ASSERT_TRUE(raw);
	EXPECT_EQ(std::vector<std::uint8_t>(raw->begin(), raw->end()),
		  (std::vector<std::uint8_t>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}));
	EXPECT_EQ(seen[1].first, static_cast<std::uint32_t>(PERF_RECORD_LOST));
	EXPECT_EQ(lost_samples(seen[1].second), std::optional<std::uint64_t>(7));
}

TEST(PerfRing, RecordWrappingPastTheEndIsWhole)
{
	Ring ring(64);
	std::vector<std::uint8_t> data = {'r', 'e', 'x', ':', 'w', 'r', 'a', 'p', 0, 0, 0, 0};
	ring.perf_record(64 * 3 + 56, PERF_RECORD_SAMPLE, raw_body(data)); /* header at 56..63, body wraps */
	std::vector<std::uint8_t> got;
	Result<std::uint64_t> tail = walk_perf_ring(ring.bytes(), 64 * 3 + 56, 64 * 3 + 80,
						    [&](std::uint32_t, std::span<const std::uint8_t> body) {
							    auto raw = raw_sample(body);
							    ASSERT_TRUE(raw);
							    got.assign(raw->begin(), raw->end());
						    });
	ASSERT_TRUE(tail) << tail.error().message();
	EXPECT_EQ(tail.value(), 64u * 3 + 80);
	EXPECT_EQ(got, data);
}

TEST(PerfRing, BadRecordSizesAreRefused)
{
	Ring ring(64);
	ring.perf_record(0, PERF_RECORD_SAMPLE, {});
	perf_event_header short_header = {PERF_RECORD_SAMPLE, 0, 4};
	ring.put(0, &short_header, sizeof(short_header));
	Result<std::uint64_t> tail = walk_perf_ring(ring.bytes(), 0, 16, [](std::uint32_t, std::span<const std::uint8_t>) {
		ADD_FAILURE() << "no record to hand on";
	});
	ASSERT_FALSE(tail);
	EXPECT_EQ(tail.error().code(), EBADMSG);

	ring.perf_record(0, PERF_RECORD_SAMPLE, raw_body(std::vector<std::uint8_t>(20)));
	Result<std::uint64_t> long_one =
		walk_perf_ring(ring.bytes(), 0, 16, [](std::uint32_t, std::span<const std::uint8_t>) {});
	ASSERT_FALSE(long_one);
	EXPECT_EQ(long_one.error().code(), EBADMSG);
	EXPECT_NE(long_one.error().message().find("has size 32, 16 bytes left"), std::string::npos)
		<< long_one.error().message();
}

TEST(PerfRing, RawSampleAndLostNeedTheirBytes)
{
	EXPECT_FALSE(raw_sample(std::vector<std::uint8_t>{1, 0}));
	/* A size larger than what follows it. */
	EXPECT_FALSE(raw_sample(std::vector<std::uint8_t>{9, 0, 0, 0, 1, 2}));
	auto empty = raw_sample(std::vector<std::uint8_t>{0, 0, 0, 0});
	ASSERT_TRUE(empty);
	EXPECT_TRUE(empty->empty());
	EXPECT_FALSE(lost_samples(std::vector<std::uint8_t>(15)));
}

} // namespace
} // namespace rex::events
