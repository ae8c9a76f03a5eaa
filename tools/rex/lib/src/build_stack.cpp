// SPDX-License-Identifier: GPL-2.0
#include <librex/stack_bound.h>

#include <librex/demangle.h>
#include <librex/object_code.h>

#include <linux/rex.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <elf.h>
#include <map>
#include <set>

namespace rex {

namespace {

constexpr std::uint64_t return_address_size = 8;

Error malformed(std::string why)
{
	return Error(ENOEXEC, std::move(why));
}

/* A function is known by its symbol's index. */
using FunctionId = std::size_t;

class StackAnalysis {
public:
	explicit StackAnalysis(const ElfObject &object) : object_(object) {}

	Result<void> read_frame_sizes();
	void read_calls();
	Result<StackBound> bound(std::span<const std::string> entries);
	std::vector<FunctionFrame> frames() const;

private:
	struct Depth {
		std::uint64_t bytes = 0;
		std::vector<FunctionId> path;
	};

	/* The deepest path from f, or the reason there is no bound. */
	Result<Depth> depth(FunctionId f);
	std::string name(FunctionId f) const
	{
		std::string text = demangle(object_.symbols()[f].name);
		return text.find('(') == std::string::npos ? text + "()" : text;
	}
	void make_dynamic(std::string reason)
	{
		if (dynamic_reason_.empty())
			dynamic_reason_ = std::move(reason);
	}

	const ElfObject &object_;
	std::map<FunctionId, std::uint64_t> frame_size_;
	std::map<FunctionId, std::set<FunctionId>> calls_;
	std::string dynamic_reason_;

