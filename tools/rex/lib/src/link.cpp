// SPDX-License-Identifier: GPL-2.0
#include <librex/link.h>

#include <librex/perf_event.h>
#include <librex/pinned.h>

#include <linux/if_link.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <string_view>

#include <dirent.h>
#include <net/if.h>
#include <sys/stat.h>
#include <unistd.h>

namespace rex {

namespace {

Result<Link> create_link(const bpf::LinkCreateParams &params)
{
	UniqueFd fd = REX_TRY(bpf::link_create(params));
	bpf_link_info info = REX_TRY(bpf::link_get_info_by_fd(fd.get()));
	return Link(std::move(fd), info.id);
}

Result<std::vector<Link>> one_link(Result<Link> link)
{
	std::vector<Link> links;
	links.push_back(REX_TRY(std::move(link)));
	return links;
}

/* A perf event and its link; the link keeps the event, so its fd closes here. */
Result<Link> attach_perf_event(int prog_fd, const perf_event_attr &attr, std::uint32_t cpu, std::string_view what)
{
	UniqueFd event = REX_TRY(perf::open_event(attr, cpu, what));
	return create_link(perf_link_params(prog_fd, event.get()));
}

Result<std::vector<Link>> attach_netdev(int prog_fd, const XdpTarget &xdp)
{
	std::uint32_t ifindex = REX_TRY(device_ifindex(xdp.device));
	return one_link(create_link(xdp_link_params(prog_fd, ifindex, xdp.mode)));
}

Result<std::vector<Link>> attach_netdev(int prog_fd, const TcTarget &tc)
{
	std::uint32_t ifindex = REX_TRY(device_ifindex(tc.device));
	return one_link(create_link(tc_link_params(prog_fd, ifindex, tc.direction)));
}

Result<std::vector<Link>> attach_kprobe(int prog_fd, const KprobeTarget &kprobe)
{
	perf::KprobePmu pmu = REX_TRY(perf::read_kprobe_pmu(kprobe.retprobe));
	std::string what = (kprobe.retprobe ? "kretprobe " : "kprobe ") + kprobe.symbol;
	return one_link(attach_perf_event(prog_fd, perf::kprobe_attr(pmu, kprobe), 0, what));
}

Result<std::vector<Link>> attach_tracepoint(int prog_fd, const TracepointTarget &tp)
{
	std::uint64_t id = REX_TRY(perf::read_tracepoint_id(tp));
	std::string what = "tracepoint " + tp.category + "/" + tp.event;
	return one_link(attach_perf_event(prog_fd, perf::tracepoint_attr(id), 0, what));
}

Result<std::vector<Link>> attach_cpu_clock(int prog_fd, const PerfTarget &perf)
{
	std::vector<std::uint32_t> cpus;
	if (perf.cpu)
		cpus.push_back(*perf.cpu);
	else
		cpus = REX_TRY(perf::read_online_cpus());

	perf_event_attr attr = perf::cpu_clock_attr(perf);
	std::vector<Link> links;
	for (std::uint32_t cpu : cpus)
		links.push_back(REX_TRY(attach_perf_event(prog_fd, attr, cpu, "cpu-clock")));
	return links;
}

/* The link pinned at path; EINVAL if something else is pinned there. */
Result<UnpinnedLink> pinned_link(const std::string &path)
{
	UniqueFd fd = REX_TRY(open_pinned(path, BpfObjectKind::link));
	bpf_link_info info = REX_TRY(bpf::link_get_info_by_fd(fd.get()));
	return UnpinnedLink{path, info.id, info.type, info.prog_id};
}

bool is_link_entry_name(std::string_view name)
{
	constexpr std::string_view prefix = "link";
	if (!name.starts_with(prefix) || name.size() == prefix.size())
		return false;
	return std::all_of(name.begin() + prefix.size(), name.end(), [](char c) { return c >= '0' && c <= '9'; });
}

/* The entries of a directory, without "." and "..". */
Result<std::vector<std::string>> directory_entries(const std::string &dir)
{
	DIR *stream = ::opendir(dir.c_str());
	if (!stream)
		return Error::from_errno(errno, "opening directory " + dir);
	std::vector<std::string> names;
	while (const dirent *entry = ::readdir(stream)) {
		std::string_view name = entry->d_name;
		if (name != "." && name != "..")
			names.emplace_back(name);
	}
	::closedir(stream);
	std::sort(names.begin(), names.end());
	return names;
}

Result<std::vector<UnpinnedLink>> unpin_directory(const std::string &dir)
{
	/* Check everything first: remove all of it or nothing. */
	std::vector<std::string> names = REX_TRY(directory_entries(dir));
	if (names.empty())
		return Error(ENOENT, dir + " holds no pinned links");
	std::vector<UnpinnedLink> links;
	for (const std::string &name : names) {
		if (!is_link_entry_name(name))
			return Error(EINVAL, dir + " holds '" + name +
						     "', which rex attach does not pin: nothing was removed");
		links.push_back(REX_TRY(pinned_link(dir + "/" + name)));
	}
	for (const UnpinnedLink &link : links)
		if (::unlink(link.path.c_str()) != 0)
			return Error::from_errno(errno, "unpinning " + link.path);
	if (::rmdir(dir.c_str()) != 0)
		return Error::from_errno(errno, "removing directory " + dir);
	return links;
}

} // namespace

Result<void> Link::pin(const std::string &path) const
{
	return bpf::obj_pin(fd_.get(), path);
}

Result<std::uint32_t> device_ifindex(const std::string &device)
{
	unsigned int ifindex = ::if_nametoindex(device.c_str());
	if (ifindex == 0) {
		int err = errno;
		return Error(err == ENXIO || err == ENODEV ? ENODEV : err,
			     "no network device '" + device + "'");
	}
	return ifindex;
}

bpf::LinkCreateParams xdp_link_params(int prog_fd, std::uint32_t ifindex, XdpMode mode)
{
	bpf::LinkCreateParams params;
	params.prog_fd = prog_fd;
	params.attach_type = BPF_XDP;
	params.target = ifindex;
	if (mode == XdpMode::generic)
		params.flags = XDP_FLAGS_SKB_MODE;
	else if (mode == XdpMode::native)
		params.flags = XDP_FLAGS_DRV_MODE;
	return params;
}

bpf::LinkCreateParams tc_link_params(int prog_fd, std::uint32_t ifindex, TcDirection direction)
{
	bpf::LinkCreateParams params;
	params.prog_fd = prog_fd;
	params.attach_type = direction == TcDirection::ingress ? bpf::attach_tcx_ingress : bpf::attach_tcx_egress;
	params.target = ifindex;
	return params;
}

bpf::LinkCreateParams perf_link_params(int prog_fd, int perf_fd)
{
	bpf::LinkCreateParams params;
	params.prog_fd = prog_fd;
	params.attach_type = BPF_PERF_EVENT;
	params.target = static_cast<std::uint32_t>(perf_fd);
	return params;
}

std::string link_type_name(std::uint32_t type)
{
	/* enum bpf_link_type, as bpftool spells it. */
	constexpr std::array<std::string_view, 15> names = {
		"unspec",     "raw_tracepoint", "tracing", "cgroup",   "iter",
		"netns",      "xdp",            "perf_event", "kprobe_multi", "struct_ops",
		"netfilter",  "tcx",            "uprobe_multi", "netkit", "sockmap",
	};
	if (type < names.size())
		return std::string(names[type]);
	return "link:" + std::to_string(type);
}

Result<std::vector<Link>> attach(int prog_fd, std::uint32_t prog_type, const AttachTarget &target)
{
	REX_TRY(check_target_prog_type(target, prog_type));
	if (const auto *xdp = std::get_if<XdpTarget>(&target))
		return attach_netdev(prog_fd, *xdp);
	if (const auto *tc = std::get_if<TcTarget>(&target))
		return attach_netdev(prog_fd, *tc);
	if (const auto *kprobe = std::get_if<KprobeTarget>(&target))
		return attach_kprobe(prog_fd, *kprobe);
	if (const auto *tp = std::get_if<TracepointTarget>(&target))
		return attach_tracepoint(prog_fd, *tp);
	return attach_cpu_clock(prog_fd, std::get<PerfTarget>(target));
}

std::string link_pin_path(const std::string &path, std::size_t index, bool directory)
{
	if (!directory)
		return path;
	return path + "/link" + std::to_string(index);
}

Result<std::vector<std::string>> pin_links(std::span<const Link> links, const std::string &path, bool directory)
{
	if (!directory && links.size() != 1)
		return Error(EINVAL, "pinning " + std::to_string(links.size()) + " links needs a directory");

	bool created_dir = false;
	if (directory) {
		if (::mkdir(path.c_str(), 0700) == 0)
			created_dir = true;
		else if (errno != EEXIST)
			return Error::from_errno(errno, "creating directory " + path);
	}

	std::vector<std::string> pinned;
	for (std::size_t i = 0; i < links.size(); i++) {
		std::string pin_path = link_pin_path(path, i, directory);
		Result<void> result = links[i].pin(pin_path);
		if (!result) {
			for (const std::string &done : pinned)
				::unlink(done.c_str());
			if (created_dir)
				::rmdir(path.c_str());
			return result.release_error();
		}
		pinned.push_back(std::move(pin_path));
	}
	return pinned;
}

Result<std::vector<UnpinnedLink>> unpin_links(const std::string &path)
{
	struct stat st;
	if (::stat(path.c_str(), &st) != 0)
		return Error::from_errno(errno, "stat " + path);
	if (S_ISDIR(st.st_mode))
		return unpin_directory(path);

	UnpinnedLink link = REX_TRY(pinned_link(path));
	if (::unlink(path.c_str()) != 0)
		return Error::from_errno(errno, "unpinning " + path);
	return std::vector<UnpinnedLink>{link};
}

} // namespace rex
