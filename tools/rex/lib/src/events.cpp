// SPDX-License-Identifier: GPL-2.0
#include <librex/events.h>

#include <librex/bpf_syscall.h>
#include <librex/perf_event.h>

#include <linux/bpf.h>
#include <linux/perf_event.h>

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <unistd.h>

namespace rex::events {

namespace {

bool power_of_two(std::size_t size)
{
	return size != 0 && (size & (size - 1)) == 0;
}

/*
 * The n bytes at position pos of a ring of data.size() bytes: in place
 * when they do not wrap, else copied into scratch.
 */
std::span<const std::uint8_t> ring_bytes(std::span<const std::uint8_t> data, std::uint64_t pos, std::size_t n,
					 std::vector<std::uint8_t> &scratch)
{
	std::size_t at = static_cast<std::size_t>(pos & (data.size() - 1));
	if (at + n <= data.size())
		return data.subspan(at, n);
	std::size_t first = data.size() - at;
	scratch.resize(n);
	std::memcpy(scratch.data(), data.data() + at, first);
	std::memcpy(scratch.data() + first, data.data(), n - first);
	return scratch;
}

std::size_t page_size()
{
	return static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
}

/* One mmap()ed range, unmapped when destroyed. */
class Mapping {
public:
	Mapping() = default;
	Mapping(void *addr, std::size_t len) : addr_(addr), len_(len) {}
	~Mapping()
	{
		if (addr_)
			::munmap(addr_, len_);
	}
	Mapping(const Mapping &) = delete;
	Mapping &operator=(const Mapping &) = delete;

	std::uint8_t *bytes() const { return static_cast<std::uint8_t *>(addr_); }

private:
	void *addr_ = nullptr;
	std::size_t len_ = 0;
};

Result<std::unique_ptr<Mapping>> map_fd_range(int fd, std::size_t len, int prot, std::size_t offset,
					      const std::string &what)
{
	void *addr = ::mmap(nullptr, len, prot, MAP_SHARED, fd, static_cast<off_t>(offset));
	if (addr == MAP_FAILED) {
		int err = errno;
		return Error::from_errno(err, "mapping " + what);
	}
	return std::make_unique<Mapping>(addr, len);
}

} // namespace

Result<RingbufWalk> walk_ringbuf(std::span<const std::uint8_t> data, std::uint64_t consumer, std::uint64_t producer,
				 const std::function<void(std::span<const std::uint8_t>)> &on_record)
{
	if (!power_of_two(data.size()) || data.size() < BPF_RINGBUF_HDR_SZ)
		return Error(EINVAL, "ring buffer data area of " + std::to_string(data.size()) +
					     " bytes: not a power of two of at least 8");
	RingbufWalk walk;
	std::vector<std::uint8_t> scratch;
	walk.consumer = consumer;
	while (walk.consumer < producer) {
		std::uint64_t left = producer - walk.consumer;
		std::size_t at = static_cast<std::size_t>(walk.consumer & (data.size() - 1));
		/* Positions are multiples of 8, so a header never wraps. */
		if (left < BPF_RINGBUF_HDR_SZ || at % 8 != 0)
			return Error(EBADMSG, "ring buffer record header at position " + std::to_string(walk.consumer) +
						      " is cut off or misaligned");
		/* The kernel writes the length last, with release semantics. */
		std::uint32_t len =
			__atomic_load_n(reinterpret_cast<const std::uint32_t *>(data.data() + at), __ATOMIC_ACQUIRE);
		if (len & BPF_RINGBUF_BUSY_BIT) {
			walk.stopped_at_busy = true;
			break;
		}
		std::uint32_t size = len & ~(BPF_RINGBUF_BUSY_BIT | BPF_RINGBUF_DISCARD_BIT);
		std::uint64_t total = (std::uint64_t{size} + BPF_RINGBUF_HDR_SZ + 7) & ~std::uint64_t{7};
		if (total > left || size > data.size())
			return Error(EBADMSG, "ring buffer record at position " + std::to_string(walk.consumer) + " of " +
						      std::to_string(size) + " bytes runs past the producer position");
		if (len & BPF_RINGBUF_DISCARD_BIT) {
			walk.discarded++;
		} else {
			on_record(ring_bytes(data, walk.consumer + BPF_RINGBUF_HDR_SZ, size, scratch));
			walk.records++;
		}
		walk.consumer += total;
	}
	return walk;
}

Result<std::uint64_t> walk_perf_ring(std::span<const std::uint8_t> data, std::uint64_t tail, std::uint64_t head,
				     const std::function<void(std::uint32_t, std::span<const std::uint8_t>)> &on_record)
{
	if (!power_of_two(data.size()) || data.size() < sizeof(perf_event_header))
		return Error(EINVAL, "perf ring data area of " + std::to_string(data.size()) +
					     " bytes: not a power of two of at least 8");
	std::vector<std::uint8_t> header_bytes, scratch;
	while (tail < head) {
		std::uint64_t left = head - tail;
		if (left < sizeof(perf_event_header))
			return Error(EBADMSG, "perf record header at " + std::to_string(tail) + " is cut off");
		perf_event_header header;
		std::memcpy(&header, ring_bytes(data, tail, sizeof(header), header_bytes).data(), sizeof(header));
		if (header.size < sizeof(header) || header.size > left)
			return Error(EBADMSG, "perf record at " + std::to_string(tail) + " has size " +
						      std::to_string(header.size) + ", " + std::to_string(left) +
						      " bytes left");
		on_record(header.type,
			  ring_bytes(data, tail + sizeof(header), header.size - sizeof(header), scratch));
		tail += header.size;
	}
	return tail;
}

std::optional<std::span<const std::uint8_t>> raw_sample(std::span<const std::uint8_t> body)
{
	std::uint32_t size;
	if (body.size() < sizeof(size))
		return std::nullopt;
	std::memcpy(&size, body.data(), sizeof(size));
	if (size > body.size() - sizeof(size))
		return std::nullopt;
	return body.subspan(sizeof(size), size);
}

std::optional<std::uint64_t> lost_samples(std::span<const std::uint8_t> body)
{
	std::uint64_t lost;
	if (body.size() < 2 * sizeof(std::uint64_t))
		return std::nullopt;
	std::memcpy(&lost, body.data() + sizeof(std::uint64_t), sizeof(lost));
	return lost;
}

/*
 * A ring buffer (control: the consumer page; data: the producer page and
 * the data area) or one CPU's ring of a perf event array (control: the
 * whole mapping, its first page the perf_event_mmap_page).
 */
struct EventReader::Source {
	std::string name;
	UniqueFd map_fd; /* ring buffers: a duplicate, which epoll watches */
	std::optional<std::uint32_t> cpu;
	UniqueFd perf_fd;
	std::unique_ptr<Mapping> control;
	std::unique_ptr<Mapping> data;
	std::size_t data_size = 0;

