// SPDX-License-Identifier: GPL-2.0
#include <librex/object.h>

#include <librex/map_btf.h>

#include <cerrno>
#include <climits>
#include <cstring>
#include <sys/stat.h>
#include <unistd.h>

namespace rex {

namespace {

/* Large enough for any message the Rex loader writes. */
constexpr std::size_t load_log_size = 64 * 1024;

std::string trimmed_log(const std::vector<char> &log)
{
	std::string text(log.data(), strnlen(log.data(), log.size()));
	while (!text.empty() && (text.back() == '\n' || text.back() == ' '))
		text.pop_back();
	return text;
}

std::string join_names(std::span<const Program> programs)
{
	std::string names;
	for (const Program &prog : programs) {
		if (!names.empty())
			names += ", ";
		names += prog.name();
	}
	return names;
}

} // namespace

Object::Object(Image image) : image_(std::move(image))
{
	for (const MapDesc &desc : image_.maps())
		maps_.emplace_back(desc);
	std::uint32_t index = 0;
	for (const ProgramDesc &desc : image_.programs())
		programs_.emplace_back(desc, index++);
}

Result<Object> Object::open(const std::string &path)
{
	return Object(REX_TRY(Image::open(path)));
}

Map *Object::find_map(std::string_view name)
{
	for (Map &map : maps_)
		if (map.name() == name)
			return &map;
	return nullptr;
}

Program *Object::find_program(std::string_view name)
{
	for (Program &prog : programs_)
		if (prog.name() == name)
			return &prog;
	return nullptr;
}

bpf::MapCreateParams Object::map_create_params(const Map &map) const
{
	const MapDesc &desc = map.desc();
	bpf::MapCreateParams params;
	params.map_type = desc.map_type;
	params.key_size = desc.key_size;
	params.value_size = desc.value_size;
	params.max_entries = desc.max_entries;
	params.map_flags = desc.map_flags;
	/*
	 * The kernel refuses BPF_F_RDONLY_PROG when it creates a devmap, and
	 * sets it on the map itself (kernel/bpf/devmap.c): the descriptor
	 * holds it (as the map will have it, which the load checks), the
	 * request must not.
	 */
	if (desc.map_type == BPF_MAP_TYPE_DEVMAP)
		params.map_flags &= ~static_cast<std::uint32_t>(BPF_F_RDONLY_PROG);
	params.name = desc.name;
	return params;
}

std::vector<int> Object::map_fds() const
{
	std::vector<int> fds;
	for (const Map &map : maps_)
		fds.push_back(map.fd());
	return fds;
}

bpf::RexProgLoadParams Object::prog_load_params(const Program &prog, std::span<const int> map_fds,
						std::span<char> log) const
{
	bpf::RexProgLoadParams params;
	params.prog_type = prog.desc().prog_type;
	params.expected_attach_type = prog.desc().expected_attach_type;
	params.name = prog.name();
	params.prog_index = prog.index();
	params.image = image_.file();
	params.map_fds = map_fds;
	params.log = log;
	if (panic_policy_ == PanicPolicy::keep_running)
		params.rex_flags |= bpf::rex_load_keep_running;
	return params;
}

Result<void> Object::create_maps()
{
	for (Map &map : maps_) {
		if (map.fd_.valid())
			continue;
		bpf::MapCreateParams params = map_create_params(map);
		UniqueFd btf; /* the map keeps its own reference */
		if (map.desc().spin_lock) {
			SpinLockMapBtf types = spin_lock_map_btf(params.map_type, params.key_size, params.value_size);
			Result<UniqueFd> loaded = bpf::btf_load(types.blob);
			if (!loaded)
				return Error(loaded.error().code(), "map '" + map.name() +
									    "' holds a spin lock: BTF for its value type: " +
									    loaded.error().message());
			btf = loaded.release_value();
			params.btf_fd = btf.get();
			params.btf_key_type_id = types.key_type_id;
			params.btf_value_type_id = types.value_type_id;
		}
		map.fd_ = REX_TRY(bpf::map_create(params));
	}
	return {};
}

Result<void> Object::load_program(Program &prog)
{
	if (image_.file().size() > UINT32_MAX)
		return Error(EFBIG, "the image is larger than 4 GiB");
	std::vector<int> fds = map_fds();
	for (std::size_t i = 0; i < fds.size(); i++)
		if (fds[i] < 0)
			return Error(EBADF, "map '" + maps_[i].name() + "' is not created yet");

	std::vector<char> log(load_log_size, '\0');
	load_log_.clear();
	Result<UniqueFd> fd = bpf::rex_prog_load(prog_load_params(prog, fds, log));
	if (!fd) {
		load_log_ = trimmed_log(log);
		return fd.release_error();
	}
	bpf_prog_info info = REX_TRY(bpf::prog_get_info_by_fd(fd.value().get()));
	prog.fd_ = fd.release_value();
	prog.id_ = info.id;
	return {};
}

Result<void> Object::load(std::optional<std::string_view> only)
{
	Program *single = nullptr;
	if (only) {
		single = find_program(*only);
		if (!single)
			return Error(ENOENT, "no program named '" + std::string(*only) + "' in the image (it has " +
						     join_names(programs_) + ")");
	}

	REX_TRY(create_maps());
	if (single)
		return load_program(*single);
	for (Program &prog : programs_)
		REX_TRY(load_program(prog));
	return {};
}

Result<void> Object::pin(const std::string &dir) const
{
	std::vector<std::pair<int, std::string>> pins;
	for (const Program &prog : programs_)
		if (prog.loaded())
			pins.emplace_back(prog.fd(), prog.name());
	for (const Map &map : maps_) {
		if (map.fd() < 0)
			return Error(EBADF, "map '" + map.name() + "' is not created yet");
		for (const Program &prog : programs_)
			if (prog.loaded() && prog.name() == map.name())
				return Error(EEXIST, "a program and a map are both named '" + map.name() +
							     "': they cannot both be pinned in " + dir);
		pins.emplace_back(map.fd(), map.name());
	}

	/*
	 * As bpftool's loadall: the directory is made if it is not there (its
	 * parent must be), and removed again if nothing could be pinned in it.
	 */
	bool made = ::mkdir(dir.c_str(), 0700) == 0;
	if (!made && errno != EEXIST) {
		int err = errno;
		return Error::from_errno(err, "making the pin directory " + dir);
	}
	for (std::size_t i = 0; i < pins.size(); i++) {
		Result<void> pinned = bpf::obj_pin(pins[i].first, dir + "/" + pins[i].second);
		if (!pinned) {
			for (std::size_t j = 0; j < i; j++)
				::unlink((dir + "/" + pins[j].second).c_str());
			if (made)
				::rmdir(dir.c_str());
			return pinned;
		}
	}
	return {};
}

} // namespace rex
