/* SPDX-License-Identifier: GPL-2.0 */
#pragma once

/*
 * Attaching programs, libbpf style: a Link is a BPF link (BPF_LINK_CREATE)
 * and the program stays attached exactly as long as the link lives, i.e.
 * while its fd is open or it is pinned on a bpffs.  A Link closes its fd
 * when destroyed: pin it to keep the attachment past the process; unpin it
 * (the last reference) to detach.
 *
 * XDP and tc attach to a device with BPF_XDP / BPF_TCX_*; kprobes,
 * tracepoints and perf events through a perf event (perf_event.h) with
 * BPF_PERF_EVENT, the link holding the event.  The *_params() functions
 * are pure, so that what is asked of the kernel can be tested anywhere.
 */

#include <librex/attach_target.h>
#include <librex/bpf_syscall.h>
#include <librex/result.h>
#include <librex/unique_fd.h>

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace rex {

class Link {
public:
	Link(UniqueFd fd, std::uint32_t id) : fd_(std::move(fd)), id_(id) {}

	int fd() const { return fd_.get(); }
	/* The kernel's link id, as bpftool link shows it. */
	std::uint32_t id() const { return id_; }

	/* BPF_OBJ_PIN at path (on a bpffs): the link outlives the process. */
	Result<void> pin(const std::string &path) const;

private:
	UniqueFd fd_;
	std::uint32_t id_;
};

/* The ifindex of a network device; ENODEV with the device's name if none. */
Result<std::uint32_t> device_ifindex(const std::string &device);

bpf::LinkCreateParams xdp_link_params(int prog_fd, std::uint32_t ifindex, XdpMode mode);
bpf::LinkCreateParams tc_link_params(int prog_fd, std::uint32_t ifindex, TcDirection direction);
bpf::LinkCreateParams perf_link_params(int prog_fd, int perf_fd);

/* The BPF link type's name ("xdp", "tcx", "perf_event", ...) or "link:N". */
std::string link_type_name(std::uint32_t type);

/*
 * Attaches the program prog_fd of prog_type (checked against the target
 * first): one link, or one per online CPU for a perf target on every CPU.
 * All or nothing: on failure the links made so far are closed.
 */
Result<std::vector<Link>> attach(int prog_fd, std::uint32_t prog_type, const AttachTarget &target);

/*
 * Where pin_links() puts link index: path itself when the target has one
 * link, path/link<index> when it may have several (target_has_one_link_per_cpu).
 */
std::string link_pin_path(const std::string &path, std::size_t index, bool directory);

/*
 * Pins links at link_pin_path() (a directory is created if missing) and
 * returns the paths.  All or nothing: on failure what was pinned, and a
 * directory it created, is removed again.
 */
Result<std::vector<std::string>> pin_links(std::span<const Link> links, const std::string &path, bool directory);

struct UnpinnedLink {
	std::string path;
	std::uint32_t id = 0;
	std::uint32_t type = 0; /* enum bpf_link_type */
	std::uint32_t prog_id = 0;
};

/*
 * Undoes pin_links(): unpins the link pinned at path, or every link
 * link<N> in the directory path and then the directory.  That detaches,
 * unless another process still holds the link open.  EINVAL, with nothing
 * removed, if path (or an entry of the directory) is not a pinned link.
 */
Result<std::vector<UnpinnedLink>> unpin_links(const std::string &path);

} // namespace rex