	/* For depth(): memo and the functions on the current path. */
	std::map<FunctionId, Depth> done_;
	std::vector<FunctionId> active_;
};

/*
 * Each .stack_sizes section holds (address, ULEB128 size) pairs; in an
 * object file the address is 0 plus an R_X86_64_64 relocation naming the
 * function (or its section).
 */
Result<void> StackAnalysis::read_frame_sizes()
{
	for (const ElfSection &section : object_.sections()) {
		if (section.name != ".stack_sizes")
			continue;
		std::span<const std::uint8_t> data = object_.contents(section);
		std::map<std::uint64_t, const ElfRelocation *> relocations;
		for (const ElfRelocation &rel : object_.relocations_for(section.index))
			relocations[rel.offset] = &rel;

		std::uint64_t pos = 0;
		while (pos < data.size()) {
			auto rel = relocations.find(pos);
			if (rel == relocations.end() || rel->second->type != R_X86_64_64 || data.size() - pos < 8)
				return malformed(".stack_sizes: entry at offset " + std::to_string(pos) +
						 " names no function");
			std::optional<CodeLocation> where = relocation_target(object_, section, *rel->second);
			const ElfSymbol *function = where ? function_at(object_, *where) : nullptr;
			if (!function)
				return malformed(".stack_sizes: entry at offset " + std::to_string(pos) +
						 " names no function");
			pos += 8;

			std::uint64_t size = 0;
			unsigned shift = 0;
			for (;;) {
				if (pos >= data.size() || shift > 63)
					return malformed(".stack_sizes: truncated size");
				std::uint8_t byte = data[pos++];
				size |= std::uint64_t(byte & 0x7f) << shift;
				shift += 7;
				if (!(byte & 0x80))
					break;
			}
			frame_size_[function->index] = size;
		}
	}
	return {};
}

/*
 * Direct calls and jumps to another function are call edges (a tail call
 * is counted as a call: an over-estimate by one frame).  Indirect calls
 * and functions whose address is taken (referenced other than by a branch)
 * make the bound dynamic.  References into the middle of a function (a
 * switch's jump table) are not calls.
 */
void StackAnalysis::read_calls()
{
	CodeMap code(object_);
	if (!code.undecodable().empty())
		make_dynamic("cannot decode the instruction at " + code.undecodable().front());
	if (!code.indirect_callers().empty())
		make_dynamic("an indirect call in " + name(code.indirect_callers().front()->index));

	for (const Branch &branch : code.branches()) {
		if (branch.to_import)
			continue; /* helpers run beside the program's budget */
		if (!branch.to_function) {
			make_dynamic("a branch in " + name(branch.from->index) + " to outside any function");
			continue;
		}
		bool local_jump = branch.to_function == branch.from && branch.kind != X86Instruction::Kind::call;
		if (!local_jump)
			calls_[branch.from->index].insert(branch.to_function->index);
	}

	for (const ElfSection &section : object_.sections()) {
		if (!section.allocated())
			continue;
		for (const ElfRelocation &rel : object_.relocations_for(section.index)) {
			if (object_.symbols()[rel.symbol].undefined() || code.is_branch_operand(section.index, rel.offset))
				continue;
			std::optional<CodeLocation> where = relocation_target(object_, section, rel);
			const ElfSymbol *target = where ? function_at(object_, *where) : nullptr;
			if (target && where->offset == target->value)
				make_dynamic("the address of " + name(target->index) + " is taken, so it may be called indirectly");
		}
	}
}

Result<StackAnalysis::Depth> StackAnalysis::depth(FunctionId f)
{
	if (auto it = done_.find(f); it != done_.end())
		return it->second;
	for (std::size_t i = 0; i < active_.size(); i++) {
		if (active_[i] != f)
			continue;
		std::string cycle;
		for (std::size_t j = i; j < active_.size(); j++)
			cycle += name(active_[j]) + " -> ";
		return Error(EAGAIN, "recursion: " + cycle + name(f));
	}
	auto frame = frame_size_.find(f);
	if (frame == frame_size_.end())
		return Error(EAGAIN, "no frame size recorded for " + name(f) + " (does it allocate on the stack dynamically?)");

	active_.push_back(f);
	Depth deepest;
	for (FunctionId callee : calls_[f]) {
		Result<Depth> below = depth(callee);
		if (!below) {
			active_.pop_back();
			return below;
		}
		if (below.value().bytes > deepest.bytes || deepest.path.empty())
			deepest = below.release_value();
	}
	active_.pop_back();

	deepest.bytes += frame->second + return_address_size;
	deepest.path.insert(deepest.path.begin(), f);
	done_[f] = deepest;
	return deepest;
}

Result<StackBound> StackAnalysis::bound(std::span<const std::string> entries)
{
	StackBound result;
	Depth worst;
	for (const std::string &entry : entries) {
		const ElfSymbol *symbol = nullptr;
		for (const ElfSymbol &candidate : object_.symbols())
			if (candidate.function() && !candidate.undefined() && candidate.name == entry)
				symbol = &candidate;
		if (!symbol)
			return malformed("entry " + entry + " is not a function defined in the object");
		if (!dynamic_reason_.empty())
			continue;

		Result<Depth> d = depth(symbol->index);
		if (!d) {
			make_dynamic(d.error().message());
			continue;
		}
		if (d.value().bytes >= worst.bytes)
			worst = d.release_value();
	}

	if (!dynamic_reason_.empty() || worst.bytes >= REX_STACK_DYNAMIC) {
		result.dynamic_reason = dynamic_reason_.empty() ? "the bound does not fit 32 bits" : dynamic_reason_;
		return result;
	}
	result.bytes = static_cast<std::uint32_t>(worst.bytes);
	for (FunctionId f : worst.path)
		result.deepest_path.push_back(name(f));
	return result;
}

std::vector<FunctionFrame> StackAnalysis::frames() const
{
	std::vector<FunctionFrame> frames;
	for (const auto &[f, bytes] : frame_size_)
		frames.push_back({name(f), bytes});
	std::sort(frames.begin(), frames.end(),
		  [](const FunctionFrame &a, const FunctionFrame &b) { return a.bytes > b.bytes; });
	return frames;
}

} // namespace

Result<StackBound> compute_stack_bound(const ElfObject &object, std::span<const std::string> entries)
{
	StackAnalysis analysis(object);
	REX_TRY(analysis.read_frame_sizes());
	analysis.read_calls();
	return analysis.bound(entries);
}

Result<std::vector<FunctionFrame>> function_frames(const ElfObject &object)
{
	StackAnalysis analysis(object);
	REX_TRY(analysis.read_frame_sizes());
	return analysis.frames();
}

} // namespace rex