	Result<void> consume(const EventSink &sink);
};

Result<void> EventReader::Source::consume(const EventSink &sink)
{
	std::size_t page = page_size();
	if (!cpu) {
		auto *consumer_pos = reinterpret_cast<std::uint64_t *>(control->bytes());
		auto *producer_pos = reinterpret_cast<const std::uint64_t *>(data->bytes());
		std::uint64_t consumer = __atomic_load_n(consumer_pos, __ATOMIC_ACQUIRE);
		std::uint64_t producer = __atomic_load_n(producer_pos, __ATOMIC_ACQUIRE);
		RingbufWalk walk = REX_TRY(walk_ringbuf(std::span<const std::uint8_t>(data->bytes() + page, data_size),
							consumer, producer, [&](std::span<const std::uint8_t> bytes) {
								sink(Event{&name, std::nullopt, bytes, 0});
							}));
		__atomic_store_n(consumer_pos, walk.consumer, __ATOMIC_RELEASE);
		return {};
	}

	/* The perf side: the kernel writes data_head after the records, with release semantics. */
	auto *meta = reinterpret_cast<perf_event_mmap_page *>(control->bytes());
	std::uint64_t head = __atomic_load_n(&meta->data_head, __ATOMIC_ACQUIRE);
	std::uint64_t tail = meta->data_tail;
	std::size_t offset = meta->data_offset ? static_cast<std::size_t>(meta->data_offset) : page;
	std::size_t size = meta->data_size ? static_cast<std::size_t>(meta->data_size) : data_size;
	Error bad(0, "");
	std::uint64_t new_tail = REX_TRY(walk_perf_ring(
		std::span<const std::uint8_t>(control->bytes() + offset, size), tail, head,
		[&](std::uint32_t type, std::span<const std::uint8_t> body) {
			if (type == PERF_RECORD_SAMPLE) {
				if (auto raw = raw_sample(body))
					sink(Event{&name, cpu, *raw, 0});
				else
					bad = Error(EBADMSG, "perf sample without its raw data on CPU " +
								     std::to_string(*cpu));
			} else if (type == PERF_RECORD_LOST) {
				if (auto lost = lost_samples(body))
					sink(Event{&name, cpu, {}, *lost});
			}
		}));
	__atomic_store_n(&meta->data_tail, new_tail, __ATOMIC_RELEASE);
	if (bad.code())
		return bad;
	return {};
}

EventReader::EventReader() = default;
EventReader::EventReader(EventReader &&) noexcept = default;
EventReader &EventReader::operator=(EventReader &&) noexcept = default;
EventReader::~EventReader() = default;

Result<EventReader> EventReader::create()
{
	EventReader reader;
	reader.epoll_.reset(::epoll_create1(EPOLL_CLOEXEC));
	if (!reader.epoll_.valid()) {
		int err = errno;
		return Error::from_errno(err, "epoll_create1");
	}
	return reader;
}

namespace {

Result<void> watch_fd(int epoll_fd, int fd, const std::string &what)
{
	epoll_event event = {};
	event.events = EPOLLIN;
	event.data.fd = fd;
	if (::epoll_ctl(epoll_fd, EPOLL_CTL_ADD, fd, &event) < 0) {
		int err = errno;
		return Error::from_errno(err, "watching " + what);
	}
	return {};
}

Result<UniqueFd> duplicate(int fd, const std::string &what)
{
	UniqueFd copy(::fcntl(fd, F_DUPFD_CLOEXEC, 0));
	if (!copy.valid()) {
		int err = errno;
		return Error::from_errno(err, "duplicating the fd of " + what);
	}
	return copy;
}

} // namespace

Result<void> EventReader::add_ringbuf(int map_fd, std::string name, std::uint32_t max_entries)
{
	std::size_t page = page_size();
	std::string what = "ring buffer " + name;
	auto source = std::make_unique<Source>();
	source->map_fd = REX_TRY(duplicate(map_fd, what));
	source->data_size = max_entries;
	if (!power_of_two(source->data_size) || source->data_size % page != 0)
		return Error(EINVAL, what + ": size " + std::to_string(max_entries) +
					     " is not a power-of-two multiple of the page size");
	source->control = REX_TRY(map_fd_range(map_fd, page, PROT_READ | PROT_WRITE, 0, what + "'s consumer page"));
	source->data = REX_TRY(map_fd_range(map_fd, page + 2 * source->data_size, PROT_READ, page, what + "'s data"));
	REX_TRY(watch_fd(epoll_.get(), source->map_fd.get(), what));
	source->name = std::move(name);
	sources_.push_back(std::move(source));
	return {};
}

Result<std::vector<std::uint32_t>> EventReader::add_perf_array(int map_fd, std::string name, std::uint32_t max_entries,
							       std::span<const std::uint32_t> cpus,
							       std::uint32_t ring_pages)
{
	std::size_t page = page_size();
	std::vector<std::uint32_t> left_out;
	if (!power_of_two(ring_pages))
		return Error(EINVAL, "perf ring of " + std::to_string(ring_pages) + " pages: not a power of two");
	for (std::uint32_t cpu : cpus) {
		if (cpu >= max_entries) {
			left_out.push_back(cpu); /* output() there fails with E2BIG whatever user space does */
			continue;
		}
		std::string what = "perf event array " + name + " on CPU " + std::to_string(cpu);
		auto source = std::make_unique<Source>();
		source->perf_fd = REX_TRY(perf::open_event(perf::bpf_output_attr(), cpu, "a BPF output event"));
		source->data_size = std::size_t{ring_pages} * page;
		source->control = REX_TRY(map_fd_range(source->perf_fd.get(), page + source->data_size,
						       PROT_READ | PROT_WRITE, 0, what + "'s ring"));
		std::uint32_t key = cpu;
		std::uint32_t value = static_cast<std::uint32_t>(source->perf_fd.get());
		Result<void> stored = bpf::map_update_elem(
			map_fd, std::span(reinterpret_cast<const std::uint8_t *>(&key), sizeof(key)),
			std::span(reinterpret_cast<const std::uint8_t *>(&value), sizeof(value)), BPF_ANY);
		if (!stored)
			return Error(stored.error().code(), "storing the event for CPU " + std::to_string(cpu) +
								    " in " + name + ": " + stored.error().message());
		source->cpu = cpu;
		REX_TRY(watch_fd(epoll_.get(), source->perf_fd.get(), what));
		source->name = name;
		sources_.push_back(std::move(source));
	}
	return left_out;
}

bool EventReader::empty() const
{
	return sources_.empty();
}

int EventReader::fd() const
{
	return epoll_.get();
}

Result<void> EventReader::consume(const EventSink &sink)
{
	/*
	 * Every source is read; fd() is a level-triggered epoll, so it stays
	 * readable only while one of them has something left.
	 */
	for (auto &source : sources_)
		REX_TRY(source->consume(sink));
	return {};
}

} // namespace rex::events
