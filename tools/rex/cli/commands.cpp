// SPDX-License-Identifier: GPL-2.0
#include "commands.h"

#include <algorithm>
#include <iterator>
#include <cstdlib>

namespace rex::cli {

namespace {

/* In the order `rex --help` lists them: the life of an image, then the rest. */
constexpr CommandSpec specs[] = {
	{
		CommandKind::help,
		"help",
		"rex help [<command>]",
		"show this help, or the help of one command",
		"Show the list of commands, or the usage and options of <command>.\n",
	},
	{
		CommandKind::build,
		"build",
		"rex build <source.cpp> [-o <out.rex>] [-D<macro>[=<value>]] [-I<dir>] [--no-sign | --key <pem>]",
		"compile a C++ program into a signed Rex image",
		"Compile <source.cpp> with clang++ 19 and the fixed flags of Rex images,\n"
		"check the object (imports are BPF helpers called directly, no global\n"
		"constructors, no GOT), compute its worst-case stack use, record the\n"
		"toolchain and the source digest in .rex.meta, and sign it.  Writes\n"
		"compile_commands.json next to <out.rex> for clangd.\n"
		"\n"
		"  -o, --output <out>   the image (default: <source>.rex in the current\n"
		"                       directory)\n"
		"  -D<macro>[=<value>]  define a macro (also -D <macro>)\n"
		"  -I<dir>              add an include directory (also -I <dir>)\n"
		"  --no-sign            leave the image unsigned\n"
		"  --key <pem>          sign with this key; otherwise $REX_SIGNING_KEY,\n"
		"                       otherwise the kernel build's certs/signing_key.pem\n"
		"  -h, --help           show this help\n"
		"\n"
		"No other compiler flags are accepted.  $REX_CLANG names another\n"
		"clang++ 19 to compile with.\n",
	},
	{
		CommandKind::sign,
		"sign",
		"rex sign <image> [-o <out>] [--key <pem>]",
		"sign an image for the kernel's trusted keyring",
		"Sign <image> with a private key and its certificate (one PEM file, like\n"
		"the kernel's certs/signing_key.pem).  An existing signature is replaced.\n"
		"The image is rewritten in place unless -o is given.\n"
		"\n"
		"  -o, --output <out>  write the signed image to <out>\n"
		"  --key <pem>         the key; otherwise $REX_SIGNING_KEY, otherwise the\n"
		"                      kernel build's certs/signing_key.pem\n"
		"  -h, --help          show this help\n"
		"\n"
		"An encrypted key takes its pass phrase from $KBUILD_SIGN_PIN.\n",
	},
	{
		CommandKind::verify,
		"verify",
		"rex verify <image> [--cert <pem>]",
		"check an image's signature against a certificate",
		"Check the signature of <image> against one certificate, as the kernel\n"
		"will at load time (no certificate chain), and print the signer.\n"
		"Fails, with the errno the kernel would return, if the image is\n"
		"unsigned (ENODATA), its trailer or PKCS#7 is malformed (EBADMSG), it\n"
		"is signed by another key (ENOKEY) or the signature does not match\n"
		"(EKEYREJECTED, e.g. the image changed after signing).\n"
		"\n"
		"  --cert <pem>  the certificate (PEM or DER); otherwise\n"
		"                $REX_SIGNING_CERT, $REX_SIGNING_KEY, or the kernel\n"
		"                build's certs/signing_key.pem\n"
		"  -h, --help    show this help\n",
	},
	{
		CommandKind::inspect,
		"inspect",
		"rex inspect <image> [--json]",
		"show an image's programs, maps, imports, metadata and signer",
		"Show what <image> declares: its programs (name, type, expected attach\n"
		"type, attach target, entry symbol, return value after a panic), maps,\n"
		"imported symbols, stack bound, toolchain, source digest and signer.\n"
		"Nothing is verified: see rex verify.\n"
		"\n"
		"  -j, --json  print one JSON object: file, size, signed, programs[],\n"
		"              maps[], imports[], meta{}, signer (null if unsigned);\n"
		"              a null default_ret means the program type's default,\n"
		"              a null stack_bound means dynamic stack checks\n"
		"  -h, --help  show this help\n",
	},
	{
		CommandKind::load,
		"load",
		"rex load <image> [--pin <dir>] [--prog <name>]",
		"load an image's maps and programs into the kernel",
		"Create the maps of <image> and load its programs (all, or one) with\n"
		"bpf(BPF_PROG_LOAD), printing 'loaded <name> id <id>' for each.  Needs\n"
		"root and a kernel with Rex.  On failure, prints the kernel's log.\n"
		"\n"
		"Without --pin, the programs and maps are unloaded when rex exits.\n"
		"\n"
		"  --pin <dir>    keep them: pin each program at <dir>/<program> and\n"
		"                 each map at <dir>/<map> (<dir> on a bpffs)\n"
		"  --prog <name>  load only program <name> (all maps are still created)\n"
		"  -h, --help     show this help\n",
	},
	{
		CommandKind::list,
		"list",
		"rex list [--json]",
		"list the programs loaded in the kernel (eBPF and Rex)",
		"List every program loaded in the running kernel, eBPF and Rex alike,\n"
		"with its id, type, name and tag.  Needs root (CAP_SYS_ADMIN).\n"
		"\n"
		"  -j, --json  print a JSON array of objects instead of a table:\n"
		"              id, type, name, tag, jited, run_time_ns, run_cnt\n"
		"              (run_time_ns and run_cnt stay 0 unless\n"
		"              sysctl kernel.bpf_stats_enabled=1)\n"
		"  -h, --help  show this help\n",
	},
	{
		CommandKind::version,
		"version",
		"rex version",
		"print the version and build information",
		"Print the rex version and how this binary was built (same as rex --version).\n",
	},
};

constexpr std::string_view main_usage = "usage: rex [--version] [--help] <command> [<args>]\n";

} // namespace

std::span<const CommandSpec> command_specs()
{
	return specs;
}

const CommandSpec *find_command(std::string_view name)
{
	auto it = std::find_if(std::begin(specs), std::end(specs),
			       [name](const CommandSpec &spec) { return spec.name == name; });
	return it == std::end(specs) ? nullptr : &*it;
}

const CommandSpec &command_spec(CommandKind kind)
{
	for (const CommandSpec &spec : specs)
		if (spec.kind == kind)
			return spec;
	/* Every CommandKind has a row; reaching here is a bug in the table. */
	std::abort();
}

std::string help_text()
{
	std::string text(main_usage);
	text += "\nCommands:\n";

	std::size_t width = 0;
	for (const CommandSpec &spec : specs)
		width = std::max(width, spec.name.size());
	for (const CommandSpec &spec : specs) {
		text += "  ";
		text += spec.name;
		text.append(width - spec.name.size() + 3, ' ');
		text += spec.summary;
		text += '\n';
	}

	text += "\n"
		"Options:\n"
		"  -h, --help  show this help\n"
		"  --version   print the version and build information\n"
		"\n"
		"Exit status: 0 success, 1 the operation failed, 2 usage error.\n"
		"Run 'rex help <command>' for the options of one command.\n";
	return text;
}

std::string command_help_text(CommandKind kind)
{
	const CommandSpec &spec = command_spec(kind);
	std::string text = "usage: ";
	text += spec.usage;
	text += "\n\n";
	text += spec.details;
	return text;
}

std::string short_usage()
{
	std::string text(main_usage);
	text += "See 'rex --help' for the list of commands.\n";
	return text;
}

} // namespace rex::cli
