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
		CommandKind::check,
		"check",
		"rex check <source.cpp> [-D<macro>[=<value>]] [-I<dir>]",
		"check that a C++ program follows the rules of Rex programs",
		"Run rex-check, the first step of rex build, on <source.cpp> without\n"
		"compiling it: everything outside the support layer must keep to the\n"
		"safe C++ subset (no raw pointers, casts to or from them, unions, new,\n"
		"floating point, ...).  Each violation is printed on stderr as\n"
		"\n"
		"  file:line:col: error: [rule] message\n"
		"  file:line:col: note: the safe alternative\n"
		"\n"
		"then a last line with their count.  Nothing is printed when the\n"
		"program follows the rules.  A program that does not compile cannot\n"
		"be checked: the compiler's errors are printed instead.\n"
		"\n"
		"  -D<macro>[=<value>]  define a macro (also -D <macro>)\n"
		"  -I<dir>              add an include directory (also -I <dir>)\n"
		"  -h, --help           show this help\n"
		"\n"
		"No other compiler flags are accepted, as for rex build.  Exit status:\n"
		"0 the program follows the rules; 1 it breaks them, does not compile,\n"
		"or there is no rex-check; 2 usage error.  $REX_CHECK names another\n"
		"rex-check than the one built with rex.\n",
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
		"rex load <image> [--pin <dir>] [--prog <name>] [--keep-running]",
		"load an image's maps and programs into the kernel",
		"Create the maps of <image> and load its programs (all, or one) with\n"
		"bpf(BPF_PROG_LOAD), printing 'loaded <name> id <id>' for each.  Needs\n"
		"root and a kernel with Rex.  On failure, prints the kernel's log.\n"
		"\n"
		"Without --pin, the programs and maps are unloaded when rex exits.\n"
		"\n"
		"  --pin <dir>    keep them: pin each program at <dir>/<program> and\n"
		"                 each map at <dir>/<map> (<dir> on a bpffs; made if\n"
		"                 it is not there, its parent must be)\n"
		"  --prog <name>  load only program <name> (all maps are still created)\n"
		"  --keep-running\n"
		"                 after a panic, timeout or fault the program keeps\n"
		"                 running; by default the kernel disables it (crash-stop)\n"
		"                 and its later runs return its default value (see\n"
		"                 rex stat, rex log)\n"
		"  -h, --help     show this help\n",
	},
	{
		CommandKind::attach,
		"attach",
		"rex attach <prog> <target> --pin <path>",
		"attach a loaded program to a hook, through a pinned link",
		"Attach a loaded program (Rex or eBPF) through a BPF link and pin the\n"
		"link, so that the program stays attached after rex exits.  <prog> is\n"
		"id:N (N from rex list) or the path of a pinned program.  <target> is:\n"
		"\n"
		"  xdp <dev> [--mode generic|native]\n"
		"        the device's XDP hook; without --mode the kernel uses native\n"
		"        XDP if the driver has it, else generic\n"
		"  tc <dev> ingress|egress\n"
		"        the device's tcx hook (Linux 6.6 or later)\n"
		"  kprobe <symbol>     the entry of a kernel function\n"
		"  kretprobe <symbol>  its return (also: kprobe <symbol>%return)\n"
		"  tracepoint <category>/<event>\n"
		"        e.g. sched/sched_process_exec (see tracefs events/)\n"
		"  perf cpu-clock --freq <hz> | --period <ns> [--cpu <n>|all]\n"
		"        samples of the cpu-clock software event, on every online\n"
		"        CPU (one link each) unless --cpu\n"
		"\n"
		"The program's type must fit the target: xdp for xdp, sched_cls for\n"
		"tc, kprobe for kprobe and kretprobe, tracepoint for tracepoint and\n"
		"perf_event for perf.\n"
		"\n"
		"  --pin <path>  required: a link lasts only while it is pinned (or\n"
		"                open).  <path> is on a bpffs; for perf on every CPU it\n"
		"                is a directory, created if missing, holding one link\n"
		"                per CPU: link0, link1, ...\n"
		"  -h, --help    show this help\n"
		"\n"
		"rex detach <path> detaches again.\n",
	},
	{
		CommandKind::detach,
		"detach",
		"rex detach <link>",
		"detach a program by unpinning its link",
		"Unpin what rex attach --pin pinned, which detaches the program: <link>\n"
		"is a pinned link, or a directory of links (link0, link1, ...), which\n"
		"is then removed too.  Nothing is removed if anything there is not a\n"
		"link.  A link that another process holds open, or that is pinned\n"
		"elsewhere too, stays attached until that goes away.\n"
		"\n"
		"  -h, --help  show this help\n",
	},
	{
		CommandKind::run,
		"run",
		"rex run <image> [--pin <dir>] [--duration <seconds>] [--target <prog>=<target>]... [--dry-run] "
		"[--keep-running]",
		"load and attach an image, stream its trace output and events until Ctrl-C",
		"Load <image>, attach every program where its descriptor says, and copy\n"
		"the kernel's trace output (bpf_printk, tracefs trace_pipe) to stdout\n"
		"until Ctrl-C (SIGINT) or SIGTERM; then detach and exit 0.  Progress\n"
		"goes to stderr.  Needs root and a kernel with Rex.\n"
		"\n"
		"What the programs send through the image's ring buffers and perf event\n"
		"arrays goes to stdout too, a line a record (rex opens a perf event on\n"
		"each online CPU and stores it in the array before attaching):\n"
		"\n"
		"  event MAP: 16 bytes: 2a 00 00 00 ...        a ring-buffer record\n"
		"  event MAP cpu 1: 20 bytes: 2a 00 00 00 ...  a perf sample (the kernel\n"
		"                                              pads it to 4 bytes short\n"
		"                                              of a multiple of 8)\n"
		"  lost MAP cpu 1: 3 records                   the CPU's ring was full\n"
		"\n"
		"A program's attach target (REX_PROGRAM(..., .target = \"...\")), by\n"
		"program type:\n"
		"\n"
		"  xdp         DEV, DEV:generic or DEV:native\n"
		"  sched_cls   DEV:ingress or DEV:egress (a tcx link)\n"
		"  kprobe      SYMBOL, or SYMBOL%return for a kretprobe\n"
		"  tracepoint  CATEGORY/EVENT\n"
		"  perf_event  empty or cpu-clock: 1000 Hz on every online CPU;\n"
		"              cpu-clock:freq=HZ or cpu-clock:period=NS\n"
		"\n"
		"  --pin <dir>           also pin the programs and maps in <dir>; they\n"
		"                        stay after rex run, the links do not\n"
		"  --duration <seconds>  stop after this long\n"
		"  --target <prog>=<target>\n"
		"                        attach <prog> there instead (repeatable)\n"
		"  --dry-run             print where each program would attach, one\n"
		"                        '<prog>: <target>' line each; load nothing\n"
		"  --keep-running        programs that panic keep running instead of\n"
		"                        being disabled (see rex help load)\n"
		"  -h, --help            show this help\n",
	},
	{
		CommandKind::list,
		"list",
		"rex list [--json]",
		"list the programs loaded in the kernel (eBPF and Rex)",
		"List every program loaded in the running kernel, eBPF and Rex alike,\n"
		"with its id, type, name, kind (rex or ebpf), state and tag.  The state\n"
		"of a Rex program is ok, or faulted once a panic disabled it; '-' for\n"
		"eBPF.  Needs root (CAP_SYS_ADMIN).\n"
		"\n"
		"  -j, --json  print a JSON array of objects instead of a table:\n"
		"              id, type, name, kind, state, panics, timeouts, tag,\n"
		"              jited, run_time_ns, run_cnt (state, panics and\n"
		"              timeouts are null for eBPF; run_time_ns and run_cnt\n"
		"              stay 0 unless run-time stats are on: see rex help stat)\n"
		"  -h, --help  show this help\n"
		"\n"
		"The Rex programs are those the kernel's Rex runtime lists in\n"
		"/proc/rex/progs.  On a kernel without it, a heuristic stands in: a Rex\n"
		"program still has the placeholder librex loads it with (two xlated\n"
		"instructions, r0 = 0; exit) and no JIT image; the state is then '-'.\n",
	},
	{
		CommandKind::stat,
		"stat",
		"rex stat [--all] [--json] [--enable-stats] [--watch <seconds>]",
		"show how often programs ran and for how long",
		"Show, for each Rex program, its id, type, name, kind, state (ok or\n"
		"faulted), policy after a panic (crash-stop or keep-running), runs,\n"
		"total run time and average run time in ns (the kernel's run_cnt and\n"
		"run_time_ns), and the Rex runtime's counts of panics, timeouts and\n"
		"skipped runs (runs of a faulted program that returned its default\n"
		"value without executing), from /proc/rex/progs.\n"
		"\n"
		"The kernel counts only while run-time stats are on (which costs a\n"
		"little on every run): sysctl kernel.bpf_stats_enabled=1, or while\n"
		"some process holds BPF_ENABLE_STATS.  They must be on while the\n"
		"workload runs: to measure one, run it during\n"
		"'rex stat --enable-stats --watch 10'.\n"
		"\n"
		"  -a, --all          eBPF programs too\n"
		"  -j, --json         one JSON object: stats_enabled, watch_seconds\n"
		"                     (null without --watch), programs[] with id, type,\n"
		"                     name, kind, state, policy, run_cnt, run_time_ns,\n"
		"                     avg_ns (null without runs), panics, timeouts,\n"
		"                     skipped (the last five null for eBPF)\n"
		"  --watch <seconds>  wait this long and show what changed meanwhile\n"
		"                     (the counters; state and policy are the latest)\n"
		"  --enable-stats     turn stats on (BPF_ENABLE_STATS) while rex runs;\n"
		"                     needs --watch\n"
		"  -h, --help         show this help\n"
		"\n"
		"Which programs are Rex: see rex help list.\n",
	},
	{
		CommandKind::log,
		"log",
		"rex log [--prog <id>] [--json]",
		"show the kernel's reports of Rex programs that panicked",
		"Print the Rex runtime's reports (/proc/rex/log), oldest first: one per\n"
		"panic, timeout, stack overflow or fault, each a line\n"
		"\n"
		"  report <seq>: prog <id> <name> cpu <n>: <reason>: <message> [at <file>:<line>]\n"
		"\n"
		"followed by the stack trace, indented, the program's frames between\n"
		"<REX> and </REX>, and an empty line.  Needs root.\n"
		"\n"
		"  --prog <id>  only the reports of program <id> (from rex list; also\n"
		"               id:<id>)\n"
		"  -j, --json   print a JSON array of objects: seq, prog_id, prog_name,\n"
		"               cpu, reason, message, file, line (null without a\n"
		"               location), trace[]\n"
		"  -h, --help   show this help\n",
	},
	{
		CommandKind::map,
		"map",
		"rex map dump <pinned> [--json]\n"
		"   or: rex map lookup <pinned> <key> [--json]\n"
		"   or: rex map update <pinned> <key> <value> [--any | --create | --replace]\n"
		"   or: rex map delete <pinned> <key>\n"
		"   or: rex map pop <pinned> [--json]\n"
		"   or: rex map push <pinned> <value>\n"
		"   or: rex map watch <pinned> [--duration <seconds>]",
		"show and change the entries of a pinned map, or watch its records",
		"Read and change the map pinned at <pinned>, a path on a bpffs (rex load\n"
		"--pin <dir> pins each map at <dir>/<map>).  Needs root.\n"
		"\n"
		"  dump    print every entry, key and value\n"
		"  lookup  print the entry of <key>; exit 1 if there is none\n"
		"  update  set the value of <key> (of a per-CPU map: on every CPU)\n"
		"  delete  remove the entry of <key> (array entries always exist)\n"
		"  pop     take the next value of a queue or stack map and print it\n"
		"  push    add <value> to a queue or stack map\n"
		"  watch   print the records of a ring buffer or perf event array as\n"
		"          programs send them, until Ctrl-C or --duration, as rex run\n"
		"          does: 'event MAP: 16 bytes: 2a 00 ...', 'event MAP cpu 1: 20\n"
		"          bytes: ...' (a perf sample, with the kernel's padding), 'lost\n"
		"          MAP cpu 1: 3 records'.  For a perf event array it opens an\n"
		"          event on each online CPU and stores it in the array, in place\n"
		"          of any other reader's; the kernel takes it out when rex exits.\n"
		"\n"
		"<key> and <value> are an unsigned integer, 42 or 0x2a, for a key or\n"
		"value of 1, 2, 4 or 8 bytes (written little-endian), or their bytes in\n"
		"hex: '2a 00 00 00' or 2a000000.  Digits alone are a decimal number\n"
		"unless they start with 0.  A size other than the map's is a usage\n"
		"error (exit 2).\n"
		"\n"
		"An entry prints as 'key 1 (01 00 00 00)  value 42 (2a 00 00 00)': the\n"
		"number and the bytes for 4 and 8 bytes, 'key: 01 02' for other sizes.\n"
		"Per-CPU maps show the key, then a 'cpu N  value ...' line per possible\n"
		"CPU; stack_trace maps the key, then the stack's frames, one address a\n"
		"line, up to the first 0.\n"
		"\n"
		"  -j, --json  dump: a JSON array of {\"key\":..,\"value\":..}; lookup: one\n"
		"              such object; pop: {\"value\":..}.  A key or value is\n"
		"              {\"bytes\":\"2a 00 00 00\",\"int\":42} (int null unless 1, 2,\n"
		"              4 or 8 bytes); per-CPU: \"value\":[{\"cpu\":0,\"bytes\":..,\n"
		"              \"int\":..},..]; stack_trace: \"value\":{\"bytes\":..,\n"
		"              \"frames\":[\"0xffffffff81000000\",..]}\n"
		"  --any       update: add or change the entry (the default)\n"
		"  --create    update: only add it; fails if <key> has an entry\n"
		"  --replace   update: only change it; fails if <key> has none\n"
		"  --duration <seconds>\n"
		"              watch: stop after this long\n"
		"  -h, --help  show this help\n"
		"\n"
		"dump, lookup, update and delete refuse ring buffers, perf event arrays\n"
		"and the other maps without entries to read, with what reads them\n"
		"instead (watch, for the first two).\n",
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
