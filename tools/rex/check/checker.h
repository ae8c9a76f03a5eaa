/* SPDX-License-Identifier: GPL-2.0 */
/*
 * rex-check's trust decisions and its report: what is user code (everything
 * but the support layer and the toolchain's headers), and the one place
 * that prints a violation.
 */
#pragma once

#include <clang/Basic/FileManager.h>
#include <clang/Basic/SourceManager.h>
#include <llvm/ADT/DenseMap.h>
#include <llvm/ADT/SmallString.h>
#include <llvm/ADT/Twine.h>
#include <llvm/Support/FileSystem.h>
#include <llvm/Support/raw_ostream.h>

#include <set>
#include <string>
#include <tuple>
#include <vector>

namespace rex_check {

using namespace clang;

inline std::string real_path(llvm::StringRef path)
{
	llvm::SmallString<256> out;
	if (llvm::sys::fs::real_path(path, out))
		return std::string(path);
	return std::string(out);
}

inline bool is_under(llvm::StringRef path, llvm::StringRef dir)
{
	return !dir.empty() && path.size() > dir.size() && path.starts_with(dir) && path[dir.size()] == '/';
}

/* Directories that decide trust, all as real paths. */
struct Places {
	std::string support_rex;               /* <support dir>/rex: the support layer */
	std::vector<std::string> toolchain;    /* rex UAPI and kernel header dirs */
	std::vector<std::string> user;         /* the program's dir and its -I dirs */
};

class Checker {
public:
	explicit Checker(const Places &places) : places_(places) {}

	void set_source_manager(SourceManager &sm) { sm_ = &sm; }
	SourceManager &sm() const { return *sm_; }

	/* Where a construct was written: through macro arguments, and through
	 * token pastes/stringification to the macro body that did them. */
	SourceLocation origin(SourceLocation loc) const
	{
		int guard = 0;
		while (loc.isMacroID() && guard++ < 64) {
			if (sm_->isMacroArgExpansion(loc)) {
				loc = sm_->getImmediateSpellingLoc(loc);
				continue;
			}
			SourceLocation spelling = sm_->getImmediateSpellingLoc(loc);
			if (spelling.isFileID() && sm_->isWrittenInScratchSpace(spelling)) {
				loc = sm_->getImmediateExpansionRange(loc).getBegin();
				continue;
			}
			loc = spelling;
		}
		return loc;
	}

	bool trusted_file(FileID fid)
	{
		auto cached = trust_.find(fid);
		if (cached != trust_.end())
			return cached->second;
		/* Scratch space (pastes) is resolved by origin(); the predefines
		 * buffer holds the user's -D values, so it is user code. */
		bool trusted = sm_->getBufferName(sm_->getLocForStartOfFile(fid)) != "<built-in>";
		if (OptionalFileEntryRef file = sm_->getFileEntryRefForID(fid)) {
			std::string path = real_path(file->getName());
			trusted = is_under(path, places_.support_rex);
			for (const std::string &dir : places_.toolchain)
				trusted = trusted || is_under(path, dir);
		}
		trust_[fid] = trusted;
		return trusted;
	}

	bool is_user(SourceLocation loc)
	{
		if (loc.isInvalid())
			return false;
		loc = origin(loc);
		if (loc.isInvalid())
			return false;
		return !trusted_file(sm_->getFileID(loc));
	}

	bool is_user_include(llvm::StringRef resolved)
	{
		std::string path = real_path(resolved);
		if (is_under(path, places_.support_rex))
			return true;
		for (const std::string &dir : places_.toolchain)
			if (is_under(path, dir))
				return false;
		for (const std::string &dir : places_.user)
			if (is_under(path, dir))
				return true;
		return false;
	}

	void report(SourceLocation loc, llvm::StringRef rule, const llvm::Twine &message, const llvm::Twine &note)
	{
		SourceLocation shown = sm_->getFileLoc(loc);
		PresumedLoc p = sm_->getPresumedLoc(shown);
		std::string file = p.isValid() ? p.getFilename() : "<unknown>";
		unsigned line = p.isValid() ? p.getLine() : 0, col = p.isValid() ? p.getColumn() : 0;
		if (!seen_.insert({file, line, rule.str()}).second)
			return;
		llvm::outs() << file << ":" << line << ":" << col << ": error: [" << rule << "] " << message << "\n"
			     << file << ":" << line << ":" << col << ": note: " << note << "\n";
		violations_++;
	}

	unsigned violations() const { return violations_; }
	const Places &places() const { return places_; }

private:
	const Places &places_;
	SourceManager *sm_ = nullptr;
	llvm::DenseMap<FileID, bool> trust_;
	std::set<std::tuple<std::string, unsigned, std::string>> seen_;
	unsigned violations_ = 0;
};

} // namespace rex_check
